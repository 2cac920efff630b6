#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <set>

#include "scoring/csv.hpp"
#include "scoring/dataset.hpp"
#include "scoring/metric.hpp"
#include "scoring/plain_decimal.hpp"
#include "scoring/pred_join.hpp"
#include "scoring/scorer.hpp"
#include "scoring/score_helpers.hpp"

namespace aigc::scoring {

std::vector<std::vector<std::string>> rows_of(std::string_view data, InputErrors& errors, std::size_t columns = 0) {
  CsvReader r(data, "f", errors);
  std::vector<std::string_view> header, fields;
  std::vector<std::vector<std::string>> out;
  if (!r.read_header(header)) return out;
  out.push_back({header.begin(), header.end()});
  std::size_t line;
  while (r.next_row(columns ? columns : header.size(), fields, line)) out.push_back({fields.begin(), fields.end()});
  return out;
}

TEST(Csv, ReadsQuotesEmbeddedCommasNewlinesCrlfAndBom) {
  InputErrors e;
  auto rows = rows_of("\xEF\xBB\xBFid,text\r\n1,\"a, b\"\r\n2,\"say \"\"hi\"\"\nthere\"\r\n3,\r\n", e);
  ASSERT_TRUE(e.empty());
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0][0], "id");
  EXPECT_EQ(rows[1][1], "a, b");
  EXPECT_EQ(rows[2][1], "say \"hi\"\nthere");
  EXPECT_EQ(rows[3][1], "");
}

// A participant reads the list top to bottom and fixes each line once: a line refused for
// its shape is not reported again as a missing id, and the list follows the file's order.
TEST(Csv, EachBadLineIsReportedOnceInFileOrderWithACodeAndItsValues) {
  auto out = test::run_score("accuracy", "id,label\n1,a\n2,b\n3,a\n4,b\n5,a\n",
                             "id,label\n1,a\n2,c\n2,b\n9,a\n3,a,x\n4\n");
  ASSERT_FALSE(out.ok);
  std::vector<std::pair<std::size_t, std::string>> seen;
  for (const auto& e : out.errors.kept()) seen.push_back({e.line, e.code});
  std::vector<std::pair<std::size_t, std::string>> expected{
      {3, "unknown_label"}, {4, "duplicate_id"}, {5, "unknown_id"}, {6, "field_count"}, {7, "field_count"}, {0, "missing_id"}};
  EXPECT_EQ(seen, expected) << out.errors_json().dump();
  const auto& missing = out.errors.kept().back();
  EXPECT_EQ(missing.message, "missing id '5' (truth line 6)") << "ids 3 and 4 sit on refused lines already listed";
  EXPECT_EQ(missing.args, (ProblemArgs{{"id", "'5'"}, {"line", "6"}}));
  EXPECT_EQ(out.errors.kept()[3].args, (ProblemArgs{{"expected", "2"}, {"found", "3"}}));
}

TEST(Csv, ReportsWrongFieldCountsWithLineAndKeepsGoing) {
  InputErrors e;
  auto rows = rows_of("id,label\n1,a\n2\n3,c,extra\n4,d\n", e);
  EXPECT_EQ(rows.size(), 3u);  // header + two good rows
  ASSERT_EQ(e.total(), 2u);
  EXPECT_EQ(e.kept()[0].line, 3u);
  EXPECT_EQ(e.kept()[1].line, 4u);
  EXPECT_NE(e.kept()[1].message.find("expected 2 fields"), std::string::npos);
}

TEST(Csv, UnterminatedQuoteAndNonUtf8AreErrors) {
  InputErrors e1;
  rows_of("id,label\n1,\"open\n2,b\n", e1);
  ASSERT_FALSE(e1.empty());
  EXPECT_NE(e1.kept()[0].message.find("never closed"), std::string::npos);
  EXPECT_EQ(e1.kept()[0].line, 2u);
  InputErrors e2;
  rows_of("id,label\n1,\xff\n", e2);
  ASSERT_FALSE(e2.empty());
  EXPECT_EQ(e2.kept()[0].line, 2u);
  EXPECT_NE(e2.kept()[0].message.find("UTF-8"), std::string::npos);
}

TEST(Csv, ErrorListIsCappedButCounted) {
  std::string data = "id,label\n";
  for (int i = 0; i < 500; ++i) data += "x\n";
  InputErrors e;
  rows_of(data, e);
  EXPECT_EQ(e.total(), 500u);
  EXPECT_EQ(e.kept().size(), InputErrors::kMaxKept);
}


// A CSV file: a header line, then each row on its own line.
std::string csv_file(const std::string& header, const std::vector<std::string>& rows) {
  std::string f = header + "\n";
  for (const auto& r : rows) f += r + "\n";
  return f;
}

// The rows in a fixed scrambled order (the same on every run).
std::vector<std::string> shuffled_rows(std::vector<std::string> rows) {
  for (std::size_t i = rows.size() - 1; i > 0; --i) std::swap(rows[i], rows[(i * 7919) % (i + 1)]);
  return rows;
}

std::string messages(const ScoreOutcome& o) { return o.errors_json().dump(); }

TEST(Csv, PlainRowsReadAsTheGeneralPathReadsThem) {
  // next_row reads a line of unquoted ASCII fields in one pass and leaves anything else to
  // the general path. Quoting each line's first field (the same text) sends every line the
  // general way: fields, lines and errors must come out the same.
  const std::vector<std::string> lines = {
      "x1,a,1", "x2,b,2\r", "", "x3,,", "x4,c", "x5,d,3,4", "x6,\xE7\x8C\xAB,5", "x7,e\rf,6", "x8,\"q\",7",
      "x9,g\"h,8", "x10,\xC3,9", "   ", "x11, spaced ,10", "x12,i,11\r", "x13,j,12"};
  std::string plain = "id,label,n\n", quoted = plain;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& l = lines[i];
    const std::string end = i + 1 < lines.size() ? "\n" : "";  // the last without a line break
    plain += l + end;
    const auto comma = l.find(',');
    quoted += (l.empty() ? std::string() : "\"" + l.substr(0, comma) + "\"" + (comma == std::string::npos ? "" : l.substr(comma))) + end;
  }
  InputErrors plain_errors, quoted_errors;
  auto a = rows_of(plain, plain_errors), b = rows_of(quoted, quoted_errors);
  EXPECT_EQ(a, b);
  ASSERT_EQ(plain_errors.total(), quoted_errors.total());
  for (std::size_t i = 0; i < plain_errors.kept().size(); ++i) {
    EXPECT_EQ(plain_errors.kept()[i].line, quoted_errors.kept()[i].line) << plain_errors.kept()[i].message;
    EXPECT_EQ(plain_errors.kept()[i].column, quoted_errors.kept()[i].column);
    const auto& m = plain_errors.kept()[i].message;  // byte offsets differ by the quotes added
    EXPECT_EQ(m.substr(0, m.find(" at offset")), quoted_errors.kept()[i].message.substr(0, m.find(" at offset")));
  }
  // Lines as rows_of numbers them, and the rows that came through.
  CsvReader r(plain, "f", plain_errors);
  std::vector<std::string_view> header, fields;
  r.read_header(header);
  std::vector<std::size_t> row_lines;
  std::size_t line = 0;
  while (r.next_row(3, fields, line)) row_lines.push_back(line);
  CsvReader q(quoted, "f", quoted_errors);
  q.read_header(header);
  std::vector<std::size_t> quoted_lines;
  while (q.next_row(3, fields, line)) quoted_lines.push_back(line);
  EXPECT_EQ(row_lines, quoted_lines);
  EXPECT_EQ(r.line(), q.line());
  EXPECT_GE(row_lines.size(), 5u);
}

TEST(Csv, PlainNumbersPathReadsWhatTheGeneralPathReadsOrLeavesTheLine) {
  // Rows the one-pass path takes must come out as next_row + parse_number would give them
  // (same fields, lines and bits); any other line it must leave unread for next_row.
  const std::string data =
      "id,a,b\n"
      "x1,0.25,1\n"                  // plain
      "x2,-0.5,.75\r\n"              // plain, CRLF
      "x3,1e-1,0.5\n"                // exponent: general path
      "\"x4\",0.1,0.2\n"              // quoted id
      "x5,+0.1,0.2\n"                // sign
      "x6, 0.1,0.2\n"                // blank before a number
      "x7,0.1234567890123456,0\n"     // 16 digits
      "x8,0.1\n"                     // too few fields
      "x9,0.1,0.2,0.3\n"             // too many
      "\n"                            // blank line
      "x\xC3\xA9,0.1,0.2\n"           // non-ASCII id
      "x10,,0.2\n"                   // empty number
      "x11,2.5,0.5\n"                // outside [lo, hi]
      "x12,0.125,0.875";             // plain, no final line break
  InputErrors plain_errors, general_errors;
  CsvReader plain(data, "f", plain_errors), general(data, "f", general_errors);
  std::vector<std::string_view> header, fields, expected;
  std::vector<double> numbers;
  std::vector<std::uint32_t> billionths;
  plain.read_header(header);
  general.read_header(header);
  std::vector<std::string> took_plain;
  for (;;) {
    std::size_t line = 0, expected_line = 0;
    const bool fast = plain.next_plain_numbers_row(3, 0, -1.0, 1.0, fields, numbers, line, &billionths);
    const bool read = fast || plain.next_row(3, fields, line);
    ASSERT_EQ(read, general.next_row(3, expected, expected_line));
    if (!read) break;
    EXPECT_EQ(line, expected_line);
    ASSERT_EQ(std::vector<std::string>(fields.begin(), fields.end()), std::vector<std::string>(expected.begin(), expected.end()));
    if (!fast) continue;
    took_plain.emplace_back(fields[0]);
    for (std::size_t j = 1; j < 3; ++j) {
      double v = 0;
      ASSERT_TRUE(parse_number(expected[j], v));
      EXPECT_EQ(std::bit_cast<std::uint64_t>(numbers[j]), std::bit_cast<std::uint64_t>(v)) << expected[j];
      std::uint32_t fixed = 0;
      EXPECT_EQ(billionths[j], to_fixed_score(v, fixed) ? fixed : kNotBillionths) << expected[j];  // -0.5 is not one
    }
  }
  EXPECT_EQ(took_plain, (std::vector<std::string>{"x1", "x2", "x12"}));
  EXPECT_EQ(plain.line(), general.line());
  EXPECT_EQ(plain_errors.total(), general_errors.total());
}

TEST(ScoringInput, EveryIdProblemIsReportedAtOnce) {
  auto o = test::run_score("accuracy", "id,label\na,1\nb,0\nc,1\nc,0\n", "id,label\na,1\nx,0\na,0\n");
  ASSERT_FALSE(o.ok);
  auto m = messages(o);
  EXPECT_NE(m.find("duplicate id 'c'"), std::string::npos) << m;
  EXPECT_NE(m.find("unknown id 'x'"), std::string::npos) << m;
  EXPECT_NE(m.find("duplicate id 'a' (first on line 2)"), std::string::npos) << m;
  EXPECT_NE(m.find("missing id 'b'"), std::string::npos) << m;
}

TEST(ScoringInput, TruthDuplicatesAreFoundWhateverTheOrderAndFormOfThePredictions) {
  // The truth repeats 'b' (lines 3 and 5, after a blank line). Predictions listing each id
  // once can never match all of it; the message must say so however they are written:
  // in order, in order with a quoted first id, in order as JSON Lines, shuffled.
  const std::string truth = "id,label\na,1\nb,0\nc,1\n\nb,0\n";
  for (std::string pred : {"id,label\na,1\nb,0\nc,1\n", "id,label\n\"a\",1\nb,0\nc,1\n",
                           "{\"id\":\"a\",\"label\":1}\n{\"id\":\"b\",\"label\":0}\n{\"id\":\"c\",\"label\":1}\n",
                           "id,label\nc,1\na,1\nb,0\n"}) {
    auto o = test::run_score("accuracy", truth, pred);
    ASSERT_FALSE(o.ok) << pred;
    EXPECT_NE(messages(o).find("duplicate id 'b' (first on line 3)"), std::string::npos) << pred << messages(o);
    EXPECT_EQ(o.errors.kept()[0].line, 6u) << pred << messages(o);
  }
}

TEST(ScoringInput, QuotedIdsWithEscapedQuotesJoinInAnyOrder) {
  // '"a""1"' is the id a"1 (kept outside the file, being unescaped); 'b,2' holds a comma.
  const std::string truth = "id,label\n\"a\"\"1\",1\n\"b,2\",0\nc,1\n";
  auto shuffled = test::run_score("accuracy", truth, "id,label\nc,1\n\"b,2\",0\n\"a\"\"1\",0\n");
  ASSERT_TRUE(shuffled.ok) << messages(shuffled);
  EXPECT_DOUBLE_EQ(shuffled.result["score"].get<double>(), 2.0 / 3);
  auto unknown = test::run_score("accuracy", truth, "id,label\nc,1\n\"b,2\",0\n\"a\"\"2\",0\n");
  EXPECT_NE(messages(unknown).find("unknown id 'a\\\"2'"), std::string::npos) << messages(unknown);
  EXPECT_NE(messages(unknown).find("missing id 'a\\\"1' (truth line 2)"), std::string::npos) << messages(unknown);
}

TEST(ScoringInput, BadNumbersProbabilitiesAndLabelsNameTheirColumn) {
  auto o = test::run_score("log_loss", "id,label\na,x\nb,y\n", "id,x,y\na,0.5,abc\nb,1.5,nan\n");
  ASSERT_FALSE(o.ok);
  const auto& e = o.errors.kept();
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0].line, 2u);
  EXPECT_EQ(e[0].column, 3u);
  EXPECT_NE(e[1].message.find("outside [0, 1]"), std::string::npos);
  EXPECT_NE(e[2].message.find("finite"), std::string::npos);
  auto l = test::run_score("accuracy", "id,label\na,cat\n", "id,label\na,cow\n");
  ASSERT_FALSE(l.ok);
  EXPECT_NE(messages(l).find("'cow' is not one of the known labels"), std::string::npos);
}

TEST(ScoringInput, MissingClassColumnsAndWrongHeadersAreExplained) {
  auto o = test::run_score("roc_auc", "id,label\na,x\nb,y\nc,z\n", "id,x,y,x\na,0.2,0.3,0.5\n");
  ASSERT_FALSE(o.ok);
  auto m = messages(o);
  EXPECT_NE(m.find("column 'x' appears twice"), std::string::npos) << m;
  EXPECT_NE(m.find("no column for class 'z'"), std::string::npos) << m;
  auto h = test::run_score("accuracy", "id,label\na,1\n", "key,label\na,1\n");
  EXPECT_NE(messages(h).find("id column is named 'key' here"), std::string::npos);
  auto empty = test::run_score("accuracy", "", "id,label\n");
  EXPECT_NE(messages(empty).find("empty"), std::string::npos);
}

TEST(ScoringInput, UnknownMetricAndParameterSayWhatIsAccepted) {
  EXPECT_NE(messages(test::run_score("auc", "id,label\na,1\n", "id,label\na,1\n")).find("unknown metric 'auc'"), std::string::npos);
  auto p = messages(test::run_score("f1", "id,label\na,1\n", "id,label\na,1\n", {{"avg", "macro"}}));
  EXPECT_NE(p.find("accepted: id_column, target, labels, average, pos_label"), std::string::npos) << p;
}

TEST(ScoringSplit, PublicAndPrivateAreDeterministicAndPartitionTheRows) {
  std::string truth = "id,value\n", pred = "id,value\n";
  for (int i = 0; i < 1000; ++i) {
    truth += "r" + std::to_string(i) + "," + std::to_string(i % 7) + "\n";
    pred += "r" + std::to_string(i) + "," + std::to_string((i * 3) % 7) + "\n";
  }
  ScoreRequest r;
  r.metric = "mae";
  r.truth = truth;
  r.pred = pred;
  r.public_fraction = 0.3;
  r.split_seed = 42;
  auto a = score(r), b = score(r);
  ASSERT_TRUE(a.ok);
  EXPECT_EQ(a.result.dump(), b.result.dump());
  auto pub = a.result["public"]["rows"].get<int>(), priv = a.result["private"]["rows"].get<int>();
  EXPECT_EQ(pub + priv, 1000);
  EXPECT_NEAR(pub, 300, 60);
  r.split_seed = 43;
  EXPECT_NE(score(r).result["public"]["rows"].get<int>(), pub);
}

}  // namespace aigc::scoring

namespace aigc::scoring {

TEST(ScoringJsonLines, ReadsLikeCsvWithListsAndNumbers) {
  auto o = test::run_score("roc_auc", "{\"id\":\"a\",\"label\":\"cat\"}\n{\"id\":\"b\",\"label\":\"dog\"}\n",
               "{\"id\":\"b\",\"cat\":0.3,\"dog\":0.7}\n\n{\"id\":\"a\",\"cat\":0.9,\"dog\":0.1}\n");
  ASSERT_TRUE(o.ok) << messages(o);
  EXPECT_EQ(o.result["score"].get<double>(), 1.0);
  auto lists = test::run_score("map_at_k", "{\"id\":\"q1\",\"items\":[\"a\",\"b\"]}\n", "{\"id\":\"q1\",\"items\":\"x a b\"}\n", {{"k", "3"}});
  ASSERT_TRUE(lists.ok) << messages(lists);
  EXPECT_NEAR(lists.result["score"].get<double>(), (0.5 + 2.0 / 3) / 2, 1e-12);
}

TEST(ScoringJsonLines, BadLinesAreLocated) {
  auto o = test::run_score("accuracy", "{\"id\":\"a\",\"label\":\"x\"}\n{\"id\":\"b\"}\nnot json\n", "{\"id\":\"a\",\"label\":\"x\"}\n");
  ASSERT_FALSE(o.ok);
  const auto& e = o.errors.kept();
  ASSERT_GE(e.size(), 2u);
  EXPECT_EQ(e[0].line, 2u);
  EXPECT_NE(e[0].message.find("missing key 'label'"), std::string::npos);
  EXPECT_EQ(e[1].line, 3u);
  EXPECT_NE(e[1].message.find("one JSON object"), std::string::npos);
}

}  // namespace aigc::scoring

namespace aigc::scoring {

TEST(ScoringLargeFiles, TwoThreadParseAgreesWithTheSequentialOneAndKeepsLineNumbers) {
  // Over 32 MB of predictions in the truth's order take the two-thread path; the same rows
  // with two swapped take the sequential one. Scores and line numbers must not differ.
  std::string truth = "id,value\n", ordered = "id,value\n", swapped = "id,value\n";
  const int n = 1200000;
  for (int i = 0; i < n; ++i) {
    std::string id = "row-" + std::to_string(1000000 + i);
    truth += id + "," + std::to_string(i % 97) + ".25\n";
    ordered += id + "," + std::to_string((i * 7) % 89) + ".50000000000000\n";
  }
  ASSERT_GT(ordered.size(), 32u << 20);
  auto first_nl = ordered.find('\n') + 1, second_nl = ordered.find('\n', first_nl) + 1, third_nl = ordered.find('\n', second_nl) + 1;
  swapped = ordered.substr(0, first_nl) + ordered.substr(second_nl, third_nl - second_nl) +
            ordered.substr(first_nl, second_nl - first_nl) + ordered.substr(third_nl);
  auto a = test::run_score("rmse", truth, ordered), b = test::run_score("rmse", truth, swapped);
  ASSERT_TRUE(a.ok && b.ok);
  EXPECT_EQ(a.result["score"].get<double>(), b.result["score"].get<double>());
  // A bad number late in the file (second half) is reported at its real line.
  std::string bad = ordered;
  std::size_t line_no = 1, pos = 0;
  for (; line_no < 1000001; ++line_no) pos = bad.find('\n', pos) + 1;  // start of line 1000001
  auto comma = bad.find(',', pos);
  bad.replace(comma + 1, bad.find('\n', comma) - comma - 1, "oops");
  auto c = test::run_score("rmse", truth, bad);
  ASSERT_FALSE(c.ok);
  EXPECT_EQ(c.errors.kept()[0].line, 1000001u) << c.errors_json().dump();
  EXPECT_EQ(c.errors.kept()[0].column, 2u);
  // Shuffled, both halves are joined through the index at once: same score; a duplicate
  // and an unknown id in the second half are reported at their real lines, the duplicate
  // against its first occurrence in the first half.
  std::vector<std::string> lines;
  for (std::size_t at = ordered.find('\n') + 1; at < ordered.size();) {
    auto end = ordered.find('\n', at);
    lines.push_back(ordered.substr(at, end - at));
    at = end + 1;
  }
  lines = shuffled_rows(std::move(lines));
  auto file_of = [](const std::vector<std::string>& rows) { return csv_file("id,value", rows); };
  auto shuffled = test::run_score("rmse", truth, file_of(lines));
  ASSERT_TRUE(shuffled.ok) << shuffled.errors_json().dump();
  EXPECT_EQ(shuffled.result["score"].get<double>(), a.result["score"].get<double>());
  auto broken = lines;
  const std::string early_id = broken[10].substr(0, broken[10].find(','));  // file line 12
  broken[1000000] = early_id + ",1.5";                                      // file line 1000002
  broken[1100000] = "row-nope,1.5";                                         // file line 1100002
  auto d = test::run_score("rmse", truth, file_of(broken));
  ASSERT_FALSE(d.ok);
  auto m = d.errors_json().dump();
  EXPECT_NE(m.find("duplicate id '" + early_id + "' (first on line 12)"), std::string::npos) << m;
  EXPECT_NE(m.find("unknown id 'row-nope'"), std::string::npos) << m;
  std::set<std::size_t> error_lines;
  for (const auto& e : d.errors.kept()) error_lines.insert(e.line);
  EXPECT_TRUE(error_lines.count(1000002) && error_lines.count(1100002)) << m;
  EXPECT_EQ(d.errors.total(), 4u) << m;  // also the two ids the replaced rows held are missing
  // A quoted field anywhere sends the file down the sequential path, with the same result.
  std::string quoted = ordered;
  quoted.replace(quoted.find("row-1000005"), 11, "\"row-1000005\"");
  auto q = test::run_score("rmse", truth, quoted);
  ASSERT_TRUE(q.ok);
  EXPECT_EQ(q.result["score"].get<double>(), a.result["score"].get<double>());
}

TEST(ScoringLargeFiles, ShuffledScoresStoredInTheirOwnOrderScoreExactlyAsInTheTruthsOrder) {
  // Over 1 MB of shuffled class scores is joined on two threads and stored in the
  // prediction's order (Dataset::truth_order). Every score metric, on all rows and on the
  // public and private splits, must equal the in-order file's to the last bit (sums are
  // added in the truth's order either way), and problems must keep their lines.
  const int n = 60000;
  std::string truth = "id,label\n";
  std::vector<std::string> lines;
  for (int i = 0; i < n; ++i) {
    std::string id = "s" + std::to_string(1000000 + i);
    truth += id + "," + "abc"[i % 3] + "\n";
    int a = (i * 37) % 101, b = (i * 11) % 53;  // repeated values: ties across rows
    double pa = a / 200.0, pb = b / 200.0;
    lines.push_back(id + "," + std::to_string(pa) + "," + std::to_string(pb) + "," + std::to_string(1.0 - pa - pb));
  }
  // Class columns in another order than the classes.
  auto file_of = [](const std::vector<std::string>& rows) { return csv_file("id,c,a,b", rows); };
  auto shuffled = shuffled_rows(lines);
  ASSERT_GT(file_of(shuffled).size(), 1u << 20);
  for (const char* metric : {"roc_auc", "log_loss", "top_k_accuracy"}) {
    for (Params params : {Params{}, Params{{"k", "1"}}}) {
      if (params.count("k") && std::string(metric) != "top_k_accuracy") continue;
      ScoreRequest in_order, any_order;
      in_order.metric = any_order.metric = metric;
      in_order.truth = any_order.truth = truth;
      auto ordered_file = file_of(lines), shuffled_file = file_of(shuffled);
      in_order.pred = ordered_file;
      any_order.pred = shuffled_file;
      in_order.params = any_order.params = params;
      in_order.public_fraction = any_order.public_fraction = 0.3;
      in_order.split_seed = any_order.split_seed = 11;
      auto a = score(in_order), b = score(any_order);
      ASSERT_TRUE(a.ok && b.ok) << metric << a.errors_json().dump() << b.errors_json().dump();
      EXPECT_EQ(a.result.dump(), b.result.dump()) << metric;
    }
  }
  // A bad number in the second half, an id repeated across the halves (the join gives up
  // and reads the file again in one pass) and an unknown id, at their real lines.
  auto bad = shuffled;
  bad[50000] = bad[50000].substr(0, bad[50000].find(',')) + ",0.5,x,0.5";           // line 50002
  const std::string early_id = bad[10].substr(0, bad[10].find(','));                  // line 12
  bad[40000] = early_id + ",0.2,0.3,0.5";                                              // line 40002
  bad[45000] = "s-nope,0.2,0.3,0.5";                                                   // line 45002
  auto o = test::run_score("roc_auc", truth, file_of(bad));
  ASSERT_FALSE(o.ok);
  auto m = o.errors_json().dump();
  EXPECT_NE(m.find("duplicate id '" + early_id + "' (first on line 12)"), std::string::npos) << m;
  std::set<std::size_t> error_lines;
  for (const auto& e : o.errors.kept()) error_lines.insert(e.line);
  EXPECT_TRUE(error_lines.count(40002) && error_lines.count(45002) && error_lines.count(50002)) << m;
  EXPECT_EQ(o.errors.total(), 5u) << m;  // and the ids of lines 40002 and 45002 are missing
}

TEST(ScoringLargeFiles, ScoresSpelledAnyWayScoreAsTheirPlainSpelling) {
  // Plain rows take the reader's one-pass path; rows spelled otherwise (exponents, signs,
  // blanks, 17 digits, quoted ids, CRLF) take the general one, interleaved in one file, in
  // the truth's order and shuffled (both halves on two threads). Each spelling is the same
  // double, so every result must equal the all-plain file's to the last bit.
  const int n = 40000;
  std::string truth = "id,label\n";
  std::vector<std::string> plain, mixed;
  for (int i = 0; i < n; ++i) {
    std::string id = "m" + std::to_string(1000000 + i);
    truth += id + "," + "xyz"[i % 3] + "\n";
    const int a = (i * 29) % 61;
    const std::string pa = "0." + std::to_string(100 + a).substr(1), pb = "0.25";
    const double pc = 1.0 - (a / 100.0) - 0.25;
    char c[32];
    std::snprintf(c, sizeof c, "%.6f", pc);
    plain.push_back(id + "," + pa + "," + pb + "," + c);
    switch (i % 7) {
      case 1: mixed.push_back(id + "," + std::to_string(a) + "e-2," + pb + "," + c); break;
      case 2: mixed.push_back(id + ",+" + pa + "," + pb + "," + c); break;
      case 3: mixed.push_back(id + ", " + pa + " ," + pb + "," + c); break;
      case 4: mixed.push_back(id + "," + pa + "00000000000000," + pb + "," + c); break;
      case 5: mixed.push_back("\"" + id + "\"," + pa + "," + pb + "," + c); break;
      case 6: mixed.push_back(id + "," + pa + "," + pb + "," + c + "\r"); break;
      default: mixed.push_back(plain.back());
    }
  }
  auto file_of = [](const std::vector<std::string>& rows) { return csv_file("id,x,y,z", rows); };
  for (const char* metric : {"roc_auc", "log_loss"}) {
    auto reference = test::run_score(metric, truth, file_of(plain));
    ASSERT_TRUE(reference.ok) << reference.errors_json().dump();
    for (const auto& rows : {mixed, shuffled_rows(mixed), shuffled_rows(plain)}) {
      auto r = test::run_score(metric, truth, file_of(rows));
      ASSERT_TRUE(r.ok) << metric << r.errors_json().dump();
      EXPECT_EQ(r.result.dump(), reference.result.dump()) << metric;
    }
  }
}

TEST(ScoringLargeFiles, ScoresKeptAsFixedPointScoreExactlyAsDoubles) {
  // Scores with at most nine decimals are kept as integers (Dataset::fixed_scores): each
  // must read back as the double parsing gives, and every score metric must give the same
  // bits as on those doubles. Few distinct values make ties within and across classes.
  const int n = 50000;
  std::string truth = "id,label\n";
  std::vector<std::string> lines;
  for (int i = 0; i < n; ++i) {
    std::string id = "f" + std::to_string(1000000 + i);
    truth += id + "," + "abc"[(i * 7) % 3] + "\n";
    const int a = (i * 37) % 41, b = (i * 11) % 23;
    char row[96];
    std::snprintf(row, sizeof row, ",%.3f,%.9f,%.6f", a / 100.0, b / 1e3 + 1e-9 * (i % 5), 1.0 - a / 100.0 - (b / 1e3 + 1e-9 * (i % 5)));
    lines.push_back(id + row);
  }
  auto file_of = [](const std::vector<std::string>& rows) { return csv_file("id,b,a,c", rows); };
  auto shuffled = shuffled_rows(lines);
  LoadOptions opt;
  opt.kind = InputKind::scores;
  opt.probabilities = true;
  for (const auto* rows : {&lines, &shuffled}) {
    const std::string pred = file_of(*rows);
    Dataset fixed;
    InputErrors errors;
    ASSERT_TRUE(load_csv_dataset(truth, pred, {}, opt, fixed, errors)) << (errors.kept().empty() ? "" : errors.kept()[0].message);
    ASSERT_EQ(fixed.fixed_scores.size(), std::size_t{n} * 3);
    ASSERT_TRUE(fixed.scores.empty());
    // The same dataset with its scores as doubles, as a file with longer decimals loads.
    Dataset doubles = fixed;
    doubles.scores.resize(doubles.fixed_scores.size());
    for (std::size_t i = 0; i < doubles.scores.size(); ++i) doubles.scores[i] = doubles.fixed_scores[i] / Dataset::kFixedScale;
    doubles.fixed_scores.clear();
    // Storage rows in the truth's order, and the truth row each came from.
    std::vector<std::uint32_t> order(n);
    for (std::uint32_t j = 0; j < static_cast<std::uint32_t>(n); ++j) order[j] = fixed.truth_order.empty() ? j : fixed.truth_order[j];
    for (std::uint32_t j = 0; j < static_cast<std::uint32_t>(n); j += 997) {
      auto fields = join::split(lines[j]);
      for (std::size_t c = 0; c < 3; ++c) {  // classes a, b, c are columns 2, 1, 3
        double expected;
        ASSERT_TRUE(parse_number(fields[c == 0 ? 2 : c == 1 ? 1 : 3], expected));
        ASSERT_EQ(std::bit_cast<std::uint64_t>(fixed.score(order[j], c)), std::bit_cast<std::uint64_t>(expected)) << lines[j];
      }
    }
    std::vector<std::uint32_t> some;
    for (std::uint32_t j = 0; j < static_cast<std::uint32_t>(n); j += 3) some.push_back(order[j]);
    for (auto fn : {roc_auc, log_loss, top_k_accuracy})
      for (RowSet set : {RowSet(order), RowSet(some)})
        for (Params params : {Params{}, Params{{"k", "2"}}}) {
          MetricValue a, b;
          std::string ea, eb;
          ASSERT_EQ(fn(fixed, set, params, a, ea), fn(doubles, set, params, b, eb));
          EXPECT_EQ(ea, eb);
          EXPECT_EQ(std::bit_cast<std::uint64_t>(a.score), std::bit_cast<std::uint64_t>(b.score));
          EXPECT_EQ(a.details.dump(), b.details.dump());
        }
  }
  // A first row with few decimals and a later one with more: loading starts again with
  // doubles, in either order, and reports each problem once.
  for (auto rows : {lines, shuffled}) {
    const std::size_t at = rows.size() - 100;
    const std::string id = rows[at].substr(0, rows[at].find(','));
    rows[at] = id + ",0.1234567891,0.2,0.6765432109";
    Dataset d;
    InputErrors errors;
    ASSERT_TRUE(load_csv_dataset(truth, file_of(rows), {}, opt, d, errors)) << (errors.kept().empty() ? "" : errors.kept()[0].message);
    EXPECT_TRUE(d.fixed_scores.empty());
    ASSERT_EQ(d.scores.size(), std::size_t{n} * 3);
    auto o = test::run_score("roc_auc", truth, file_of(rows));
    EXPECT_TRUE(o.ok) << o.errors_json().dump();
    rows[at / 2] = "f-unknown,0.5,0.25,0.25";
    o = test::run_score("roc_auc", truth, file_of(rows));
    ASSERT_FALSE(o.ok);
    EXPECT_EQ(o.errors.total(), 2u) << o.errors_json().dump();  // the unknown id, and the id it replaced is missing
  }
}

TEST(ScoringLargeFiles, ATruthReadInTwoHalvesKeepsLabelsLinesAndDuplicates) {
  // Over 4 MB of truth is read in two halves at once. Labels first seen in the second half
  // ('c'), its problems' line numbers and an id repeated across the halves must come out
  // as from one pass.
  const int n = 400000;
  std::string truth = "id,label\n", pred = "id,label\n";
  for (int i = 0; i < n; ++i) {
    std::string id = "id-" + std::to_string(1000000 + i);
    std::string label = i < n / 2 ? (i % 2 ? "b" : "a") : (i % 3 == 0 ? "c" : i % 3 == 1 ? "b" : "a");
    truth += id + "," + label + "\n";
    pred += id + "," + label + "\n";
  }
  ASSERT_GT(truth.size(), 4u << 20);
  auto o = test::run_score("f1", truth, pred, {{"average", "macro"}});
  ASSERT_TRUE(o.ok) << messages(o);
  EXPECT_EQ(o.result["score"].get<double>(), 1.0);
  EXPECT_EQ(o.result["details"]["per_class"]["c"]["support"].get<double>(), 66667.0);
  // Line 300002 (row 300000, second half) repeats the id of line 12; line 350002 has no label.
  auto line_start = [&](const std::string& text, std::size_t line) {
    std::size_t at = 0;
    for (std::size_t l = 1; l < line; ++l) at = text.find('\n', at) + 1;
    return at;
  };
  std::string broken = truth;
  auto at = line_start(broken, 350002);
  broken.replace(broken.find(',', at) + 1, 1, "");
  at = line_start(broken, 300002);
  broken.replace(at, broken.find(',', at) - at, "id-1000010");
  auto e = test::run_score("f1", broken, pred, {{"average", "macro"}});
  ASSERT_FALSE(e.ok);
  auto m = messages(e);
  EXPECT_NE(m.find("duplicate id 'id-1000010' (first on line 12)"), std::string::npos) << m;
  bool empty_label_at_line = false, duplicate_at_line = false;
  for (const auto& err : e.errors.kept()) {
    empty_label_at_line |= err.line == 350002 && err.message == "the label is empty";
    duplicate_at_line |= err.line == 300002 && err.message.find("duplicate id") == 0;
  }
  EXPECT_TRUE(empty_label_at_line && duplicate_at_line) << m;
}

}  // namespace aigc::scoring
