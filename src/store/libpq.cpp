#include "store/libpq.hpp"

#include <dlfcn.h>

#include <type_traits>

namespace aigc {

const Libpq* libpq(std::string& problem) {
  static const Libpq* calls = []() -> const Libpq* {
    void* lib = dlopen("libpq.so.5", RTLD_NOW | RTLD_GLOBAL);
    if (!lib) return nullptr;
    static Libpq l;
    bool all = true;
    auto find = [&](auto& fn, const char* name) {
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(dlsym(lib, name));
      all = all && fn;
    };
    find(l.connectdb, "PQconnectdb");
    find(l.status, "PQstatus");
    find(l.exec, "PQexec");
    find(l.result_status, "PQresultStatus");
    find(l.clear, "PQclear");
    find(l.error_message, "PQerrorMessage");
    find(l.finish, "PQfinish");
    find(l.socket, "PQsocket");
    find(l.consume_input, "PQconsumeInput");
    find(l.notifies, "PQnotifies");
    find(l.freemem, "PQfreemem");
    return all ? &l : nullptr;
  }();
  if (!calls) problem = "libpq (libpq.so.5, package libpq5) cannot be loaded";
  return calls;
}

}  // namespace aigc
