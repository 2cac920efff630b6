#include "core/config.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <yaml-cpp/yaml.h>

namespace aigc {

namespace fs = std::filesystem;

namespace {

Error bad_setting(const std::string& name, const std::string& why) {
  return Error::invalid("error.bad_setting", "setting '" + name + "': " + why, {{name, "error.bad_setting", why}});
}

template <class T>
Result<void> parse_number(const std::string& name, const std::string& text, T& out) {
  try {
    std::size_t used = 0;
    long long v = std::stoll(text, &used);
    if (used != text.size() || v < 0) throw std::invalid_argument(text);
    out = static_cast<T>(v);
    return {};
  } catch (const std::exception&) {
    return bad_setting(name, "expected a non-negative whole number, got '" + text + "'");
  }
}

Result<void> parse_bool(const std::string& name, const std::string& text, bool& out) {
  if (text == "1" || text == "true" || text == "yes" || text == "on") { out = true; return {}; }
  if (text == "0" || text == "false" || text == "no" || text == "off") { out = false; return {}; }
  return bad_setting(name, "expected true or false, got '" + text + "'");
}

// One table of settings so the YAML keys and the environment variables cannot drift apart.
struct Setting {
  const char* key;
  Result<void> (*apply)(Config&, const std::string&);
};

#define AIGC_STRING(field) {#field, [](Config& c, const std::string& v) -> Result<void> { c.field = v; return {}; }}
#define AIGC_NUMBER(field) {#field, [](Config& c, const std::string& v) { return parse_number(#field, v, c.field); }}
#define AIGC_BOOL(field) {#field, [](Config& c, const std::string& v) { return parse_bool(#field, v, c.field); }}

const Setting kSettings[] = {
    AIGC_STRING(db),        AIGC_NUMBER(db_pool_size),  AIGC_STRING(host),  AIGC_STRING(blob_dir),
    AIGC_NUMBER(port),      AIGC_NUMBER(threads),       AIGC_STRING(web_root),
    AIGC_NUMBER(max_form_bytes), AIGC_NUMBER(max_body_bytes), AIGC_NUMBER(max_submission_bytes), AIGC_NUMBER(session_hours),
    AIGC_BOOL(secure_cookies),   AIGC_BOOL(trust_proxy),      AIGC_STRING(log_level),      AIGC_STRING(metrics_token),
    AIGC_NUMBER(login_attempts), AIGC_NUMBER(registrations_per_hour), AIGC_NUMBER(page_cache_mb), AIGC_NUMBER(page_cache_seconds),
    AIGC_NUMBER(workers),        AIGC_NUMBER(job_lease_seconds), AIGC_NUMBER(worker_poll_ms),
    AIGC_NUMBER(worker_pause_ms), AIGC_NUMBER(scorer_cpu_seconds), AIGC_NUMBER(scorer_memory_mb),
    AIGC_NUMBER(scorer_wall_seconds), AIGC_NUMBER(scorer_processes), AIGC_NUMBER(scorer_tmp_mb),
    AIGC_BOOL(scorer_cgroups),   AIGC_STRING(scorer_cgroup),  AIGC_NUMBER(scorer_uid),
    AIGC_STRING(public_url),     AIGC_STRING(smtp_host),      AIGC_NUMBER(smtp_port),      AIGC_STRING(smtp_security),
    AIGC_STRING(smtp_user),      AIGC_STRING(smtp_password),  AIGC_NUMBER(smtp_timeout_seconds),
    AIGC_STRING(mail_from),      AIGC_STRING(mail_dir),       AIGC_NUMBER(mail_retry_seconds), AIGC_NUMBER(mail_pause_ms),
};

std::string env_name(const char* key) {
  std::string out = "AIGC_";
  for (const char* p = key; *p; ++p) out += static_cast<char>(std::toupper(static_cast<unsigned char>(*p)));
  return out;
}

}  // namespace

std::string default_sqlite_url() {
  return "sqlite://" + (fs::absolute("var") / "aigc.db").lexically_normal().string();
}

Result<Config> load_config(const std::string& yaml_path) {
  Config config;
  if (!yaml_path.empty()) {
    YAML::Node root;
    try {
      root = YAML::LoadFile(yaml_path);
    } catch (const YAML::Exception& e) {
      return Error::invalid("error.bad_config", "config file " + yaml_path + ": " + e.what());
    }
    if (root && !root.IsMap() && !root.IsNull())
      return Error::invalid("error.bad_config", "config file " + yaml_path + ": expected a mapping of settings");
    for (auto it = root.begin(); root.IsMap() && it != root.end(); ++it) {
      auto key = it->first.as<std::string>();
      const Setting* setting = nullptr;
      for (const auto& s : kSettings)
        if (key == s.key) setting = &s;
      if (!setting)
        return Error::invalid("error.bad_config", "config file " + yaml_path + " line " +
                                                      std::to_string(it->first.Mark().line + 1) +
                                                      ": unknown setting '" + key + "'");
      if (!it->second.IsScalar()) return bad_setting(key, "expected a single value");
      if (auto r = setting->apply(config, it->second.as<std::string>()); !r) return r.error();
    }
  }
  for (const auto& s : kSettings) {
    if (const char* v = std::getenv(env_name(s.key).c_str()); v && *v) {
      if (auto r = s.apply(config, v); !r) return r.error();
    }
  }
  return config;
}

Result<void> finalize_config(Config& config) {
  if (config.db.empty()) config.db = default_sqlite_url();
  if (config.blob_dir.empty()) config.blob_dir = (fs::absolute("var") / "blobs").lexically_normal().string();
  if (config.port <= 0 || config.port > 65535) return bad_setting("port", "expected 1-65535");
  if (config.db_pool_size < 1 || config.db_pool_size > 256) return bad_setting("db_pool_size", "expected 1-256");
  if (config.threads < 0 || config.threads > 512) return bad_setting("threads", "expected 0-512");
  if (config.page_cache_mb < 0 || config.page_cache_mb > 65536) return bad_setting("page_cache_mb", "expected 0-65536 (MiB)");
  if (config.page_cache_seconds < 1 || config.page_cache_seconds > 86400)
    return bad_setting("page_cache_seconds", "expected 1-86400");
  if (config.session_hours < 1) return bad_setting("session_hours", "expected at least 1");
  if (config.workers > 64) return bad_setting("workers", "expected 0-64");
  if (config.job_lease_seconds < 1) return bad_setting("job_lease_seconds", "expected at least 1");
  if (config.scorer_uid < 1) return bad_setting("scorer_uid", "expected a uid other than root's (0)");
  if (config.scorer_processes < 1) return bad_setting("scorer_processes", "expected at least 1");
  if (config.scorer_cpu_seconds < 1 || config.scorer_wall_seconds < 1 || config.scorer_memory_mb < 16 || config.scorer_tmp_mb < 1)
    return bad_setting("scorer_*", "expected at least 1 s of CPU and of wall time, 16 MiB of memory and 1 MiB of /tmp");
  if (config.mail_dir.empty()) config.mail_dir = (fs::absolute("var") / "mail").lexically_normal().string();
  if (config.public_url.empty()) config.public_url = "http://" + config.host + ":" + std::to_string(config.port);
  while (!config.public_url.empty() && config.public_url.back() == '/') config.public_url.pop_back();
  if (config.public_url.rfind("http://", 0) != 0 && config.public_url.rfind("https://", 0) != 0)
    return bad_setting("public_url", "expected an address starting with http:// or https://, such as https://aigc.example.org");
  if (config.smtp_port < 1 || config.smtp_port > 65535) return bad_setting("smtp_port", "expected 1-65535");
  if (config.smtp_security != "starttls" && config.smtp_security != "tls" && config.smtp_security != "none")
    return bad_setting("smtp_security", "expected starttls, tls or none");
  if (config.smtp_timeout_seconds < 1) return bad_setting("smtp_timeout_seconds", "expected at least 1");
  if (config.mail_retry_seconds < 1) return bad_setting("mail_retry_seconds", "expected at least 1");
  {
    auto open = config.mail_from.find('<'), close = config.mail_from.find('>');
    auto addr = open == std::string::npos ? config.mail_from : config.mail_from.substr(open + 1, close - open - 1);
    if ((open != std::string::npos && close == std::string::npos) || addr.find('@') == std::string::npos ||
        config.mail_from.find_first_of("\r\n") != std::string::npos)
      return bad_setting("mail_from", "expected an address such as \"AIGC Hub <noreply@example.org>\"");
  }
  if (config.web_root.empty()) {
    std::error_code ec;
    auto exe = fs::read_symlink("/proc/self/exe", ec);
    for (const auto& candidate : {exe.parent_path() / "web", exe.parent_path().parent_path() / "web",
                                  fs::path("/usr/share/aigc/web"), fs::absolute("web")}) {
      if (fs::exists(candidate / "templates", ec)) { config.web_root = candidate.string(); break; }
    }
    if (config.web_root.empty()) config.web_root = fs::absolute("web").string();
  }
  return {};
}

}  // namespace aigc
