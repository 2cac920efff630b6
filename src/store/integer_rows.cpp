#include "store/integer_rows.hpp"

#include <vector>

#include "store/row_scan.hpp"

namespace aigc {

namespace {

void soci_integers(soci::session& sql, const std::string& query, std::vector<std::string>& params,
                   const std::function<bool(std::int64_t)>& on_row) {
  std::vector<long long> chunk(4096);
  auto prep = (sql.prepare << query);
  for (auto& p : params) prep, soci::use(p);
  prep, soci::into(chunk);
  soci::statement st(prep);
  st.execute();
  while (st.fetch()) {
    for (long long v : chunk)
      if (!on_row(v)) return;
    chunk.resize(4096);
  }
}

}  // namespace

void for_each_integer(Database& db, soci::session& sql, const std::string& query, const std::string& param,
                      const std::function<bool(std::int64_t)>& on_row) {
  if (db.dialect() == Dialect::sqlite) {
    sqlite_rows(sql, query, &param, [&](const RowView& r) { return on_row(r.integer(0)); });
    return;
  }
  std::vector<std::string> params = {param};
  soci_integers(sql, query, params, on_row);
}

std::vector<std::int64_t> select_ids(soci::session& sql, const std::string& query, std::vector<std::string> params) {
  std::vector<std::int64_t> out;
  soci_integers(sql, query, params, [&](std::int64_t v) {
    out.push_back(v);
    return true;
  });
  return out;
}

}  // namespace aigc
