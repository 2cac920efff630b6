#include "web/serializers.hpp"

#include <cstdio>

#include "core/clock.hpp"
#include "core/countries.hpp"
#include "core/text.hpp"
#include "domain/pages/markdown.hpp"
#include "domain/research/fields.hpp"

namespace aigc {

using nlohmann::json;

PickedTexts pick_texts(const std::string& lang, const std::vector<std::pair<std::string, std::string>>& pairs) {
  PickedTexts out;
  bool zh = lang == "zh-CN";
  int in_reader = 0, in_other = 0, other_differs = 0;
  for (const auto& [en, zh_text] : pairs) {
    const auto& mine = zh ? zh_text : en;
    const auto& theirs = zh ? en : zh_text;
    out.texts.push_back(mine.empty() ? theirs : mine);
    in_reader += !mine.empty();
    in_other += !theirs.empty();
    other_differs += !theirs.empty() && theirs != mine;
  }
  std::string reader = zh ? "zh-CN" : "en", other = zh ? "en" : "zh-CN";
  out.fallback = in_reader == 0 && in_other > 0;
  out.shown_lang = out.fallback ? other : reader;
  if (!out.fallback && other_differs > 0) out.other_lang = other;
  return out;
}

json lang_options(const std::string& selected) {
  return json::array({{{"code", "en"}, {"name", "English"}, {"selected", selected == "en"}},
                      {{"code", "zh-CN"}, {"name", "中文"}, {"selected", selected == "zh-CN"}}});
}

std::string avatar_url(const Member& m) {
  // The version in the URL changes with the avatar, so the picture can be cached for long.
  return "/members/" + m.handle + "/avatar?v=" + (m.avatar_blob.empty() ? "initials" : m.avatar_blob.substr(0, 12));
}

json to_json(const Member& m, const std::string& lang, bool is_self) {
  json j = {{"handle", m.handle},
            {"display_name", m.deleted() ? (lang == "zh-CN" ? "已注销成员" : "deleted member") : m.display_name},
            {"deleted", m.deleted()},
            {"avatar_url", avatar_url(m)},
            {"country", m.country},
            {"country_name", m.country.empty() ? "" : country_name(m.country, lang)},
            {"organization", m.organization_slug.empty() ? json(nullptr)
                                                         : json{{"slug", m.organization_slug}, {"name", m.organization_name}}},
            {"bio_md", m.bio_md},
            {"skills", m.skills},
            {"role", to_string(m.role)},
            {"joined_at", iso8601_utc(m.created_at)},
            {"url", "/members/" + m.handle}};
  if (is_self) {
    j["email"] = m.email;
    j["preferred_lang"] = m.preferred_lang;
    j["time_zone"] = m.time_zone;
  }
  return j;
}

json to_json(const Organization& o, const std::string& lang) {
  bool zh = lang == "zh-CN";
  auto picked = pick_texts(lang, {{o.description_md, o.description_zh}});
  return {{"slug", o.slug},
          {"name", zh && !o.name_zh.empty() ? o.name_zh : o.name},
          {"other_name", zh ? (o.name_zh.empty() ? "" : o.name) : o.name_zh},  // the name in the other language, if any
          {"name_en", o.name},
          {"name_zh", o.name_zh},
          {"description_en", o.description_md},
          {"description_zh", o.description_zh},
          {"text_lang", picked.shown_lang},
          {"kind", o.kind},
          {"country", o.country},
          {"country_name", o.country.empty() ? "" : country_name(o.country, lang)},
          {"website", o.website},
          {"description_md", picked.texts[0]},
          {"member_count", o.member_count},
          {"url", "/organizations/" + o.slug}};
}

json to_json(const Page& p, bool full) {
  json j = {{"slug", p.slug},
            {"title", p.title},
            {"lang", p.lang},
            {"description", p.description},
            {"icon", p.icon},
            {"updated_at", iso8601_utc(p.updated_at)},
            {"url", "/pages/" + p.slug + "?lang=" + p.lang}};
  if (full) {
    j["front_matter"] = json::parse(p.front_matter_json, nullptr, false);
    if (j["front_matter"].is_discarded()) j["front_matter"] = json::object();
    j["cover"] = p.cover;
    j["html"] = p.body_html;
    auto toc = json::array();
    for (const auto& e : p.toc)
      toc.push_back({{"level", e.level}, {"id", e.id}, {"text", e.text}, {"label", e.label}, {"part", e.part}});
    j["toc"] = toc;
  }
  return j;
}

json to_json(const ApiToken& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"prefix", t.prefix},
          {"created_at", iso8601_utc(t.created_at)},
          {"last_used_at", t.last_used_at ? json(iso8601_utc(t.last_used_at)) : json(nullptr)}};
}

json to_json(const Competition& c, const std::string& lang, std::int64_t now) {
  auto pick = [&](const std::string& en, const std::string& zh) { return lang == "zh-CN" ? (zh.empty() ? en : zh) : (en.empty() ? zh : en); };
  json phases = json::array();
  for (const auto& p : c.phases) {
    auto params = json::parse(p.params_json, nullptr, false);
    phases.push_back({{"name", p.name},
                      {"description", pick(p.description_en, p.description_zh)},
                      {"description_en", p.description_en},
                      {"description_zh", p.description_zh},
                      {"starts_at", iso8601_utc(p.starts_at)},
                      {"ends_at", iso8601_utc(p.ends_at)},
                      {"status", now < p.starts_at ? "upcoming" : now < p.ends_at || c.playground ? "open" : "closed"},
                      {"metric", p.metric},
                      {"params", params.is_discarded() ? json::object() : params},
                      {"public_fraction", p.public_fraction},
                      {"daily_limit", p.daily_limit},
                      {"total_limit", p.total_limit},
                      {"max_team_size", p.max_team_size}});
  }
  return {{"slug", c.slug},
          {"title", pick(c.title_en, c.title_zh)},
          {"title_en", c.title_en},
          {"title_zh", c.title_zh},
          {"description_md", pick(c.description_en, c.description_zh)},
          {"rules_md", pick(c.rules_md, c.rules_zh)},
          {"prizes_md", pick(c.prizes_md, c.prizes_zh)},
          {"texts", {{"en", {{"title", c.title_en}, {"description_md", c.description_en}, {"rules_md", c.rules_md}, {"prizes_md", c.prizes_md}}},
                     {"zh-CN", {{"title", c.title_zh}, {"description_md", c.description_zh}, {"rules_md", c.rules_zh}, {"prizes_md", c.prizes_zh}}}}},
          {"tags", c.tags},
          {"cover", c.cover},
          {"visibility", c.visibility},
          {"playground", c.playground},
          {"organizer", c.organizer_handle},
          {"phases", phases},
          {"files", [&] {
             json files = json::array();  // public files only: the truth is never listed here
             for (const auto& f : c.files)
               if (f.kind == "public")
                 files.push_back({{"name", f.name}, {"size", f.size}, {"sha256", f.blob},
                                  {"url", "/competitions/" + c.slug + "/files/" + f.name}});
             return files;
           }()},
          {"url", "/competitions/" + c.slug}};
}

json to_json(const Submission& s) {
  auto details = json::parse(s.public_details, nullptr, false);
  json j = {{"id", s.id},
            {"phase", s.phase_name},
            {"team", s.team_name},
            {"submitter", s.member_handle},
            {"filename", s.filename},
            {"size", s.size},
            {"message", s.message},
            {"status", to_string(s.status)},
            {"error", s.error.empty() ? json(nullptr) : json(s.error)},
            {"public_score", s.public_score ? json(*s.public_score) : json(nullptr)},
            {"public_details", details.is_discarded() ? json::object() : details},
            {"selected", s.selected},
            {"created_at", iso8601_utc(s.created_at)},
            {"scored_at", s.scored_at ? json(iso8601_utc(s.scored_at)) : json(nullptr)},
            {"url", "/submissions/" + s.id}};
  if (s.private_score) j["private_score"] = *s.private_score;
  // The engine's problems as codes with their values, for clients that word them.
  auto problems = json::parse(s.error_problems.empty() ? "[]" : s.error_problems, nullptr, false);
  j["problems"] = json::array();
  if (problems.is_array())
    for (const auto& p : problems)
      j["problems"].push_back({{"code", "scoring." + p.value("code", std::string())},
                               {"position", p.value("where", std::string())},
                               {"values", p.value("values", json::object())}});
  return j;
}

json to_json(const Team& t) {
  json members = json::array();
  for (const auto& m : t.members) members.push_back({{"handle", m.handle}, {"display_name", m.display_name}, {"leader", m.member_id == t.leader_id}});
  return {{"id", t.id}, {"name", t.name}, {"baseline", t.is_baseline}, {"members", members}};
}

std::string score_text(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

json to_json(const LeaderboardEntry& e) {
  return {{"rank", e.is_baseline ? json(nullptr) : json(e.rank)},
          {"team", e.team_name},
          {"baseline", e.is_baseline},
          {"members", e.member_handles},
          {"score", e.score},
          {"entries", e.entries},
          {"submitted_at", iso8601_utc(e.submitted_at)},
          {"last_submission_at", iso8601_utc(e.last_at)}};
}

json to_json(const Leaderboard& b) {
  json entries = json::array();
  for (const auto& e : b.entries) entries.push_back(to_json(e));
  return {{"board", b.board}, {"phase", b.phase}, {"higher_is_better", b.higher_is_better}, {"total", b.total},
          {"teams", b.teams}, {"offset", b.offset}, {"version", b.version}, {"entries", entries},
          {"next_cursor", b.next_cursor.empty() ? json(nullptr) : json(b.next_cursor)}};
}

std::string to_csv(const Leaderboard& b) {
  std::string csv = "rank,team,members,score,entries,submitted_at,last_submission_at\r\n";
  for (const auto& e : b.entries) {
    std::string members;
    for (const auto& h : e.member_handles) members += (members.empty() ? "" : " ") + h;
    csv += (e.is_baseline ? std::string() : std::to_string(e.rank)) + "," + csv_field(e.team_name) + "," + csv_field(members) + "," +
           score_text(e.score) + "," + std::to_string(e.entries) + "," + iso8601_utc(e.submitted_at) + "," + iso8601_utc(e.last_at) + "\r\n";
  }
  return csv;
}

std::string to_csv(const std::vector<Submission>& submissions) {
  std::string csv = "id,phase,team,submitter,filename,status,public_score,private_score,error,created_at,scored_at\r\n";
  auto num = [](const std::optional<double>& v) { return v ? score_text(*v) : std::string(); };
  for (const auto& s : submissions)
    csv += s.id + "," + csv_field(s.phase_name) + "," + csv_field(s.team_name) + "," + csv_field(s.member_handle) + "," +
           csv_field(s.filename) + "," + to_string(s.status) + "," + num(s.public_score) + "," + num(s.private_score) + "," +
           csv_field(s.error) + "," + iso8601_utc(s.created_at) + "," + (s.scored_at ? iso8601_utc(s.scored_at) : "") + "\r\n";
  return csv;
}

json country_options(const std::string& lang) {
  json list = json::array();
  for (const auto& c : all_countries())
    list.push_back({{"code", c.code}, {"name", lang == "zh-CN" ? c.name_zh : c.name_en}});
  return list;
}

json to_json(const SearchHit& h, const std::string& lang) {
  auto picked = pick_texts(lang, {{h.title_en, h.title_zh}});
  json tags = json::array();
  for (const auto& t : h.tags) tags.push_back(t);
  json langs = json::array();
  for (const auto& l : split(h.langs, ' '))
    if (!l.empty()) langs.push_back(l);
  return {{"type", h.kind},     {"id", h.object_key},       {"title", picked.texts[0]}, {"url", h.url},
          {"snippet_html", h.snippet_html}, {"date", iso8601_utc(h.updated_at)}, {"field", h.field},
          {"tags", tags},        {"langs", langs},            {"votes", h.votes},         {"score", h.score}};
}

json to_json(const SearchResults& r, const std::string& lang) {
  json hits = json::array();
  for (const auto& h : r.hits) hits.push_back(to_json(h, lang));
  auto facet = [](const std::vector<FacetCount>& list) {
    json out = json::array();
    for (const auto& f : list) out.push_back({{"value", f.value}, {"count", f.count}});
    return out;
  };
  return {{"total", r.total},
          {"ranked", r.ranked},
          {"results", hits},
          {"facets", {{"type", facet(r.kinds)}, {"field", facet(r.fields)}, {"lang", facet(r.langs)}}},
          {"next_cursor", r.next_cursor.empty() ? json(nullptr) : json(r.next_cursor)}};
}

json tag_links(const std::vector<std::string>& tags) {
  json out = json::array();
  for (const auto& t : tags) out.push_back({{"name", t}, {"query", url_encode(t)}});
  return out;
}

json to_json(const Topic& t, const std::string& lang) {
  json tags = json::array();
  for (const auto& tag : t.tags) tags.push_back(tag);
  json j = {{"id", std::to_string(t.id)},
            {"url", "/discussions/t/" + std::to_string(t.id)},
            {"title", t.title},
            {"lang", t.lang},
            {"category", t.category},
            {"field", t.field.empty() ? json(nullptr) : json(t.field)},
            {"tags", tags},
            {"author", t.author_handle},
            {"author_name", t.author_name},
            {"votes", t.votes},
            {"replies", t.replies},
            {"created_at", iso8601_utc(t.created_at)},
            {"last_posted_at", iso8601_utc(t.last_posted_at)},
            {"pinned", t.pinned_at != 0},
            {"locked", t.locked_at != 0},
            {"hidden", t.hidden_at != 0}};
  if (const auto* f = find_research_field(t.field)) j["field_name"] = lang == "zh-CN" ? f->zh : f->en;
  if (t.competition_id) j["competition"] = t.competition_slug;
  if (t.paper_id) j["paper_id"] = std::to_string(t.paper_id);
  return j;
}

json to_json(const Post& p) {
  return {{"id", std::to_string(p.id)},
          {"topic_id", std::to_string(p.topic_id)},
          {"number", p.number},
          {"url", "/discussions/t/" + std::to_string(p.topic_id) + (p.number > 1 ? "#p" + std::to_string(p.number) : "")},
          {"author", p.author_handle},
          {"author_name", p.author_name},
          {"reply_to", p.reply_to ? json(std::to_string(p.reply_to)) : json(nullptr)},
          {"reply_to_number", p.reply_to_number ? json(p.reply_to_number) : json(nullptr)},
          {"body_md", p.body_md},
          {"votes", p.votes},
          {"revisions", p.revisions},
          {"created_at", iso8601_utc(p.created_at)},
          {"edited_at", p.edited_at ? json(iso8601_utc(p.edited_at)) : json(nullptr)},
          {"hidden", p.hidden_at != 0}};
}

json to_json(const Paper& p, const std::string& lang) {
  auto picked = pick_texts(lang, {{p.title_en, p.title_zh}, {p.abstract_en, p.abstract_zh}});
  json authors = json::array();
  for (const auto& a : p.authors) {
    json j = {{"name", a.name}, {"affiliation", a.affiliation}, {"member", a.member_id != 0}};
    if (a.member_id) {
      j["handle"] = a.handle;
      j["url"] = "/members/" + a.handle;
      j["confirmed"] = a.confirmed_at != 0;
    }
    authors.push_back(j);
  }
  json links = json::array();
  auto link = [&](const char* kind, const std::string& label, const std::string& url) {
    if (!url.empty()) links.push_back({{"kind", kind}, {"label", label}, {"url", url}});
  };
  if (!p.arxiv_id.empty()) link("arxiv", "arXiv:" + p.arxiv_id, "https://arxiv.org/abs/" + p.arxiv_id);
  if (!p.doi.empty()) link("doi", "DOI " + p.doi, "https://doi.org/" + p.doi);
  link("code", p.code_url, p.code_url);
  link("data", p.data_url, p.data_url);
  link("project", p.project_url, p.project_url);
  json fields = json::array();
  for (const auto& f : p.fields)
    for (const auto& rf : research_fields())
      if (rf.id == f) fields.push_back({{"id", f}, {"name", lang == "zh-CN" ? rf.zh : rf.en}});
  json tags = json::array();
  for (const auto& t : p.tags) tags.push_back(t);
  json related = json::array();
  for (const auto& l : p.links)
    related.push_back({{"kind", l.kind}, {"key", l.key}, {"url", (l.kind == "event" ? "/events/" : "/competitions/") + l.key},
                       {"title", lang == "zh-CN" && !l.title_zh.empty() ? l.title_zh : l.title_en}});
  json out = {{"id", std::to_string(p.id)},
              {"url", "/research/papers/" + std::to_string(p.id)},
          {"title", picked.texts[0]},
          {"abstract_md", picked.texts[1]},
          {"shown_lang", picked.shown_lang},
          {"other_lang", picked.other_lang},
          {"title_en", p.title_en},
          {"title_zh", p.title_zh},
          {"abstract_en", p.abstract_en},
          {"abstract_zh", p.abstract_zh},
          {"authors", authors},
          {"year", p.year},
          {"venue", p.venue},
          {"venue_year", p.venue.find(std::to_string(p.year)) != std::string::npos ? p.venue
                         : p.venue.empty() ? std::to_string(p.year) : p.venue + " " + std::to_string(p.year)},
          {"arxiv_id", p.arxiv_id},
          {"doi", p.doi},
          {"code_url", p.code_url},
          {"data_url", p.data_url},
          {"project_url", p.project_url},
          {"links", links},
          {"fields", fields},
          {"tags", tags},
          {"votes", p.votes},
          {"submitter", p.submitter_handle},
          {"created_at", iso8601_utc(p.created_at)}};
  out["related"] = related;
  out["pdf_url"] = p.pdf_blob.empty() ? json(nullptr) : json("/research/papers/" + std::to_string(p.id) + "/pdf");
  out["pdf_bytes"] = p.pdf_bytes;
  return out;
}

}  // namespace aigc
