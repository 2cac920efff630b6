// The icons pages name in their front matter (GitBook's `icon: circle-info`): Font Awesome's
// free set, installed from npm into web/node_modules (scripts/web-deps) and inlined into
// the page as SVG, so no icon font or third-party request is needed. A name that is not in
// the set (or no set installed) is simply no icon. Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <string>

namespace aigc {

class IconSet {
 public:
  // `dir` holds the set's solid/, regular/ and brands/ folders of NAME.svg files.
  explicit IconSet(std::string dir) : dir_(std::move(dir)) {}
  IconSet(const IconSet&) = delete;
  // The icon's <svg> markup (solid first, then regular, then brands), or "".
  std::string svg(const std::string& name) const;

 private:
  std::string dir_;
  mutable std::mutex mu_;
  mutable std::map<std::string, std::string> cache_;  // by name, misses too; bounded by kMaxCached
};

}  // namespace aigc
