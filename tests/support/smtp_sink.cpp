#include "support/smtp_sink.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/test_server.hpp"

namespace aigc::test {

namespace fs = std::filesystem;

SmtpSink::SmtpSink(const std::vector<std::string>& extra, int port) {
  port_ = port ? port : free_port();
  char tmpl[] = "/tmp/aigc-smtp.XXXXXX";
  if (!::mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  int out[2];
  if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(out[1], 1);
    ::close(out[0]);
    ::close(out[1]);
    std::vector<std::string> args = {"/usr/bin/python3", source_dir() + "/tests/support/smtp_sink.py", std::to_string(port_), dir_};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  std::string line;
  char c;
  while (::read(out[0], &c, 1) == 1 && c != '\n') line += c;
  ::close(out[0]);
  if (line != "ready") throw std::runtime_error("the SMTP sink did not start (is python3-aiosmtpd installed? run scripts/install-deps)");
}

SmtpSink::~SmtpSink() {
  if (pid_ > 0) {
    ::kill(pid_, SIGINT);
    int status = 0;
    for (int i = 0; i < 50 && ::waitpid(pid_, &status, WNOHANG) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
  }
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::vector<ReceivedMail> SmtpSink::messages() const {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir_))
    if (e.path().extension() == ".txt") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<ReceivedMail> out;
  std::lock_guard lock(mu_);
  for (const auto& f : files) {
    if (auto hit = cache_.find(f.string()); hit != cache_.end()) {
      out.push_back(hit->second);
      continue;
    }
    std::ifstream in(f);
    std::stringstream ss;
    ss << in.rdbuf();
    auto all = ss.str();
    ReceivedMail m;
    auto body_at = all.find("\n\n");
    std::istringstream head(all.substr(0, body_at));
    std::string line;
    while (std::getline(head, line)) {
      auto colon = line.find(": ");
      if (colon == std::string::npos) continue;
      auto k = line.substr(0, colon), v = line.substr(colon + 2);
      if (k == "To") m.to = v;
      else if (k == "Subject") m.subject = v;
      else if (k == "Message-ID") m.message_id = v;
      else if (k == "HTML") m.has_html = v == "1";
    }
    m.text = body_at == std::string::npos ? "" : all.substr(body_at + 2);
    auto raw_path = f;
    raw_path.replace_extension(".eml");
    std::ifstream raw(raw_path, std::ios::binary);
    std::stringstream rs;
    rs << raw.rdbuf();
    m.raw = rs.str();
    cache_[f.string()] = m;
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<ReceivedMail> SmtpSink::wait_for(std::size_t n, std::chrono::milliseconds timeout) const {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (true) {
    auto got = messages();
    if (got.size() >= n || std::chrono::steady_clock::now() > until) return got;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

namespace {
std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
}  // namespace

ReceivedMail SmtpSink::wait_for_mail_to(const std::string& to, std::size_t nth, std::chrono::milliseconds timeout) const {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (true) {
    std::size_t seen = 0;
    for (auto& m : messages())
      if (lower(m.to) == lower(to) && ++seen == nth) return m;
    if (std::chrono::steady_clock::now() > until) return {};
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::string link_path(const std::string& text, const std::string& prefix) {
  for (std::size_t at = text.find("http"); at != std::string::npos; at = text.find("http", at + 1)) {
    auto scheme_end = text.find("://", at);
    if (scheme_end != at + 4 && scheme_end != at + 5) continue;
    auto path_at = text.find('/', scheme_end + 3);
    if (path_at == std::string::npos) return "";
    if (text.compare(path_at, prefix.size(), prefix) != 0) continue;
    auto end = text.find_first_of(" \r\n\"<>", path_at);
    return text.substr(path_at, end == std::string::npos ? std::string::npos : end - path_at);
  }
  return "";
}

}  // namespace aigc::test
