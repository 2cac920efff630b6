#include "web/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/crypto.hpp"
#include "web/response_cache.hpp"

namespace aigc {

namespace fs = std::filesystem;

namespace {

std::string content_type(const std::string& ext) {
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".js") return "text/javascript; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".json") return "application/json";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".woff2") return "font/woff2";
  return "application/octet-stream";
}

}  // namespace

Result<StaticFiles> StaticFiles::load_dir(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Error::invalid("error.static", "static folder '" + dir + "' not found; set web_root");
  StaticFiles s;
  s.add_dir(dir, "/static/", [](const std::string&) { return true; });
  return s;
}

void StaticFiles::add_dir(const std::string& dir, const std::string& url_prefix, const std::function<bool(const std::string&)>& keep) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    const std::string relative = fs::relative(entry.path(), dir).generic_string();
    if (!keep(relative)) continue;
    std::ifstream f(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    File file;
    file.body = ss.str();
    file.type = content_type(entry.path().extension().string());
    file.etag = "\"" + token_digest(file.body).substr(0, 20) + "\"";
    if (file.type.rfind("text/", 0) == 0 || file.type == "image/svg+xml" || file.type == "application/json") {
      if (auto z = gzip_compress(file.body); !z.empty() && z.size() < file.body.size()) file.gzip = std::move(z);
      if (auto b = brotli_compress(file.body); !b.empty() && b.size() < file.body.size()) file.brotli = std::move(b);
    }
    files_[url_prefix + relative] = std::move(file);
  }
}

Response StaticFiles::serve(const Request& req) const {
  auto it = files_.find(req.path);
  if (it == files_.end()) return Response::text("not found\n", 404);
  const auto& f = it->second;
  Response r;
  if (etag_matches(req.header("if-none-match"), f.etag)) {
    r.status = 304;
  } else {
    auto encoding = choose_encoding(req.header("accept-encoding"));
    r.header("Content-Type", f.type);
    if (encoding == "br" && !f.brotli.empty()) {
      r.body = f.brotli;
      r.header("Content-Encoding", "br");
    } else if (!encoding.empty() && !f.gzip.empty()) {
      r.body = f.gzip;
      r.header("Content-Encoding", "gzip");
    } else {
      r.body = f.body;
    }
  }
  r.header("ETag", f.etag);
  if (!f.gzip.empty()) r.header("Vary", "Accept-Encoding");
  // The address names the content (templates link ?v=<etag>): it never changes what it shows.
  bool hashed = !req.query("v").empty() && req.query("v") == f.etag.substr(1, 8);
  r.header("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "public, max-age=3600");
  return r;
}

std::string StaticFiles::etag(const std::string& path) const {
  auto it = files_.find(path);
  return it == files_.end() ? std::string() : it->second.etag.substr(1, 8);
}

}  // namespace aigc
