// Site-wide routes: home, language switch, health, metrics, static files and the areas
// that later issues fill (each shows a real empty state).
#include "core/clock.hpp"
#include "core/countries.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"
#include "web/app.hpp"
#include "web/serializers.hpp"

namespace aigc {

using nlohmann::json;

namespace {

// GET /
Response get_home(App& app, Request& req) {
  auto stats = app.members().stats();
  json v = app.base_view(req, "home");
  v["stats"] = {{"members", stats.members}, {"countries", stats.countries}, {"organizations", stats.organizations}};
  if (auto intro = app.pages().get("introduction", req.lang)) {
    v["intro"] = to_json(intro.value(), true);
  }
  json skills = json::array();
  for (const auto& [skill, n] : app.members().top_skills(12)) skills.push_back({{"skill", skill}, {"count", n}});
  v["skills"] = skills;
  json orgs = json::array();
  for (const auto& o : app.organizations().list()) orgs.push_back(to_json(o, req.lang));
  v["organizations"] = orgs;
  return app.page(req, "home", v);
}

// POST /lang
Response post_lang(App& app, Request& req) {
  auto lang = req.field("lang");
  if (!is_supported_lang(lang))
    return app.error(req, Error::invalid("error.lang", "language must be en or zh-CN"));
  if (req.member) app.members().set_preferred_lang(*req.member, lang);
  auto res = Response::redirect(safe_next(req.field("next")));
  res.set_cookie("lang", lang, 365L * 86400, false, req.secure);
  return res;
}

// GET /metrics
Response get_metrics(App& app, Request& req) {
  const auto& token = app.config().metrics_token;
  auto auth = req.header("authorization");
  bool allowed = token.empty() ? is_loopback(req.remote_ip)
                               : starts_with_ci(auth, "bearer ") && constant_time_equals(trim(auth.substr(7)), token);
  if (!allowed)
    return app.error(req, Error::make(ErrorCode::forbidden, "error.metrics_forbidden",
                                      token.empty() ? "metrics are served to this machine (loopback) only; set metrics_token to read them from elsewhere"
                                                    : "send 'Authorization: Bearer <metrics_token>' to read metrics"));
  const auto& cache = app.response_cache();
  std::string text = app.metrics().render();
  text += "# HELP aigc_page_cache_hits_total Shared pages served from the page cache.\n# TYPE aigc_page_cache_hits_total counter\n";
  text += "aigc_page_cache_hits_total " + std::to_string(cache.hits()) + "\n";
  text += "# HELP aigc_page_cache_misses_total Shared pages rendered because the cache had none or a stale one.\n"
          "# TYPE aigc_page_cache_misses_total counter\n";
  text += "aigc_page_cache_misses_total " + std::to_string(cache.misses()) + "\n";
  text += "# HELP aigc_page_cache_bytes Bytes the page cache holds.\n# TYPE aigc_page_cache_bytes gauge\n";
  text += "aigc_page_cache_bytes " + std::to_string(cache.bytes()) + "\n";
  return Response::text(std::move(text), 200, "text/plain; version=0.0.4; charset=utf-8");
}

// GET /static/:file(.*)
Response get_static_by_file(App& app, Request& req) { return app.static_files().serve(req); }

// GET /media/:name
Response get_media_by_name(App& app, Request& req) {
  auto png = app.media().get(req.params["name"]);
  if (!png) return app.error(req, Error::make(ErrorCode::not_found, "error.not_found", "no picture '" + req.params["name"] + "'"));
  Response res = Response::text(std::move(*png), 200, "image/png");
  res.header("Cache-Control", "public, max-age=31536000, immutable");
  return res;
}

}  // namespace

void add_site_routes(App& app, std::vector<Route>& routes) {
  routes.push_back(cached_get("/", on(app, get_home), {"member_skills", "members", "organizations", "pages"}));

  // Without JavaScript the switcher is a small form; the choice sticks in a cookie and,
  // for members, in their profile.
  routes.push_back({"POST", "/lang", on(app, post_lang)});
  routes.push_back({"GET", "/healthz", [](Request&) { return Response::text("ok\n"); }});
  routes.push_back({"GET", "/readyz", [&app](Request&) {
    if (auto problem = app.db().not_ready()) return Response::text("not ready: " + *problem + "\n", 503);
    return Response::text("ready\n");
  }});
  routes.push_back({"GET", "/metrics", on(app, get_metrics)});
  routes.push_back({"GET", "/static/:file(.*)", on(app, get_static_by_file)});
  // Pictures by content hash: a name never changes what it shows, so caches keep it.
  routes.push_back({"GET", "/media/:name", on(app, get_media_by_name)});
}

}  // namespace aigc
