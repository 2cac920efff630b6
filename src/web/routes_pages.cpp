// The community's pages in the browser: list, read (in the viewer's language, with the
// other language one click away), and edit for admins.
#include "core/clock.hpp"
#include "web/app.hpp"
#include "web/serializers.hpp"

namespace aigc {

using nlohmann::json;

namespace {

std::string page_lang(const Request& req) {
  auto q = req.query("lang");
  return is_supported_lang(q) ? q : req.lang;
}

Response edit_form(App& app, const Request& req, json values, bool is_new, const Error* error) {
  json v = app.base_view(req, "");
  v["title"] = app.t(req, is_new ? "pages.new" : "pages.edit");
  v["values"] = values;
  v["is_new"] = is_new;
  v["langs"] = json::array({{{"code", "en"}, {"name", "English"}, {"selected", values.value("lang", "") == "en"}},
                            {{"code", "zh-CN"}, {"name", "中文"}, {"selected", values.value("lang", "") == "zh-CN"}}});
  if (error) return app.form_error(req, "page_edit", v, *error);
  return app.page(req, "page_edit", v);
}

std::optional<Response> require_admin(App& app, const Request& req) {
  if (auto r = app.require_member(req)) return r;
  if (req.member->role != Role::admin)
    return app.error(req, Error::make(ErrorCode::forbidden, "error.forbidden", "only admins edit pages"));
  return std::nullopt;
}

}  // namespace

namespace {

// GET /pages
Response get_pages(App& app, Request& req) {
  json v = app.base_view(req, "pages");
  v["title"] = app.t(req, "pages.title");
  json list = json::array();
  for (const auto& p : app.pages().list()) {
    auto j = to_json(p, false);
    j["icon_svg"] = app.icons().svg(p.icon);
    list.push_back(std::move(j));
  }
  v["pages"] = list;
  v["can_edit"] = req.member && req.member->role == Role::admin;
  return app.page(req, "pages", v);
}

// GET /pages/new
Response get_pages_new(App& app, Request& req) {
  if (auto r = require_admin(app, req)) return std::move(*r);
  return edit_form(app, req, {{"lang", req.lang}}, true, nullptr);
}

// GET /pages/:slug
Response get_pages_by_slug(App& app, Request& req) {
  auto p = app.pages().get(req.params["slug"], page_lang(req));
  if (!p) return app.error(req, p.error());
  json v = app.base_view(req, "pages");
  v["page"] = to_json(p.value(), true);
  v["page"]["updated"] = app.localized_time(req, p->updated_at);
  // GitBook's front matter: the icon beside the title, the cover above the page. Only a
  // picture that will load is shown (an imported one, or one on the web).
  v["page"]["icon_svg"] = app.icons().svg(p->icon);
  if (MediaLibrary::is_media_url(p->cover) || p->cover.rfind("https://", 0) == 0) v["page"]["cover_url"] = p->cover;
  v["has_toc"] = p->toc.size() > 1;
  // A document holding several texts gets one list per text, so its numbers never repeat.
  json parts = json::array();
  for (const auto& e : v["page"]["toc"]) {
    if (parts.empty() || parts.back()["part"] != e["part"]) parts.push_back({{"part", e["part"]}, {"entries", json::array()}});
    parts.back()["entries"].push_back(e);
  }
  if (parts.size() > 1)
    for (std::size_t i = 0; i < parts.size(); ++i) parts[i]["title"] = app.t(req, "pages.part", {{"n", std::to_string(i + 1)}});
  v["toc_parts"] = parts;
  json others = json::array();
  for (const auto& l : app.pages().languages_of(p->slug))
    if (l != p->lang) others.push_back({{"lang", l}, {"name", l == "zh-CN" ? "中文" : "English"}});
  v["other_langs"] = others;
  // As for every written text: the reader's language, else the other, said so; and a
  // visible switch to the other language when the page exists in both.
  if (p->lang != page_lang(req)) v["text_fallback"] = app.t(req, "content.only_in_" + std::string(p->lang == "zh-CN" ? "zh" : "en"));
  else if (!others.empty()) v["also_in"] = {{"url", "/pages/" + p->slug + "?lang=" + others[0]["lang"].get<std::string>()},
                                            {"name", others[0]["name"]}, {"lang", others[0]["lang"]}};
  v["can_edit"] = req.member && req.member->role == Role::admin;
  v["title"] = p->title;
  return app.page(req, "page", v);
}

// GET /pages/:slug/edit
Response get_pages_by_slug_edit(App& app, Request& req) {
  if (auto r = require_admin(app, req)) return std::move(*r);
  auto lang = page_lang(req);
  auto p = app.pages().find(req.params["slug"], lang);
  json values = {{"slug", req.params["slug"]}, {"lang", lang}};
  if (p) {
    values["title"] = p->title;
    values["description"] = p->description;
    values["body_md"] = p->body_md;
  }
  return edit_form(app, req, values, false, nullptr);
}

// POST /pages
Response post_pages(App& app, Request& req) {
  if (auto r = require_admin(app, req)) return std::move(*r);
  PageInput in;
  in.slug = req.field("slug");
  in.lang = req.field("lang");
  in.title = req.field("title");
  in.description = req.field("description");
  in.body_md = req.field("body_md");
  // Keep what the editor cannot see (icon, cover, other front matter) from the stored page.
  if (auto old = app.pages().find(in.slug, in.lang)) {
    in.icon = old->icon;
    in.cover = old->cover;
    in.front_matter_json = old->front_matter_json;
  }
  auto p = app.pages().save(&*req.member, in);
  if (!p) {
    json values = {{"slug", in.slug}, {"lang", in.lang}, {"title", in.title}, {"description", in.description},
                   {"body_md", in.body_md}};
    return edit_form(app, req, values, req.field("is_new") == "1", &p.error());
  }
  return Response::redirect("/pages/" + p->slug + "?lang=" + p->lang);
}

}  // namespace

void add_page_routes(App& app, std::vector<Route>& routes) {
  routes.push_back(cached_get("/pages", on(app, get_pages), {"pages", "members"}));
  routes.push_back({"GET", "/pages/new", on(app, get_pages_new)});
  routes.push_back(cached_get("/pages/:slug", on(app, get_pages_by_slug), {"pages", "members"}));
  routes.push_back({"GET", "/pages/:slug/edit", on(app, get_pages_by_slug_edit)});
  routes.push_back({"POST", "/pages", on(app, post_pages)});
}

}  // namespace aigc
