// Submitting and following one's submissions, in the browser and the API: the upload
// (multipart field `file`, checked at once by the scoring engine), the team's list with
// its quota and chart, one submission's page, and choosing finals.
#include "core/clock.hpp"
#include "core/text.hpp"
#include "web/app.hpp"
#include "web/charts.hpp"
#include "web/competition_view.hpp"
#include "web/multipart.hpp"
#include "web/serializers.hpp"

namespace aigc {

using nlohmann::json;

namespace {

json submission_view(App& app, const Request& req, const Submission& s) {
  json j = to_json(s);
  j["status_name"] = app.t(req, std::string("submissions.status.") + to_string(s.status));
  j["created"] = app.localized_time(req, s.created_at);
  j["pending"] = pending(s.status);
  j["scored"] = s.status == SubmissionStatus::scored;
  j["failed"] = s.status == SubmissionStatus::failed;
  if (!j["problems"].empty()) {  // the engine's problems, in the reader's language
    std::string worded;
    for (const auto& p : j["problems"]) {
      std::map<std::string, std::string> values;
      for (const auto& [k, v] : p["values"].items()) values[k] = v.is_string() ? v.get<std::string>() : v.dump();
      auto where = p["position"].get<std::string>();
      worded += (worded.empty() ? "" : "; ") + (where.empty() ? "" : where + ": ") + app.t(req, p["code"].get<std::string>(), values);
    }
    j["error"] = worded;
  }
  if (s.public_score) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.6g", *s.public_score);
    j["score_text"] = buf;
  }
  return j;
}

Response submissions_page(App& app, Request& req, const Error* error) {
  auto c = app.competitions().get(&*req.member, req.params["slug"]);
  if (!c) return app.error(req, c.error());
  auto phase = req.query("phase");
  auto standing = app.submissions().standing(*req.member, c->slug, phase);
  if (!standing) return app.error(req, standing.error());
  json v = competition_view(app, req, c.value(), "submissions", phase);
  auto p = app.teams().participation(*req.member, c->slug);
  v["joined"] = p && p->joined;
  json list = json::array();
  ChartSeries mine{app.t(req, "submissions.title"), {}, false, "mine"};
  bool pending = false;
  for (const auto& s : standing->submissions) {
    list.push_back(submission_view(app, req, s));
    pending = pending || aigc::pending(s.status);
    if (s.public_score) mine.points.push_back({s.created_at, *s.public_score});
  }
  v["submissions"] = list;
  v["pending"] = pending;
  // Finals are chosen while the phase runs; afterwards the choice only shows.
  v["finals_open"] = v.contains("phase") && !v["phase"]["ended"].get<bool>();
  v["rank"] = standing->rank;
  v["today"] = standing->counts.today;
  v["total"] = standing->counts.total;
  std::reverse(mine.points.begin(), mine.points.end());
  auto lead = app.submissions().leading_series(&*req.member, c->slug, phase);
  ChartSeries leading{app.t(req, "leaderboard.leading"), lead ? lead.value() : std::vector<ScorePoint>{}, true, "leading"};
  v["chart"] = svg_chart(app.t(req, "submissions.chart"), {leading, mine});
  json phases = json::array();
  for (const auto& ph : c->phases) phases.push_back({{"name", ph.name}, {"selected", ph.id == standing->phase.id}});
  v["phase_options"] = phases;
  if (error) {
    json problems = json::array();
    for (const auto& p : error->problems)
      if (!p.position.empty()) {
        auto worded = app.t(req, p.key, p.args);
        problems.push_back({{"where", p.position}, {"message", worded == p.key ? p.message : worded}});
      }
    v["file_problems"] = problems;
    return app.form_error(req, "submissions", v, *error);
  }
  return app.page(req, "submissions", v);
}

// The upload as the service wants it; an Error for a malformed or incomplete form.
Result<SubmissionInput> upload_of(const Request& req, std::vector<FormPart>& parts_out) {
  auto parts = parse_multipart(req.header("content-type"), req.body);
  if (!parts) return Error::bad_request("error.bad_form", "send the file as multipart/form-data (the upload may have been cut off)");
  parts_out = std::move(*parts);
  const auto* file = find_part(parts_out, "file");
  if (!file) return Error::bad_request("error.bad_form", "the upload needs a 'file' field with the prediction file");
  SubmissionInput in;
  auto name = trim(file->filename);
  auto slash = name.find_last_of("/\\");
  if (slash != std::string::npos) name = name.substr(slash + 1);
  in.filename = is_valid_utf8(name) ? name : "submission";
  in.bytes = file->data;
  if (const auto* p = find_part(parts_out, "phase")) in.phase = trim(p->data);
  if (const auto* m = find_part(parts_out, "message")) in.message = std::string(m->data);
  if (!is_valid_utf8(in.message)) return Error::bad_request("error.bad_form", "the message is not UTF-8");
  in.idempotency_key = req.header("idempotency-key");
  return in;
}

}  // namespace

namespace {

// GET /competitions/:slug/submissions
Response get_competitions_by_slug_submissions(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  return submissions_page(app, req, nullptr);
}

// GET /api/v1/competitions/:slug/submissions
Response get_api_competitions_by_slug_submissions(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto standing = app.submissions().standing(*req.member, req.params["slug"], req.query("phase"));
  if (!standing) return app.error(req, standing.error());
  json list = json::array();
  for (const auto& s : standing->submissions) list.push_back(to_json(s));
  return Response::json(json{{"phase", standing->phase.name}, {"rank", standing->rank ? json(standing->rank) : json(nullptr)},
                             {"today", standing->counts.today}, {"total", standing->counts.total}, {"submissions", list}}.dump());
}

// GET /submissions/:id
Response get_submissions_by_id(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto s = app.submissions().get(*req.member, req.params["id"]);
  if (!s) return app.error(req, s.error());
  auto c = app.competitions().get_by_id(&*req.member, s->competition_id);
  if (!c) return app.error(req, c.error());
  json v = competition_view(app, req, c.value(), "submissions", s->phase_name);
  v["submission"] = submission_view(app, req, s.value());
  if (v.contains("phase")) v["submission"]["phase_version"] = v["phase"]["version"];
  auto details = json::parse(s->public_details, nullptr, false);
  v["details_json"] = details.is_discarded() ? std::string("{}") : details.dump(2);
  v["title"] = app.t(req, "submissions.one") + " " + s->id;
  return app.page(req, "submission", v);
}

// GET /api/v1/submissions/:id
Response get_api_submissions_by_id(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto s = app.submissions().get(*req.member, req.params["id"]);
  if (!s) return app.error(req, s.error());
  return Response::json(to_json(s.value()).dump());
}

}  // namespace

void add_submission_routes(App& app, std::vector<Route>& routes) {
  routes.push_back({"GET", "/competitions/:slug/submissions", on(app, get_competitions_by_slug_submissions)});

  Handler submit = [&app](Request& req) -> Response {
    if (auto r = app.require_member(req)) return std::move(*r);
    std::vector<FormPart> parts;
    auto in = upload_of(req, parts);
    if (!in) return req.is_api() ? app.error(req, in.error()) : submissions_page(app, req, &in.error());
    auto s = app.submissions().submit(*req.member, req.params["slug"], in.value());
    if (!s) {
      if (req.is_api() || s.error().code == ErrorCode::not_found) return app.error(req, s.error());
      return submissions_page(app, req, &s.error());
    }
    auto res = req.is_api() ? Response::json(to_json(s.value()).dump(), 201) : Response::redirect("/submissions/" + s->id);
    if (s->replayed) res.header("Idempotent-Replayed", "true");
    return res;
  };
  // A submission is a file; with its multipart wrapping it may pass max_submission_bytes a little.
  const std::size_t submission_body = std::min(app.config().max_body_bytes, app.config().max_submission_bytes + (1u << 20));
  routes.push_back({"POST", "/competitions/:slug/submissions", submit, submission_body});
  routes.push_back({"POST", "/api/v1/competitions/:slug/submissions", submit, submission_body});
  routes.push_back({"GET", "/api/v1/competitions/:slug/submissions", on(app, get_api_competitions_by_slug_submissions)});
  routes.push_back({"GET", "/submissions/:id", on(app, get_submissions_by_id)});
  routes.push_back({"GET", "/api/v1/submissions/:id", on(app, get_api_submissions_by_id)});

  Handler select = [&app](Request& req) -> Response {
    if (auto r = app.require_member(req)) return std::move(*r);
    bool selected = req.field("selected") == "1" || req.field("selected") == "true";
    if (req.is_api() && starts_with_ci(req.header("content-type"), "application/json")) {
      auto j = json::parse(req.body, nullptr, false);
      selected = j.is_object() && j.value("selected", false);
    }
    auto s = app.submissions().select(*req.member, req.params["id"], selected);
    if (!s) return app.error(req, s.error());
    if (req.is_api()) return Response::json(to_json(s.value()).dump());
    auto c = app.competitions().get_by_id(&*req.member, s->competition_id);
    return Response::redirect(c ? "/competitions/" + c->slug + "/submissions?phase=" + url_encode(s->phase_name) : "/submissions/" + s->id);
  };
  routes.push_back({"POST", "/submissions/:id/select", select});
  routes.push_back({"POST", "/api/v1/submissions/:id/select", select});
}

}  // namespace aigc
