// A standard's text as clauses, and what changed between two versions of it. Pure and
// thread-safe.
//
// A clause starts at a markdown heading; a numbered heading ("## 5.2 Data quality",
// "## A.1 Examples", "# Annex B Bibliography") gives it its number, an unnumbered one
// ("## Foreword") its title only, and text before the first heading is the preamble.
// Every clause carries an anchor ("c7") that stays with it from version to version, so
// a link or a comment on it still finds it after clauses are inserted, renumbered or
// moved: anchor_clauses() gives a new version's clauses the anchors of the previous
// version's clauses they continue. A link may also name a clause by number
// (find_clause() takes either).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/text_diff.hpp"

namespace aigc {

struct Clause {
  std::string anchor;   // stable across versions; empty until anchor_clauses()
  std::string number;   // "5.2", "A.1"; empty for an unnumbered heading or the preamble
  std::string title;    // the heading without its number
  int level = 0;        // the heading's #s; 0 for the preamble
  std::string body_md;  // the text under the heading, up to the next heading
};

// The clauses of a markdown text, in order. Headings inside fenced code are text.
std::vector<Clause> parse_clauses(std::string_view markdown);

// The text back from its clauses (what parse_clauses read, headings normalized).
std::string clauses_markdown(const std::vector<Clause>& clauses);

// Gives `next` (a new version, parsed) anchors: a clause keeps the anchor of the clause of
// `previous` it continues (the same text anywhere, else the same number and title, else
// the same title, else the same number with mostly the same words, else mostly the same
// words anywhere), and a new clause takes the next unused anchor after `last_anchor`.
// Returns the largest anchor number now used.
int anchor_clauses(const std::vector<Clause>& previous, std::vector<Clause>& next, int last_anchor);

// The clause with this anchor ("c7") or number ("5.2"), if the version has it.
const Clause* find_clause(const std::vector<Clause>& clauses, std::string_view anchor_or_number);

struct ClauseChange {
  enum class Kind { added, removed, changed };
  Kind kind = Kind::changed;
  std::string anchor;
  std::optional<Clause> from, to;     // absent for added (from) or removed (to)
  bool moved = false;                 // now stands in another order among the clauses both have
  bool renumbered = false;            // the same clause under another number
  bool text_changed = false;          // its heading or body differs
  std::vector<DiffPiece> title_diff;  // heading: words, CJK by character
  std::vector<DiffPiece> body_diff;   // empty when the body did not change
};

std::string_view clause_change_name(ClauseChange::Kind kind);

// The clauses that differ between two anchored versions, in the order of `to` (a removed
// clause after the clause that preceded it in `from`). Moved clauses are those outside the
// longest run of common clauses that kept their order.
std::vector<ClauseChange> diff_clauses(const std::vector<Clause>& from, const std::vector<Clause>& to);

}  // namespace aigc
