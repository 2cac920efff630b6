#include "domain/standards/clauses.hpp"

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <unordered_map>

#include "core/text.hpp"

namespace aigc {

namespace {

// Pass 5 of anchor_clauses compares every pair: bounded so a huge text stays cheap.
constexpr std::size_t kMaxPairs = 40000;
constexpr double kSameNumberSimilarity = 0.5;
constexpr double kAnywhereSimilarity = 0.6;

std::string trim_blank_lines(const std::string& s) {
  std::size_t a = 0, b = s.size();
  while (a < b && (s[a] == '\n' || s[a] == '\r' || s[a] == ' ' || s[a] == '\t')) ++a;
  while (b > a && (s[b - 1] == '\n' || s[b - 1] == '\r' || s[b - 1] == ' ' || s[b - 1] == '\t')) --b;
  // Keep a first line's indentation (code, lists): cut back to the line's start.
  while (a > 0 && s[a - 1] != '\n' && (s[a - 1] == ' ' || s[a - 1] == '\t')) --a;
  return s.substr(a, b - a);
}

bool is_fence(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && i < 3 && line[i] == ' ') ++i;
  return line.substr(i).rfind("```", 0) == 0 || line.substr(i).rfind("~~~", 0) == 0;
}

std::set<std::string> word_set(const Clause& c) {
  std::set<std::string> out;
  for (auto& t : diff_tokens(c.title + "\n" + c.body_md))
    if (!t.empty() && t.find_first_not_of(" \t\r\n") != std::string::npos) out.insert(t);
  return out;
}

double similarity(const std::set<std::string>& a, const std::set<std::string>& b) {
  if (a.empty() && b.empty()) return 1;
  std::size_t common = 0;
  for (const auto& t : a) common += b.count(t);
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

int anchor_number(const std::string& anchor) {
  std::int64_t n = 0;
  return anchor.size() > 1 && anchor[0] == 'c' && parse_int(anchor.substr(1), n) ? static_cast<int>(n) : 0;
}

}  // namespace

std::vector<Clause> parse_clauses(std::string_view markdown) {
  static const std::regex heading(R"(^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$)");
  static const std::regex numbered(
      R"(^((?:\d+(?:\.\d+)*)|(?:[A-Z](?:\.\d+)+)|(?:Annex [A-Z])|(?:附录 ?[A-Z]))\.?(?:[ \t]+|$)(.*)$)");
  std::vector<Clause> out;
  Clause current;
  std::string body;
  bool in_fence = false, any = false;
  auto flush = [&] {
    current.body_md = trim_blank_lines(body);
    if (any || !current.body_md.empty()) out.push_back(current);
    body.clear();
  };
  for (const auto& raw : split(std::string(markdown), '\n')) {
    std::string line = raw;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (is_fence(line)) in_fence = !in_fence;
    std::smatch m;
    if (!in_fence && std::regex_match(line, m, heading)) {
      flush();
      any = true;
      current = Clause{};
      current.level = static_cast<int>(m[1].length());
      std::string text = m[2].str();
      std::smatch n;
      if (std::regex_match(text, n, numbered)) {
        current.number = n[1].str();
        current.title = n[2].str();
      } else {
        current.title = text;
      }
      continue;
    }
    body += line + "\n";
  }
  flush();
  return out;
}

std::string clauses_markdown(const std::vector<Clause>& clauses) {
  std::string out;
  for (const auto& c : clauses) {
    if (c.level > 0) {
      out += std::string(static_cast<std::size_t>(c.level), '#') + " ";
      if (!c.number.empty()) out += c.number + (c.title.empty() ? "" : " ");
      out += c.title + "\n\n";
    }
    if (!c.body_md.empty()) out += c.body_md + "\n\n";
  }
  while (out.size() >= 2 && out.substr(out.size() - 2) == "\n\n") out.pop_back();
  return out;
}

int anchor_clauses(const std::vector<Clause>& previous, std::vector<Clause>& next, int last_anchor) {
  std::vector<bool> taken(previous.size(), false);
  for (auto& c : next) c.anchor.clear();
  auto pass = [&](auto&& same) {
    for (auto& c : next) {
      if (!c.anchor.empty()) continue;
      for (std::size_t i = 0; i < previous.size(); ++i)
        if (!taken[i] && !previous[i].anchor.empty() && same(previous[i], c)) {
          taken[i] = true;
          c.anchor = previous[i].anchor;
          break;
        }
    }
  };
  pass([](const Clause& p, const Clause& c) { return p.level == c.level && p.title == c.title && p.body_md == c.body_md; });
  pass([](const Clause& p, const Clause& c) { return p.number == c.number && p.title == c.title && p.level == c.level; });
  pass([](const Clause& p, const Clause& c) { return !c.title.empty() && p.title == c.title; });
  std::vector<std::set<std::string>> prev_words(previous.size());
  for (std::size_t i = 0; i < previous.size(); ++i) prev_words[i] = word_set(previous[i]);
  pass([&](const Clause& p, const Clause& c) {
    if (p.number.empty() || p.number != c.number) return false;
    std::size_t i = static_cast<std::size_t>(&p - previous.data());
    return similarity(prev_words[i], word_set(c)) >= kSameNumberSimilarity;
  });
  if (previous.size() * next.size() <= kMaxPairs) {
    // The best remaining pair first, so a clause goes to the one it resembles most.
    struct Pair { double score; std::size_t p, n; };
    std::vector<Pair> pairs;
    for (std::size_t n = 0; n < next.size(); ++n) {
      if (!next[n].anchor.empty()) continue;
      auto words = word_set(next[n]);
      for (std::size_t p = 0; p < previous.size(); ++p)
        if (!taken[p] && !previous[p].anchor.empty()) {
          double s = similarity(prev_words[p], words);
          if (s >= kAnywhereSimilarity) pairs.push_back({s, p, n});
        }
    }
    std::stable_sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) { return a.score > b.score; });
    for (const auto& [score, p, n] : pairs)
      if (!taken[p] && next[n].anchor.empty()) {
        taken[p] = true;
        next[n].anchor = previous[p].anchor;
      }
  }
  for (const auto& p : previous) last_anchor = std::max(last_anchor, anchor_number(p.anchor));
  for (auto& c : next)
    if (c.anchor.empty()) c.anchor = "c" + std::to_string(++last_anchor);
  return last_anchor;
}

const Clause* find_clause(const std::vector<Clause>& clauses, std::string_view anchor_or_number) {
  for (const auto& c : clauses)
    if (c.anchor == anchor_or_number) return &c;
  for (const auto& c : clauses)
    if (!c.number.empty() && c.number == anchor_or_number) return &c;
  return nullptr;
}

std::string_view clause_change_name(ClauseChange::Kind kind) {
  switch (kind) {
    case ClauseChange::Kind::added: return "added";
    case ClauseChange::Kind::removed: return "removed";
    case ClauseChange::Kind::changed: return "changed";
  }
  return "changed";
}

std::vector<ClauseChange> diff_clauses(const std::vector<Clause>& from, const std::vector<Clause>& to) {
  std::unordered_map<std::string, std::size_t> in_from, in_to;
  for (std::size_t i = 0; i < from.size(); ++i) in_from.emplace(from[i].anchor, i);
  for (std::size_t j = 0; j < to.size(); ++j) in_to.emplace(to[j].anchor, j);

  // The clauses both have, in `to`'s order, by their place in `from`: those on the
  // longest increasing run kept their order; the others moved.
  std::vector<std::size_t> common;  // indices into `to`
  for (std::size_t j = 0; j < to.size(); ++j)
    if (in_from.count(to[j].anchor)) common.push_back(j);
  std::vector<std::size_t> tails, parent(common.size(), SIZE_MAX);
  for (std::size_t k = 0; k < common.size(); ++k) {
    std::size_t v = in_from[to[common[k]].anchor];
    auto it = std::lower_bound(tails.begin(), tails.end(), v,
                               [&](std::size_t t, std::size_t value) { return in_from[to[common[t]].anchor] < value; });
    std::size_t pos = static_cast<std::size_t>(it - tails.begin());
    if (pos > 0) parent[k] = tails[pos - 1];
    if (it == tails.end()) tails.push_back(k);
    else *it = k;
  }
  std::set<std::size_t> kept_order;
  for (std::size_t k = tails.empty() ? SIZE_MAX : tails.back(); k != SIZE_MAX; k = parent[k]) kept_order.insert(common[k]);

  // A removed clause goes after the nearest clause before it in `from` that `to` still has.
  std::map<std::string, std::vector<std::size_t>> removed_after;  // anchor ("" = at the start)
  for (std::size_t i = 0; i < from.size(); ++i) {
    if (in_to.count(from[i].anchor)) continue;
    std::string after;
    for (std::size_t k = i; k-- > 0;)
      if (in_to.count(from[k].anchor)) {
        after = from[k].anchor;
        break;
      }
    removed_after[after].push_back(i);
  }
  std::vector<ClauseChange> out;
  auto emit_removed = [&](const std::string& after) {
    auto it = removed_after.find(after);
    if (it == removed_after.end()) return;
    for (std::size_t i : it->second) {
      ClauseChange c;
      c.kind = ClauseChange::Kind::removed;
      c.anchor = from[i].anchor;
      c.from = from[i];
      c.text_changed = true;
      c.title_diff = {{DiffPiece::Op::removed, from[i].title}};
      if (!from[i].body_md.empty()) c.body_diff = {{DiffPiece::Op::removed, from[i].body_md}};
      out.push_back(std::move(c));
    }
  };
  emit_removed("");
  for (std::size_t j = 0; j < to.size(); ++j) {
    const Clause& t = to[j];
    auto f = in_from.find(t.anchor);
    if (f == in_from.end()) {
      ClauseChange c;
      c.kind = ClauseChange::Kind::added;
      c.anchor = t.anchor;
      c.to = t;
      c.text_changed = true;
      c.title_diff = {{DiffPiece::Op::added, t.title}};
      if (!t.body_md.empty()) c.body_diff = {{DiffPiece::Op::added, t.body_md}};
      out.push_back(std::move(c));
    } else {
      const Clause& s = from[f->second];
      ClauseChange c;
      c.anchor = t.anchor;
      c.moved = !kept_order.count(j);
      c.renumbered = s.number != t.number;
      const bool title_changed = s.title != t.title || s.level != t.level, body_changed = s.body_md != t.body_md;
      c.text_changed = title_changed || body_changed;
      if (c.moved || c.renumbered || c.text_changed) {
        c.from = s;
        c.to = t;
        if (title_changed) c.title_diff = diff_words(s.title, t.title);
        if (body_changed) c.body_diff = diff_words(s.body_md, t.body_md);
        out.push_back(std::move(c));
      }
    }
    emit_removed(t.anchor);
  }
  return out;
}

}  // namespace aigc
