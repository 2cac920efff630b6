// Tokenizers for the text metrics, matching sacrebleu 2.x exactly (see docs/scoring.md for
// the quirks kept): 13a (mteval-v13a), intl (mteval-v14 international), zh (characters
// of sacrebleu's _UCODE_RANGES split out, then the 13a regular expressions), none.
// Pure functions of UTF-8 text; they return space-joined tokens.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace aigc::scoring {

std::string tokenize_13a(std::string_view line);
std::string tokenize_intl(std::string_view line);
std::string tokenize_zh(std::string_view line);
// Python's str.split(): runs of Unicode whitespace separate tokens.
std::vector<std::string_view> split_whitespace(std::string_view s);
// Python's str.lower() (full Unicode case mapping).
std::string lower_text(std::string_view s);
// Python's str.rstrip() / str.strip() with Unicode whitespace.
std::string_view rstrip_text(std::string_view s);
std::string_view strip_text(std::string_view s);
// Decodes UTF-8 into code points (input is already validated).
std::vector<char32_t> code_points_of(std::string_view s);
void append_utf8(std::string& out, char32_t cp);

}  // namespace aigc::scoring
