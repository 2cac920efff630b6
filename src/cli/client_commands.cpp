#include "cli/client_commands.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <thread>
#include <vector>

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "core/curl_library.hpp"
#include "core/text.hpp"

namespace aigc::cli {

using nlohmann::json;

namespace {

// The client commands load libcurl when they run (core/curl_library.hpp says why).
const CurlLibrary& curl() { return curl_library(); }

struct Reply {
  long status = 0;  // 0: no answer
  std::string body;
  std::string transport_error;
};

size_t collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

// A progress bar on stderr, only when it is a terminal.
int progress(void*, curl_off_t, curl_off_t, curl_off_t total, curl_off_t sent) {
  if (total <= 0) return 0;
  int pct = static_cast<int>(sent * 100 / total);
  std::string bar(static_cast<std::size_t>(pct / 4), '#');
  bar.resize(25, ' ');
  std::fprintf(stderr, "\ruploading [%s] %3d%% %.1f/%.1f MB", bar.c_str(), pct, sent / 1e6, total / 1e6);
  if (sent == total) std::fprintf(stderr, "\n");
  return 0;
}

class Client {
 public:
  Client(std::string server, std::string token) : server_(std::move(server)), token_(std::move(token)) {
    while (!server_.empty() && server_.back() == '/') server_.pop_back();
    curl_ = curl().easy_init();
  }
  ~Client() { curl().easy_cleanup(curl_); }

  Reply get(const std::string& path) { return perform(path, nullptr); }

  Reply post_file(const std::string& path, const std::string& file, const std::map<std::string, std::string>& fields,
                  const std::vector<std::string>& headers = {}) {
    curl_mime* mime = curl().mime_init(curl_);
    for (const auto& [k, v] : fields) {
      if (v.empty()) continue;
      auto* part = curl().mime_addpart(mime);
      curl().mime_name(part, k.c_str());
      curl().mime_data(part, v.c_str(), CURL_ZERO_TERMINATED);
    }
    auto* part = curl().mime_addpart(mime);
    curl().mime_name(part, "file");
    curl().mime_filedata(part, file.c_str());
    if (isatty(STDERR_FILENO)) {
      curl().easy_setopt(curl_, CURLOPT_XFERINFOFUNCTION, progress);
      curl().easy_setopt(curl_, CURLOPT_NOPROGRESS, 0L);
    }
    auto r = perform(path, mime, headers);
    curl().mime_free(mime);
    return r;
  }

 private:
  Reply perform(const std::string& path, curl_mime* mime, const std::vector<std::string>& extra_headers = {}) {
    Reply r;
    curl().easy_reset(curl_);
    std::string url = server_ + path;
    curl().easy_setopt(curl_, CURLOPT_URL, url.c_str());
    curl().easy_setopt(curl_, CURLOPT_WRITEFUNCTION, collect);
    curl().easy_setopt(curl_, CURLOPT_WRITEDATA, &r.body);
    curl().easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT, 10L);
    curl().easy_setopt(curl_, CURLOPT_USERAGENT, "aigc-cli");
    curl_slist* headers = nullptr;
    std::string auth = "Authorization: Bearer " + token_;
    if (!token_.empty()) headers = curl().slist_append(headers, auth.c_str());
    headers = curl().slist_append(headers, "Accept: application/json");
    for (const auto& h : extra_headers) headers = curl().slist_append(headers, h.c_str());
    curl().easy_setopt(curl_, CURLOPT_HTTPHEADER, headers);
    if (mime) curl().easy_setopt(curl_, CURLOPT_MIMEPOST, mime);
    auto code = curl().easy_perform(curl_);
    if (code != CURLE_OK) r.transport_error = curl().easy_strerror(code);
    else curl().easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &r.status);
    curl().slist_free_all(headers);
    return r;
  }

  std::string server_, token_;
  CURL* curl_ = nullptr;
};

// Prints why the request failed; returns the exit code.
int failure(const Reply& r, const std::string& what) {
  if (!r.transport_error.empty()) {
    std::cerr << "error: " << what << ": " << r.transport_error << "\n";
    return 1;
  }
  auto j = json::parse(r.body, nullptr, false);
  if (j.is_object() && j.contains("error")) {
    std::cerr << "error: " << j["error"].value("message", "request refused") << " (HTTP " << r.status << ")\n";
    for (const auto& d : j["error"].value("details", json::array()))
    {
      auto where = d.contains("position") ? d.value("position", "") : d.value("field", "");
      std::cerr << "  " << where << (where.empty() ? "" : ": ") << d.value("message", "") << "\n";
    }
  } else {
    std::cerr << "error: " << what << ": HTTP " << r.status << "\n";
  }
  return r.status >= 500 ? 1 : 2;
}

std::string score_text(const json& v) {
  if (!v.is_number()) return "-";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.6g", v.get<double>());
  return buf;
}

}  // namespace

CLI::App* add_submit_command(CLI::App& cli, ClientOptions& o) {
  auto* sub = cli.add_subcommand("submit", "Submit a prediction file to a competition (as the Kaggle CLI does)");
  sub->add_option("--server", o.server, "the AIGC Hub to talk to (default http://127.0.0.1:8080)");
  sub->add_option("--token", o.token, "personal API token from /settings/tokens (default: $AIGC_TOKEN)");
  sub->add_option("--competition", o.competition, "competition slug")->required();
  sub->add_option("--file", o.file, "prediction file")->required()->check(CLI::ExistingFile);
  sub->add_option("--phase", o.phase, "phase name (default: the open one)");
  sub->add_option("--message", o.message, "a note to remember the submission by");
  sub->add_flag("--wait", o.wait, "wait for the score and print it");
  sub->add_option("--timeout", o.timeout_seconds, "seconds to wait with --wait (default 600)");
  sub->add_flag("--json", o.json, "print the submission as JSON");
  return sub;
}

CLI::App* add_leaderboard_command(CLI::App& cli, ClientOptions& o) {
  auto* sub = cli.add_subcommand("leaderboard", "Print a competition's leaderboard");
  sub->add_option("--server", o.server, "the AIGC Hub to talk to (default http://127.0.0.1:8080)");
  sub->add_option("--token", o.token, "personal API token (default: $AIGC_TOKEN); hosts see the private board early");
  sub->add_option("--competition", o.competition, "competition slug")->required();
  sub->add_option("--phase", o.phase, "phase name (default: the open one)");
  sub->add_option("--board", o.board, "public (default) or private")->check(CLI::IsMember({"public", "private"}));
  sub->add_option("--limit", o.limit, "rows to print (default 50)")->check(CLI::Range(1, 1000));
  sub->add_flag("--json", o.json, "print the API's JSON");
  sub->add_option("--lang", o.lang, "en or zh-CN (default: the terminal's locale)")->check(CLI::IsMember({"en", "zh-CN"}));
  return sub;
}

std::string terminal_lang(const std::string& explicit_lang) {
  if (!explicit_lang.empty()) return explicit_lang == "zh-CN" ? "zh-CN" : "en";
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"})
    if (const char* v = std::getenv(var); v && *v) return std::string(v).rfind("zh", 0) == 0 ? "zh-CN" : "en";
  return "en";
}

int submit(ClientOptions o) {
  if (o.token.empty())
    if (const char* t = std::getenv("AIGC_TOKEN")) o.token = t;
  if (o.token.empty()) {
    std::cerr << "error: give --token or set AIGC_TOKEN (create one at " << o.server << "/settings/tokens)\n";
    return 2;
  }
  if (!curl().ok()) {
    std::cerr << "error: the client commands need libcurl: " << curl().error << "\n";
    return 1;
  }
  Client client(o.server, o.token);
  // One key for every attempt: when an answer is lost (a server restarting, a proxy's 502),
  // sending again gets the submission the first attempt made, never a second one.
  const std::string key = "aigc-cli-" + random_token(16);
  Reply r;
  for (int attempt = 0, wait_s = 1;; ++attempt, wait_s *= 2) {
    r = client.post_file("/api/v1/competitions/" + url_encode(o.competition) + "/submissions", o.file,
                         {{"phase", o.phase}, {"message", o.message}}, {"Idempotency-Key: " + key});
    bool transient = !r.transport_error.empty() || r.status == 502 || r.status == 503 || r.status == 504;
    if (!transient || attempt == 4) break;
    std::cerr << "the server did not answer (" << (r.transport_error.empty() ? "HTTP " + std::to_string(r.status) : r.transport_error)
              << "); trying again in " << wait_s << " s with the same key\n";
    std::this_thread::sleep_for(std::chrono::seconds(wait_s));
  }
  if (r.status != 201) return failure(r, "submitting " + o.file);
  auto s = json::parse(r.body);
  std::string id = s.value("id", "");
  if (!o.json) std::cout << "submitted " << id << " to " << o.competition << " (" << s.value("phase", "") << "): queued\n";
  if (!o.wait) {
    if (o.json) std::cout << s.dump() << "\n";
    return 0;
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(o.timeout_seconds);
  while (s.value("status", "") == "queued" || s.value("status", "") == "scoring") {
    if (std::chrono::steady_clock::now() > deadline) {
      std::cerr << "error: no score after " << o.timeout_seconds << " s; it is still " << s.value("status", "") << "\n";
      return 1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    auto poll = client.get("/api/v1/submissions/" + id);
    if (poll.status != 200) return failure(poll, "reading submission " + id);
    s = json::parse(poll.body);
  }
  if (o.json) std::cout << s.dump() << "\n";
  else if (s["status"] == "scored") std::cout << "scored: public score " << score_text(s["public_score"]) << "\n";
  if (s["status"] == "failed") {
    std::cerr << "failed: " << s.value("error", std::string("unknown reason")) << "\n";
    return 2;
  }
  return 0;
}

int leaderboard(ClientOptions o) {
  if (o.token.empty())
    if (const char* t = std::getenv("AIGC_TOKEN")) o.token = t;
  if (!curl().ok()) {
    std::cerr << "error: the client commands need libcurl: " << curl().error << "\n";
    return 1;
  }
  Client client(o.server, o.token);
  std::string path = "/api/v1/competitions/" + url_encode(o.competition) + "/leaderboard?board=" + o.board +
                     "&limit=" + std::to_string(o.limit) + (o.phase.empty() ? "" : "&phase=" + url_encode(o.phase));
  auto r = client.get(path);
  if (r.status != 200) return failure(r, "reading the leaderboard");
  auto b = json::parse(r.body);
  if (o.json) {
    std::cout << b.dump(2) << "\n";
    return 0;
  }
  bool zh = terminal_lang(o.lang) == "zh-CN";
  auto said = [zh](const char* en, const char* zh_text) { return std::string(zh ? zh_text : en); };
  std::cout << o.competition << " · " << b.value("phase", "") << " · "
            << (b.value("board", "") == "private" ? said("private board", "私有榜") : said("public board", "公开榜")) << " · "
            << b.value("teams", b.value("total", 0)) << said(" teams (", " 支队伍（")
            << (b.value("higher_is_better", true) ? said("higher is better)", "越高越好）") : said("lower is better)", "越低越好）"))
            << "\n";
  // Columns are counted in terminal cells, so Chinese names (two cells a character) align.
  std::cout << pad_to_width(said("rank", "排名"), 6) << pad_to_width(said("team", "队伍"), 28) << " "
            << pad_to_width(said("score", "分数"), 12) << " " << pad_to_width(said("entries", "提交"), 8) << " "
            << said("members", "成员") << "\n";
  for (const auto& e : b["entries"]) {
    std::string members;
    for (const auto& m : e["members"]) members += (members.empty() ? "" : " ") + m.get<std::string>();
    bool baseline = e.value("baseline", false);
    std::string team = e.value("team", "") + (baseline ? said(" (baseline)", "（基线）") : "");
    std::string rank = e["rank"].is_number() ? std::to_string(e["rank"].get<long long>()) : "-";  // a baseline is unranked
    std::cout << pad_to_width(rank, 6) << pad_to_width(team, 28) << " " << pad_to_width(score_text(e["score"]), 12) << " "
              << pad_to_width(std::to_string(e.value("entries", 0)), 8) << " " << members << "\n";
  }
  return 0;
}

}  // namespace aigc::cli
