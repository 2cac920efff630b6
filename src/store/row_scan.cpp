#include "store/row_scan.hpp"

#include <memory>
#include <stdexcept>

#include <soci/sqlite3/soci-sqlite3.h>

namespace aigc {

namespace {

class SqliteRow : public RowView {
 public:
  explicit SqliteRow(::sqlite_api::sqlite3_stmt* st) : st_(st) {}
  std::int64_t integer(int c) const override { return ::sqlite_api::sqlite3_column_int64(st_, c); }
  double real(int c) const override { return ::sqlite_api::sqlite3_column_double(st_, c); }
  std::string_view text(int c) const override {
    const auto* p = ::sqlite_api::sqlite3_column_text(st_, c);
    return p ? std::string_view(reinterpret_cast<const char*>(p), static_cast<std::size_t>(::sqlite_api::sqlite3_column_bytes(st_, c)))
             : std::string_view();
  }

 private:
  ::sqlite_api::sqlite3_stmt* st_;
};

// PostgreSQL's column types as SOCI reports them, converted to what the caller asks for.
class SociRow : public RowView {
 public:
  explicit SociRow(const soci::row& r) : r_(r) {}
  std::int64_t integer(int c) const override {
    const auto i = static_cast<std::size_t>(c);
    if (r_.get_indicator(i) == soci::i_null) return 0;
    switch (r_.get_properties(i).get_data_type()) {
      case soci::dt_integer: return r_.get<int>(i);
      case soci::dt_long_long: return r_.get<long long>(i);
      case soci::dt_unsigned_long_long: return static_cast<std::int64_t>(r_.get<unsigned long long>(i));
      case soci::dt_double: return static_cast<std::int64_t>(r_.get<double>(i));
      default: return std::stoll(r_.get<std::string>(i));
    }
  }
  double real(int c) const override {
    const auto i = static_cast<std::size_t>(c);
    if (r_.get_indicator(i) == soci::i_null) return 0;
    if (r_.get_properties(i).get_data_type() == soci::dt_double) return r_.get<double>(i);
    return static_cast<double>(integer(c));
  }
  std::string_view text(int c) const override {
    const auto i = static_cast<std::size_t>(c);
    if (r_.get_indicator(i) == soci::i_null) return {};
    held_ = r_.get<std::string>(i);
    return held_;
  }

 private:
  const soci::row& r_;
  mutable std::string held_;
};

}  // namespace

void sqlite_rows(soci::session& sql, const std::string& query, const std::string* param, const std::function<bool(const RowView&)>& on_row) {
  using namespace ::sqlite_api;
  auto* backend = static_cast<soci::sqlite3_session_backend*>(sql.get_backend());
  sqlite3* conn = backend->conn_;
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(conn, query.c_str(), static_cast<int>(query.size()), &raw, nullptr) != SQLITE_OK)
    throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(conn));
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> st(raw, sqlite3_finalize);
  if (param) sqlite3_bind_text(raw, 1, param->data(), static_cast<int>(param->size()), SQLITE_TRANSIENT);
  SqliteRow row(raw);
  int rc;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW)
    if (!on_row(row)) return;
  if (rc != SQLITE_DONE) throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(conn));
}

void for_each_row(Dialect dialect, soci::session& sql, const std::string& query, const std::function<void(const RowView&)>& on_row) {
  if (dialect == Dialect::sqlite) {
    sqlite_rows(sql, query, nullptr, [&](const RowView& r) {
      on_row(r);
      return true;
    });
    return;
  }
  soci::rowset<soci::row> rows = (sql.prepare << query);
  for (const auto& r : rows) on_row(SociRow(r));
}

}  // namespace aigc
