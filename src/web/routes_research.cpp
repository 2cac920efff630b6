// Research in the browser and the API: the Research page (the newest papers, by field or
// tag), a paper's page, sharing one, and co-authors confirming. Search is /search.
#include "core/text.hpp"
#include "domain/pages/markdown.hpp"
#include "domain/research/fields.hpp"
#include "web/app.hpp"
#include "web/serializers.hpp"

namespace aigc {

using nlohmann::json;

namespace {

constexpr int kPageSize = 20;

json field_options(const Request& req, const std::vector<std::string>& selected) {
  json out = json::array();
  for (const auto& f : research_fields())
    out.push_back({{"id", f.id},
                   {"name", req.lang == "zh-CN" ? f.zh : f.en},
                   {"selected", std::find(selected.begin(), selected.end(), f.id) != selected.end()}});
  return out;
}

PaperInput input_of(const Request& req) {
  PaperInput in;
  in.title_en = req.field("title_en");
  in.title_zh = req.field("title_zh");
  in.abstract_en = req.field("abstract_en");
  in.abstract_zh = req.field("abstract_zh");
  for (auto& line : split(req.field("authors"), '\n')) in.authors.push_back(trim(line));
  in.year = req.field("year");
  in.venue = req.field("venue");
  in.arxiv_id = req.field("arxiv_id");
  in.doi = req.field("doi");
  in.code_url = req.field("code_url");
  in.data_url = req.field("data_url");
  in.project_url = req.field("project_url");
  if (req.form())
    for (auto [it, end] = req.form()->equal_range("fields"); it != end; ++it) in.fields.push_back(it->second);
  in.tags = req.field("tags");
  return in;
}

Response paper_form(App& app, const Request& req, const json& values, const std::vector<std::string>& fields, const Error* error) {
  json v = app.base_view(req, "research");
  v["title"] = app.t(req, "research.share");
  v["values"] = values;
  v["field_options"] = field_options(req, fields);
  if (error) return app.form_error(req, "paper_form", v, *error);
  return app.page(req, "paper_form", v);
}

// GET /research
Response get_research(App& app, Request& req) {
  json v = app.base_view(req, "research");
  v["title"] = app.t(req, "areas.research.title");
  const std::string field = req.query("field"), tag = req.query("tag");
  auto before = app.query_int(req, "before", 0, 0, INT64_MAX);
  if (!before) return app.error(req, before.error());
  auto page = app.papers().list(field, tag, before.value(), kPageSize);
  if (!page) return app.error(req, page.error());
  json list = json::array();
  for (const auto& p : page->papers) list.push_back(to_json(p, req.lang));
  v["papers"] = list;
  v["field_options"] = field_options(req, {field});
  v["field"] = field;
  v["tag"] = tag;
  v["filtered"] = !field.empty() || !tag.empty();
  if (page->next_before)
    v["next_url"] = "/research?field=" + url_encode(field) + "&tag=" + url_encode(tag) + "&before=" + std::to_string(page->next_before);
  if (req.member) {
    json waiting = json::array();
    for (const auto& p : app.papers().awaiting(req.member->id)) waiting.push_back(to_json(p, req.lang));
    v["awaiting"] = waiting;
  }
  return app.page(req, "research", v);
}

// GET /research/papers/new
Response get_research_papers_new(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  return paper_form(app, req, {{"authors", "@" + req.member->handle}, {"year", ""}}, {}, nullptr);
}

// POST /research/papers
Response post_research_papers(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  PaperInput in = input_of(req);
  auto p = app.papers().share(*req.member, in);
  if (!p) {
    json values = {{"title_en", in.title_en}, {"title_zh", in.title_zh}, {"abstract_en", in.abstract_en},
                   {"abstract_zh", in.abstract_zh}, {"authors", req.field("authors")}, {"year", in.year},
                   {"venue", in.venue}, {"arxiv_id", in.arxiv_id}, {"doi", in.doi}, {"code_url", in.code_url},
                   {"data_url", in.data_url}, {"project_url", in.project_url}, {"tags", in.tags}};
    return paper_form(app, req, values, in.fields, &p.error());
  }
  return Response::redirect("/research/papers/" + std::to_string(p->id));
}

Result<std::int64_t> paper_id(App& app, const Request& req) {
  std::int64_t id = 0;
  if (!parse_int(req.params.at("id"), id) || id <= 0)
    return Error::make(ErrorCode::not_found, "error.not_found", "no paper " + req.params.at("id"));
  (void)app;
  return id;
}

// GET /research/papers/:id
Response get_research_papers_by_id(App& app, Request& req) {
  auto id = paper_id(app, req);
  if (!id) return app.error(req, id.error());
  auto p = app.papers().get(id.value());
  if (!p) return app.error(req, p.error());
  json v = app.base_view(req, "research");
  v["paper"] = to_json(p.value(), req.lang);
  v["paper"]["abstract_html"] = render_markdown(v["paper"]["abstract_md"].get<std::string>()).html;
  const std::string other = req.lang == "zh-CN" ? p->abstract_en : p->abstract_zh;
  if (!trim(other).empty() && other != v["paper"]["abstract_md"].get<std::string>())
    v["paper"]["other_abstract_html"] = render_markdown(other).html;
  v["paper"]["when"] = app.localized_time(req, p->created_at);
  v["title"] = v["paper"]["title"];
  if (req.member)
    for (const auto& a : p->authors)
      if (a.member_id == req.member->id && a.confirmed_at == 0) v["ask_confirm"] = true;
  // Votes, and the paper's thread: its posts, newest last.
  v["paper"]["votes"] = p->votes;
  if (req.member && req.member->id != p->submitter_id) {
    v["can_vote"] = true;
    v["voted"] = !app.discussions().voted(*req.member, "paper", {p->id}).empty();
  }
  json comments = json::array();
  if (auto thread = app.discussions().topic_of_paper(p->id); thread && !thread->hidden_at) {
    v["thread_url"] = "/discussions/t/" + std::to_string(thread->id);
    for (const auto& post : app.discussions().posts(*thread, req.member ? &*req.member : nullptr))
      if (!post.hidden_at)
        comments.push_back({{"author", post.author_handle}, {"author_name", post.author_name}, {"when", app.localized_time(req, post.created_at)},
                            {"url", "/discussions/t/" + std::to_string(thread->id) + "#p" + std::to_string(post.number)},
                            {"body_html", render_markdown(post.body_md).html}});
  }
  v["comments"] = comments;
  return app.page(req, "paper", v);
}

// POST /research/papers/:id/authorship
Response post_research_papers_by_id_authorship(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto id = paper_id(app, req);
  if (!id) return app.error(req, id.error());
  auto p = app.papers().answer_authorship(*req.member, id.value(), req.field("answer") == "confirm");
  if (!p) return app.error(req, p.error());
  return Response::redirect("/research/papers/" + std::to_string(p->id));
}

// GET /api/v1/papers
Response get_api_papers(App& app, Request& req) {
  auto before = app.query_int(req, "before", 0, 0, INT64_MAX);
  if (!before) return app.error(req, before.error());
  auto limit = app.query_int(req, "limit", kPageSize, 1, 100);
  if (!limit) return app.error(req, limit.error());
  auto page = app.papers().list(req.query("field"), req.query("tag"), before.value(), static_cast<int>(limit.value()));
  if (!page) return app.error(req, page.error());
  json list = json::array();
  for (const auto& p : page->papers) list.push_back(to_json(p, req.lang));
  return Response::json(json{{"papers", list}, {"next_before", page->next_before ? json(std::to_string(page->next_before)) : json(nullptr)}}.dump());
}

// GET /api/v1/papers/:id
Response get_api_papers_by_id(App& app, Request& req) {
  auto id = paper_id(app, req);
  if (!id) return app.error(req, id.error());
  auto p = app.papers().get(id.value());
  if (!p) return app.error(req, p.error());
  return Response::json(to_json(p.value(), req.lang).dump());
}

// POST /api/v1/papers: JSON with the form's fields; authors and fields as arrays (an
// author "@handle" or "Name (Affiliation)"), tags as an array or a comma-separated string.
Response post_api_papers(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto body = json_body(req);
  if (!body) return app.error(req, Error::bad_request("error.bad_json", "the body must be a JSON object"));
  const json& j = *body;
  PaperInput in;
  in.title_en = json_string(j, "title_en");
  in.title_zh = json_string(j, "title_zh");
  in.abstract_en = json_string(j, "abstract_en");
  in.abstract_zh = json_string(j, "abstract_zh");
  auto strings = [&](const char* key) {
    std::vector<std::string> out;
    if (auto it = j.find(key); it != j.end() && it->is_array())
      for (const auto& x : *it) {
        if (x.is_string()) out.push_back(x.get<std::string>());
        else if (x.is_object() && x.contains("handle") && x["handle"].is_string()) out.push_back("@" + x["handle"].get<std::string>());
        else if (x.is_object() && x.contains("name") && x["name"].is_string())
          out.push_back(x["name"].get<std::string>() + (x.contains("affiliation") && x["affiliation"].is_string()
                                                             ? " (" + x["affiliation"].get<std::string>() + ")" : ""));
      }
    return out;
  };
  in.authors = strings("authors");
  in.fields = strings("fields");
  if (auto it = j.find("year"); it != j.end()) in.year = it->is_number_integer() ? std::to_string(it->get<long long>()) : json_string(j, "year");
  in.venue = json_string(j, "venue");
  in.arxiv_id = json_string(j, "arxiv_id");
  in.doi = json_string(j, "doi");
  in.code_url = json_string(j, "code_url");
  in.data_url = json_string(j, "data_url");
  in.project_url = json_string(j, "project_url");
  if (auto it = j.find("tags"); it != j.end() && it->is_array()) {
    for (const auto& t : strings("tags")) in.tags += (in.tags.empty() ? "" : ",") + t;
  } else {
    in.tags = json_string(j, "tags");
  }
  auto p = app.papers().share(*req.member, in);
  if (!p) return app.error(req, p.error());
  return Response::json(to_json(p.value(), req.lang).dump(), 201);
}

}  // namespace

void add_research_routes(App& app, std::vector<Route>& routes) {
  routes.push_back({"GET", "/research", on(app, get_research)});
  routes.push_back({"GET", "/research/papers/new", on(app, get_research_papers_new)});
  routes.push_back({"POST", "/research/papers", on(app, post_research_papers)});
  routes.push_back({"GET", "/research/papers/:id", on(app, get_research_papers_by_id)});
  routes.push_back({"POST", "/research/papers/:id/authorship", on(app, post_research_papers_by_id_authorship)});
  routes.push_back({"GET", "/api/v1/papers", on(app, get_api_papers)});
  routes.push_back({"POST", "/api/v1/papers", on(app, post_api_papers)});
  routes.push_back({"GET", "/api/v1/papers/:id", on(app, get_api_papers_by_id)});
}

}  // namespace aigc
