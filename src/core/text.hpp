// Text helpers every layer shares: UTF-8 validation, case folding, slugs, HTML escaping,
// URL and form decoding. All functions are pure and thread-safe; all text is UTF-8.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aigc {

bool is_valid_utf8(std::string_view s);
// Valid UTF-8 without control characters (C0, DEL, C1) or line and paragraph separators:
// what a name, title, slug or e-mail address may hold. Such text can reach HTTP headers,
// CSV files and mail headers, where a CR, LF or NUL would start something new.
bool is_single_line(std::string_view s);
// A single line (as above) of at most `max_chars` characters: the check of every short
// field (names, titles, tags, reasons).
bool is_line_within(std::string_view s, std::size_t max_chars);
// Empty, or an http(s) address of at most 500 bytes on one line with nothing a browser
// would have escaped (spaces, quotes, angle brackets): what a link field may hold.
bool is_web_url_or_empty(std::string_view url);
// Unicode case folding (ICU), for case-insensitive uniqueness of handles and emails.
std::string fold_case(std::string_view s);
std::string trim(std::string_view s);
// Lower-case ASCII slug of [a-z0-9-]; non-ASCII letters are kept (URLs are UTF-8).
std::string slugify(std::string_view s);
std::string html_escape(std::string_view s);
std::string url_encode(std::string_view s);
// Decodes %XX and, for forms, '+' as space. Returns nullopt on malformed escapes.
std::optional<std::string> url_decode(std::string_view s, bool plus_as_space);
// Parses application/x-www-form-urlencoded (also query strings). Repeated keys keep the
// first value; nullopt when an escape is malformed or a value is not UTF-8.
std::optional<std::multimap<std::string, std::string>> parse_form(std::string_view body);
std::vector<std::string> split(std::string_view s, char sep);
// Counts Unicode code points (for length limits that users understand).
std::size_t utf8_length(std::string_view s);
// Columns `s` takes in a terminal: East Asian wide and fullwidth characters take two,
// combining marks none, others one (ICU's East Asian Width property).
std::size_t display_width(std::string_view s);
// `s` padded with spaces to `width` columns, or cut (ending in "…") to fit them.
std::string pad_to_width(std::string_view s, std::size_t width);
// The whole of `s` as a decimal integer (an optional leading '-'); false for anything else
// (empty, spaces, trailing characters, out of range), leaving `out` unchanged.
bool parse_int(std::string_view s, std::int64_t& out);
bool starts_with_ci(std::string_view s, std::string_view prefix);
// One RFC 4180 CSV field: quoted when it holds a comma, quote or line break. A leading
// =, +, - or @ gets a ' so spreadsheets do not run it as a formula.
std::string csv_field(std::string_view s);

}  // namespace aigc
