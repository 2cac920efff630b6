#include "domain/standards/clauses.hpp"

#include <gtest/gtest.h>

namespace aigc {
namespace {

const char* kV1 = R"(Preamble text.

## Foreword

This document was drafted in the open.

## 1 Scope

This standard specifies how to evaluate large language models.

## 2 Terms and definitions

### 2.1 model

A function learned from data.

```
## not a heading, in code
```

## 3 Evaluation

### 3.1 Data quality

训练数据应当经过清洗和去重。

### 3.2 Reporting

Results are reported with confidence intervals.
)";

std::vector<Clause> anchored(const char* text, const std::vector<Clause>& previous = {}, int* last = nullptr) {
  auto clauses = parse_clauses(text);
  int n = anchor_clauses(previous, clauses, last ? *last : 0);
  if (last) *last = n;
  return clauses;
}

TEST(Clauses, ParsesNumberedAndUnnumberedHeadingsAndIgnoresCode) {
  auto c = parse_clauses(kV1);
  ASSERT_EQ(c.size(), 8u);
  EXPECT_EQ(c[0].level, 0);
  EXPECT_EQ(c[0].body_md, "Preamble text.");
  EXPECT_EQ(c[1].title, "Foreword");
  EXPECT_EQ(c[1].number, "");
  EXPECT_EQ(c[2].number, "1");
  EXPECT_EQ(c[2].title, "Scope");
  EXPECT_EQ(c[4].number, "2.1");
  EXPECT_EQ(c[4].level, 3);
  EXPECT_NE(c[4].body_md.find("## not a heading"), std::string::npos);
  EXPECT_EQ(c[6].number, "3.1");
  EXPECT_EQ(c[6].body_md, "训练数据应当经过清洗和去重。");
  auto annex = parse_clauses("# Annex A Examples\n\ntext\n\n## A.1 First\n\nmore\n\n## 5. Dotted\n");
  ASSERT_EQ(annex.size(), 3u);
  EXPECT_EQ(annex[0].number, "Annex A");
  EXPECT_EQ(annex[1].number, "A.1");
  EXPECT_EQ(annex[2].number, "5");
  EXPECT_EQ(annex[2].title, "Dotted");
}

TEST(Clauses, MarkdownRoundTrips) {
  auto c = parse_clauses(kV1);
  EXPECT_EQ(parse_clauses(clauses_markdown(c)).size(), c.size());
  auto again = parse_clauses(clauses_markdown(c));
  for (std::size_t i = 0; i < c.size(); ++i) {
    EXPECT_EQ(again[i].number, c[i].number);
    EXPECT_EQ(again[i].title, c[i].title);
    EXPECT_EQ(again[i].body_md, c[i].body_md);
  }
}

TEST(Clauses, AnchorsFollowClausesThroughInsertionRenumberingAndEdits) {
  int last = 0;
  auto v1 = anchored(kV1, {}, &last);
  EXPECT_EQ(last, 8);
  const std::string data_quality = find_clause(v1, "3.1")->anchor;
  const std::string reporting = find_clause(v1, "3.2")->anchor;
  // A new 3.1 pushes the others down; reporting is edited a little.
  std::string v2_text = kV1;
  v2_text.replace(v2_text.find("### 3.1 Data quality"), 20, "### 3.1 Test sets\n\nHeld-out sets are never trained on.\n\n### 3.2 Data quality");
  v2_text.replace(v2_text.find("### 3.2 Reporting"), 17, "### 3.3 Reporting");
  v2_text.replace(v2_text.find("confidence intervals"), 20, "95% confidence intervals");
  auto v2 = anchored(v2_text.c_str(), v1, &last);
  EXPECT_EQ(find_clause(v2, "3.2")->anchor, data_quality);
  EXPECT_EQ(find_clause(v2, "3.3")->anchor, reporting);
  EXPECT_EQ(find_clause(v2, "3.1")->anchor, "c9");  // new: the next unused anchor
  EXPECT_EQ(last, 9);
  // An anchor from version 1 still finds its clause in version 2; a number finds today's.
  EXPECT_EQ(find_clause(v2, data_quality)->title, "Data quality");
  EXPECT_EQ(find_clause(v2, "3.1")->title, "Test sets");
  EXPECT_EQ(find_clause(v2, "9.9"), nullptr);
}

TEST(Clauses, ARetitledClauseKeepsItsAnchorByItsWords) {
  auto v1 = anchored("## 1 Scope\n\nThis standard specifies how to evaluate large language models on public benchmarks.\n");
  auto v2 = anchored("## 1 Scope and purpose\n\nThis standard specifies how to evaluate large language models on public benchmarks.\n", v1);
  EXPECT_EQ(v2[0].anchor, v1[0].anchor);
  // Entirely new words under an old number: a new clause.
  auto v3 = anchored("## 1 Acknowledgements\n\nWe thank the partners.\n", v2);
  EXPECT_NE(v3[0].anchor, v2[0].anchor);
}

TEST(Clauses, DiffListsOnlyChangedClausesAndMarksChineseWordsNotLines) {
  int last = 0;
  auto v1 = anchored(kV1, {}, &last);
  std::string v2_text = kV1;
  v2_text.replace(v2_text.find("清洗和去重"), std::string("清洗和去重").size(), "清洗、去重和审核");
  v2_text.replace(v2_text.find("## 1 Scope\n\nThis standard specifies how to evaluate large language models.\n\n"),
                  std::string("## 1 Scope\n\nThis standard specifies how to evaluate large language models.\n\n").size(), "");
  auto v2 = anchored(v2_text.c_str(), v1, &last);
  auto changes = diff_clauses(v1, v2);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].kind, ClauseChange::Kind::removed);
  EXPECT_EQ(changes[0].from->title, "Scope");
  EXPECT_EQ(changes[1].kind, ClauseChange::Kind::changed);
  EXPECT_TRUE(changes[1].text_changed);
  EXPECT_FALSE(changes[1].moved);
  EXPECT_EQ(diff_html(changes[1].body_diff), "训练数据应当经过清洗<del>和</del><ins>、</ins>去重<ins>和审核</ins>。");
  EXPECT_TRUE(changes[1].title_diff.empty());
}

TEST(Clauses, DiffRecognisesAMovedClause) {
  int last = 0;
  auto v1 = anchored("## 1 A\n\nalpha\n\n## 2 B\n\nbeta\n\n## 3 C\n\ngamma\n\n## 4 D\n\ndelta\n", {}, &last);
  auto v2 = anchored("## 1 A\n\nalpha\n\n## 2 C\n\ngamma\n\n## 3 D\n\ndelta\n\n## 4 B\n\nbeta\n", v1, &last);
  auto changes = diff_clauses(v1, v2);
  // C and D were renumbered but kept their order; B moved.
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].to->title, "C");
  EXPECT_TRUE(changes[0].renumbered);
  EXPECT_FALSE(changes[0].moved);
  EXPECT_EQ(changes[2].to->title, "B");
  EXPECT_TRUE(changes[2].moved);
  EXPECT_FALSE(changes[2].text_changed);
  EXPECT_TRUE(diff_clauses(v2, v2).empty());
  // Added at the end.
  auto v3 = anchored("## 1 A\n\nalpha\n\n## 2 C\n\ngamma\n\n## 3 D\n\ndelta\n\n## 4 B\n\nbeta\n\n## 5 E\n\nepsilon\n", v2, &last);
  auto added = diff_clauses(v2, v3);
  ASSERT_EQ(added.size(), 1u);
  EXPECT_EQ(added[0].kind, ClauseChange::Kind::added);
  EXPECT_EQ(added[0].anchor, "c5");
}

}  // namespace
}  // namespace aigc
