// The web application: the services, catalogs, templates and the request pipeline that
// every route runs through (identity, language, CSRF, size limits, errors, security
// headers, metrics). Route files register thin handlers that call the services; no
// business rule lives here. Thread-safe: one App serves all HTTP threads.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/config.hpp"
#include "core/result.hpp"
#include "domain/competitions/competition_service.hpp"
#include "domain/competitions/scorer_hosts.hpp"
#include "domain/competitions/submission_service.hpp"
#include "domain/competitions/team_service.hpp"
#include "domain/mail/outbox_repository.hpp"
#include "domain/members/account_service.hpp"
#include "domain/members/member_service.hpp"
#include "domain/media/media_library.hpp"
#include "domain/members/role_requests.hpp"
#include "domain/notifications/notifications.hpp"
#include "domain/organizations/organization_service.hpp"
#include "domain/pages/page_service.hpp"
#include "domain/research/paper_service.hpp"
#include "domain/discussions/discussion_service.hpp"
#include "domain/discussions/moderation_service.hpp"
#include "domain/events/call_for_papers.hpp"
#include "domain/events/event_service.hpp"
#include "domain/events/programme_service.hpp"
#include "domain/events/registration_service.hpp"
#include "domain/events/ticket_token.hpp"
#include "domain/search/search_service.hpp"
#include "store/database.hpp"
#include "web/http.hpp"
#include "web/i18n.hpp"
#include "web/icons.hpp"
#include "web/event_hub.hpp"
#include "web/metrics.hpp"
#include "web/response_cache.hpp"
#include "web/session_cache.hpp"
#include "web/security.hpp"
#include "web/static_files.hpp"
#include "web/template.hpp"

namespace aigc {

class App {
 public:
  // Loads templates, catalogs and static files from config.web_root; fails with the file to fix.
  static Result<std::unique_ptr<App>> create(const Config& config, Database& db);

  const std::vector<Route>& routes() const { return routes_; }
  // Runs the pipeline around the route's handler (nullptr: no route matched; `allowed` lists
  // the methods the path does accept, for 405). A cached route's answer to a visitor who is
  // not signed in comes from the response cache when nothing it shows has changed.
  Response handle(Request& req, const Route* route, const std::string& allowed = "");
  const ResponseCache& response_cache() const { return *response_cache_; }
  EventHub& event_hub() { return *event_hub_; }
  // Set on shutdown: new requests get 503 while in-flight ones finish.
  std::atomic<bool> draining{false};
  std::atomic<int> in_flight{0};

  // --- for route handlers ---
  const Config& config() const { return config_; }
  Database& db() { return db_; }
  MemberService& members() { return members_; }
  AccountService& accounts() { return accounts_; }
  RoleRequestService& role_requests() { return role_requests_; }
  OutboxRepository& outbox() { return outbox_; }
  Notifications& notifications() { return notifications_; }
  OrganizationService& organizations() { return organizations_; }
  PageService& pages() { return pages_; }
  SearchService& search() { return search_; }
  PaperService& papers() { return papers_; }
  DiscussionService& discussions() { return discussions_; }
  ModerationService& moderation() { return moderation_; }
  EventService& events() { return events_; }
  RegistrationService& registrations() { return registrations_; }
  ProgrammeService& programme() { return programme_; }
  CallForPapers& call_for_papers() { return call_for_papers_; }
  // The site's ticket key, loaded on first use (the schema must be migrated by then).
  const TicketSigner& tickets();
  CompetitionService& competitions() { return competitions_; }
  TeamService& teams() { return teams_; }
  SubmissionService& submissions() { return submissions_; }
  BlobStore& blobs() { return blobs_; }
  MediaLibrary& media() { return media_; }
  ScorerHosts& scorer_hosts() { return scorer_hosts_; }
  const IconSet& icons() const { return icons_; }
  const Catalogs& catalogs() const { return catalogs_; }
  Metrics& metrics() { return metrics_; }
  RateLimiter& limiter() { return limiter_; }
  const StaticFiles& static_files() const { return static_files_; }
  std::string t(const Request& req, const std::string& key, const std::map<std::string, std::string>& args = {}) const {
    return catalogs_.t(req.lang, key, args);
  }

  // The data every page template sees: catalog, language, signed-in member, CSRF token.
  nlohmann::json base_view(const Request& req, const std::string& nav) const;
  // Renders `tmpl` inside the layout.
  Response page(const Request& req, const std::string& tmpl, nlohmann::json view, int status = 200) const;
  // A typed error as an HTML page or, under /api/, as the API's JSON error shape.
  Response error(const Request& req, const Error& error) const;
  // The form again with the error's problems beside their fields and the values kept.
  Response form_error(const Request& req, const std::string& tmpl, nlohmann::json view, const Error& error) const;
  static int status_for(ErrorCode code);
  nlohmann::json error_json(const Request& req, const Error& error) const;
  // Requires a signed-in member (redirects browsers to sign-in, 401 for the API).
  std::optional<Response> require_member(const Request& req) const;
  // Requires a member signed in through the browser, not an API token: for what a token
  // must not do (mint or list tokens), so a leaked token cannot outlive its revocation.
  std::optional<Response> require_session(const Request& req) const;
  std::string localized_time(const Request& req, std::int64_t t) const;
  // A whole-number query parameter within [min, max]; `fallback` when absent. Anything else
  // (letters, a fraction, out of range) is a 400 that names the parameter and its range.
  Result<std::int64_t> query_int(const Request& req, const std::string& name, std::int64_t fallback, std::int64_t min,
                                 std::int64_t max) const;
  // A 400 for a query parameter: `why` says what it must be, and names it in its own field.
  static Error bad_parameter(const std::string& name, const std::string& why);
  // The <option>s of every country in `lang`, `selected` marked. Rendered once per language
  // at start-up: the list has 249 entries and sits on hot pages (the member directory).
  std::string country_options_html(const std::string& lang, const std::string& selected) const;

 private:
  App(const Config& config, Database& db);
  // Whether this process knows every change committed before the request: asked of the
  // database once per request (on SQLite a `PRAGMA data_version`), by the first cache that
  // needs it.
  // `fresh` holds the answer once asked.
  bool synced(std::optional<bool>& fresh);
  void identify(Request& req, std::optional<bool>& fresh);
  // The member a session cookie signs in: from signed_in_ while current, else the database.
  std::optional<Member> session_member(const std::string& token, std::optional<bool>& fresh);
  // `known`: the change order's stamp taken before the request identified its member.
  Response run_handler(Request& req, const Route& route, std::uint64_t known, std::optional<bool>& fresh);
  std::optional<Response> check_request(Request& req, bool routed);
  Config config_;
  Database& db_;
  MemberService members_;
  AccountService accounts_;
  RoleRequestService role_requests_;
  OutboxRepository outbox_;
  Notifications notifications_;
  OrganizationService organizations_;
  PageService pages_;
  SearchService search_;
  PaperService papers_;
  DiscussionService discussions_;
  ModerationService moderation_;
  EventService events_;
  RegistrationService registrations_;
  ProgrammeService programme_;
  CallForPapers call_for_papers_;
  std::once_flag tickets_once_;
  std::unique_ptr<TicketSigner> tickets_;
  BlobStore blobs_;
  MediaLibrary media_;
  ScorerHosts scorer_hosts_;
  IconSet icons_;
  CompetitionService competitions_;
  TeamService teams_;
  SubmissionService submissions_;
  Catalogs catalogs_;
  TemplateSet templates_;
  StaticFiles static_files_;
  Metrics metrics_;
  RateLimiter limiter_;
  std::vector<Route> routes_;
  std::map<std::string, std::string> country_options_;  // by language
  std::unique_ptr<TableVersions> versions_;
  std::unique_ptr<ResponseCache> response_cache_;
  std::unique_ptr<SessionCache> signed_in_;
  std::unique_ptr<EventHub> event_hub_;  // after versions_: it listens to them until destroyed
};

// A route's handler: a named function of its area's file, bound to the app, so a route
// table reads one line a route: {"GET", "/competitions/:slug", on(app, get_competitions_by_slug)}.
inline Handler on(App& app, Response (*handler)(App&, Request&)) {
  return [&app, handler](Request& req) { return handler(app, req); };
}

// A GET route whose answer to visitors who are not signed in is shared and cached while
// `scopes` (tables, store/table_versions.hpp) are unchanged.
inline Route cached_get(std::string pattern, Handler handler, std::vector<std::string> scopes) {
  Route r{"GET", std::move(pattern), std::move(handler)};
  r.cache_scopes = std::move(scopes);
  return r;
}

// An API request's body as a JSON object (a form post is taken too, for simple clients);
// nullopt when it is neither.
std::optional<nlohmann::json> json_body(const Request& req);
// A string member of a JSON object; empty when absent or not a string.
std::string json_string(const nlohmann::json& j, const char* key);

// Route registration, one function per area (routes_*.cpp).
void add_site_routes(App& app, std::vector<Route>& routes);
void add_member_routes(App& app, std::vector<Route>& routes);
void add_search_routes(App& app, std::vector<Route>& routes);
void add_talent_routes(App& app, std::vector<Route>& routes);
void add_learning_routes(App& app, std::vector<Route>& routes);
void add_talent_pool_routes(App& app, std::vector<Route>& routes);
void add_research_routes(App& app, std::vector<Route>& routes);
void add_discussion_routes(App& app, std::vector<Route>& routes);
void add_moderation_routes(App& app, std::vector<Route>& routes);
void add_event_routes(App& app, std::vector<Route>& routes);
void add_event_staff_routes(App& app, std::vector<Route>& routes);
void add_standard_routes(App& app, std::vector<Route>& routes);
void add_standard_staff_routes(App& app, std::vector<Route>& routes);
void add_account_routes(App& app, std::vector<Route>& routes);
void add_admin_routes(App& app, std::vector<Route>& routes);
void add_organization_routes(App& app, std::vector<Route>& routes);
void add_notification_routes(App& app, std::vector<Route>& routes);
void add_api_docs_routes(App& app, std::vector<Route>& routes);
void add_page_routes(App& app, std::vector<Route>& routes);
void add_competition_routes(App& app, std::vector<Route>& routes);
void add_api_routes(App& app, std::vector<Route>& routes);
void add_team_routes(App& app, std::vector<Route>& routes);
void add_submission_routes(App& app, std::vector<Route>& routes);
void add_leaderboard_routes(App& app, std::vector<Route>& routes);
void add_host_routes(App& app, std::vector<Route>& routes);
// The OpenAPI 3 document describing every /api/ route.
nlohmann::json openapi_document();

}  // namespace aigc
