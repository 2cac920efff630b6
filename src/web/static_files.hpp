// The files under web/static, read once at start-up and served from memory with a strong
// ETag, conditional GET (304) and cache headers. Immutable after load: thread-safe.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "core/result.hpp"
#include "web/http.hpp"

namespace aigc {

class StaticFiles {
 public:
  static Result<StaticFiles> load_dir(const std::string& dir);
  // Adds the files below `dir` for which `keep(relative path)` holds, served under
  // `url_prefix` (e.g. "/static/katex/"); a missing folder adds nothing.
  void add_dir(const std::string& dir, const std::string& url_prefix, const std::function<bool(const std::string&)>& keep);
  // Serves /static/<path>; 404 for anything not loaded (no path traversal possible). Under
  // its content-hashed address (?v=<etag(path)>) a file is kept by browsers for a year.
  Response serve(const Request& req) const;
  // ETag of a file, for cache-busting URLs in templates ("" if unknown).
  std::string etag(const std::string& path) const;

 private:
  struct File {
    std::string body;
    std::string type;
    std::string etag;
    std::string gzip, brotli;  // of text files, made once at start-up; empty when not smaller
  };
  std::map<std::string, File> files_;
};

}  // namespace aigc
