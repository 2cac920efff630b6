#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "core/countries.hpp"

namespace aigc {

TEST(Countries, KnowsIsoCodesWithLocalizedNames) {
  EXPECT_GT(all_countries().size(), 240u);
  EXPECT_TRUE(is_country_code("CN"));
  EXPECT_FALSE(is_country_code("XX"));
  EXPECT_EQ(country_name("DE", "en"), "Germany");
  EXPECT_EQ(country_name("DE", "zh-CN"), "德国");
}

TEST(Clock, FormatsInTheViewersZoneAndLanguage) {
  std::int64_t t = 1795000000;  // 2026-11-18T11:06:40Z
  EXPECT_EQ(iso8601_utc(t), "2026-11-18T11:06:40Z");
  auto shanghai = format_time(t, "zh-CN", "Asia/Shanghai");
  EXPECT_NE(shanghai.find("19:06"), std::string::npos) << shanghai;
  auto berlin = format_time(t, "en", "Europe/Berlin");
  EXPECT_NE(berlin.find("12:06"), std::string::npos) << berlin;
  EXPECT_NE(format_time(t, "en", "Not/AZone").find("11:06"), std::string::npos);
  EXPECT_FALSE(is_known_time_zone("Not/AZone"));
}

}  // namespace aigc
