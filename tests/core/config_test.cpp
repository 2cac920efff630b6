#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/config.hpp"

namespace aigc {

namespace {
std::string write_yaml(const std::string& text) {
  auto path = std::filesystem::temp_directory_path() / ("aigc-config-" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(path) << text;
  return path.string();
}
}  // namespace

TEST(Config, EnvironmentOverridesTheFile) {
  auto path = write_yaml("port: 9000\nhost: 0.0.0.0\n");
  ::setenv("AIGC_PORT", "9100", 1);
  auto c = load_config(path);
  ::unsetenv("AIGC_PORT");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->port, 9100);
  EXPECT_EQ(c->host, "0.0.0.0");
}

TEST(Config, UnknownSettingIsNamedWithItsLine) {
  auto c = load_config(write_yaml("port: 9000\nprot: 1\n"));
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("unknown setting 'prot'"), std::string::npos);
  EXPECT_NE(c.error().message.find("line 2"), std::string::npos);
}

TEST(Config, BadNumberSaysWhatWasExpected) {
  ::setenv("AIGC_DB_POOL_SIZE", "lots", 1);
  auto c = load_config("");
  ::unsetenv("AIGC_DB_POOL_SIZE");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("db_pool_size"), std::string::npos);
}

TEST(Config, DefaultsToSqliteUnderVar) {
  auto c = load_config("");
  ASSERT_TRUE(c);
  ASSERT_TRUE(finalize_config(c.value()));
  EXPECT_EQ(c->db.rfind("sqlite:///", 0), 0u);
  EXPECT_NE(c->db.find("/var/aigc.db"), std::string::npos);
  EXPECT_EQ(c->port, 8080);
}

}  // namespace aigc
