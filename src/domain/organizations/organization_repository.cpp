#include "domain/organizations/organization_repository.hpp"

#include "store/integer_rows.hpp"

namespace aigc {

const std::vector<std::string>& organization_kinds() {
  static const std::vector<std::string> kinds = {"company", "university", "institute", "government", "non-profit"};
  return kinds;
}

namespace {

const char* kSelect =
    "SELECT o.id, o.slug, o.name, o.name_zh, o.kind, o.country, o.website, o.description_md, o.description_zh, o.created_at, "
    "(SELECT COUNT(*) FROM members m WHERE m.organization_id = o.id) FROM organizations o ";

template <class... Uses>
std::vector<Organization> select_orgs(soci::session& sql, const std::string& tail, Uses&... uses) {
  Organization o;
  long long id = 0, created = 0, count = 0;
  soci::statement st = ((sql.prepare << std::string(kSelect) + tail, soci::into(id), soci::into(o.slug),
                         soci::into(o.name), soci::into(o.name_zh), soci::into(o.kind), soci::into(o.country),
                         soci::into(o.website), soci::into(o.description_md), soci::into(o.description_zh), soci::into(created),
                         soci::into(count)),
                        ..., soci::use(uses));
  st.execute();
  std::vector<Organization> out;
  while (st.fetch()) {
    o.id = id;
    o.created_at = created;
    o.member_count = count;
    out.push_back(o);
  }
  return out;
}

}  // namespace

std::int64_t OrganizationRepository::insert(soci::session& sql, const Organization& org) {
  long long id = 0, created = org.created_at;
  sql << "INSERT INTO organizations (slug, name, name_zh, kind, country, website, description_md, description_zh, created_at) "
         "VALUES (:s, :n, :nz, :k, :c, :w, :d, :dz, :t) RETURNING id",
      soci::use(org.slug), soci::use(org.name), soci::use(org.name_zh), soci::use(org.kind), soci::use(org.country),
      soci::use(org.website), soci::use(org.description_md), soci::use(org.description_zh), soci::use(created), soci::into(id);
  return id;
}

void OrganizationRepository::update(soci::session& sql, const Organization& org) {
  long long id = org.id;
  sql << "UPDATE organizations SET name = :n, name_zh = :nz, kind = :k, country = :c, website = :w, description_md = :d, "
         "description_zh = :dz WHERE id = :id",
      soci::use(org.name), soci::use(org.name_zh), soci::use(org.kind), soci::use(org.country), soci::use(org.website),
      soci::use(org.description_md), soci::use(org.description_zh), soci::use(id);
}

std::optional<Organization> OrganizationRepository::find_by_slug(soci::session& sql, const std::string& slug) {
  std::string s = slug;
  auto v = select_orgs(sql, "WHERE o.slug = :s", s);
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::vector<Organization> OrganizationRepository::list(soci::session& sql, const std::string& kind,
                                                       const std::string& country) {
  std::string k = kind, c = country;
  if (!k.empty() && !c.empty()) return select_orgs(sql, "WHERE o.kind = :k AND o.country = :c ORDER BY o.name", k, c);
  if (!k.empty()) return select_orgs(sql, "WHERE o.kind = :k ORDER BY o.name", k);
  if (!c.empty()) return select_orgs(sql, "WHERE o.country = :c ORDER BY o.name", c);
  return select_orgs(sql, "ORDER BY o.name");
}

bool OrganizationRepository::is_manager(soci::session& sql, std::int64_t organization_id, std::int64_t member_id) {
  long long o = organization_id, m = member_id;
  int n = 0;
  sql << "SELECT COUNT(*) FROM organization_managers WHERE organization_id = :o AND member_id = :m", soci::use(o), soci::use(m),
      soci::into(n);
  return n > 0;
}

void OrganizationRepository::add_manager(soci::session& sql, std::int64_t organization_id, std::int64_t member_id, std::int64_t at) {
  long long o = organization_id, m = member_id, t = at;
  sql << "INSERT INTO organization_managers (organization_id, member_id, added_at) VALUES (:o, :m, :t) "
         "ON CONFLICT (organization_id, member_id) DO NOTHING",
      soci::use(o), soci::use(m), soci::use(t);
}

void OrganizationRepository::remove_manager(soci::session& sql, std::int64_t organization_id, std::int64_t member_id) {
  long long o = organization_id, m = member_id;
  sql << "DELETE FROM organization_managers WHERE organization_id = :o AND member_id = :m", soci::use(o), soci::use(m);
}

std::vector<std::pair<std::int64_t, std::string>> OrganizationRepository::managers(soci::session& sql, std::int64_t organization_id) {
  long long o = organization_id, id = 0;
  std::string handle;
  std::vector<std::pair<std::int64_t, std::string>> out;
  soci::statement st = (sql.prepare << "SELECT m.id, m.handle FROM organization_managers om JOIN members m ON m.id = om.member_id "
                                       "WHERE om.organization_id = :o ORDER BY om.added_at, m.id",
                        soci::use(o), soci::into(id), soci::into(handle));
  st.execute();
  while (st.fetch()) out.emplace_back(id, handle);
  return out;
}

std::vector<std::int64_t> OrganizationRepository::ids(soci::session& sql) {
  return select_ids(sql, "SELECT id FROM organizations ORDER BY id");
}

std::int64_t OrganizationRepository::count(soci::session& sql) {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM organizations", soci::into(n);
  return n;
}

}  // namespace aigc
