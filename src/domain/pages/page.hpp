// The community's own documents: one page per (slug, language).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/pages/markdown.hpp"

namespace aigc {

struct Page {
  std::int64_t id = 0;
  std::string slug;
  std::string lang;  // "en" or "zh-CN"
  std::string title;
  std::string description;
  std::string icon;
  std::string cover;
  std::string front_matter_json = "{}";
  std::string body_md;  // the markdown after the front matter
  std::string body_html;
  std::vector<TocEntry> toc;
  std::int64_t updated_at = 0;
};

// What an editor or an imported file supplies; the rest is derived.
struct PageInput {
  std::string slug;
  std::string lang;
  std::string title;
  std::string description;
  std::string icon;
  std::string cover;
  std::string front_matter_json = "{}";
  std::string body_md;
};

}  // namespace aigc
