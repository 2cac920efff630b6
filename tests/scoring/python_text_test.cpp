// Python's text semantics, as the reference scripts see them, over the whole code space:
// re's \w, \d and \s and str.lower() for every code point, final sigma in context, and
// NLTK's word tokenizer on thousands of awkward strings (contractions, quotes, decimals,
// thousands separators, abbreviations, Unicode spaces and numerals), each against Debian's
// /usr/bin/python3 and its nltk.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "scoring/nltk_tokenize.hpp"
#include "scoring/punkt.hpp"
#include "scoring/python_unicode.hpp"
#include "scoring/text_tokenize.hpp"

namespace aigc::scoring {

namespace {

std::string read(const std::filesystem::path& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

const std::filesystem::path& oracle_dir() {
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("aigc-python-text-" + std::to_string(::getpid()));
    std::string cmd = "/usr/bin/python3 " + std::string(AIGC_SOURCE_DIR) + "/tests/scoring/python_text_oracle.py " + d.string();
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("oracle failed: " + cmd);
    return d;
  }();
  return dir;
}

std::string python_version_unicode() {
  std::string out;
  FILE* p = ::popen("/usr/bin/python3 -c 'import unicodedata; print(unicodedata.unidata_version, end=\"\")'", "r");
  char buf[64];
  while (p && std::fgets(buf, sizeof buf, p)) out += buf;
  if (p) ::pclose(p);
  return out;
}

std::string utf8(char32_t cp) {
  std::string s;
  append_utf8(s, cp);
  return s;
}

}  // namespace

TEST(PythonText, ClassesAndLowerCaseMatchPythonForEveryCodePoint) {
  if (python_version_unicode() != py::unicode_version())
    GTEST_SKIP() << "the reference Python has Unicode " << python_version_unicode() << ", the tables "
                 << py::unicode_version() << " (regenerate them with scripts/gen-python-unicode)";
  auto flags = read(oracle_dir() / "classes.bin");
  ASSERT_EQ(flags.size(), 0x110000u);
  auto lower = nlohmann::json::parse(read(oracle_dir() / "lower.json"));
  int wrong = 0;
  for (char32_t c = 0; c < 0x110000; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    auto f = static_cast<unsigned char>(flags[c]);
    bool ok = py::is_word(c) == bool(f & 1) && py::is_decimal(c) == bool(f & 2) && py::is_space(c) == bool(f & 4) &&
              py::is_upper(c) == bool(f & 8) && py::is_lower(c) == bool(f & 16);
    auto it = lower.find(std::to_string(static_cast<unsigned>(c)));
    std::string expected = it == lower.end() ? utf8(c) : it->get<std::string>();
    ok = ok && py::lower(utf8(c)) == expected;
    if (!ok && ++wrong <= 10) ADD_FAILURE() << "U+" << std::hex << static_cast<unsigned>(c) << ": flags " << int(f);
  }
  EXPECT_EQ(wrong, 0);
}

TEST(PythonText, LowerCaseAndNltkTokensMatchOnAwkwardStrings) {
  auto strings = nlohmann::json::parse(read(oracle_dir() / "strings.json"));
  ASSERT_EQ(strings.size(), 4000u);
  int wrong = 0;
  for (const auto& s : strings) {
    auto text = s["text"].get<std::string>();
    bool ok = py::lower(text) == s["lower"].get<std::string>() &&
              nltk_treebank_tokenize(text) == s["tokens"].get<std::vector<std::string>>() &&
              nltk_treebank_tokenize(py::lower(text)) == s["lower_tokens"].get<std::vector<std::string>>();
    if (!ok && ++wrong <= 10) {
      std::string got;
      for (const auto& t : nltk_treebank_tokenize(text)) got += "[" + t + "]";
      ADD_FAILURE() << s.dump() << "\n  tokens here: " << got << "\n  lower here: " << py::lower(text);
    }
  }
  EXPECT_EQ(wrong, 0);
}

// nltk.word_tokenize splits sentences with punkt first: the sentences and the tokens of
// texts full of abbreviations, initials, numbers and closing quotes, against nltk's own
// PunktSentenceTokenizer run with the same English model (tests/scoring/punkt_reference.py).
TEST(PythonText, PunktSentencesAndWordTokensMatchNltk) {
  auto texts = nlohmann::json::parse(read(oracle_dir() / "sentences.json"));
  ASSERT_EQ(texts.size(), 3000u);
  int wrong = 0, split = 0;
  for (const auto& t : texts) {
    auto text = t["text"].get<std::string>();
    auto sentences = punkt_sentences(text);
    split += sentences.size() > 1;
    bool ok = sentences == t["sentences"].get<std::vector<std::string>>() &&
              nltk_word_tokenize(text) == t["tokens"].get<std::vector<std::string>>();
    if (!ok && ++wrong <= 10) {
      std::string got;
      for (const auto& s : sentences) got += "[" + s + "]";
      ADD_FAILURE() << t.dump() << "\n  sentences here: " << got;
    }
  }
  EXPECT_EQ(wrong, 0);
  EXPECT_GT(split, 1000);  // the texts do make punkt decide
}

}  // namespace aigc::scoring
