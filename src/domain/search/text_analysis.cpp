#include "domain/search/text_analysis.hpp"

#include <memory>
#include <stdexcept>

#include <libstemmer.h>
#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

namespace aigc {

namespace {

// Long runs of letters are kept to this many code points: no word is longer, and
// PostgreSQL refuses lexemes over 2 KB.
constexpr std::size_t kMaxTermCodePoints = 64;

struct Tools {
  std::unique_ptr<icu::BreakIterator> words;
  std::unique_ptr<icu::Transliterator> simplify;
  const icu::Normalizer2* fold = nullptr;
  sb_stemmer* stemmer = nullptr;

  Tools() {
    UErrorCode status = U_ZERO_ERROR;
    words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    simplify.reset(icu::Transliterator::createInstance("Traditional-Simplified", UTRANS_FORWARD, status));
    fold = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status) || !words || !simplify || !fold)
      throw std::runtime_error(std::string("ICU text analysis is unavailable: ") + u_errorName(status));
    stemmer = sb_stemmer_new("english", "UTF_8");
    if (!stemmer) throw std::runtime_error("the Snowball English stemmer is unavailable");
  }
  ~Tools() { sb_stemmer_delete(stemmer); }
  Tools(const Tools&) = delete;
  Tools& operator=(const Tools&) = delete;
};

Tools& tools() {
  thread_local Tools t;
  return t;
}

bool is_cjk(UChar32 c) {
  if (c == 0x30FC || c == 0x3005) return true;  // ー and 々 are Common but live inside words
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(c, &status)) {
    case USCRIPT_HAN: case USCRIPT_HIRAGANA: case USCRIPT_KATAKANA: case USCRIPT_HANGUL: case USCRIPT_BOPOMOFO:
      return u_isalpha(c) || u_charType(c) == U_OTHER_LETTER;
    default:
      return false;
  }
}

bool is_word_char(UChar32 c) {
  return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_N_MASK | U_GC_M_MASK)) != 0;
}

struct Char {
  UChar32 c;
  std::uint32_t begin, end;
};

class Analyzer {
 public:
  explicit Analyzer(Analysis& out) : out_(out) {}

  void add_word_char(const Char& ch) {
    flush_run();
    if (piece_.isEmpty()) piece_begin_ = ch.begin;
    if (piece_cps_ < kMaxTermCodePoints) {
      piece_.append(ch.c);
      ++piece_cps_;
    }
    piece_end_ = ch.end;
    if (u_isalpha(ch.c)) {
      UErrorCode status = U_ZERO_ERROR;
      if (uscript_getScript(ch.c, &status) != USCRIPT_LATIN) piece_latin_ = false;
    }
  }

  void add_cjk_char(const Char& ch) {
    flush_piece();
    run_.push_back(ch);
  }

  void flush_piece() {
    if (piece_.isEmpty()) return;
    std::string term;
    piece_.toUTF8String(term);
    if (piece_latin_) {
      Tools& t = tools();
      const sb_symbol* stem = sb_stemmer_stem(t.stemmer, reinterpret_cast<const sb_symbol*>(term.data()),
                                              static_cast<int>(term.size()));
      if (stem) term.assign(reinterpret_cast<const char*>(stem), static_cast<std::size_t>(sb_stemmer_length(t.stemmer)));
    }
    out_.terms.push_back({std::move(term), piece_begin_, piece_end_, false});
    piece_.remove();
    piece_cps_ = 0;
    piece_latin_ = true;
  }

  void flush_run() {
    if (run_.empty()) return;
    auto emit = [&](std::size_t from, std::size_t count) {
      icu::UnicodeString s;
      for (std::size_t i = from; i < from + count; ++i) s.append(run_[i].c);
      std::string term;
      s.toUTF8String(term);
      out_.terms.push_back({std::move(term), run_[from].begin, run_[from + count - 1].end, true});
    };
    if (run_.size() == 1) emit(0, 1);
    for (std::size_t i = 0; i + 1 < run_.size(); ++i) emit(i, 2);
    run_.clear();
  }

  void flush() {
    flush_piece();
    flush_run();
  }

 private:
  Analysis& out_;
  icu::UnicodeString piece_;
  std::size_t piece_cps_ = 0;
  bool piece_latin_ = true;
  std::uint32_t piece_begin_ = 0, piece_end_ = 0;
  std::vector<Char> run_;
};

}  // namespace

Analysis analyze_text(std::string_view utf8) {
  Analysis out;
  if (utf8.empty()) return out;
  Tools& t = tools();
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  // Byte offset in utf8 of each UTF-16 index, for highlighting the original text.
  std::vector<std::uint32_t> byte_at(static_cast<std::size_t>(text.length()) + 1, static_cast<std::uint32_t>(utf8.size()));
  {
    std::uint32_t byte = 0;
    for (int32_t i = 0; i < text.length();) {
      UChar32 c = text.char32At(i);
      byte_at[static_cast<std::size_t>(i)] = byte;
      int32_t units = U16_LENGTH(c);
      if (units == 2) byte_at[static_cast<std::size_t>(i) + 1] = byte;
      byte += static_cast<std::uint32_t>(U8_LENGTH(c));
      i += units;
    }
  }

  Analyzer analyzer(out);
  t.words->setText(text);
  int32_t start = t.words->first();
  for (int32_t end = t.words->next(); end != icu::BreakIterator::DONE; start = end, end = t.words->next()) {
    if (t.words->getRuleStatus() < UBRK_WORD_NONE_LIMIT) {
      // Spaces and punctuation end every run; a lone letter the rules call "none" (a
      // combining mark after a space, say) is still kept.
      bool any = false;
      for (int32_t i = start; i < end; i = text.moveIndex32(i, 1)) any = any || is_word_char(text.char32At(i));
      if (!any) {
        analyzer.flush();
        continue;
      }
    }
    icu::UnicodeString segment(text, start, end - start);
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString folded = t.fold->normalize(segment, status);
    if (U_FAILURE(status)) folded = segment;
    bool han = false;
    for (int32_t i = 0; i < folded.length() && !han; i = folded.moveIndex32(i, 1)) {
      UErrorCode s2 = U_ZERO_ERROR;
      han = uscript_getScript(folded.char32At(i), &s2) == USCRIPT_HAN;
    }
    if (han) t.simplify->transliterate(folded);

    // Folding may change the number of characters (ﬁ → fi); then every character takes
    // the whole segment's range.
    const bool one_to_one = folded.countChar32() == segment.countChar32();
    const std::uint32_t seg_begin = byte_at[static_cast<std::size_t>(start)];
    const std::uint32_t seg_end = byte_at[static_cast<std::size_t>(end)];
    int32_t orig = start;
    bool all_cjk = true;
    std::size_t count = 0;
    for (int32_t i = 0; i < folded.length(); i = folded.moveIndex32(i, 1)) {
      UChar32 c = folded.char32At(i);
      Char ch{c, seg_begin, seg_end};
      if (one_to_one) {
        int32_t next = text.moveIndex32(orig, 1);
        ch.begin = byte_at[static_cast<std::size_t>(orig)];
        ch.end = byte_at[static_cast<std::size_t>(next)];
        orig = next;
      }
      ++count;
      if (is_cjk(c)) {
        analyzer.add_cjk_char(ch);
      } else {
        all_cjk = false;
        if (is_word_char(c)) analyzer.add_word_char(ch);
        else analyzer.flush();
      }
    }
    analyzer.flush_piece();
    if (all_cjk && count >= 2) {
      std::string word(kWordMark);
      folded.toUTF8String(word);
      out.words.push_back(std::move(word));
    }
  }
  analyzer.flush();
  return out;
}

std::string index_terms(const Analysis& analysis) {
  std::string out;
  for (const auto& t : analysis.terms) {
    if (!out.empty()) out += ' ';
    out += t.term;
  }
  for (const auto& w : analysis.words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

}  // namespace aigc
