#include "web/app.hpp"

#include <chrono>

#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"
#include "store/change_barrier.hpp"
#include "web/multipart.hpp"
#include "web/serializers.hpp"

namespace aigc {

const TicketSigner& App::tickets() {
  std::call_once(tickets_once_, [this] { tickets_ = std::make_unique<TicketSigner>(db_); });
  return *tickets_;
}

App::App(const Config& config, Database& db)
    : config_(config), db_(db), members_(db, config.session_hours), accounts_(db, config.public_url),
      role_requests_(db, config.public_url), outbox_(db), notifications_(db), organizations_(db), pages_(db), search_(db), papers_(db), discussions_(db), moderation_(db), events_(db), registrations_(db), programme_(db), call_for_papers_(db), blobs_(config.blob_dir), media_(db, blobs_), scorer_hosts_(db),
      icons_(config.web_root + "/node_modules/@fortawesome/fontawesome-free/svgs"), competitions_(db, blobs_),
      teams_(db, competitions_), submissions_(db, blobs_, competitions_, config.max_submission_bytes) {}

Result<std::unique_ptr<App>> App::create(const Config& config, Database& db) {
  std::unique_ptr<App> app(new App(config, db));
  auto catalogs = Catalogs::load_dir(config.web_root + "/i18n");
  if (!catalogs) return catalogs.error();
  app->catalogs_ = std::move(catalogs.value());
  auto templates = TemplateSet::load_dir(config.web_root + "/templates");
  if (!templates) return templates.error();
  app->templates_ = std::move(templates.value());
  auto statics = StaticFiles::load_dir(config.web_root + "/static");
  if (!statics) return statics.error();
  app->static_files_ = std::move(statics.value());
  // KaTeX (web/package.json) typesets math in the browser: its script, style and fonts.
  app->static_files_.add_dir(config.web_root + "/node_modules/katex/dist", "/static/katex/", [](const std::string& f) {
    return f == "katex.min.js" || f == "katex.min.css" || f == "contrib/auto-render.min.js" ||
           (f.rfind("fonts/", 0) == 0 && f.size() > 6 && f.substr(f.size() - 6) == ".woff2");
  });
  for (const char* lang : {"en", "zh-CN"})
    app->country_options_[lang] = app->templates_.render("country_options", {{"countries", country_options(lang)}});
  add_site_routes(*app, app->routes_);
  add_member_routes(*app, app->routes_);
  add_search_routes(*app, app->routes_);
  add_talent_routes(*app, app->routes_);
  add_learning_routes(*app, app->routes_);
  add_talent_pool_routes(*app, app->routes_);
  add_research_routes(*app, app->routes_);
  add_discussion_routes(*app, app->routes_);
  add_moderation_routes(*app, app->routes_);
  add_event_staff_routes(*app, app->routes_);  // first: /events/new before /events/:slug
  add_event_routes(*app, app->routes_);
  add_standard_staff_routes(*app, app->routes_);  // first: /standards/new before /standards/:id
  add_standard_routes(*app, app->routes_);
  add_account_routes(*app, app->routes_);
  add_admin_routes(*app, app->routes_);
  add_organization_routes(*app, app->routes_);
  add_notification_routes(*app, app->routes_);
  add_api_docs_routes(*app, app->routes_);
  add_page_routes(*app, app->routes_);
  add_competition_routes(*app, app->routes_);
  add_team_routes(*app, app->routes_);
  add_submission_routes(*app, app->routes_);
  add_leaderboard_routes(*app, app->routes_);
  add_host_routes(*app, app->routes_);
  add_api_routes(*app, app->routes_);
  try {
    app->versions_ = TableVersions::open(db);
  } catch (const std::exception& e) {
    return Error::make(ErrorCode::unavailable, "error.unavailable", std::string("watching the database for changes: ") + e.what());
  }
  app->response_cache_ = std::make_unique<ResponseCache>(static_cast<std::size_t>(config.page_cache_mb) << 20,
                                                         std::chrono::seconds(config.page_cache_seconds));
  app->event_hub_ = std::make_unique<EventHub>(app->versions_.get());
  if (config.page_cache_mb > 0) app->signed_in_ = std::make_unique<SessionCache>(100000);
  return app;
}

bool App::synced(std::optional<bool>& fresh) {
  if (!fresh) fresh = versions_->sync();
  return *fresh;
}

std::optional<Member> App::session_member(const std::string& token, std::optional<bool>& fresh) {
  if (!signed_in_ || token.size() > 128 || !synced(fresh)) return members_.member_for_session(token);
  const std::string digest = token_digest(token);
  const std::int64_t now = now_utc();
  if (auto known = signed_in_->find(digest, *versions_, now)) return known;
  const auto stamp = versions_->stamp();  // before reading: a change meanwhile ends the entry
  std::int64_t expires_at = 0;
  auto member = members_.member_for_session(token, &expires_at);
  if (member) signed_in_->store(digest, *member, expires_at, stamp);
  return member;
}

void App::identify(Request& req, std::optional<bool>& fresh) {
  req.secure = config_.secure_cookies;
  if (config_.trust_proxy) {
    // Behind a reverse proxy the client is the first X-Forwarded-For entry, and the
    // proxy says whether the visitor used TLS.
    if (auto fwd = req.header("x-forwarded-for"); !fwd.empty()) req.remote_ip = trim(split(fwd, ',').front());
    if (req.header("x-forwarded-proto") == "https") req.secure = true;
  }
  auto auth = req.header("authorization");
  if (starts_with_ci(auth, "bearer ")) {
    req.member = members_.member_for_token(trim(auth.substr(7)));
    req.via_api_token = req.member.has_value();
  } else if (auto token = req.cookie("aigc_session"); !token.empty()) {
    req.member = session_member(token, fresh);
  }
  auto lang_cookie = req.cookie("lang");
  if (is_supported_lang(lang_cookie)) req.lang = lang_cookie;
  else if (req.member) req.lang = req.member->preferred_lang;
  else req.lang = Catalogs::negotiate(req.header("accept-language"));
  if (req.member) req.time_zone = req.member->time_zone;
  else if (auto tz = url_decode(req.cookie("tz"), false); tz && !tz->empty() && is_known_time_zone(*tz)) req.time_zone = *tz;
  req.csrf = req.cookie("aigc_csrf");
  if (req.csrf.size() < 20) {
    req.csrf = random_token(24);
    req.new_csrf = true;
  }
}

std::optional<Response> App::check_request(Request& req, bool routed) {
  if (!is_valid_utf8(req.path) || !is_valid_utf8(req.raw_query) || !parse_form(req.raw_query))
    return error(req, Error::bad_request("error.bad_request", "the address is not valid UTF-8 or has a malformed %-escape"));
  // Unrouted requests change nothing, so they get their 404/405 without a CSRF check.
  if (req.method == "GET" || req.method == "HEAD" || !routed) return std::nullopt;
  auto type = req.header("content-type");
  bool is_form = starts_with_ci(type, "application/x-www-form-urlencoded");
  if (is_form && req.body.size() > config_.max_form_bytes)
    return error(req, Error::make(ErrorCode::too_large, "error.too_large", "the form is larger than " +
                                                                               std::to_string(config_.max_form_bytes) + " bytes"));
  if (is_form && !req.form())
    return error(req, Error::bad_request("error.bad_form", "the form data is malformed or not UTF-8"));
  if (req.via_api_token) return std::nullopt;  // bearer tokens are not sent by browsers on their own
  // A visitor who is not signed in switches language from a shared (cached) page, which
  // holds no token: that only sets their own cookie, so a same-site origin is enough.
  if (req.path == "/lang" && !req.member && (is_form ? req.field("csrf") : std::string()).empty()) {
    if (same_site_origin(req)) return std::nullopt;
    return error(req, Error::make(ErrorCode::forbidden, "error.csrf",
                                  "the form has expired or did not come from this site; reload the page and try again"));
  }
  if (req.is_api() && !req.member)  // an API client without credentials: say what to send, not "form expired"
    return error(req, Error::make(ErrorCode::unauthorized, "error.sign_in_required",
                                  "send 'Authorization: Bearer <token>' with a personal API token"));
  std::string submitted = is_form ? req.field("csrf") : req.header("x-csrf-token");
  if (starts_with_ci(type, "multipart/form-data") && submitted.empty()) {
    auto parts = parse_multipart(type, req.body);
    if (!parts) return error(req, Error::bad_request("error.bad_form", "the upload is malformed or was cut off; send it again"));
    if (const auto* csrf = find_part(*parts, "csrf")) submitted = std::string(csrf->data);
  }
  if (!csrf_ok(req, submitted))
    return error(req, Error::make(ErrorCode::forbidden, "error.csrf",
                                  "the form has expired or did not come from this site; reload the page and try again"));
  return std::nullopt;
}

// Visitors who are not signed in share one rendering of a cached route per address,
// language, time zone and host. A signed-in member's rendering is theirs alone: keyed also
// by who they are and the CSRF token it holds, and ended also by their viewer scope (their
// own rows anywhere: votes, teams, notifications...), so what only they see is never stale.
Response App::run_handler(Request& req, const Route& route, std::uint64_t known, std::optional<bool>& fresh) {
  bool cacheable = config_.page_cache_mb > 0 && !route.cache_scopes.empty() && req.method == "GET";
  bool visitor = !req.member && req.header("authorization").empty();
  // A member's page holds their token: a token made up for this request is not theirs yet.
  bool member = req.member.has_value() && (req.via_api_token || !req.new_csrf);
  if (!cacheable || !(visitor || member) || !synced(fresh)) return route.handler(req);
  req.shared = visitor;
  req.cached = true;
  std::string key = req.path;
  key += '?';
  key += req.raw_query;
  key += '\n';
  key += req.lang;
  key += '\n';
  key += req.time_zone;
  // What a page may build absolute links from: a forged Host must not reach anyone else.
  key += '\n';
  key += req.header("host");
  key += req.secure ? "\ns" : "\n";
  if (member) {
    key += "\nm";
    key += std::to_string(req.member->id);
    key += req.via_api_token ? std::string("\napi") : "\n" + req.csrf;
  }
  if (auto hit = response_cache_->find(key, *versions_)) return from_cache(*hit, req, true);
  // One render at a time per key; the others wait for it and look again (a few times, if
  // changes keep outdating what was rendered, before rendering themselves).
  bool leading = false;
  for (int round = 0; round < 3 && !leading; ++round) {
    leading = response_cache_->lead_render(key, std::chrono::milliseconds(500));
    if (!leading)
      if (auto hit = response_cache_->find(key, *versions_)) return from_cache(*hit, req, true);
  }
  struct Done {
    const ResponseCache* cache;
    const std::string* key;
    ~Done() {
      if (cache) cache->rendered(*key);
    }
  } done{leading ? response_cache_.get() : nullptr, &key};
  // Stamped before reading: a change that commits while this renders ends the entry. A
  // member's row was read before this (identify): their stamp is from before that.
  auto stamp = member ? known : versions_->stamp();
  Response res = route.handler(req);
  if (!is_shareable(res)) return res;
  auto scopes = route.cache_scopes;
  scopes.insert(scopes.end(), res.cache_scopes.begin(), res.cache_scopes.end());
  if (member) scopes.push_back(viewer_scope(req.member->id));
  return from_cache(*response_cache_->store(key, res, std::move(scopes), stamp), req, false);
}

Response App::handle(Request& req, const Route* route, const std::string& allowed) {
  auto start = std::chrono::steady_clock::now();
  ++in_flight;
  Response res;
  try {
    if (draining) {
      res = Response::text("shutting down\n", 503);
      res.header("Connection", "close");
    } else {
      std::uint64_t known = versions_ ? versions_->stamp() : 0;
      std::optional<bool> fresh;  // asked once, by the session or the page cache, whichever is first
      identify(req, fresh);
      if (auto bad = check_request(req, route != nullptr)) res = std::move(*bad);
      else if (route) {
        res = run_handler(req, *route, known, fresh);
        // What this request wrote is ended in this process's cache before its next read.
        if (req.method != "GET" && req.method != "HEAD" && versions_) catch_up(*versions_, db_);
      }
      else if (!allowed.empty()) {
        res = error(req, Error::make(ErrorCode::invalid_input, "error.method",
                                     req.method + " is not allowed here; use " + allowed));
        res.status = 405;
        res.header("Allow", allowed);
      } else {
        res = error(req, Error::make(ErrorCode::not_found, "error.not_found", "nothing at " + req.path));
      }
    }
  } catch (const soci::soci_error& e) {
    spdlog::error("{} {}: database error: {}", req.method, req.path, e.what());
    res = error(req, Error::make(ErrorCode::unavailable, "error.unavailable", "the database is unavailable; try again shortly"));
  } catch (const std::exception& e) {
    spdlog::error("{} {}: {}", req.method, req.path, e.what());
    res = Response::text("internal error\n", 500);
  }
  for (const auto& [name, value] : res.headers)
    if (!is_safe_header(name, value)) {
      spdlog::error("{} {}: refused to send header {} with a line break or NUL", req.method, req.path, name);
      res = Response::text("internal error: a response header held a line break\n", 500);
      break;
    }
  add_security_headers(res);
  if (req.new_csrf && !req.is_api()) res.set_cookie("aigc_csrf", req.csrf, 365L * 86400, true, req.secure);
  if (res.header_value("Cache-Control").empty()) res.header("Cache-Control", "no-store");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics_.record(req.route.empty() ? "(unmatched)" : req.route, req.method, res.status, seconds);
  spdlog::info("{} {} {} {} {:.1f}ms", req.remote_ip, req.method, req.path, res.status, seconds * 1000);
  --in_flight;
  return res;
}

}  // namespace aigc
