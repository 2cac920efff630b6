#include <gtest/gtest.h>

#include "core/clock.hpp"

namespace aigc {

TEST(Clock, ShownTimesSayTheirZone) {
  const std::int64_t t = 1796011260;  // 2026-11-30T04:01:00Z
  auto en = format_time(t, "en", "Asia/Shanghai");
  EXPECT_NE(en.find("12:01"), std::string::npos) << en;
  EXPECT_NE(en.find("GMT+8"), std::string::npos) << en;
  auto zh = format_time(t, "zh-CN", "Asia/Shanghai");
  EXPECT_NE(zh.find("12:01"), std::string::npos) << zh;
  EXPECT_NE(zh.find("GMT+8"), std::string::npos) << zh;
  EXPECT_NE(format_time(t, "en", "UTC").find("UTC"), std::string::npos) << format_time(t, "en", "UTC");
}

TEST(Clock, FormTimesAreWallClockTimesInTheNamedZone) {
  const std::int64_t t = 1796011260;  // 2026-11-30T04:01:00Z
  EXPECT_EQ(local_input_time(t, "Asia/Shanghai"), "2026-11-30T12:01");
  EXPECT_EQ(local_input_time(t, "America/Los_Angeles"), "2026-11-29T20:01");
  EXPECT_EQ(parse_local_time("2026-11-30T12:01", "Asia/Shanghai"), t);
  EXPECT_EQ(parse_local_time("2026-11-29T20:01", "America/Los_Angeles"), t);
  EXPECT_EQ(parse_local_time("2026-11-30T04:01", "UTC"), t);
  EXPECT_EQ(parse_local_time("2026-11-30", "UTC"), t - 4 * 3600 - 60) << "a date alone is midnight";
  // Summer time in Europe: the same wall-clock hour is an hour apart from winter's in UTC.
  EXPECT_EQ(*parse_local_time("2026-07-01T12:00", "Europe/Berlin") % 86400, 10 * 3600);
  EXPECT_EQ(*parse_local_time("2026-01-01T12:00", "Europe/Berlin") % 86400, 11 * 3600);
  for (const char* bad : {"", "tomorrow", "2026-02-31T10:00", "2026-13-01T00:00", "2026-11-30T25:00", "2026-11-30T12:01:00Z junk"})
    EXPECT_FALSE(parse_local_time(bad, "UTC")) << bad;
  // Round trip through both.
  for (std::int64_t s = 1700000000; s < 1800000000; s += 7777777) {
    auto minute = s - s % 60;
    EXPECT_EQ(parse_local_time(local_input_time(minute, "Asia/Kolkata"), "Asia/Kolkata"), minute);
  }
}

}  // namespace aigc
