#include "domain/talent/opportunity_service.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace aigc {

namespace {

const char* kSelect =
    "SELECT x.id, o.slug, o.name, x.kind, x.title, x.description_md, x.location, x.remote, x.closes_at, m.handle, x.created_at, "
    "CASE WHEN s.member_id IS NULL THEN 0 ELSE 1 END "
    "FROM opportunities x JOIN organizations o ON o.id = x.organization_id JOIN members m ON m.id = x.created_by "
    "LEFT JOIN saved_opportunities s ON s.opportunity_id = x.id AND s.member_id = :viewer ";

template <class... Uses>
std::vector<Opportunity> select(soci::session& sql, long long viewer, const std::string& tail, Uses&... uses) {
  Opportunity x;
  long long id = 0, remote = 0, closes = 0, created = 0, saved = 0;
  soci::statement st = ((sql.prepare << std::string(kSelect) + tail, soci::into(id), soci::into(x.organization_slug), soci::into(x.organization_name),
                         soci::into(x.kind), soci::into(x.title), soci::into(x.description_md), soci::into(x.location), soci::into(remote),
                         soci::into(closes), soci::into(x.created_by), soci::into(created), soci::into(saved), soci::use(viewer)),
                        ..., soci::use(uses));
  st.execute();
  std::vector<Opportunity> out;
  while (st.fetch()) {
    x.id = id;
    x.remote = remote != 0;
    x.closes_at = closes;
    x.created_at = created;
    x.saved = saved != 0;
    out.push_back(x);
  }
  return out;
}

bool managers_of(soci::session& sql, const Member& actor, long long organization) {
  if (actor.role == Role::admin) return true;
  long long me = actor.id, n = 0;
  sql << "SELECT COUNT(*) FROM organization_managers WHERE organization_id = :o AND member_id = :m", soci::use(organization), soci::use(me),
      soci::into(n);
  return n > 0;
}

}  // namespace

Result<std::int64_t> OpportunityService::validate(soci::session& sql, const Member& actor, const OpportunityInput& in, std::int64_t now) {
  std::vector<Problem> p;
  long long org = 0;
  std::string slug = in.organization;
  sql << "SELECT id FROM organizations WHERE slug = :s", soci::use(slug), soci::into(org);
  if (!sql.got_data()) p.push_back({"organization", "error.unknown_organization", "choose one of the organizations you manage"});
  if (std::find_if(std::begin(kOpportunityKinds), std::end(kOpportunityKinds), [&](const char* k) { return in.kind == k; }) == std::end(kOpportunityKinds))
    p.push_back({"kind", "error.opportunity_kind", "choose job, internship or research"});
  if (trim(in.title).empty() || !is_single_line(in.title) || !is_line_within(in.title, 160))
    p.push_back({"title", "error.opportunity_title", "give a title of one line, at most 160 characters"});
  if (trim(in.description_md).empty() || in.description_md.size() > 20000)
    p.push_back({"description_md", "error.opportunity_description", "describe the role and how to apply, in at most 20,000 bytes"});
  if (!is_single_line(in.location) || !is_line_within(in.location, 160))
    p.push_back({"location", "error.opportunity_location", "a location is one line of at most 160 characters"});
  if (in.closes_at < 0) p.push_back({"closes_at", "error.phase_time", "enter a date and time such as 2026-12-01T08:00"});
  else if (in.closes_at <= now) p.push_back({"closes_at", "error.opportunity_closes", "the close date must be in the future"});
  else if (in.closes_at > now + 2LL * 366 * 86400) p.push_back({"closes_at", "error.opportunity_closes_far", "close within two years"});
  if (!p.empty()) return Error::invalid("error.fix_fields", "please fix the marked fields", std::move(p));
  if (!managers_of(sql, actor, org))
    return Error::make(ErrorCode::forbidden, "error.opportunity_managers_only", "only the organization's managers post its opportunities");
  return static_cast<std::int64_t>(org);
}

Result<Opportunity> OpportunityService::post(const Member& actor, const OpportunityInput& in, std::int64_t now) {
  auto id = db_.in_transaction([&](soci::session& sql) -> Result<std::int64_t> {
    auto org = validate(sql, actor, in, now);
    if (!org) return org.error();
    long long o = org.value(), remote = in.remote ? 1 : 0, closes = in.closes_at, by = actor.id, t = now, id = 0;
    std::string title = trim(in.title), location = trim(in.location);
    sql << "INSERT INTO opportunities (organization_id, kind, title, description_md, location, remote, closes_at, created_by, created_at) "
           "VALUES (:o, :k, :t, :d, :l, :r, :c, :b, :n) RETURNING id",
        soci::use(o), soci::use(in.kind), soci::use(title), soci::use(in.description_md), soci::use(location), soci::use(remote),
        soci::use(closes), soci::use(by), soci::use(t), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
  if (!id) return id.error();
  return get(&actor, id.value());
}

Result<Opportunity> OpportunityService::update(const Member& actor, std::int64_t id, const OpportunityInput& in, std::int64_t now) {
  auto existing = get(&actor, id);
  if (!existing) return existing.error();
  if (!can_edit(&actor, existing.value()))
    return Error::make(ErrorCode::forbidden, "error.opportunity_managers_only", "only the organization's managers edit its opportunities");
  auto r = db_.in_transaction([&](soci::session& sql) -> Result<bool> {
    auto org = validate(sql, actor, in, now);
    if (!org) return org.error();
    long long o = org.value(), remote = in.remote ? 1 : 0, closes = in.closes_at, key = id;
    std::string title = trim(in.title), location = trim(in.location);
    sql << "UPDATE opportunities SET organization_id = :o, kind = :k, title = :t, description_md = :d, location = :l, remote = :r, "
           "closes_at = :c WHERE id = :i",
        soci::use(o), soci::use(in.kind), soci::use(title), soci::use(in.description_md), soci::use(location), soci::use(remote),
        soci::use(closes), soci::use(key);
    return true;
  });
  if (!r) return r.error();
  return get(&actor, id);
}

Result<std::vector<Opportunity>> OpportunityService::list(const Member* viewer, const OpportunityQuery& q, std::int64_t now) {
  if (!q.kind.empty() &&
      std::find_if(std::begin(kOpportunityKinds), std::end(kOpportunityKinds), [&](const char* k) { return q.kind == k; }) == std::end(kOpportunityKinds))
    return Error::invalid("error.fix_fields", "please fix the marked fields", {{"kind", "error.opportunity_kind", "choose job, internship or research"}});
  return db_.with_session([&](soci::session& sql) -> Result<std::vector<Opportunity>> {
    long long me = viewer ? viewer->id : -1, t = q.include_closed || q.saved_only ? 0 : now, saved = q.saved_only ? 1 : 0;
    std::string kind = q.kind, kind_b = q.kind, org = q.organization, org_b = q.organization;
    return select(sql, me,
                  "WHERE x.closes_at > :t AND (:k1 = '' OR x.kind = :k2) AND (:o1 = '' OR o.slug = :o2) AND (:s = 0 OR s.member_id IS NOT NULL) "
                  "ORDER BY x.closes_at, x.id LIMIT 500",
                  t, kind, kind_b, org, org_b, saved);
  });
}

Result<Opportunity> OpportunityService::get(const Member* viewer, std::int64_t id) {
  auto found = db_.with_session([&](soci::session& sql) {
    long long key = id;
    return select(sql, viewer ? viewer->id : -1, "WHERE x.id = :i", key);
  });
  if (found.empty()) return Error::make(ErrorCode::not_found, "error.not_found", "no opportunity " + std::to_string(id));
  return found.front();
}

bool OpportunityService::can_edit(const Member* actor, const Opportunity& o) {
  if (!actor) return false;
  return db_.with_session([&](soci::session& sql) {
    long long org = 0;
    sql << "SELECT id FROM organizations WHERE slug = :s", soci::use(o.organization_slug), soci::into(org);
    return managers_of(sql, *actor, org);
  });
}

Result<void> OpportunityService::save(const Member& actor, std::int64_t id, bool saved, std::int64_t now) {
  auto o = get(&actor, id);
  if (!o) return o.error();
  if (saved && o->closes_at <= now)
    return Error::make(ErrorCode::conflict, "error.opportunity_closed", "this opportunity closed; it can no longer be saved");
  db_.write([&](soci::session& sql) {
    long long me = actor.id, key = id, t = now;
    if (saved)
      sql << "INSERT INTO saved_opportunities (member_id, opportunity_id, saved_at) VALUES (:m, :o, :t) ON CONFLICT DO NOTHING", soci::use(me),
          soci::use(key), soci::use(t);
    else
      sql << "DELETE FROM saved_opportunities WHERE member_id = :m AND opportunity_id = :o", soci::use(me), soci::use(key);
  });
  return {};
}

}  // namespace aigc
