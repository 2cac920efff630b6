#include "web/route_table.hpp"

namespace aigc {

namespace {

// "/a/b/" -> {"a", "b", ""}: an empty last part keeps "/x/" apart from "/x".
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  if (path.empty() || path[0] != '/') return parts;
  std::size_t start = 1;
  for (;;) {
    auto slash = path.find('/', start);
    parts.push_back(path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return parts;
}

}  // namespace

RouteTable::RouteTable(const std::vector<Route>& routes) {
  for (const auto& r : routes) {
    Compiled c{&r, {}};
    for (auto part : split_path(r.pattern)) {
      Segment s;
      if (!part.empty() && part[0] == ':') {
        auto name = part.substr(1);
        if (name.size() > 4 && name.substr(name.size() - 4) == "(.*)") {
          s.kind = Segment::rest;
          name = name.substr(0, name.size() - 4);
        } else {
          s.kind = Segment::param;
        }
        s.text = std::string(name);
      } else {
        s.text = std::string(part);
      }
      c.segments.push_back(std::move(s));
    }
    routes_.push_back(std::move(c));
  }
}

bool RouteTable::matches(const Compiled& c, const std::vector<std::string_view>& parts,
                         std::vector<std::pair<std::string, std::string>>* params, std::string_view raw_path) {
  std::size_t i = 0;
  for (; i < c.segments.size(); ++i) {
    const auto& s = c.segments[i];
    if (s.kind == Segment::rest) {
      // The rest of the path from this segment on, slashes and all (may be empty).
      std::size_t offset = 1;
      for (std::size_t k = 0; k < i; ++k) offset += parts[k].size() + 1;
      if (i >= parts.size() && offset > raw_path.size()) return false;
      if (params) params->emplace_back(s.text, std::string(raw_path.substr(std::min(offset, raw_path.size()))));
      return true;
    }
    if (i >= parts.size()) return false;
    if (s.kind == Segment::param) {
      if (parts[i].empty()) return false;
      if (params) params->emplace_back(s.text, std::string(parts[i]));
    } else if (parts[i] != s.text) {
      return false;
    }
  }
  return i == parts.size();
}

RouteMatch RouteTable::match(const std::string& method, const std::string& raw_path) const {
  RouteMatch m;
  auto parts = split_path(raw_path);
  for (const auto& c : routes_) {
    if (c.route->method != method) continue;
    if (matches(c, parts, &m.params, raw_path)) {
      m.route = c.route;
      return m;
    }
    m.params.clear();
  }
  for (const auto& c : routes_)
    if (matches(c, parts, nullptr, raw_path) && m.allowed.find(c.route->method) == std::string::npos)
      m.allowed += (m.allowed.empty() ? "" : ", ") + c.route->method;
  return m;
}

}  // namespace aigc
