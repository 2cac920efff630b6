#include "web/competition_view.hpp"

#include "core/clock.hpp"
#include "core/text.hpp"
#include "domain/competitions/submission_service.hpp"
#include "domain/pages/markdown.hpp"
#include "web/serializers.hpp"

namespace aigc {

using nlohmann::json;

json competition_view(App& app, const Request& req, const Competition& c, const std::string& tab, const std::string& phase) {
  json v = app.base_view(req, "competitions");
  auto now = now_utc();
  v["competition"] = to_json(c, req.lang, now);
  auto& comp = v["competition"];
  // The texts the organizer wrote, in the reader's language (or the one they switched to
  // with ?text=), falling back to the other when that one is empty.
  auto text_lang = req.query("text") == "en" || req.query("text") == "zh-CN" ? req.query("text") : req.lang;
  std::vector<std::pair<std::string, std::string>> pairs{
      {c.description_en, c.description_zh}, {c.rules_md, c.rules_zh}, {c.prizes_md, c.prizes_zh}};
  for (const auto& p : c.phases) pairs.emplace_back(p.description_en, p.description_zh);  // one switch for the whole page
  auto texts = pick_texts(text_lang, pairs);
  comp["description_md"] = texts.texts[0];
  comp["rules_md"] = texts.texts[1];
  comp["prizes_md"] = texts.texts[2];
  comp["description_html"] = render_markdown(texts.texts[0]).html;
  comp["rules_html"] = render_markdown(texts.texts[1]).html;
  comp["prizes_html"] = render_markdown(texts.texts[2]).html;
  comp["text_lang"] = texts.shown_lang;
  if (texts.fallback) comp["text_fallback"] = app.t(req, "content.only_in_" + std::string(texts.shown_lang == "zh-CN" ? "zh" : "en"));
  if (!texts.other_lang.empty())
    comp["also_in"] = {{"url", "/competitions/" + c.slug + "?text=" + texts.other_lang},
                       {"name", texts.other_lang == "zh-CN" ? "中文" : "English"},
                       {"lang", texts.other_lang}};
  comp["visibility_name"] = app.t(req, "competitions.visibility." + c.visibility);
  const Phase* current = SubmissionService::pick_phase(c, phase);
  for (std::size_t i = 0; i < c.phases.size(); ++i) {
    auto& p = comp["phases"][i];
    p["starts"] = app.localized_time(req, c.phases[i].starts_at);
    p["ends"] = app.localized_time(req, c.phases[i].ends_at);
    p["status_name"] = app.t(req, "competitions.status." + p["status"].get<std::string>());
    p["current"] = current && current->id == c.phases[i].id;
    p["revealed"] = SubmissionService::revealed(c.phases[i]);
    p["name_url"] = url_encode(c.phases[i].name);
    const auto& described = texts.texts[3 + i];
    if (!described.empty()) p["description_html"] = render_markdown(described).html;
  }
  if (current) {
    v["phase"] = {{"name", current->name}, {"metric", current->metric}, {"revealed", SubmissionService::revealed(*current)},
                  {"open", now >= current->starts_at && (now < current->ends_at || c.playground)},
                  {"ended", now >= current->ends_at && !c.playground},
                  {"final_selections", current->final_selections}, {"version", current->board_version},
                  {"daily_limit", current->daily_limit}, {"total_limit", current->total_limit},
                  {"higher_is_better", current->higher_is_better()}};
  }
  bool can_edit = CompetitionService::can_edit(req.member ? &*req.member : nullptr, c);
  v["can_edit"] = can_edit;
  json tabs = json::array();
  auto add = [&](const char* key, const std::string& href) {
    tabs.push_back({{"key", key}, {"href", href}, {"name", app.t(req, std::string("competitions.tab.") + key)}, {"active", tab == key}});
  };
  std::string base = "/competitions/" + c.slug;
  add("overview", base);
  add("leaderboard", base + "/leaderboard");
  add("team", base + "/team");
  add("submissions", base + "/submissions");
  if (c.visibility == "published") add("discussion", base + "/discussion");
  if (can_edit) add("host", base + "/host");
  v["tabs"] = tabs;
  v["title"] = comp["title"];
  return v;
}

}  // namespace aigc
