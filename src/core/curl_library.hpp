// libcurl, loaded on first use rather than linked: linking it (and the two dozen libraries
// it brings) cost every `aigc` process ~11 ms at start, `aigc score` included, while only the
// client commands and the mail sender need it. curl_library() loads it once, thread-safely.
#pragma once

#include <string>

#include <curl/curl.h>

namespace aigc {

struct CurlLibrary {
  decltype(&curl_global_init) global_init = nullptr;
  decltype(&curl_easy_init) easy_init = nullptr;
  decltype(&curl_easy_cleanup) easy_cleanup = nullptr;
  decltype(&curl_easy_reset) easy_reset = nullptr;
  decltype(&curl_easy_setopt) easy_setopt = nullptr;
  decltype(&curl_easy_perform) easy_perform = nullptr;
  decltype(&curl_easy_getinfo) easy_getinfo = nullptr;
  decltype(&curl_easy_strerror) easy_strerror = nullptr;
  decltype(&curl_slist_append) slist_append = nullptr;
  decltype(&curl_slist_free_all) slist_free_all = nullptr;
  decltype(&curl_mime_init) mime_init = nullptr;
  decltype(&curl_mime_addpart) mime_addpart = nullptr;
  decltype(&curl_mime_name) mime_name = nullptr;
  decltype(&curl_mime_data) mime_data = nullptr;
  decltype(&curl_mime_filedata) mime_filedata = nullptr;
  decltype(&curl_mime_free) mime_free = nullptr;
  // Empty when loaded; otherwise why not (not installed, or too old).
  std::string error;
  bool ok() const { return error.empty(); }
};

// The process's libcurl, loaded and initialized on the first call.
const CurlLibrary& curl_library();

}  // namespace aigc
