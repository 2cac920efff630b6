// Markdown as the community writes it (GitBook style): YAML front matter, then GFM
// (tables, autolinks, strikethrough, task lists). Rendering is safe: raw HTML is dropped
// and dangerous URLs removed. Headings get stable ids and form the table of contents.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace aigc {

struct TocEntry {
  int level = 1;
  std::string id;
  std::string text;   // the heading's text; for a numbered section, without its number
  // A numbered section's number as the table of contents shows it: counted afresh in each
  // part, in the author's style ("四" or "4"), so a slip in the source ("四" twice) does not
  // show. Empty for unnumbered headings.
  std::string label;
  // Documents that hold several texts restart their section numbers: each restart at one
  // begins a new part (0, 1, ...).
  int part = 0;
};

struct RenderedMarkdown {
  std::string html;
  std::vector<TocEntry> toc;
  std::string first_heading;  // text of the first level-1 heading, for pages without a title
};

struct FrontMatter {
  std::map<std::string, std::string> scalars;  // top-level scalar fields (title, icon, ...)
  std::string json = "{}";                     // the whole front matter, as JSON
  std::string body;                            // the markdown after the front matter
};

// Splits "---\nyaml\n---\n" from the start of text. No front matter: empty fields and the
// whole text as body. Malformed YAML: an error naming source and line.
Result<FrontMatter> split_front_matter(std::string_view text, const std::string& source_name);

// Thread-safe. Math is kept as written, as in pandoc: $$...$$ (display) and $...$
// (inline; the opening $ not followed by a space, the closing one not preceded by a space
// nor followed by a digit, so "$5 and $10" is not math) comes out unchanged by markdown,
// escaped, in <span class="math">, for KaTeX to typeset in the browser; without scripts
// the reader sees the TeX. A paragraph that is only a Chinese section number line such as
// "一、AIGC 的概述" is promoted to a level-2 heading, as readers of such documents expect.
// An image that is neither on the web (http, https) nor imported (/media/...) would be
// broken: it renders as its description in <span class="missing-image">.
RenderedMarkdown render_markdown(std::string_view markdown);

// An image the site can show: on the web, or imported into the media library (/media/...).
// Anything else (a path into a folder that was not imported) would be a broken image.
bool showable_image_url(std::string_view url);

// The text a reader reads, without markup: what search indexes and quotes in snippets.
// Tables keep their cells, links their words, code its text; paragraphs end in newlines.
std::string markdown_plain_text(std::string_view markdown);

// Calls f(start, end) for each stretch of the markdown outside fenced code blocks and code
// spans: what a scan for mentions, links or math must look at and nothing else.
void for_each_outside_code(std::string_view markdown, const std::function<void(std::size_t, std::size_t)>& f);

// The address of every image in the markdown, each once, in order (for importing them).
std::vector<std::string> image_urls(std::string_view markdown);

}  // namespace aigc
