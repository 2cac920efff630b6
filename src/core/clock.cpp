#include "core/clock.hpp"

#include <chrono>
#include <map>
#include <memory>

#include <unicode/datefmt.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

namespace aigc {

std::int64_t now_utc() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string iso8601_utc(std::int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool is_known_time_zone(const std::string& tz) {
  std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(tz)));
  return *zone != icu::TimeZone::getUnknown();
}

// Building an ICU DateFormat costs far more than formatting with one (a page lists a
// hundred times), so each thread keeps the formatters it has built, by style, language
// and zone. DateFormat::format is not thread-safe; per-thread copies need no lock.
static std::string format_with(icu::DateFormat::EStyle date_style, icu::DateFormat::EStyle time_style,
                               std::int64_t t, const std::string& lang, const std::string& time_zone) {
  thread_local std::map<std::string, std::unique_ptr<icu::DateFormat>> formatters;
  auto key = std::to_string(date_style) + "/" + std::to_string(time_style) + "/" + lang + "/" + time_zone;
  auto it = formatters.find(key);
  if (it == formatters.end()) {
    if (formatters.size() > 256) formatters.clear();  // bounded: zones are few in practice
    icu::Locale locale(lang == "zh-CN" ? "zh_CN" : "en_US");
    std::unique_ptr<icu::DateFormat> fmt(icu::DateFormat::createDateTimeInstance(date_style, time_style, locale));
    if (!fmt) return iso8601_utc(t);
    std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(time_zone)));
    if (*zone == icu::TimeZone::getUnknown()) zone.reset(icu::TimeZone::createTimeZone("UTC"));
    fmt->adoptTimeZone(zone.release());
    it = formatters.emplace(key, std::move(fmt)).first;
  }
  icu::UnicodeString out;
  it->second->format(static_cast<UDate>(t) * 1000.0, out);
  std::string s;
  out.toUTF8String(s);
  return s;
}

std::string format_time(std::int64_t t, const std::string& lang, const std::string& time_zone) {
  return format_with(icu::DateFormat::kMedium, icu::DateFormat::kShort, t, lang, time_zone);
}

std::string format_date(std::int64_t t, const std::string& lang, const std::string& time_zone) {
  return format_with(icu::DateFormat::kLong, icu::DateFormat::kNone, t, lang, time_zone);
}

}  // namespace aigc
