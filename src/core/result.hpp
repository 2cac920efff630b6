// The one way a function fails on user input: Result<T> carries a value or an Error.
// Callers branch on Error::code and never parse messages; exceptions are for bugs and
// lost infrastructure only. Error::key names a message in web/i18n catalogs.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace aigc {

enum class ErrorCode {
  bad_request,    // 400: the request itself is malformed (not UTF-8, a cut-off upload, a bad parameter)
  invalid_input,  // 422: well-formed, but the caller must fix what it says
  unauthorized,   // 401: not signed in, or bad credentials
  forbidden,      // 403: signed in but not allowed
  not_found,      // 404
  conflict,       // 409: duplicate handle, stale state
  too_large,      // 413
  rate_limited,   // 429
  unavailable,    // 503: infrastructure down
  insufficient_storage,  // 507: the disk is full; nothing was stored
};

const char* to_string(ErrorCode code);

// One problem with one field (or one line/column of a file).
struct Problem {
  std::string field;    // the form field or request part ("file" for an uploaded file); empty for the whole request
  std::string key;      // i18n key, e.g. "error.handle_taken"
  std::string message;  // English text, used by the CLI and as the API fallback
  std::string position = {};  // where in an uploaded file: "pred.csv:3:2" (file:line:column), else empty
  std::map<std::string, std::string> args = {};  // the values the key's wording names
};

struct Error {
  ErrorCode code = ErrorCode::invalid_input;
  std::string key;      // i18n key of the summary message
  std::string message;  // English summary
  std::vector<Problem> problems;

  static Error invalid(std::string key, std::string message, std::vector<Problem> problems = {}) {
    return {ErrorCode::invalid_input, std::move(key), std::move(message), std::move(problems)};
  }
  static Error bad_request(std::string key, std::string message) {
    return {ErrorCode::bad_request, std::move(key), std::move(message), {}};
  }
  static Error make(ErrorCode code, std::string key, std::string message) {
    return {code, std::move(key), std::move(message), {}};
  }
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

// Returns a failed Result's error from the enclosing function, which must return a Result:
//   AIGC_TRY(check_input(in));
#define AIGC_TRY(expr)                                        \
  do {                                                        \
    if (auto aigc_try_result = (expr); !aigc_try_result)      \
      return aigc_try_result.error();                         \
  } while (0)

inline const char* to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::bad_request: return "bad_request";
    case ErrorCode::invalid_input: return "invalid_input";
    case ErrorCode::unauthorized: return "unauthorized";
    case ErrorCode::forbidden: return "forbidden";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::conflict: return "conflict";
    case ErrorCode::too_large: return "too_large";
    case ErrorCode::rate_limited: return "rate_limited";
    case ErrorCode::unavailable: return "unavailable";
    case ErrorCode::insufficient_storage: return "insufficient_storage";
  }
  return "unknown";
}

}  // namespace aigc
