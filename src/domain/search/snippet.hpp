// A search hit's snippet: the stretch of a document's text where the query's terms are
// densest, HTML-escaped, with each matched word in <mark>. Matching goes through the same
// analysis as the index, so "evaluating" marks "evaluation" and 機器 marks 机器. Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace aigc {

// `terms`: analysed query terms. `window`: how many terms of text the snippet spans.
// Without a match, the text's beginning. Ends that cut the text show "…".
std::string snippet_html(std::string_view text, const std::vector<std::string>& terms, std::size_t window = 28);

}  // namespace aigc
