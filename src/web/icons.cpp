#include "web/icons.hpp"

#include <fstream>
#include <sstream>

namespace aigc {

namespace {

constexpr std::size_t kMaxCached = 2000;

// Font Awesome names: lower-case words joined by '-'. Anything else never reaches the disk.
bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > 60) return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

}  // namespace

std::string IconSet::svg(const std::string& name) const {
  if (!valid_name(name)) return "";
  {
    std::lock_guard lock(mu_);
    if (auto it = cache_.find(name); it != cache_.end()) return it->second;
  }
  std::string found;
  for (const char* style : {"solid", "regular", "brands"}) {
    std::ifstream f(dir_ + "/" + style + "/" + name + ".svg", std::ios::binary);
    if (!f) continue;
    std::stringstream ss;
    ss << f.rdbuf();
    found = ss.str();
    break;
  }
  // Files from the installed set, not from users; still, only an <svg> element is inlined.
  auto start = found.find("<svg");
  found = start == std::string::npos || found.find("<script") != std::string::npos ? "" : found.substr(start);
  if (!found.empty()) found.insert(4, " class=\"icon\" aria-hidden=\"true\" fill=\"currentColor\"");
  std::lock_guard lock(mu_);
  if (cache_.size() < kMaxCached) cache_[name] = found;
  return found;
}

}  // namespace aigc
