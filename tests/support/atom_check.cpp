#include "support/atom_check.hpp"

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

#include "core/text.hpp"

namespace aigc::test {

// The feed and each entry have exactly one id, title and updated (RFC 3339), entries have
// an author (or the feed has one) and an alternate link; ids are absolute IRIs.
std::string check_atom(const std::string& xml) {
  const char* script = R"PY(
import sys, re, xml.etree.ElementTree as ET
A = '{http://www.w3.org/2005/Atom}'
rfc3339 = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$')
try:
    feed = ET.fromstring(sys.stdin.buffer.read())
except ET.ParseError as e:
    print('not XML:', e); sys.exit(0)
def one(el, name, where):
    found = el.findall(A + name)
    if len(found) != 1: raise SystemExit(print(f'{where}: {len(found)} <{name}>') or 0)
    return found[0]
if feed.tag != A + 'feed': print('root is', feed.tag); sys.exit(0)
for name in ('id', 'title', 'updated'): one(feed, name, 'feed')
if not rfc3339.match(one(feed, 'updated', 'feed').text or ''): print('feed updated not RFC 3339'); sys.exit(0)
if not re.match(r'^[a-z][a-z0-9+.-]*:', one(feed, 'id', 'feed').text or ''): print('feed id not an IRI'); sys.exit(0)
feed_author = feed.find(A + 'author') is not None
ids = set()
for i, e in enumerate(feed.findall(A + 'entry')):
    where = f'entry {i}'
    for name in ('id', 'title', 'updated'): one(e, name, where)
    if not rfc3339.match(one(e, 'updated', where).text or ''): print(where, 'updated not RFC 3339'); sys.exit(0)
    eid = one(e, 'id', where).text
    if eid in ids: print(where, 'repeats id', eid); sys.exit(0)
    ids.add(eid)
    if not feed_author and e.find(A + 'author/' + A + 'name') is None: print(where, 'has no author'); sys.exit(0)
    if not any(l.get('rel', 'alternate') == 'alternate' for l in e.findall(A + 'link')): print(where, 'no alternate link'); sys.exit(0)
    c = e.find(A + 'content')
    if c is not None and c.get('type') not in ('text', 'html', 'xhtml'): print(where, 'content type', c.get('type')); sys.exit(0)
print('ok', len(ids))
)PY";
  char in_path[] = "/tmp/aigc-atom-XXXXXX";
  int fd = mkstemp(in_path);
  if (fd < 0) return "mkstemp failed";
  FILE* f = fdopen(fd, "w");
  fwrite(xml.data(), 1, xml.size(), f);
  fclose(f);
  std::string py_path = std::string(in_path) + ".py";
  FILE* p = fopen(py_path.c_str(), "w");
  fputs(script, p);
  fclose(p);
  std::string out;
  FILE* pipe = popen(("/usr/bin/python3 " + py_path + " < " + in_path).c_str(), "r");
  char buf[512];
  while (pipe && fgets(buf, sizeof buf, pipe)) out += buf;
  if (pipe) pclose(pipe);
  std::remove(in_path);
  std::remove(py_path.c_str());
  return trim(out);
}

}  // namespace aigc::test
