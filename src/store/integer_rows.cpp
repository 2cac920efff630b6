#include "store/integer_rows.hpp"

#include <memory>
#include <stdexcept>
#include <vector>

#include <soci/sqlite3/soci-sqlite3.h>

namespace aigc {

void for_each_integer(Database& db, soci::session& sql, const std::string& query, const std::string& param,
                      const std::function<bool(std::int64_t)>& on_row) {
  if (db.dialect() == Dialect::sqlite) {
    using namespace ::sqlite_api;
    auto* backend = static_cast<soci::sqlite3_session_backend*>(sql.get_backend());
    sqlite3* conn = backend->conn_;
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(conn, query.c_str(), static_cast<int>(query.size()), &raw, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(conn));
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> st(raw, sqlite3_finalize);
    sqlite3_bind_text(raw, 1, param.data(), static_cast<int>(param.size()), SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW)
      if (!on_row(sqlite3_column_int64(raw, 0))) return;
    if (rc != SQLITE_DONE) throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(conn));
    return;
  }
  std::vector<long long> chunk(4096);
  std::string p = param;
  soci::statement st = (sql.prepare << query, soci::use(p), soci::into(chunk));
  st.execute();
  while (st.fetch()) {
    for (long long v : chunk)
      if (!on_row(v)) return;
    chunk.resize(4096);
  }
}

std::vector<std::int64_t> select_ids(soci::session& sql, const std::string& query) {
  std::vector<std::int64_t> out;
  long long id = 0;
  soci::statement st = (sql.prepare << query, soci::into(id));
  st.execute();
  while (st.fetch()) out.push_back(id);
  return out;
}

}  // namespace aigc
