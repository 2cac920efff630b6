// Finds the route of a request: express-style patterns ("/members/:handle",
// "/static/:file(.*)") matched segment by segment against the raw (still %-encoded) path,
// first registered first. Immutable after construction; thread-safe.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "web/http.hpp"

namespace aigc {

struct RouteMatch {
  const Route* route = nullptr;                              // nullptr: none for this method
  std::vector<std::pair<std::string, std::string>> params;  // raw (undecoded) values
  std::string allowed;  // when no route matched the method: the methods the path accepts ("GET, POST")
};

class RouteTable {
 public:
  explicit RouteTable(const std::vector<Route>& routes);
  RouteMatch match(const std::string& method, const std::string& raw_path) const;

 private:
  struct Segment {
    std::string text;  // a literal, or the parameter's name
    enum Kind { literal, param, rest } kind = literal;
  };
  struct Compiled {
    const Route* route;
    std::vector<Segment> segments;
  };
  static bool matches(const Compiled& c, const std::vector<std::string_view>& parts,
                      std::vector<std::pair<std::string, std::string>>* params, std::string_view raw_path);
  std::vector<Compiled> routes_;
};

}  // namespace aigc
