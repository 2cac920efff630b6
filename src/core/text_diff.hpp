// Differences between two texts as a reader wants to see them: word by word for Latin text,
// character by character for Chinese and Japanese (which have no spaces to split words at),
// with spaces and punctuation as their own pieces. Myers' shortest edit script over those
// tokens; the common head and tail are cut first, and a middle that differs in more than
// kMaxEdits tokens is shown as removed-then-added rather than searched (bounded time and
// memory on any input). Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace aigc {

struct DiffPiece {
  enum class Op { same, added, removed };
  Op op = Op::same;
  std::string text;
};

inline constexpr int kMaxDiffEdits = 2000;

// The pieces that turn `before` into `after`; neighbouring pieces of one kind are joined.
std::vector<DiffPiece> diff_words(std::string_view before, std::string_view after);

// The tokens diff_words compares: a word, a run of spaces, one CJK character, one mark.
std::vector<std::string> diff_tokens(std::string_view text);

// HTML: unchanged text escaped, added text in <ins>, removed text in <del>.
std::string diff_html(const std::vector<DiffPiece>& pieces);

}  // namespace aigc
