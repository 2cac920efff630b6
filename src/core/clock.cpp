#include "core/clock.hpp"

#include <chrono>
#include <cstdio>
#include <map>
#include <memory>

#include <unicode/calendar.h>
#include <unicode/datefmt.h>
#include <unicode/dtptngen.h>
#include <unicode/smpdtfmt.h>
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
    std::unique_ptr<icu::DateFormat> fmt;
    if (time_style == icu::DateFormat::kShort) {
      // Date, hours and minutes, and the zone ("z"), in the order the language writes them.
      UErrorCode status = U_ZERO_ERROR;
      std::unique_ptr<icu::DateTimePatternGenerator> gen(icu::DateTimePatternGenerator::createInstance(locale, status));
      if (U_SUCCESS(status)) {
        auto pattern = gen->getBestPattern(icu::UnicodeString("yMMMdjmz"), status);
        if (U_SUCCESS(status)) fmt = std::make_unique<icu::SimpleDateFormat>(pattern, locale, status);
        if (U_FAILURE(status)) fmt.reset();
      }
    }
    if (!fmt) fmt.reset(icu::DateFormat::createDateTimeInstance(date_style, time_style, locale));
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

namespace {

std::unique_ptr<icu::Calendar> calendar_in(const std::string& time_zone) {
  std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(time_zone)));
  if (*zone == icu::TimeZone::getUnknown()) zone.reset(icu::TimeZone::createTimeZone("UTC"));
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Calendar> cal(icu::Calendar::createInstance(zone.release(), icu::Locale::getRoot(), status));
  if (U_FAILURE(status)) return nullptr;
  return cal;
}

}  // namespace

std::string local_input_time(std::int64_t t, const std::string& time_zone) {
  // A timetable asks for a few hundred wall-clock times in one zone; building the zone and
  // its calendar each time cost more than the rest of the page. Per thread, by zone.
  thread_local std::map<std::string, std::unique_ptr<icu::Calendar>> calendars;
  auto it = calendars.find(time_zone);
  if (it == calendars.end()) {
    if (calendars.size() > 64) calendars.clear();
    it = calendars.emplace(time_zone, calendar_in(time_zone)).first;
  }
  icu::Calendar* cal = it->second.get();
  if (!cal) return iso8601_utc(t).substr(0, 16);
  UErrorCode status = U_ZERO_ERROR;
  cal->setTime(static_cast<UDate>(t) * 1000.0, status);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d", cal->get(UCAL_YEAR, status), cal->get(UCAL_MONTH, status) + 1,
                cal->get(UCAL_DATE, status), cal->get(UCAL_HOUR_OF_DAY, status), cal->get(UCAL_MINUTE, status));
  if (U_FAILURE(status)) return iso8601_utc(t).substr(0, 16);
  return buf;
}

std::optional<std::int64_t> parse_local_time(const std::string& text, const std::string& time_zone) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0;
  char tail = 0;
  int n = std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d%c", &y, &mo, &d, &h, &mi, &tail);
  bool date_only = n == 3 && text.size() == 10;
  if (n != 5 && !date_only) return std::nullopt;
  if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59) return std::nullopt;
  auto cal = calendar_in(time_zone);
  if (!cal) return std::nullopt;
  cal->setLenient(false);
  cal->clear();
  cal->set(y, mo - 1, d, h, mi, 0);
  UErrorCode status = U_ZERO_ERROR;
  UDate ms = cal->getTime(status);
  if (U_FAILURE(status)) return std::nullopt;  // such as 31 February
  return static_cast<std::int64_t>(ms / 1000.0);
}

}  // namespace aigc
