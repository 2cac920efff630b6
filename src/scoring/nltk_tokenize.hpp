// NLTK's word tokenizer (NLTKWordTokenizer, the improved Treebank rules that
// nltk.word_tokenize applies to each sentence), as NLTK 3.8 has it: the same regular
// expressions in the same order, run by ICU with Python's own \w, \d, \s and (?i)
// (python_unicode.hpp), so "3.5", "1,000", "u.s", "a|b" and ".5" stay whole, "don't"
// becomes "do" "n't" and a final period is split off. Sentence splitting (punkt) is not
// applied: it needs NLTK's trained data, which Debian does not ship.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace aigc::scoring {

std::vector<std::string> nltk_word_tokenize(std::string_view text);

}  // namespace aigc::scoring
