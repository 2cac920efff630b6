#include "domain/organizations/organization_service.hpp"

#include <algorithm>

#include "domain/search/search_index.hpp"
#include "domain/search/search_sources.hpp"
#include "core/clock.hpp"
#include "core/countries.hpp"
#include "core/text.hpp"
#include "domain/members/member_repository.hpp"

namespace aigc {

namespace {

Result<void> may_manage(const Member* actor) {
  if (actor && !at_least(actor->role, Role::organizer))
    return Error::make(ErrorCode::forbidden, "error.forbidden", "only organizers and admins manage organizations");
  return {};
}

}  // namespace

Result<void> OrganizationService::validate(const OrganizationInput& in) {
  std::vector<Problem> problems;
  auto name = trim(in.name);
  if (name.empty() || !is_line_within(name, 120))
    problems.push_back({"name", "error.org_name", "name must be 1 to 120 characters, on one line"});
  if (!is_single_line(in.website))
    problems.push_back({"website", "error.website", "website must start with https:// or http://"});
  const auto& kinds = organization_kinds();
  if (std::find(kinds.begin(), kinds.end(), in.kind) == kinds.end())
    problems.push_back({"kind", "error.org_kind", "kind must be company, university, institute, government or non-profit"});
  if (!in.country.empty() && !is_country_code(in.country))
    problems.push_back({"country", "error.country", "country must be an ISO 3166-1 code such as CN or DE"});
  if (!in.website.empty() && in.website.rfind("https://", 0) != 0 && in.website.rfind("http://", 0) != 0)
    problems.push_back({"website", "error.website", "website must start with https:// or http://"});
  auto name_zh = trim(in.name_zh);
  if (!is_line_within(name_zh, 120))
    problems.push_back({"name_zh", "error.org_name", "name must be 1 to 120 characters, on one line"});
  if (in.description_zh.size() > 20000)
    problems.push_back({"description_zh", "error.too_long", "description must be at most 20000 bytes"});
  if (in.description_md.size() > 20000)
    problems.push_back({"description_md", "error.too_long", "description must be at most 20000 bytes"});
  if (!problems.empty()) return Error::invalid("error.fix_fields", "please fix the marked fields", problems);
  return {};
}

Result<Organization> OrganizationService::create(const Member* actor, const OrganizationInput& input) {
  AIGC_TRY(may_manage(actor));
  AIGC_TRY(validate(input));
  Organization org;
  org.slug = slugify(input.slug.empty() ? input.name : input.slug);
  if (org.slug.empty()) return Error::invalid("error.slug", "slug must contain a letter or digit", {{"slug", "error.slug", "slug must contain a letter or digit"}});
  org.name = trim(input.name);
  org.kind = input.kind;
  org.country = input.country;
  org.website = trim(input.website);
  org.description_md = input.description_md;
  org.name_zh = trim(input.name_zh);
  org.description_zh = input.description_zh;
  org.created_at = now_utc();
  try {
    auto created = db_.in_transaction([&](soci::session& sql) -> Result<Organization> {
      org.id = repo_.insert(sql, org);
      if (actor) repo_.add_manager(sql, org.id, actor->id, org.created_at);
      SearchIndex(db_).put(sql, search_document(org));
      return org;
    });
    invalidate();
    return created;
  } catch (const std::exception& e) {
    if (is_unique_violation(e))
      return Error{ErrorCode::conflict, "error.slug_taken", "an organization with slug '" + org.slug + "' exists",
                   {{"slug", "error.slug_taken", "slug is taken"}}};
    throw;
  }
}

Result<Organization> OrganizationService::update(const Member* actor, const std::string& slug,
                                                 const OrganizationInput& input) {
  AIGC_TRY(may_manage(actor));
  AIGC_TRY(validate(input));
  auto updated = db_.in_transaction([&](soci::session& sql) -> Result<Organization> {
    auto org = repo_.find_by_slug(sql, slug);
    if (!org) return Error::make(ErrorCode::not_found, "error.not_found", "no organization '" + slug + "'");
    if (actor && actor->role != Role::admin && !repo_.is_manager(sql, org->id, actor->id))
      return Error::make(ErrorCode::forbidden, "error.org_forbidden", "only this organization's managers and admins edit it");
    org->name = trim(input.name);
    org->kind = input.kind;
    org->country = input.country;
    org->website = trim(input.website);
    org->description_md = input.description_md;
    org->name_zh = trim(input.name_zh);
    org->description_zh = input.description_zh;
    repo_.update(sql, *org);
    SearchIndex(db_).put(sql, search_document(*org));
    return *org;
  });
  invalidate();
  return updated;
}

Result<Organization> OrganizationService::get(const std::string& slug) {
  auto org = db_.with_session([&](soci::session& sql) { return repo_.find_by_slug(sql, slug); });
  if (!org) return Error::make(ErrorCode::not_found, "error.not_found", "no organization '" + slug + "'");
  return *org;
}

std::vector<Organization> OrganizationService::list(const std::string& kind, const std::string& country) {
  if (!kind.empty() || !country.empty())
    return db_.with_session([&](soci::session& sql) { return repo_.list(sql, kind, country); });
  std::lock_guard lock(cache_mutex_);
  if (now_utc() - all_at_ >= 30) {
    all_cache_ = db_.with_session([&](soci::session& sql) { return repo_.list(sql, "", ""); });
    all_at_ = now_utc();
  }
  return all_cache_;
}

bool OrganizationService::can_manage(const Member* actor, const Organization& org) {
  if (!actor) return false;
  if (actor->role == Role::admin) return true;
  return db_.with_session([&](soci::session& sql) { return repo_.is_manager(sql, org.id, actor->id); });
}

std::vector<std::string> OrganizationService::managers(const Organization& org) {
  std::vector<std::string> out;
  for (auto& [id, handle] : db_.with_session([&](soci::session& sql) { return repo_.managers(sql, org.id); })) out.push_back(handle);
  return out;
}

// The organization `slug` when `actor` may name its managers, in the caller's transaction.
Result<Organization> OrganizationService::managed(soci::session& sql, const Member& actor, const std::string& slug) {
  auto org = repo_.find_by_slug(sql, slug);
  if (!org) return Error::make(ErrorCode::not_found, "error.not_found", "no organization '" + slug + "'");
  if (actor.role != Role::admin && !repo_.is_manager(sql, org->id, actor.id))
    return Error::make(ErrorCode::forbidden, "error.org_forbidden", "only this organization's managers and admins name its managers");
  return *org;
}

Result<void> OrganizationService::add_manager(const Member& actor, const std::string& slug, const std::string& handle) {
  return db_.in_transaction([&](soci::session& sql) -> Result<void> {
    auto org = managed(sql, actor, slug);
    if (!org) return org.error();
    auto member = MemberRepository().find_by_handle(sql, trim(handle));
    if (!member)
      return Error::invalid("error.no_member", "no member '" + trim(handle) + "'", {{"handle", "error.no_member", "no member with this handle"}});
    repo_.add_manager(sql, org->id, member->id, now_utc());
    return {};
  });
}

Result<void> OrganizationService::remove_manager(const Member& actor, const std::string& slug, const std::string& handle) {
  return db_.in_transaction([&](soci::session& sql) -> Result<void> {
    auto org = managed(sql, actor, slug);
    if (!org) return org.error();
    auto member = MemberRepository().find_by_handle(sql, trim(handle));
    if (!member || !repo_.is_manager(sql, org->id, member->id))
      return Error::invalid("error.no_member", "@" + trim(handle) + " does not manage this organization",
                            {{"handle", "error.no_member", "not a manager"}});
    if (repo_.managers(sql, org->id).size() == 1 && actor.role != Role::admin)
      return Error::make(ErrorCode::conflict, "error.last_manager", "name another manager first: an organization keeps at least one");
    repo_.remove_manager(sql, org->id, member->id);
    return {};
  });
}

void OrganizationService::invalidate() {
  std::lock_guard lock(cache_mutex_);
  all_at_ = 0;
}

}  // namespace aigc
