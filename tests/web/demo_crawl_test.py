#!/usr/bin/python3
"""Every page a newcomer can reach from the home page of `make run`'s demo works, in both
languages, as a visitor and as the demo's admin: a server on loopback is crawled link by
link (GET only, at most a few query variants of a path, bounded in pages), and each page
must answer without a server error or a 404, say its language in <html lang>, and show no
catalogue key in place of its text (a key missing from that language's catalogue). Then
every read the OpenAPI document lists, its path parameters taken from the pages reached,
must answer JSON: never a 5xx, an error always with its message.
Usage: demo_crawl_test.py AIGC_BINARY SOURCE_DIR
"""
import collections
import html
import json
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

AIGC, SOURCE = sys.argv[1], sys.argv[2]
WEB = os.path.join(SOURCE, "web")
MAX_PAGES = 1500
# Links that change state when followed, or lead to files rather than pages.
SKIP = re.compile(r"^/(logout|lang|static/|media/|blobs/)")
# Where the API's objects have their pages, when not at the same path.
PAGE_PREFIXES = {"/papers/": "/research/papers/", "/topics/": "/discussions/t/", "/learning-paths/": "/learn/",
                 "/ballots/": "/standards/ballots/"}
# Pages that name catalogue keys on purpose: the API reference lists its error codes.
NAMES_KEYS = {"/api"}


def catalogue_keys(path):
    """The dotted keys of a catalogue (nested `name:` lines, two spaces a level)."""
    keys, stack = set(), []
    for line in open(path, encoding="utf-8"):
        m = re.match(r"^( *)([A-Za-z0-9_]+):", line)
        if not m:
            continue
        depth = len(m.group(1)) // 2
        stack[depth:] = [m.group(2)]
        keys.add(".".join(stack))
    return keys


KEYS = catalogue_keys(os.path.join(WEB, "i18n", "en.yaml")) | catalogue_keys(os.path.join(WEB, "i18n", "zh-CN.yaml"))
# A key the code asks for but no catalogue has is shown as itself: a dotted name under one
# of the catalogues' sections.
SECTIONS = {k for k in KEYS if "." not in k}
HOST_ENDINGS = {"com", "org", "net", "edu", "gov", "cn", "io", "ai", "dev", "uk", "de", "ch", "sg", "jp", "fr", "int"}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def choose_language(jar, lang):
    jar.set_cookie(http.cookiejar.Cookie(0, "lang", lang, None, False, "127.0.0.1", False, False, "/", True, False, None,
                                         False, None, None, {}))


def client(base, lang):
    jar = http.cookiejar.CookieJar()
    choose_language(jar, lang)
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)

    def get(path, form=None):
        url = base + urllib.parse.quote(path, safe="/?=&%:+,;@!$'()*~")
        data = urllib.parse.urlencode(form).encode() if form else None
        try:
            with opener.open(urllib.request.Request(url, data=data), timeout=30) as r:
                return r.status, r.headers, r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read().decode("utf-8", "replace")

    return jar, get


def crawl(base, lang, password=None):
    jar, get = client(base, lang)
    if password:
        get("/login")
        csrf = next(c.value for c in jar if c.name == "aigc_csrf")
        status, _, _ = get("/login", {"csrf": csrf, "login": "aigc-admin", "password": password})
        assert status == 303, f"signing in as the demo's admin answered {status}"
        choose_language(jar, lang)  # signing in switches to the member's own language
    seen, queue, problems, pages = {"/"}, collections.deque(["/"]), [], 0
    variants = collections.Counter()
    while queue and pages < MAX_PAGES:
        path = queue.popleft()
        pages += 1
        status, headers, body = get(path)
        if status >= 500 or status == 404 or status == 400:
            text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))
            problems.append(f"{status} {path}: {text[:200]}")
        if "text/html" not in headers.get("Content-Type", "") or status >= 300:
            continue
        m = re.search(r'<html[^>]* lang="([^"]+)"', body)
        if not m or m.group(1) != lang:
            problems.append(f"{path}: <html lang> is {m.group(1) if m else 'missing'}, not {lang}")
        markup = re.sub(r"<script.*?</script>|<style.*?</style>", " ", body, flags=re.S)
        shown = html.unescape(re.sub(r"<[^>]+>", " ", markup))
        shown += " " + " ".join(re.findall(r'(?:placeholder|title|aria-label|alt|value)="([^"]*)"', markup))
        if path.split("?")[0] not in NAMES_KEYS:
            for token in set(re.findall(r"[a-z_]+(?:\.[a-z0-9_]+)+", shown)):
                if token.rsplit(".", 1)[-1] in HOST_ENDINGS:
                    continue  # a host name (research.ibm.com)
                if token in KEYS or token.split(".")[0] in SECTIONS:
                    problems.append(f"{path}: shows the catalogue key {token}")
        for href in re.findall(r'href="([^"#]+)', body):
            href = html.unescape(href)
            if not href.startswith("/") or href.startswith("//") or SKIP.match(href):
                continue
            parts = urllib.parse.urlsplit(href)
            target = parts.path + ("?" + parts.query if parts.query else "")
            if target in seen or variants[parts.path] > 3:
                continue
            variants[parts.path] += 1
            seen.add(target)
            queue.append(target)
    # The API's reads from its OpenAPI document, their path parameters taken from pages the
    # crawl reached (/api/v1/competitions/{slug}/leaderboard from /competitions/<slug>/...).
    status, _, body = get("/api/v1/openapi.json")
    assert status == 200, f"/api/v1/openapi.json answered {status}"
    reads = [p for p, ops in json.loads(body)["paths"].items() if "get" in ops]
    html_paths = [p.split("?")[0] for p in seen if not p.startswith("/api/")]
    for template in reads:
        path = template if "{" not in template else None
        # The part up to the last parameter names the object; its page may live elsewhere.
        named = template[len("/api/v1"):template.rfind("}") + 1]
        for api, page_prefix in PAGE_PREFIXES.items():
            if named.startswith(api):
                named = page_prefix + named[len(api):]
        pattern = re.sub(r"\\{[^}]+\\}", "([^/]+)", re.escape(named))
        for page in html_paths if path is None else []:
            m = re.match(pattern + "(/|$)", page)
            if m:
                values = iter(m.groups())
                path = re.sub(r"\{[^}]+\}", lambda _: next(values), template)
                break
        if path is None:
            continue
        pages += 1
        status, headers, body = get(path)
        if status >= 500 or "json" not in headers.get("Content-Type", ""):
            problems.append(f"{status} {path} ({headers.get('Content-Type', '')}): {body[:200]}")
        elif status >= 400 and "error" not in json.loads(body):
            problems.append(f"{status} {path}: an error without its message: {body[:200]}")
    return pages, problems


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    with tempfile.TemporaryDirectory(prefix="aigc-crawl-") as d:
        env = dict(os.environ, AIGC_LOG_LEVEL="warn", AIGC_BLOB_DIR=os.path.join(d, "blobs"),
                   AIGC_MAIL_DIR=os.path.join(d, "mail"), AIGC_WORKERS="0")
        db = f"sqlite://{d}/aigc.db"
        subprocess.run([AIGC, "seed", "--demo", "--db", db, "--web-root", WEB, "--admin-password", "crawl-admin-pass",
                        "--content", os.path.join(SOURCE, "content", "pages")], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        port = free_port()
        server = subprocess.Popen([AIGC, "serve", "--db", db, "--port", str(port), "--web-root", WEB], env=env)
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                assert server.poll() is None, "the server did not start (its error is above)"
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=2)
                    break
                except OSError:
                    time.sleep(0.1)
            failed = 0
            for lang in ("en", "zh-CN"):
                for who, password in (("visitor", None), ("admin", "crawl-admin-pass")):
                    pages, problems = crawl(base, lang, password)
                    print(f"{lang}, {who}: {pages} pages, {len(problems)} problems")
                    assert pages > 100, f"the crawl reached only {pages} pages: links are missing from the demo"
                    for p in problems[:40]:
                        print("  " + p)
                    failed += len(problems)
            return 1 if failed else 0
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
