#include "core/curl_library.hpp"

#include <dlfcn.h>

#include <type_traits>

namespace aigc {

namespace {

CurlLibrary load() {
  CurlLibrary c;
  void* lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    c.error = std::string("libcurl is not installed (apt-get install libcurl4): ") + dlerror();
    return c;
  }
  bool ok = true;
  auto get = [&](auto& fn, const char* name) {
    fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(dlsym(lib, name));
    ok = ok && fn;
  };
  get(c.global_init, "curl_global_init");
  get(c.easy_init, "curl_easy_init");
  get(c.easy_cleanup, "curl_easy_cleanup");
  get(c.easy_reset, "curl_easy_reset");
  get(c.easy_setopt, "curl_easy_setopt");
  get(c.easy_perform, "curl_easy_perform");
  get(c.easy_getinfo, "curl_easy_getinfo");
  get(c.easy_strerror, "curl_easy_strerror");
  get(c.slist_append, "curl_slist_append");
  get(c.slist_free_all, "curl_slist_free_all");
  get(c.mime_init, "curl_mime_init");
  get(c.mime_addpart, "curl_mime_addpart");
  get(c.mime_name, "curl_mime_name");
  get(c.mime_data, "curl_mime_data");
  get(c.mime_filedata, "curl_mime_filedata");
  get(c.mime_free, "curl_mime_free");
  if (!ok) {
    c.error = "this libcurl lacks functions AIGC Hub needs (7.56 or newer is required)";
    return c;
  }
  c.global_init(CURL_GLOBAL_DEFAULT);
  return c;
}

}  // namespace

const CurlLibrary& curl_library() {
  static const CurlLibrary lib = load();  // C++ guarantees one thread initializes it
  return lib;
}

}  // namespace aigc
