// The JSON shape of each domain type, defined once and used by the API and the views.
#pragma once

#include <nlohmann/json.hpp>

#include "domain/competitions/competition.hpp"
#include "domain/competitions/submission.hpp"
#include "domain/competitions/team.hpp"
#include "domain/discussions/discussion.hpp"
#include "domain/members/member.hpp"
#include "domain/organizations/organization.hpp"
#include "domain/pages/page.hpp"
#include "domain/research/paper.hpp"
#include "domain/search/search_document.hpp"

namespace aigc {

// Public fields only; email and preferences are added when `is_self`.
// Texts people write in both languages ({en, zh} pairs), chosen for a reader: each in `lang`
// when written in it, else in the other. `shown_lang` is the language most of them are shown
// in, `fallback` says the reader's was missing, and `other_lang` names the language the reader
// can switch to ("also in ..."), empty when no text exists in it.
struct PickedTexts {
  std::vector<std::string> texts;
  std::string shown_lang;
  bool fallback = false;
  std::string other_lang;
};
PickedTexts pick_texts(const std::string& lang, const std::vector<std::pair<std::string, std::string>>& pairs);
// The <option>s of the two site languages, `selected` marked (registration and profile forms).
nlohmann::json lang_options(const std::string& selected);
std::string avatar_url(const Member& m);
nlohmann::json to_json(const Member& m, const std::string& lang, bool is_self = false);
nlohmann::json to_json(const Organization& o, const std::string& lang);
// Summary (list) or full page with front matter, HTML and table of contents.
nlohmann::json to_json(const Page& p, bool full);
nlohmann::json to_json(const ApiToken& t);
// A score as the site writes it: six significant digits.
std::string score_text(double v);
nlohmann::json to_json(const LeaderboardEntry& e);
// The exports organizers download: one row per board entry, or per submission.
std::string to_csv(const Leaderboard& b);
std::string to_csv(const std::vector<Submission>& submissions);
// Titles and descriptions in `lang`, falling back to the other language; phases with status.
nlohmann::json to_json(const Competition& c, const std::string& lang, std::int64_t now);
// A submission as its team sees it: the private score only when the caller passes one
// that may be shown (the domain clears it otherwise).
nlohmann::json to_json(const Submission& s);
nlohmann::json to_json(const Team& t);
nlohmann::json to_json(const Leaderboard& board);
// A paper for a reader: title and abstract in `lang` when written in it (else the other),
// both languages' texts, authors in order (members with handle and url, confirmed or
// not), links (arXiv and DOI as addresses), fields with their names in `lang`.
nlohmann::json to_json(const Paper& p, const std::string& lang);
// A topic in a feed: where it lives (category, field with its name in `lang`, the
// competition or paper), its author, counts and states; times as ISO 8601.
nlohmann::json to_json(const Topic& t, const std::string& lang);
// A post's source (body_md), its number and whom it answers; the HTML is the page's.
nlohmann::json to_json(const Post& p);

// Tags as links for a page: each {name, query} with the query URL-encoded ("c++" must not
// arrive as "c  ").
nlohmann::json tag_links(const std::vector<std::string>& tags);

// A search hit for a reader: its title in `lang` (else the other), the snippet's HTML
// (escaped text and <mark>), the date as ISO 8601.
nlohmann::json to_json(const SearchHit& h, const std::string& lang);
// Results with facets; `next_cursor` null on the last page.
nlohmann::json to_json(const SearchResults& r, const std::string& lang);

// Every country with its name in `lang`, for the cached <select> options.
nlohmann::json country_options(const std::string& lang);

}  // namespace aigc
