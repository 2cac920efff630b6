// nltk.word_tokenize as NLTK 3.8 has it: the text split into sentences by punkt with
// NLTK's English model (punkt.hpp), then each sentence by NLTK's word tokenizer
// (NLTKWordTokenizer, the improved Treebank rules): the same regular expressions in the
// same order, run by ICU with Python's own \w, \d, \s and (?i) (python_unicode.hpp), so
// "3.5", "1,000", "u.s", "a|b" and ".5" stay whole, "don't" becomes "do" "n't" and a
// sentence's final period is split off.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace aigc::scoring {

std::vector<std::string> nltk_word_tokenize(std::string_view text);
// The word rules alone, on one sentence (NLTKWordTokenizer().tokenize).
std::vector<std::string> nltk_treebank_tokenize(std::string_view sentence);

}  // namespace aigc::scoring
