// Atom feeds (RFC 4287): the feed's and each entry's id, title, updated, author and links,
// the entry's content as escaped HTML. Text is made safe for XML 1.0 (characters XML
// forbids, such as U+0001, are dropped), so a post with odd bytes cannot break the feed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace aigc {

struct AtomEntry {
  std::string id;  // an IRI that never changes (a tag: URI)
  std::string title, url, author, content_html;
  std::vector<std::string> categories;
  std::int64_t published = 0, updated = 0;
};

struct AtomFeed {
  std::string id, title, subtitle, self_url, html_url, lang;
  std::int64_t updated = 0;  // the newest entry's, or the time of the request when empty
  std::vector<AtomEntry> entries;
};

std::string render_atom(const AtomFeed& feed);

// Text for an XML document: escaped, and without the characters XML 1.0 forbids.
std::string xml_text(const std::string& s);

}  // namespace aigc
