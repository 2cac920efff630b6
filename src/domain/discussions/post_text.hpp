// What a post's markdown says beyond its text: whom it mentions (@handle), which links
// it carries (new members may post only a few), which platform objects it links (they get
// a preview), and the quote a reply starts from. Code spans and fenced code are skipped:
// `@admin` in code mentions nobody. Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace aigc {

// Each mentioned handle once, in order of first mention, as written (callers look it up).
std::vector<std::string> mentioned_handles(std::string_view markdown);

// The markdown with every mention of a handle in `known` made a link to the profile.
std::string link_mentions(std::string_view markdown, const std::vector<std::string>& known);

// How many web links (http:// or https://, bare or in markdown) the text carries.
int count_links(std::string_view markdown);

// A link to something on this platform, as a site path: /competitions/slug,
// /organizations/slug, /members/handle, /research/papers/N, /discussions/t/N. Absolute
// links count when they start with `public_url` (empty: relative paths only).
struct PlatformLink {
  std::string kind;  // competition | organization | member | paper | topic
  std::string key;   // the slug, handle or id
  std::string path;
};
std::vector<PlatformLink> platform_links(std::string_view markdown, std::string_view public_url);

// The start of a reply that quotes a post: "> @handle (#3):" and the quoted lines.
std::string quote_post(const std::string& handle, int number, std::string_view markdown);

}  // namespace aigc
