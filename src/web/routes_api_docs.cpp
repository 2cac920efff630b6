// The API's documentation as a page people read, made from the OpenAPI document itself
// (so it lists exactly what the server has, as the document does).
#include "web/app.hpp"

namespace aigc {

using nlohmann::json;

void add_api_docs_routes(App& app, std::vector<Route>& routes) {
  // Rendered once per language: the document is fixed for the life of the process.
  auto render = [&app](const Request& req) {
    auto doc = openapi_document();
    json groups = json::array();
    std::map<std::string, json> by_area;
    std::vector<std::string> order;
    for (const auto& [path, ops] : doc["paths"].items()) {
      // /api/v1/competitions/{slug}/... -> "competitions"
      auto rest = path.substr(std::string("/api/v1/").size());
      auto area = rest.substr(0, rest.find('/'));
      if (!by_area.count(area)) {
        order.push_back(area);
        by_area[area] = json::array();
      }
      for (const auto& [method, op] : ops.items()) {
        json params = json::array();
        for (const auto& p : op.value("parameters", json::array()))
          params.push_back({{"name", p.value("name", "")}, {"in", p.value("in", "")}, {"description", p.value("description", "")},
                            {"required", p.value("required", false)}});
        std::string method_upper = method;
        for (auto& c : method_upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        by_area[area].push_back({{"method", method_upper},
                                 {"path", path},
                                 {"summary", op.value("summary", "")},
                                 {"auth", op.contains("security")},
                                 {"params", params},
                                 {"anchor", method + "-" + path}});
      }
    }
    for (const auto& a : order) groups.push_back({{"area", a}, {"operations", by_area[a]}});
    json v = app.base_view(req, "");
    v["title"] = app.t(req, "apidocs.title");
    v["groups"] = groups;
    v["version"] = doc["info"]["version"];
    return app.page(req, "api_docs", v);
  };
  routes.push_back({"GET", "/api", [render](Request& req) {
    auto res = render(req);
    res.header("Cache-Control", "public, max-age=300");
    return res;
  }});
}

}  // namespace aigc
