// Word and character differences: the pieces always rebuild both texts, words are whole,
// Chinese differs by character, and a huge difference is still answered (bounded).
#include <gtest/gtest.h>

#include <random>

#include "core/text_diff.hpp"

namespace aigc {

namespace {

std::pair<std::string, std::string> rebuild(const std::vector<DiffPiece>& pieces) {
  std::string before, after;
  for (const auto& p : pieces) {
    if (p.op != DiffPiece::Op::added) before += p.text;
    if (p.op != DiffPiece::Op::removed) after += p.text;
  }
  return {before, after};
}

}  // namespace

TEST(TextDiff, ChangedWordsAreWholeAndTheRestIsUnchanged) {
  auto pieces = diff_words("We prune attention heads.", "We prune whole attention layers.");
  EXPECT_EQ(diff_html(pieces), "We prune <ins>whole </ins>attention <del>heads</del><ins>layers</ins>.");
}

TEST(TextDiff, ChineseDiffersCharacterByCharacter) {
  auto pieces = diff_words("模型压缩的经验", "模型量化的经验");
  EXPECT_EQ(diff_html(pieces), "模型<del>压缩</del><ins>量化</ins>的经验");
  EXPECT_EQ(diff_tokens("BERT预训练 ok"), (std::vector<std::string>{"BERT", "预", "训", "练", " ", "ok"}));
}

TEST(TextDiff, MarkupIsEscapedAndIdenticalTextsHaveNoChange) {
  EXPECT_EQ(diff_html(diff_words("<b>", "<i>")), "&lt;<del>b</del><ins>i</ins>&gt;");
  auto same = diff_words("same text", "same text");
  ASSERT_EQ(same.size(), 1u);
  EXPECT_EQ(same[0].op, DiffPiece::Op::same);
  EXPECT_TRUE(diff_words("", "").empty());
}

TEST(TextDiff, PiecesAlwaysRebuildBothTextsOnRandomEdits) {
  std::mt19937 rng(7);
  const std::vector<std::string> words = {"a", "b", "cat", "模", "型", " ", "\n", ",", "é", "\xff"};
  for (int round = 0; round < 300; ++round) {
    std::string x, y;
    for (int i = 0, n = static_cast<int>(rng() % 40); i < n; ++i) x += words[rng() % words.size()];
    y = x;
    for (int e = 0, n = static_cast<int>(rng() % 6); e < n; ++e) {
      auto pos = y.empty() ? 0 : rng() % y.size();
      if (rng() % 2) y.insert(pos, words[rng() % words.size()]);
      else if (!y.empty()) y.erase(pos, 1);
    }
    auto [before, after] = rebuild(diff_words(x, y));
    ASSERT_EQ(before, x);
    ASSERT_EQ(after, y);
  }
}

TEST(TextDiff, AHugeDifferenceIsAnsweredAsRemovedThenAdded) {
  std::string a, b;
  for (int i = 0; i < 6000; ++i) a += "w" + std::to_string(i) + " ";
  for (int i = 0; i < 6000; ++i) b += "v" + std::to_string(i) + " ";
  auto pieces = diff_words("head " + a + "tail", "head " + b + "tail");
  auto [before, after] = rebuild(pieces);
  EXPECT_EQ(before, "head " + a + "tail");
  EXPECT_EQ(after, "head " + b + "tail");
  EXPECT_EQ(pieces.front().text, "head ");
  EXPECT_EQ(pieces.back().text, " tail") << "the common end, from the last change on";
}

}  // namespace aigc
