#include "domain/pages/page_repository.hpp"

#include <nlohmann/json.hpp>

namespace aigc {

namespace {

std::string toc_to_json(const std::vector<TocEntry>& toc) {
  auto arr = nlohmann::json::array();
  for (const auto& e : toc)
    arr.push_back({{"level", e.level}, {"id", e.id}, {"text", e.text}, {"label", e.label}, {"part", e.part}});
  return arr.dump();
}

std::vector<TocEntry> toc_from_json(const std::string& text) {
  std::vector<TocEntry> out;
  auto arr = nlohmann::json::parse(text, nullptr, false);
  if (!arr.is_array()) return out;
  for (const auto& e : arr)
    out.push_back({e.value("level", 1), e.value("id", ""), e.value("text", ""), e.value("label", ""), e.value("part", 0)});
  return out;
}

}  // namespace

void PageRepository::upsert(soci::session& sql, Page& p) {
  long long updated = p.updated_at, id = 0;
  std::string toc = toc_to_json(p.toc);
  sql << "INSERT INTO pages (slug, lang, title, description, icon, cover, front_matter, body_md, body_html, toc, "
         "updated_at) VALUES (:s, :l, :t, :d, :i, :c, :f, :b, :h, :toc, :u) "
         "ON CONFLICT (slug, lang) DO UPDATE SET title = excluded.title, description = excluded.description, "
         "icon = excluded.icon, cover = excluded.cover, front_matter = excluded.front_matter, "
         "body_md = excluded.body_md, body_html = excluded.body_html, toc = excluded.toc, "
         "updated_at = excluded.updated_at RETURNING id",
      soci::use(p.slug), soci::use(p.lang), soci::use(p.title), soci::use(p.description), soci::use(p.icon),
      soci::use(p.cover), soci::use(p.front_matter_json), soci::use(p.body_md), soci::use(p.body_html),
      soci::use(toc), soci::use(updated), soci::into(id);
  p.id = id;
}

std::optional<Page> PageRepository::find(soci::session& sql, const std::string& slug, const std::string& lang) {
  Page p;
  long long id = 0, updated = 0;
  std::string toc;
  soci::indicator ind = soci::i_null;
  sql << "SELECT id, slug, lang, title, description, icon, cover, front_matter, body_md, body_html, toc, updated_at "
         "FROM pages WHERE slug = :s AND lang = :l",
      soci::use(slug), soci::use(lang), soci::into(id, ind), soci::into(p.slug), soci::into(p.lang),
      soci::into(p.title), soci::into(p.description), soci::into(p.icon), soci::into(p.cover),
      soci::into(p.front_matter_json), soci::into(p.body_md), soci::into(p.body_html), soci::into(toc),
      soci::into(updated);
  if (ind == soci::i_null || !sql.got_data()) return std::nullopt;
  p.id = id;
  p.updated_at = updated;
  p.toc = toc_from_json(toc);
  return p;
}

std::vector<Page> PageRepository::list(soci::session& sql) {
  std::vector<Page> out;
  Page p;
  long long updated = 0;
  soci::statement st = (sql.prepare << "SELECT slug, lang, title, description, icon, updated_at FROM pages "
                                       "ORDER BY slug, lang",
                        soci::into(p.slug), soci::into(p.lang), soci::into(p.title), soci::into(p.description),
                        soci::into(p.icon), soci::into(updated));
  st.execute();
  while (st.fetch()) {
    p.updated_at = updated;
    out.push_back(p);
  }
  return out;
}

std::vector<std::string> PageRepository::languages_of(soci::session& sql, const std::string& slug) {
  std::vector<std::string> out;
  std::string lang;
  soci::statement st = (sql.prepare << "SELECT lang FROM pages WHERE slug = :s ORDER BY lang", soci::use(slug),
                        soci::into(lang));
  st.execute();
  while (st.fetch()) out.push_back(lang);
  return out;
}

}  // namespace aigc
