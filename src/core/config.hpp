// The operator's manual: every setting with its default. Precedence, lowest first:
// defaults, the YAML file (--config), AIGC_* environment variables, command-line flags.
// load_config() validates everything and names the setting to fix on error.
#pragma once

#include <cstddef>
#include <string>

#include "core/result.hpp"

namespace aigc {

struct Config {
  // Database URL: "sqlite:///abs/path.db" (default ./var/aigc.db) or "postgresql://user@host:port/db".
  // YAML `db`, env AIGC_DB.
  std::string db = "";
  // Connections in the pool; default 8. YAML `db_pool_size`, env AIGC_DB_POOL_SIZE.
  int db_pool_size = 8;
  // Address and port to serve on; default 127.0.0.1:8080. env AIGC_HOST, AIGC_PORT.
  std::string host = "127.0.0.1";
  int port = 8080;
  // HTTP worker threads; 0 means 2 per core. env AIGC_THREADS.
  int threads = 0;
  // Folder with templates/, static/ and i18n/; default: found beside the binary or ./web.
  // env AIGC_WEB_ROOT.
  std::string web_root = "";
  // Folder for uploaded files (content-addressed blobs); default ./var/blobs. Servers and
  // workers that share a database must share this folder too. env AIGC_BLOB_DIR.
  std::string blob_dir = "";
  // Largest form body accepted, bytes; default 1 MiB. env AIGC_MAX_FORM_BYTES.
  std::size_t max_form_bytes = 1 << 20;
  // Largest request the server reads at all (file uploads), bytes; default 256 MiB.
  // env AIGC_MAX_BODY_BYTES.
  std::size_t max_body_bytes = 256u << 20;
  // Largest prediction file a participant may submit, bytes; default 128 MiB (below
  // max_body_bytes, so a larger one gets a clear 413 instead of a dropped connection).
  // env AIGC_MAX_SUBMISSION_BYTES.
  std::size_t max_submission_bytes = 128u << 20;
  // Session lifetime in hours; default 14 days. env AIGC_SESSION_HOURS.
  int session_hours = 24 * 14;
  // Mark cookies Secure; set when a TLS proxy fronts the server. env AIGC_SECURE_COOKIES.
  bool secure_cookies = false;
  // Trust X-Forwarded-For / X-Forwarded-Proto from a reverse proxy. env AIGC_TRUST_PROXY.
  bool trust_proxy = false;
  // Who may read /metrics: with a token set, requests bearing "Authorization: Bearer
  // <metrics_token>"; without one (the default), clients on loopback only. env AIGC_METRICS_TOKEN.
  std::string metrics_token = "";
  // Memory for rendered pages shared by visitors who are not signed in, MiB; default 128;
  // 0 turns the cache off. env AIGC_PAGE_CACHE_MB.
  int page_cache_mb = 128;
  // Longest a cached page is kept, seconds, for what the clock alone changes (a phase that
  // opens, a deadline that passes); changes in the database end it at once. Default 30.
  // env AIGC_PAGE_CACHE_SECONDS.
  int page_cache_seconds = 30;
  // Log level: trace, debug, info, warn, error. env AIGC_LOG_LEVEL.
  std::string log_level = "info";
  // Failed sign-ins allowed per account and per address in 15 minutes; default 10.
  // env AIGC_LOGIN_ATTEMPTS.
  int login_attempts = 10;
  // Registrations allowed per address per hour; default 20. env AIGC_REGISTRATIONS_PER_HOUR.
  int registrations_per_hour = 20;
  // Scoring workers `aigc serve` runs in its own process beside the web server; default 1,
  // so one command serves everything. Set 0 on web servers when separate `aigc worker`
  // processes score. env AIGC_WORKERS.
  int workers = 1;
  // Seconds a worker holds a job before another may take it; the worker renews it every
  // third of that while it works, so only a dead worker's job is taken again. Default 60.
  // env AIGC_JOB_LEASE_SECONDS.
  int job_lease_seconds = 60;
  // Milliseconds a worker waits between looks at an empty queue; default 250.
  // env AIGC_WORKER_POLL_MS.
  int worker_poll_ms = 250;
  // Fault injection for tests: a worker sleeps this long inside every job; default 0.
  // env AIGC_WORKER_PAUSE_MS.
  int worker_pause_ms = 0;
  // Limits of an organizer's custom scorer in its sandbox: CPU seconds (default 60),
  // memory in MiB (default 2048) and wall-clock seconds (default 120).
  // env AIGC_SCORER_CPU_SECONDS, AIGC_SCORER_MEMORY_MB, AIGC_SCORER_WALL_SECONDS.
  // These hold for the whole sandbox, all its processes together (docs/security.md).
  int scorer_cpu_seconds = 60;
  int scorer_memory_mb = 2048;
  int scorer_wall_seconds = 120;
  // Processes and threads a custom scorer may run at once; default 64.
  // env AIGC_SCORER_PROCESSES.
  int scorer_processes = 64;
  // Size of a custom scorer's /tmp (and of its /dev/shm) in MiB; default 256. env AIGC_SCORER_TMP_MB.
  int scorer_tmp_mb = 256;
  // Enforce the scorer limits with a cgroup where this machine gives one (as root, or in a
  // delegated cgroup); default true. false: per-process rlimits and a watchdog that totals
  // CPU and memory. env AIGC_SCORER_CGROUPS.
  bool scorer_cgroups = true;
  // A cgroup v2 folder delegated to the workers (e.g. by systemd's Delegate=yes), in which
  // each scorer gets a cgroup; default "": look for one. env AIGC_SCORER_CGROUP.
  std::string scorer_cgroup = "";
  // The uid and gid a worker running as root runs custom scorers as; default 65534 (nobody).
  // Give it a uid that owns no files and runs nothing else. env AIGC_SCORER_UID.
  int scorer_uid = 65534;

  // The address people reach this site at, used in links sent by mail; default
  // http://HOST:PORT. Set it when a proxy or a domain name fronts the server. env AIGC_PUBLIC_URL.
  std::string public_url = "";
  // Mail delivery (docs/mail.md). With smtp_host set, workers send the outbox through that
  // relay; without it, they write each mail as a file under mail_dir (default ./var/mail)
  // and the admin's outbox page says so. env AIGC_SMTP_HOST, AIGC_MAIL_DIR.
  std::string smtp_host = "";
  // Default 587. env AIGC_SMTP_PORT.
  int smtp_port = 587;
  // starttls (the default: refuse a relay that cannot upgrade), tls (implicit, port 465) or
  // none (loopback relays only). env AIGC_SMTP_SECURITY.
  std::string smtp_security = "starttls";
  // Credentials for relays that want them; empty: none. env AIGC_SMTP_USER, AIGC_SMTP_PASSWORD.
  std::string smtp_user = "";
  std::string smtp_password = "";
  // Seconds one delivery attempt may take; default 30. env AIGC_SMTP_TIMEOUT_SECONDS.
  int smtp_timeout_seconds = 30;
  // The sender of every mail; default "AIGC Hub <noreply@localhost>". env AIGC_MAIL_FROM.
  std::string mail_from = "AIGC Hub <noreply@localhost>";
  std::string mail_dir = "";
  // Wait before the first retry of a mail the relay did not take, in seconds; each later
  // retry waits twice as long (at most 4 hours); a mail is given up after 16 attempts
  // (about two days). Default 30. env AIGC_MAIL_RETRY_SECONDS.
  int mail_retry_seconds = 30;
  // Fault injection for tests: a mail sender waits this long just before the relay gets the
  // last byte of a mail; default 0. env AIGC_MAIL_PAUSE_MS.
  int mail_pause_ms = 0;
};

// Reads the optional YAML file, then the environment. An empty path skips the file.
Result<Config> load_config(const std::string& yaml_path);
// Fills defaults that depend on the working directory and checks ranges.
Result<void> finalize_config(Config& config);
std::string default_sqlite_url();

}  // namespace aigc
