#include <utility>  // before Asio under C++20 with Boost 1.74

#include "web/server.hpp"

#include <regex>
#include <thread>

#include <restinio/all.hpp>
#include <spdlog/spdlog.h>

#include "core/text.hpp"

namespace aigc {

namespace {

using Router = restinio::router::express_router_t<>;

struct Traits : public restinio::default_traits_t {
  using request_handler_t = Router;
};

restinio::http_method_id_t method_id(const std::string& m) {
  if (m == "GET") return restinio::http_method_get();
  if (m == "POST") return restinio::http_method_post();
  if (m == "PUT") return restinio::http_method_put();
  if (m == "PATCH") return restinio::http_method_patch();
  if (m == "DELETE") return restinio::http_method_delete();
  throw std::logic_error("unsupported method in route table: " + m);
}

std::vector<std::string> param_names(const std::string& pattern) {
  std::vector<std::string> names;
  static const std::regex re(":([A-Za-z_][A-Za-z0-9_]*)");
  for (std::sregex_iterator it(pattern.begin(), pattern.end(), re), end; it != end; ++it) names.push_back((*it)[1]);
  return names;
}

std::regex pattern_regex(const std::string& pattern) {
  static const std::regex wildcard(":[A-Za-z_][A-Za-z0-9_]*\\(\\.\\*\\)"), named(":[A-Za-z_][A-Za-z0-9_]*");
  auto r = std::regex_replace(pattern, wildcard, "(.*)");
  r = std::regex_replace(r, named, "([^/]+)");
  return std::regex("^" + r + "$");
}

Request to_request(const restinio::request_handle_t& req) {
  Request r;
  const auto& h = req->header();
  r.method = h.method().c_str();
  auto raw_path = std::string(h.path());
  r.path = url_decode(raw_path, false).value_or(raw_path);
  r.raw_query = std::string(h.query());
  for (const auto& f : h) {
    std::string name = f.name();
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers.emplace_back(std::move(name), f.value());
  }
  r.body = req->body();
  r.remote_ip = req->remote_endpoint().address().to_string();
  return r;
}

restinio::request_handling_status_t send(const restinio::request_handle_t& req, const Response& res) {
  auto out = req->create_response(
      restinio::http_status_line_t{restinio::http_status_code_t{static_cast<std::uint16_t>(res.status)}, status_text(res.status)});
  for (const auto& [k, v] : res.headers) out.append_header(k, v);
  if (res.status != 204 && res.status != 304) out.set_body(res.body);
  if (res.header_value("Connection") == "close") out.connection_close();
  return out.done();
}

}  // namespace

int serve(App& app, const Config& config, const std::function<void()>& on_ready) {
  auto router = std::make_unique<Router>();
  struct Known {
    std::string method;
    std::regex re;
  };
  auto known = std::make_shared<std::vector<Known>>();
  for (const auto& route : app.routes()) {
    auto names = param_names(route.pattern);
    known->push_back({route.method, pattern_regex(route.pattern)});
    router->add_handler(method_id(route.method), route.pattern,
                        [&app, &route, names](const restinio::request_handle_t& req, restinio::router::route_params_t params) {
                          Request r = to_request(req);
                          r.route = route.pattern;
                          for (const auto& n : names) {
                            auto raw = std::string(params[n]);
                            r.params[n] = url_decode(raw, false).value_or(raw);
                          }
                          return send(req, app.handle(r, &route.handler));
                        });
  }
  router->non_matched_request_handler([&app, known](const restinio::request_handle_t& req) {
    Request r = to_request(req);
    std::string allowed;
    for (const auto& k : *known)
      if (std::regex_match(r.path, k.re) && allowed.find(k.method) == std::string::npos)
        allowed += (allowed.empty() ? "" : ", ") + k.method;
    return send(req, app.handle(r, nullptr, allowed));
  });

  int threads = config.threads > 0 ? config.threads : static_cast<int>(std::max(2u, std::thread::hardware_concurrency() * 2));
  auto settings = restinio::server_settings_t<Traits>{}
                      .address(config.host)
                      .port(static_cast<std::uint16_t>(config.port))
                      .request_handler(std::move(router))
                      .read_next_http_message_timelimit(std::chrono::seconds(60))
                      .handle_request_timeout(std::chrono::seconds(120))
                      .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}.max_body_size(config.max_body_bytes));
  restinio::http_server_t<Traits> server{restinio::own_io_context(), std::move(settings)};

  int exit_code = 0;
  boost::asio::signal_set signals(server.io_context(), SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    spdlog::info("signal {}: finishing in-flight requests", sig);
    app.draining = true;
    std::thread([&app, &server] {
      for (int i = 0; i < 1000 && app.in_flight > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      server.close_async([&server] { server.io_context().stop(); },
                         [&server](std::exception_ptr) { server.io_context().stop(); });
    }).detach();
  });
  server.open_async(
      [&] {
        spdlog::info("serving on http://{}:{} with {} threads", config.host, config.port, threads);
        if (on_ready) on_ready();
      },
      [&](std::exception_ptr ex) {
        try {
          std::rethrow_exception(ex);
        } catch (const std::exception& e) {
          spdlog::error("cannot listen on {}:{}: {}", config.host, config.port, e.what());
        }
        exit_code = 1;
        server.io_context().stop();
      });
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) pool.emplace_back([&server] { server.io_context().run(); });
  for (auto& t : pool) t.join();
  spdlog::info("server stopped");
  return exit_code;
}

}  // namespace aigc
