// Research in the browser and the API: the Research page (the newest papers, by field or
// tag), a paper's page, sharing one, and co-authors confirming. Search is /search.
#include "core/clock.hpp"
#include "core/text.hpp"
#include "domain/pages/markdown.hpp"
#include "domain/research/fields.hpp"
#include "web/app.hpp"
#include "web/multipart.hpp"
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
  for (auto& part : split(req.field("competitions"), ','))
    for (auto& slug : split(trim(part), ' '))
      if (!trim(slug).empty()) in.competitions.push_back(trim(slug));
  for (auto& part : split(req.field("events"), ','))
    for (auto& slug : split(trim(part), ' '))
      if (!trim(slug).empty()) in.events.push_back(trim(slug));
  return in;
}

json values_of(const Request& req, const PaperInput& in) {
  return {{"title_en", in.title_en}, {"title_zh", in.title_zh}, {"abstract_en", in.abstract_en},
          {"abstract_zh", in.abstract_zh}, {"authors", req.field("authors")}, {"year", in.year},
          {"venue", in.venue}, {"arxiv_id", in.arxiv_id}, {"doi", in.doi}, {"code_url", in.code_url},
          {"data_url", in.data_url}, {"project_url", in.project_url}, {"tags", in.tags}, {"competitions", req.field("competitions")}, {"events", req.field("events")}};
}

Response paper_form(App& app, const Request& req, const json& values, const std::vector<std::string>& fields, const Error* error,
                    const std::string& action = "/research/papers") {
  json v = app.base_view(req, "research");
  v["title"] = app.t(req, action == "/research/papers" ? "research.share" : "research.edit");
  v["form_action"] = action;
  v["editing"] = action != "/research/papers";
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
  for (const auto& p : page->papers) {
    list.push_back(to_json(p, req.lang));
    list.back()["tag_links"] = tag_links(p.tags);
  }
  v["papers"] = list;
  // The latest discussions of the same field, beside the papers.
  FeedQuery talk;
  talk.field = research_field_number(field) ? field : "";
  talk.limit = 8;
  json topics = json::array();
  if (auto feed = app.discussions().feed(talk, now_utc()))
    for (const auto& t : feed->topics) topics.push_back(to_json(t, req.lang));
  v["topics"] = topics;
  v["discussions_url"] = "/discussions" + (talk.field.empty() ? std::string() : "?field=" + talk.field);
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
  if (!p) return paper_form(app, req, values_of(req, in), in.fields, &p.error());
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
  v["paper"]["tag_links"] = tag_links(p->tags);
  if (p->pdf_bytes) v["paper"]["pdf_size"] = std::to_string((p->pdf_bytes + 1023) / 1024) + " KiB";
  if (req.member) {
    v["can_edit"] = PaperService::can_edit(*req.member, p.value());
    v["can_attach_pdf"] = PaperService::can_edit(*req.member, p.value()) ||
                          std::any_of(p->authors.begin(), p->authors.end(),
                                      [&](const PaperAuthor& a) { return a.member_id == req.member->id && a.confirmed_at; });
  }
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

// GET /research/papers/:id/edit
Response get_research_papers_by_id_edit(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto id = paper_id(app, req);
  if (!id) return app.error(req, id.error());
  auto p = app.papers().get(id.value());
  if (!p) return app.error(req, p.error());
  if (!PaperService::can_edit(*req.member, p.value()))
    return app.error(req, Error::make(ErrorCode::forbidden, "error.paper_not_yours", "only the member who shared a paper (or an admin) edits it"));
  std::string authors, tags, competitions;
  for (const auto& a : p->authors)
    authors += (authors.empty() ? "" : "\n") + (a.member_id ? "@" + a.handle : a.name + (a.affiliation.empty() ? "" : " (" + a.affiliation + ")"));
  for (const auto& t : p->tags) tags += (tags.empty() ? "" : ", ") + t;
  std::string events;
  for (const auto& l : p->links) (l.kind == "event" ? events : competitions) += std::string((l.kind == "event" ? events : competitions).empty() ? "" : ", ") + l.key;
  json values = {{"title_en", p->title_en}, {"title_zh", p->title_zh}, {"abstract_en", p->abstract_en}, {"abstract_zh", p->abstract_zh},
                 {"authors", authors}, {"year", std::to_string(p->year)}, {"venue", p->venue}, {"arxiv_id", p->arxiv_id},
                 {"doi", p->doi}, {"code_url", p->code_url}, {"data_url", p->data_url}, {"project_url", p->project_url},
                 {"tags", tags}, {"competitions", competitions}, {"events", events}};
  return paper_form(app, req, values, p->fields, nullptr, "/research/papers/" + std::to_string(p->id) + "/edit");
}

// POST /research/papers/:id/edit
Response post_research_papers_by_id_edit(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto id = paper_id(app, req);
  if (!id) return app.error(req, id.error());
  PaperInput in = input_of(req);
  auto p = app.papers().update(*req.member, id.value(), in);
  if (!p) {
    if (p.error().code != ErrorCode::invalid_input) return app.error(req, p.error());
    return paper_form(app, req, values_of(req, in), in.fields, &p.error(), "/research/papers/" + std::to_string(id.value()) + "/edit");
  }
  return Response::redirect("/research/papers/" + std::to_string(p->id));
}

// The PDF's bytes from a form (multipart field "pdf") or an API call (the body itself,
// as application/pdf, or multipart).
std::optional<std::string_view> pdf_bytes(const Request& req) {
  if (starts_with_ci(req.header("content-type"), "multipart/form-data")) {
    auto parts = parse_multipart(req.header("content-type"), req.body);  // views of the body
    if (!parts) return std::nullopt;
    const auto* file = find_part(*parts, "pdf");
    if (!file) return std::nullopt;
    return file->data;
  }
  return std::string_view(req.body);
}

// POST /research/papers/:id/pdf and /api/v1/papers/:id/pdf
Response post_research_papers_by_id_pdf(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto id = paper_id(app, req);
  if (!id) return app.error(req, id.error());
  auto bytes = pdf_bytes(req);
  if (!bytes) return app.error(req, Error::bad_request("error.bad_form", "send the PDF as the multipart field 'pdf' or as the body"));
  auto p = app.papers().attach_pdf(*req.member, id.value(), *bytes, app.blobs());
  if (!p) return app.error(req, p.error());
  if (req.is_api()) return Response::json(to_json(p.value(), req.lang).dump());
  return Response::redirect("/research/papers/" + std::to_string(p->id));
}

// GET /research/papers/:id/pdf
Response get_research_papers_by_id_pdf(App& app, Request& req) {
  auto id = paper_id(app, req);
  if (!id) return app.error(req, id.error());
  auto p = app.papers().get(id.value());
  if (!p) return app.error(req, p.error());
  auto bytes = p->pdf_blob.empty() ? std::nullopt : app.blobs().get(p->pdf_blob);
  if (!bytes) return app.error(req, Error::make(ErrorCode::not_found, "error.not_found", "this paper has no PDF"));
  Response r = Response::text(std::move(*bytes), 200, "application/pdf");
  // Shown by the browser's PDF viewer, never run as a page of this site.
  r.header("Content-Disposition", "inline; filename=\"paper-" + std::to_string(p->id) + ".pdf\"");
  r.header("Content-Security-Policy", "sandbox");
  r.header("Cache-Control", "public, max-age=3600");
  return r;
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

// A paper from the API's JSON: the form's fields; authors and fields as arrays (an author
// "@handle", "Name (Affiliation)" or an object), tags as an array or a comma-separated
// string, competitions as an array of slugs.
PaperInput input_of_json(const json& j) {
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
  in.competitions = strings("competitions");
  in.events = strings("events");
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
  return in;
}

// POST /api/v1/papers
Response post_api_papers(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto body = json_body(req);
  if (!body) return app.error(req, Error::bad_request("error.bad_json", "the body must be a JSON object"));
  auto p = app.papers().share(*req.member, input_of_json(*body));
  if (!p) return app.error(req, p.error());
  return Response::json(to_json(p.value(), req.lang).dump(), 201);
}

// PUT /api/v1/papers/:id: the whole paper again, as POST sends it.
Response put_api_papers_by_id(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto id = paper_id(app, req);
  if (!id) return app.error(req, id.error());
  auto body = json_body(req);
  if (!body) return app.error(req, Error::bad_request("error.bad_json", "the body must be a JSON object"));
  auto p = app.papers().update(*req.member, id.value(), input_of_json(*body));
  if (!p) return app.error(req, p.error());
  return Response::json(to_json(p.value(), req.lang).dump());
}

}  // namespace

void add_research_routes(App& app, std::vector<Route>& routes) {
  routes.push_back(cached_get("/research", on(app, get_research), {"papers", "paper_authors", "paper_links", "votes", "members", "organizations", "topics", "posts", "topic_tags", "competitions", "events", "standards"}));
  routes.push_back({"GET", "/research/papers/new", on(app, get_research_papers_new)});
  routes.push_back({"POST", "/research/papers", on(app, post_research_papers)});
  routes.push_back(cached_get("/research/papers/:id", on(app, get_research_papers_by_id), {"papers", "paper_authors", "paper_links", "votes", "members", "organizations", "topics", "posts", "topic_tags", "competitions", "events", "standards"}));
  routes.push_back({"POST", "/research/papers/:id/authorship", on(app, post_research_papers_by_id_authorship)});
  routes.push_back(cached_get("/api/v1/papers", on(app, get_api_papers), {"papers", "paper_authors", "paper_links", "votes", "members", "organizations", "topics", "posts", "topic_tags", "competitions", "events", "standards"}));
  routes.push_back({"POST", "/api/v1/papers", on(app, post_api_papers)});
  routes.push_back(cached_get("/api/v1/papers/:id", on(app, get_api_papers_by_id), {"papers", "paper_authors", "paper_links", "votes", "members", "organizations", "topics", "posts", "topic_tags", "competitions", "events", "standards"}));
  routes.push_back({"PUT", "/api/v1/papers/:id", on(app, put_api_papers_by_id)});
  routes.push_back({"GET", "/research/papers/:id/edit", on(app, get_research_papers_by_id_edit)});
  routes.push_back({"POST", "/research/papers/:id/edit", on(app, post_research_papers_by_id_edit)});
  routes.push_back({"GET", "/research/papers/:id/pdf", on(app, get_research_papers_by_id_pdf)});
  // A PDF is larger than a form: the upload limit, read only from a signed-in member.
  routes.push_back({"POST", "/research/papers/:id/pdf", on(app, post_research_papers_by_id_pdf), PaperService::kMaxPdfBytes + 65536});
  routes.push_back({"POST", "/api/v1/papers/:id/pdf", on(app, post_research_papers_by_id_pdf), PaperService::kMaxPdfBytes + 65536});
}

}  // namespace aigc
