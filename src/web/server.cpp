#include <utility>  // before Asio under C++20 with Boost 1.74

#include "web/server.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/mman.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <atomic>
#include <deque>
#include <cstring>
#include <memory>
#include <thread>

#include <boost/asio.hpp>
#include <http_parser.h>
#include <spdlog/spdlog.h>

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "store/blob_store.hpp"
#include "web/route_table.hpp"
#include "web/security.hpp"

namespace aigc {

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// What one request may be before its route or its sender is known.
constexpr std::size_t kMaxUrl = 8 * 1024;
constexpr std::size_t kMaxHeaderBytes = 32 * 1024;
constexpr int kMaxHeaders = 100;
// Bodies past this are written to an unlinked file as they arrive, not kept in memory.
constexpr std::size_t kSpoolAbove = 1 << 20;
constexpr auto kIdle = std::chrono::seconds(60);
// Requests waiting for the slow pool beyond this are told the server is busy (503): with
// ~0.2 s a hash and a thread per core, the last in the queue waits a few seconds.
constexpr int kSlowQueue = 32;

// The small pool slow routes run on, with the count of requests given to it.
struct SlowPool {
  SlowPool(int threads, int max_queued) : pool(static_cast<std::size_t>(threads)), max_queued(max_queued) {}
  ~SlowPool() { pool.join(); }
  asio::thread_pool pool;
  std::atomic<int> queued{0};
  const int max_queued;
};

const char* method_name(unsigned m) { return http_method_str(static_cast<http_method>(m)); }

// A spooled body: the file mapped read-only, unmapped and closed with its last reader.
struct MappedBody {
  void* addr = MAP_FAILED;
  std::size_t size = 0;
  int fd = -1;
  ~MappedBody() {
    if (addr != MAP_FAILED) ::munmap(addr, size);
    if (fd >= 0) ::close(fd);
  }
};

int open_spool(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
  std::string path = "/tmp/aigc-upload-XXXXXX";
  fd = ::mkostemp(path.data(), O_CLOEXEC);
  if (fd >= 0) ::unlink(path.c_str());
  return fd;
}

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, App& app, const RouteTable& routes, SlowPool& slow)
      : socket_(std::move(socket)), timer_(socket_.get_executor()), app_(app), routes_(routes), slow_(slow) {
    http_parser_init(&parser_, HTTP_REQUEST);
    parser_.data = this;
  }

  void start() {
    boost::system::error_code ec;
    auto remote = socket_.remote_endpoint(ec);
    remote_ip_ = ec ? "" : remote.address().to_string();
    if (remote.address().is_v6() && remote.address().to_v6().is_v4_mapped())
      remote_ip_ = remote.address().to_v6().to_v4().to_string();
    read();
  }

 private:
  static const http_parser_settings& settings() {
    static const http_parser_settings s = [] {
      http_parser_settings x{};
      x.on_message_begin = [](http_parser* p) { return self(p)->on_begin(); };
      x.on_url = [](http_parser* p, const char* at, std::size_t n) { return self(p)->on_url(at, n); };
      x.on_header_field = [](http_parser* p, const char* at, std::size_t n) { return self(p)->on_field(at, n); };
      x.on_header_value = [](http_parser* p, const char* at, std::size_t n) { return self(p)->on_value(at, n); };
      x.on_headers_complete = [](http_parser* p) { return self(p)->on_headers_complete(); };
      x.on_body = [](http_parser* p, const char* at, std::size_t n) { return self(p)->on_body(at, n); };
      x.on_message_complete = [](http_parser* p) { return self(p)->on_complete(); };
      return x;
    }();
    return s;
  }
  static Connection* self(http_parser* p) { return static_cast<Connection*>(p->data); }

  void read() {
    timer_.expires_after(kIdle);
    timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
      if (auto c = weak.lock(); c && !ec) c->close();
    });
    socket_.async_read_some(asio::buffer(buf_), [c = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
      c->timer_.cancel();
      if (ec) return c->close();
      c->pending_ = std::string_view(c->buf_.data(), n);
      c->parse();
    });
  }

  // Feeds what was read to the parser; a complete request pauses it until answered.
  void parse() {
    std::size_t used = http_parser_execute(&parser_, &settings(), pending_.data(), pending_.size());
    pending_.remove_prefix(std::min(used, pending_.size()));
    auto err = HTTP_PARSER_ERRNO(&parser_);
    if (err == HPE_PAUSED) {
      http_parser_pause(&parser_, 0);
      return answer();
    }
    if (err != HPE_OK) {
      if (!early_) early_ = Response::text(std::string("malformed HTTP request: ") + http_errno_description(err) + "\n", 400);
      return send_early();
    }
    if (continue_needed_) {
      continue_needed_ = false;
      auto line = std::make_shared<std::string>("HTTP/1.1 100 Continue\r\n\r\n");
      return asio::async_write(socket_, asio::buffer(*line), [c = shared_from_this(), line](const boost::system::error_code& ec, std::size_t) {
        if (ec) return c->close();
        c->read();
      });
    }
    read();
  }

  int on_begin() {
    url_.clear();
    field_.clear();
    value_.clear();
    header_bytes_ = 0;
    req_ = Request{};
    route_ = nullptr;
    body_.clear();
    spool_fd_ = -1;
    body_size_ = 0;
    continue_needed_ = false;
    return 0;
  }

  int on_url(const char* at, std::size_t n) {
    url_.append(at, n);
    if (url_.size() > kMaxUrl) return fail(414, "the address is longer than " + std::to_string(kMaxUrl) + " bytes");
    return 0;
  }

  void flush_header() {
    in_value_ = false;
    if (field_.empty()) return;
    for (auto& ch : field_) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    req_.headers.emplace_back(std::move(field_), std::move(value_));
    field_.clear();
    value_.clear();
  }

  int on_field(const char* at, std::size_t n) {
    if (in_value_) flush_header();  // a field after a value starts the next header
    in_value_ = false;
    field_.append(at, n);
    return count_header_bytes(n);
  }

  int on_value(const char* at, std::size_t n) {
    in_value_ = true;
    value_.append(at, n);
    return count_header_bytes(n);
  }

  int count_header_bytes(std::size_t n) {
    header_bytes_ += n;
    if (header_bytes_ > kMaxHeaderBytes)
      return fail(431, "the request's headers are larger than " + std::to_string(kMaxHeaderBytes / 1024) + " KiB");
    if (static_cast<int>(req_.headers.size()) >= kMaxHeaders)
      return fail(431, "the request has more than " + std::to_string(kMaxHeaders) + " headers");
    return 0;
  }

  // The route and the sender are known before a byte of the body is read: its size is
  // checked against the route's limit, and a large body only comes from a signed-in member.
  int on_headers_complete() {
    flush_header();
    req_.method = method_name(parser_.method);
    auto q = url_.find('?');
    auto raw_path = url_.substr(0, q);
    req_.raw_query = q == std::string::npos ? "" : url_.substr(q + 1);
    req_.path = url_decode(raw_path, false).value_or(raw_path);
    req_.remote_ip = remote_ip_;
    match_ = routes_.match(req_.method, raw_path);
    route_ = match_.route;
    for (auto& [name, raw] : match_.params) req_.params[name] = url_decode(raw, false).value_or(raw);
    const std::size_t form_limit = app_.config().max_form_bytes;
    const std::size_t limit = std::min<std::size_t>(route_ && route_->max_body ? route_->max_body : form_limit,
                                                    app_.config().max_body_bytes);
    const bool chunked = parser_.flags & F_CHUNKED;
    const bool has_length = parser_.content_length != ULLONG_MAX && parser_.content_length > 0;
    if (has_length && parser_.content_length > limit) return fail_too_large(limit);
    // A chunked body's size is known only as it comes: on an upload route it may be large.
    if (((chunked && limit > form_limit) || (has_length && parser_.content_length > form_limit)) && !signed_in())
      return fail_request(Error::make(ErrorCode::unauthorized, "error.sign_in_required",
                                      "sign in (or send 'Authorization: Bearer <token>') before uploading"));
    body_limit_ = limit;
    continue_needed_ = starts_with_ci(req_.header("expect"), "100-continue");
    return 0;
  }

  bool signed_in() {
    auto auth = req_.header("authorization");
    if (starts_with_ci(auth, "bearer ")) return app_.members().member_for_token(trim(auth.substr(7))).has_value();
    auto session = req_.cookie("aigc_session");
    return !session.empty() && app_.members().member_for_session(session).has_value();
  }

  int on_body(const char* at, std::size_t n) {
    continue_needed_ = false;
    body_size_ += n;
    if (body_size_ > body_limit_) return fail_too_large(body_limit_);
    if (spool_fd_ < 0 && body_.size() + n > kSpoolAbove) {
      spool_fd_ = open_spool(app_.config().blob_dir);
      if (spool_fd_ < 0 || !write_all(body_.data(), body_.size())) return fail_request(storage_error(errno, "the upload spool"));
      body_.clear();
      body_.shrink_to_fit();
    }
    if (spool_fd_ >= 0) {
      if (!write_all(at, n)) return fail_request(storage_error(errno, "the upload spool"));
    } else {
      body_.append(at, n);
    }
    return 0;
  }

  bool write_all(const char* p, std::size_t n) {
    while (n > 0) {
      auto w = ::write(spool_fd_, p, n);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) {  // errno says why (ENOSPC: a 507)
        if (w == 0) errno = EIO;
        return false;
      }
      p += w;
      n -= static_cast<std::size_t>(w);
    }
    return true;
  }

  int on_complete() {
    keep_alive_ = http_should_keep_alive(&parser_);
    if (spool_fd_ >= 0) {
      auto mapped = std::make_shared<MappedBody>();
      mapped->fd = spool_fd_;
      mapped->size = body_size_;
      spool_fd_ = -1;
      mapped->addr = ::mmap(nullptr, mapped->size, PROT_READ, MAP_PRIVATE, mapped->fd, 0);
      if (mapped->addr == MAP_FAILED) {
        early_ = app_.error(req_, Error::make(ErrorCode::unavailable, "error.unavailable", "the server cannot read the upload back"));
      } else {
        req_.body = std::string_view(static_cast<const char*>(mapped->addr), mapped->size);
        req_.body_owner = mapped;
      }
    } else {
      auto owned = std::make_shared<std::string>(std::move(body_));
      req_.body = *owned;
      req_.body_owner = owned;
    }
    http_parser_pause(&parser_, 1);
    return 0;
  }

  int fail(int status, const std::string& why) {
    auto res = Response::text(why + "\n", status);
    early_ = std::move(res);
    return -1;
  }

  int fail_too_large(std::size_t limit) {
    return fail_request(Error::make(ErrorCode::too_large, "error.too_large",
                                    "the request body is larger than the " + std::to_string(limit) + " bytes accepted here"));
  }

  int fail_request(const Error& e) {
    // In the reader's language as far as the headers tell (the member is not looked up).
    auto cookie = req_.cookie("lang");
    req_.lang = is_supported_lang(cookie) ? cookie : Catalogs::negotiate(req_.header("accept-language"));
    early_ = app_.error(req_, e);
    return -1;
  }

  // An answer decided while reading: the rest of the request is not read, so the
  // connection closes after it.
  void send_early() {
    Response res = std::move(*early_);
    early_.reset();
    add_security_headers(res);
    res.header("Cache-Control", "no-store");
    lingering_ = true;
    send(std::move(res), false);
  }

  // After an early answer the client may still be sending: read and drop what comes (a
  // few seconds, a few MiB at most) before closing, so it reads the answer instead of a reset.
  void linger() {
    boost::system::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    timer_.expires_after(std::chrono::seconds(2));
    timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& e) {
      if (auto c = weak.lock(); c && !e) c->close();
    });
    drain();
  }

  void drain() {
    socket_.async_read_some(asio::buffer(buf_), [c = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
      c->drained_ += n;
      if (ec || c->drained_ > (4u << 20)) return c->close();
      c->drain();
    });
  }

  void answer() {
    if (early_) return send_early();
    if (route_ && route_->slow) return answer_on_slow_pool();
    Response res;
    if (route_) {
      req_.route = route_->pattern;
      res = app_.handle(req_, route_);
    } else {
      res = app_.handle(req_, nullptr, match_.allowed);
    }
    finish(std::move(res));
  }

  void finish(Response res) {
    if (res.stream) return start_stream(std::move(res));
    req_ = Request{};  // releases the body (and a spooled upload's file)
    bool keep = keep_alive_ && res.header_value("Connection") != "close";
    send(std::move(res), keep);
  }

  // The HTTP thread goes back to other connections; the answer is sent from this
  // connection's executor when the pool is done.
  void answer_on_slow_pool() {
    req_.route = route_->pattern;
    if (slow_.queued.fetch_add(1) >= slow_.max_queued) {
      --slow_.queued;
      App& app = app_;
      const Route busy{req_.method, route_->pattern, [&app](Request& r) {
        return app.error(r, Error::make(ErrorCode::unavailable, "error.busy", "the server is busy signing others in; try again in a few seconds"));
      }};
      auto res = app_.handle(req_, &busy);
      res.header("Retry-After", "2");
      return finish(std::move(res));
    }
    asio::post(slow_.pool, [c = shared_from_this()] {
      auto res = c->app_.handle(c->req_, c->route_);
      --c->slow_.queued;
      asio::post(c->socket_.get_executor(), [c, res = std::move(res)]() mutable { c->finish(std::move(res)); });
    });
  }


  void send(Response res, bool keep_alive) {
    auto out = std::make_shared<std::string>();
    out->reserve(res.body.size() + 512);
    *out += "HTTP/1.1 " + std::to_string(res.status) + " " + status_text(res.status) + "\r\n";
    for (const auto& [k, v] : res.headers) {
      if (!is_safe_header(k, v) || k == "Connection" || k == "Content-Length") continue;
      *out += k + ": " + v + "\r\n";
    }
    bool bodyless = res.status == 204 || res.status == 304 || (res.status >= 100 && res.status < 200);
    // A shared body (a cached page) goes out from the cache's own bytes, after the head.
    std::shared_ptr<const std::string> shared = bodyless ? nullptr : res.shared_body;
    const std::size_t length = shared ? shared->size() : res.body.size();
    if (!bodyless) *out += "Content-Length: " + std::to_string(length) + "\r\n";
    *out += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    if (!bodyless && !shared) *out += res.body;
    std::array<asio::const_buffer, 2> buffers{asio::buffer(*out), shared ? asio::buffer(*shared) : asio::const_buffer()};
    asio::async_write(socket_, buffers, [c = shared_from_this(), out, shared, keep_alive](const boost::system::error_code& ec, std::size_t) {
      if (!ec && c->lingering_) return c->linger();
      if (ec || !keep_alive) return c->close();
      if (!c->pending_.empty()) return c->parse();  // a pipelined request already read
      c->read();
    });
  }

  // Server-sent events: the head and first bytes, then what the hub sends, one write at a
  // time on this connection's strand, until the client goes away. The body ends when the
  // connection does (no length): what EventSource and proxies expect of a stream.
  void start_stream(Response res) {
    req_ = Request{};
    strand_.emplace(asio::make_strand(socket_.get_executor()));
    auto head = std::make_shared<std::string>("HTTP/1.1 " + std::to_string(res.status) + " " + status_text(res.status) + "\r\n");
    for (const auto& [k, v] : res.headers)
      if (is_safe_header(k, v) && k != "Connection" && k != "Content-Length") *head += k + ": " + v + "\r\n";
    *head += "Connection: close\r\n\r\n" + res.body;
    std::weak_ptr<Connection> weak = shared_from_this();
    Response::Send send = [weak](std::shared_ptr<const std::string> bytes) {
      if (auto c = weak.lock()) asio::post(*c->strand_, [c, bytes = std::move(bytes)] { c->queue_stream(bytes); });
    };
    asio::post(*strand_, [c = shared_from_this(), head, stream = std::move(res.stream), send = std::move(send)] {
      c->queue_stream(head);
      c->subscription_ = stream(send);
      c->watch_stream_close();
    });
  }

  void queue_stream(std::shared_ptr<const std::string> bytes) {
    if (stream_closed_) return;
    if (stream_out_.size() >= 64) return close_stream();  // a reader that stopped reading
    stream_out_.push_back(std::move(bytes));
    if (stream_out_.size() == 1) write_stream();
  }

  void write_stream() {
    asio::async_write(socket_, asio::buffer(*stream_out_.front()),
                      asio::bind_executor(*strand_, [c = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                        if (ec) return c->close_stream();
                        c->stream_out_.pop_front();
                        if (!c->stream_out_.empty()) c->write_stream();
                      }));
  }

  // A stream's client says nothing more; a read ends only when it goes away.
  void watch_stream_close() {
    socket_.async_read_some(asio::buffer(buf_), asio::bind_executor(*strand_, [c = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                              if (ec) return c->close_stream();
                              c->watch_stream_close();
                            }));
  }

  void close_stream() {
    if (stream_closed_) return;
    stream_closed_ = true;
    subscription_.reset();
    close();
  }

  void close() {
    boost::system::error_code ec;
    timer_.cancel();
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
  }

  tcp::socket socket_;
  asio::steady_timer timer_;
  App& app_;
  const RouteTable& routes_;
  SlowPool& slow_;
  http_parser parser_;
  std::array<char, 16 * 1024> buf_;
  std::string_view pending_;
  std::string remote_ip_;
  // The request being read.
  Request req_;
  RouteMatch match_;
  const Route* route_ = nullptr;
  std::string url_, field_, value_;
  bool in_value_ = false;
  std::size_t header_bytes_ = 0;
  std::string body_;
  int spool_fd_ = -1;
  std::size_t body_size_ = 0, body_limit_ = 0;
  bool continue_needed_ = false, keep_alive_ = false, lingering_ = false;
  std::size_t drained_ = 0;
  std::optional<Response> early_;  // an answer decided while reading (4xx), then close
  // A server-sent event stream (start_stream): its strand, queued writes and subscription.
  std::optional<asio::strand<asio::any_io_executor>> strand_;
  std::deque<std::shared_ptr<const std::string>> stream_out_;
  std::shared_ptr<void> subscription_;
  bool stream_closed_ = false;
};

// The acceptor is not thread-safe: its handlers and the shutdown's close() all run on one
// strand, or a close() racing a re-armed async_accept crashes (seen on SIGTERM under load).
using AcceptStrand = asio::strand<asio::io_context::executor_type>;

void accept(tcp::acceptor& acceptor, AcceptStrand& strand, App& app, const RouteTable& routes, SlowPool& slow) {
  acceptor.async_accept(asio::bind_executor(strand, [&](const boost::system::error_code& ec, tcp::socket socket) {
    if (!acceptor.is_open()) return;
    if (!ec) {
      boost::system::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      std::make_shared<Connection>(std::move(socket), app, routes, slow)->start();
    }
    accept(acceptor, strand, app, routes, slow);
  }));
}

}  // namespace

int serve(App& app, const Config& config, const std::function<void()>& on_ready) {
  // Every open event stream holds a descriptor: take all the system allows (often 1,024 soft).
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &files);
  }
  RouteTable routes(app.routes());
  int threads = config.threads > 0 ? config.threads : static_cast<int>(std::max(2u, std::thread::hardware_concurrency() * 2));
  // Slow routes (password hashing) run on a pool of one thread per core with a bounded
  // queue, never on the HTTP threads; each of its threads may hash at once.
  const int slow_threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  HashSlot::set_slots(slow_threads);
  SlowPool slow(slow_threads, kSlowQueue);
  asio::io_context io(threads);
  tcp::acceptor acceptor(io);
  try {
    tcp::endpoint endpoint(asio::ip::make_address(config.host), static_cast<unsigned short>(config.port));
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(asio::socket_base::max_listen_connections);
  } catch (const std::exception& e) {
    spdlog::error("cannot listen on {}:{}: {}", config.host, config.port, e.what());
    return 1;
  }
  AcceptStrand strand(io.get_executor());
  accept(acceptor, strand, app, routes, slow);
  asio::signal_set signals(io, SIGINT, SIGTERM);
  // The thread that stops the server once in-flight requests are done. It is joined, not
  // detached: a detached one could still be inside io.stop() when `io` is destroyed.
  std::thread stopper;
  signals.async_wait([&](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    spdlog::info("signal {}: finishing in-flight requests", sig);
    app.draining = true;
    asio::post(strand, [&acceptor] {
      boost::system::error_code ignored;
      acceptor.close(ignored);
    });
    stopper = std::thread([&app, &io] {
      for (int i = 0; i < 1000 && app.in_flight > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      io.stop();
    });
  });
  spdlog::info("serving on http://{}:{} with {} threads", config.host, config.port, threads);
  if (on_ready) on_ready();
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) pool.emplace_back([&io] { io.run(); });
  for (auto& t : pool) t.join();
  if (stopper.joinable()) stopper.join();
  spdlog::info("server stopped");
  return 0;
}

}  // namespace aigc
