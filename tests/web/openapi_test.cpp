#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "core/crypto.hpp"
#include "store/migrations.hpp"
#include "support/test_server.hpp"
#include "web/app.hpp"

namespace aigc {

TEST(OpenApi, DocumentsExactlyTheApiRoutesTheServerHas) {
  init_crypto();
  auto db = Database::open(test::fresh_database_url("openapi"), 1);
  ASSERT_TRUE(db);
  Config config;
  config.web_root = test::source_dir() + "/web";
  auto app = App::create(config, *db.value());
  ASSERT_TRUE(app) << app.error().message;
  std::set<std::string> routes, documented;
  std::regex param(":([A-Za-z_]+)");
  for (const auto& r : app.value()->routes()) {
    if (r.pattern.rfind("/api/", 0) != 0) continue;
    std::string method = r.method;
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    routes.insert(method + " " + std::regex_replace(r.pattern, param, "{$1}"));
  }
  auto doc = openapi_document();
  EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
  for (const auto& [path, ops] : doc["paths"].items())
    for (const auto& [method, op] : ops.items()) {
      documented.insert(method + " " + path);
      EXPECT_TRUE(op.contains("responses")) << method << " " << path;
    }
  EXPECT_EQ(routes, documented);
  EXPECT_GE(routes.size(), 10u);
}

}  // namespace aigc
