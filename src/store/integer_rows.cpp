#include "store/integer_rows.hpp"

#include <vector>

#include "store/row_scan.hpp"

namespace aigc {

void for_each_integer(Database& db, soci::session& sql, const std::string& query, const std::string& param,
                      const std::function<bool(std::int64_t)>& on_row) {
  if (db.dialect() == Dialect::sqlite) {
    sqlite_rows(sql, query, &param, [&](const RowView& r) { return on_row(r.integer(0)); });
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
