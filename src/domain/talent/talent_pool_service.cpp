#include "domain/talent/talent_pool_service.hpp"

#include <algorithm>
#include <regex>

#include "core/text.hpp"
#include "domain/notifications/notifications.hpp"

namespace aigc {

namespace {

constexpr int kPageSize = 25;
constexpr long long kRequestsPerDay = 50;  // per organization: a partner cannot spam the pool

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  for (const auto& part : split(s, ','))
    if (!trim(part).empty()) out.push_back(trim(part));
  return out;
}

// The columns of a candidate as a given organization sees them. Binds, in order: the
// organization (latest request), the ranking category, the organization (shortlist).
const char* kCandidateSelect =
    "SELECT m.id, m.handle, m.display_name, m.country, COALESCE(o.name, ''), p.seeking, p.kinds, p.locations, p.languages, "
    "p.updated_at, COALESCE(r.tier, 0), "
    "(SELECT COUNT(*) FROM talent_medals g WHERE g.member_id = m.id AND g.medal = 'gold'), "
    "(SELECT COUNT(*) FROM talent_medals g WHERE g.member_id = m.id AND g.medal = 'silver'), "
    "(SELECT COUNT(*) FROM talent_medals g WHERE g.member_id = m.id AND g.medal = 'bronze'), "
    "COALESCE((SELECT tc.status FROM talent_contacts tc WHERE tc.organization_id = :org1 AND tc.member_id = m.id "
    "ORDER BY tc.id DESC LIMIT 1), ''), "
    "CASE WHEN sl.member_id IS NULL THEN 0 ELSE 1 END, COALESCE(sl.note, '') "
    "FROM talent_pool p JOIN members m ON m.id = p.member_id "
    "LEFT JOIN organizations o ON o.id = m.organization_id "
    "LEFT JOIN talent_ranks r ON r.category = :cat AND r.member_id = m.id "
    "LEFT JOIN talent_shortlist sl ON sl.organization_id = :org2 AND sl.member_id = m.id "
    // Opted out, deleted or suspended members never appear, whatever else matches.
    "WHERE p.open = 1 AND m.deleted_at = 0 AND m.suspended_at = 0 ";

template <class... Uses>
std::vector<PoolCandidate> select_candidates(soci::session& sql, long long org, const std::string& category, const std::string& tail,
                                             Uses&... uses) {
  PoolCandidate c;
  long long id = 0, updated = 0, tier = 0, gold = 0, silver = 0, bronze = 0, shortlisted = 0;
  std::string kinds, languages, cat = category;
  long long org_a = org, org_b = org;
  soci::statement st = ((sql.prepare << std::string(kCandidateSelect) + tail, soci::into(id), soci::into(c.handle), soci::into(c.display_name),
                         soci::into(c.country), soci::into(c.organization_name), soci::into(c.profile.seeking), soci::into(kinds),
                         soci::into(c.profile.locations), soci::into(languages), soci::into(updated), soci::into(tier), soci::into(gold),
                         soci::into(silver), soci::into(bronze), soci::into(c.contact_status), soci::into(shortlisted), soci::into(c.note),
                         soci::use(org_a), soci::use(cat), soci::use(org_b)),
                        ..., soci::use(uses));
  st.execute();
  std::vector<PoolCandidate> out;
  while (st.fetch()) {
    c.member_id = id;
    c.profile.open = true;
    c.profile.kinds = split_list(kinds);
    c.profile.languages = split_list(languages);
    c.profile.updated_at = updated;
    c.tier = static_cast<Tier>(std::clamp<long long>(tier, 0, 4));
    c.gold = gold;
    c.silver = silver;
    c.bronze = bronze;
    c.shortlisted = shortlisted != 0;
    out.push_back(c);
  }
  for (auto& candidate : out) {
    long long member = candidate.member_id;
    std::string skill;
    soci::statement s = (sql.prepare << "SELECT skill FROM member_skills WHERE member_id = :m ORDER BY skill", soci::use(member), soci::into(skill));
    s.execute();
    while (s.fetch()) candidate.skills.push_back(skill);
  }
  return out;
}

template <class... Uses>
std::vector<ContactRequest> select_requests(soci::session& sql, const std::string& tail, Uses&... uses) {
  ContactRequest r;
  long long id = 0, created = 0, answered = 0;
  std::string email;
  soci::statement st =
      ((sql.prepare << "SELECT c.id, o.slug, o.name, m.handle, m.display_name, s.handle, c.message, c.status, c.created_at, c.answered_at, m.email "
                       "FROM talent_contacts c JOIN organizations o ON o.id = c.organization_id JOIN members m ON m.id = c.member_id "
                       "JOIN members s ON s.id = c.sender_id " +
                           tail,
        soci::into(id), soci::into(r.organization_slug), soci::into(r.organization_name), soci::into(r.handle), soci::into(r.display_name),
        soci::into(r.sender_handle), soci::into(r.message), soci::into(r.status), soci::into(created), soci::into(answered), soci::into(email)),
       ..., soci::use(uses));
  st.execute();
  std::vector<ContactRequest> out;
  while (st.fetch()) {
    r.id = id;
    r.created_at = created;
    r.answered_at = answered;
    // The address is the whole point of accepting, and shown for nothing less.
    r.email = r.status == "accepted" ? email : "";
    out.push_back(r);
  }
  return out;
}

}  // namespace

PoolProfile TalentPoolService::profile(std::int64_t member_id) {
  return db_.with_session([&](soci::session& sql) {
    PoolProfile p;
    long long member = member_id, open = 0, updated = 0;
    std::string kinds, languages;
    sql << "SELECT open, seeking, kinds, locations, languages, updated_at FROM talent_pool WHERE member_id = :m", soci::use(member),
        soci::into(open), soci::into(p.seeking), soci::into(kinds), soci::into(p.locations), soci::into(languages), soci::into(updated);
    if (!sql.got_data()) return p;
    p.open = open != 0;
    p.kinds = split_list(kinds);
    p.languages = split_list(languages);
    p.updated_at = updated;
    return p;
  });
}

Result<PoolProfile> TalentPoolService::set_profile(const Member& actor, const PoolProfileInput& in, std::int64_t now) {
  std::vector<Problem> problems;
  if (in.seeking.size() > 2000) problems.push_back({"seeking", "error.text_too_long", "say what you seek in at most 2,000 bytes"});
  if (!is_single_line(in.locations) || !is_line_within(in.locations, 200))
    problems.push_back({"locations", "error.pool_locations", "places are one line of at most 200 characters"});
  std::vector<std::string> kinds;
  for (const auto& k : in.kinds) {
    if (std::find(std::begin(kOpportunityKinds), std::end(kOpportunityKinds), k) == std::end(kOpportunityKinds))
      problems.push_back({"kinds", "error.opportunity_kind", "choose job, internship or research", "", {{"value", k}}});
    else if (std::find(kinds.begin(), kinds.end(), k) == kinds.end())
      kinds.push_back(k);
  }
  static const std::regex language(R"([a-z]{2,3}(-[a-z0-9]{2,8})*)");
  std::vector<std::string> languages;
  for (const auto& raw : split_list(in.languages)) {
    auto l = fold_case(raw);
    if (!std::regex_match(l, language))
      problems.push_back({"languages", "error.pool_language", "write languages as codes such as en, zh, ja, separated by commas", "", {{"value", raw}}});
    else if (std::find(languages.begin(), languages.end(), l) == languages.end())
      languages.push_back(l);
  }
  if (languages.size() > 12) problems.push_back({"languages", "error.pool_languages_count", "list at most 12 languages"});
  if (!problems.empty()) return Error::invalid("error.fix_fields", "please fix the marked fields", std::move(problems));
  db_.write([&](soci::session& sql) {
    long long member = actor.id, open = in.open ? 1 : 0, t = now;
    std::string k = join(kinds), l = join(languages), seeking = trim(in.seeking), locations = trim(in.locations);
    sql << "INSERT INTO talent_pool (member_id, open, seeking, kinds, locations, languages, updated_at) VALUES (:m, :o, :s, :k, :p, :l, :t) "
           "ON CONFLICT (member_id) DO UPDATE SET open = excluded.open, seeking = excluded.seeking, kinds = excluded.kinds, "
           "locations = excluded.locations, languages = excluded.languages, updated_at = excluded.updated_at",
        soci::use(member), soci::use(open), soci::use(seeking), soci::use(k), soci::use(locations), soci::use(l), soci::use(t);
    if (!in.open) {
      // Leaving means leaving everywhere: no shortlist keeps the member, no request waits.
      sql << "DELETE FROM talent_shortlist WHERE member_id = :m", soci::use(member);
      sql << "UPDATE talent_contacts SET status = 'withdrawn', answered_at = :t WHERE member_id = :m AND status = 'pending'", soci::use(t),
          soci::use(member);
    }
  });
  return profile(actor.id);
}

Result<std::int64_t> TalentPoolService::managed_organization(soci::session& sql, const Member& actor, const std::string& slug) {
  long long id = 0, managers = 0, me = actor.id;
  std::string s = slug;
  sql << "SELECT id FROM organizations WHERE slug = :s", soci::use(s), soci::into(id);
  if (!sql.got_data())
    return Error::invalid("error.unknown_organization", "no organization '" + slug + "'",
                          {{"organization", "error.unknown_organization", "choose one of the organizations you manage"}});
  sql << "SELECT COUNT(*) FROM organization_managers WHERE organization_id = :o AND member_id = :m", soci::use(id), soci::use(me),
      soci::into(managers);
  if (!managers && actor.role != Role::admin)
    return Error::make(ErrorCode::forbidden, "error.pool_managers_only", "only the organization's managers search the talent pool for it");
  return static_cast<std::int64_t>(id);
}

std::vector<std::pair<std::string, std::string>> TalentPoolService::searchable_organizations(const Member& actor) {
  return db_.with_session([&](soci::session& sql) {
    std::vector<std::pair<std::string, std::string>> out;
    long long me = actor.id, admin = actor.role == Role::admin ? 1 : 0;
    std::string slug, name;
    soci::statement st = (sql.prepare << "SELECT o.slug, o.name FROM organizations o WHERE :a = 1 OR EXISTS "
                                         "(SELECT 1 FROM organization_managers om WHERE om.organization_id = o.id AND om.member_id = :m) "
                                         "ORDER BY o.name",
                          soci::use(admin), soci::use(me), soci::into(slug), soci::into(name));
    st.execute();
    while (st.fetch()) out.emplace_back(slug, name);
    return out;
  });
}

Result<PoolPage> TalentPoolService::search(const Member& actor, const PoolQuery& q) {
  std::vector<Problem> problems;
  if (q.category != "overall" && !parse_category(q.category))
    problems.push_back({"category", "error.talent_category", "category must be overall, competitions, research or community"});
  auto tier = q.min_tier.empty() ? std::optional<Tier>(Tier::novice) : parse_tier(q.min_tier);
  if (!tier) problems.push_back({"tier", "error.talent_tier", "tier must be novice, contributor, expert, master or grandmaster"});
  if (!q.kind.empty() && std::find_if(std::begin(kOpportunityKinds), std::end(kOpportunityKinds), [&](const char* k) { return q.kind == k; }) ==
                             std::end(kOpportunityKinds))
    problems.push_back({"kind", "error.opportunity_kind", "choose job, internship or research"});
  static const std::regex language(R"([a-z]{2,3}(-[a-z0-9]{2,8})*)");
  const std::string lang = fold_case(trim(q.language));
  if (!lang.empty() && !std::regex_match(lang, language))
    problems.push_back({"language", "error.pool_language", "write a language as a code such as en, zh or ja"});
  if (q.min_medals < 0 || q.min_medals > 1000 || q.min_gold < 0 || q.min_gold > 1000)
    problems.push_back({"medals", "error.pool_medals", "medal counts are between 0 and 1000"});
  if (q.page < 1 || q.page > 1000) problems.push_back({"page", "error.page", "page is between 1 and 1000"});
  if (!problems.empty()) return Error::invalid("error.fix_fields", "please fix the marked fields", std::move(problems));
  return db_.with_session([&](soci::session& sql) -> Result<PoolPage> {
    auto org = managed_organization(sql, actor, q.organization);
    if (!org) return org.error();
    std::string country = q.country, skill = fold_case(trim(q.skill)), lang_like = "%," + lang + ",%", kind = q.kind,
                kind_like = "%," + q.kind + ",%";
    std::string country_b = country, skill_b = skill, lang_b = lang;
    long long min_tier = static_cast<long long>(*tier), gold = q.min_gold, gold_b = gold, medals = q.min_medals, medals_b = medals,
              limit = kPageSize + 1, offset = static_cast<long long>(q.page - 1) * kPageSize;
    auto rows = select_candidates(
        sql, org.value(), q.category,
        "AND (:c1 = '' OR m.country = :c2) "
        "AND (:s1 = '' OR EXISTS (SELECT 1 FROM member_skills ms WHERE ms.member_id = m.id AND ms.skill = :s2)) "
        "AND (:l1 = '' OR (',' || p.languages || ',') LIKE :l2) "
        "AND (:k1 = '' OR (',' || p.kinds || ',') LIKE :k2) "
        "AND COALESCE(r.tier, 0) >= :t "
        "AND (:g1 = 0 OR (SELECT COUNT(*) FROM talent_medals g WHERE g.member_id = m.id AND g.medal = 'gold') >= :g2) "
        "AND (:n1 = 0 OR (SELECT COUNT(*) FROM talent_medals g WHERE g.member_id = m.id) >= :n2) "
        "ORDER BY COALESCE(r.score_key, 0) DESC, m.id LIMIT :lim OFFSET :off",
        country, country_b, skill, skill_b, lang_b, lang_like, kind, kind_like, min_tier, gold, gold_b, medals, medals_b, limit, offset);
    PoolPage page;
    page.page = q.page;
    page.more = rows.size() > static_cast<std::size_t>(kPageSize);
    if (page.more) rows.pop_back();
    page.candidates = std::move(rows);
    return page;
  });
}

Result<void> TalentPoolService::shortlist(const Member& actor, const std::string& organization, const std::string& handle, bool add,
                                          const std::string& note, std::int64_t now) {
  if (note.size() > 500 || !is_single_line(note))
    return Error::invalid("error.fix_fields", "please fix the marked fields", {{"note", "error.pool_note", "a note is one line of at most 500 bytes"}});
  return db_.in_transaction([&](soci::session& sql) -> Result<void> {
    auto org = managed_organization(sql, actor, organization);
    if (!org) return org.error();
    long long o = org.value(), member = 0, by = actor.id, t = now;
    std::string key = fold_case(handle);
    // Only members in the pool can be shortlisted: the others are not findable at all.
    sql << "SELECT m.id FROM members m JOIN talent_pool p ON p.member_id = m.id AND p.open = 1 WHERE m.handle_key = :h AND m.deleted_at = 0",
        soci::use(key), soci::into(member);
    if (!sql.got_data()) return Error::make(ErrorCode::not_found, "error.pool_not_found", "@" + handle + " is not in the talent pool");
    if (add) {
      std::string n = trim(note);
      sql << "INSERT INTO talent_shortlist (organization_id, member_id, added_by, note, added_at) VALUES (:o, :m, :b, :n, :t) "
             "ON CONFLICT (organization_id, member_id) DO UPDATE SET note = excluded.note",
          soci::use(o), soci::use(member), soci::use(by), soci::use(n), soci::use(t);
    } else {
      sql << "DELETE FROM talent_shortlist WHERE organization_id = :o AND member_id = :m", soci::use(o), soci::use(member);
    }
    return {};
  });
}

Result<std::vector<PoolCandidate>> TalentPoolService::shortlisted(const Member& actor, const std::string& organization) {
  return db_.with_session([&](soci::session& sql) -> Result<std::vector<PoolCandidate>> {
    auto org = managed_organization(sql, actor, organization);
    if (!org) return org.error();
    return select_candidates(sql, org.value(), "overall", "AND sl.member_id IS NOT NULL ORDER BY sl.added_at DESC, m.id LIMIT 500");
  });
}

Result<ContactRequest> TalentPoolService::request_contact(const Member& actor, const std::string& organization, const std::string& handle,
                                                          const std::string& message, std::int64_t now) {
  const auto text = trim(message);
  if (text.empty() || text.size() > 2000)
    return Error::invalid("error.fix_fields", "please fix the marked fields",
                          {{"message", "error.pool_message", "say who you are and what you offer, in at most 2,000 bytes"}});
  auto id = db_.in_transaction([&](soci::session& sql) -> Result<std::int64_t> {
    auto org = managed_organization(sql, actor, organization);
    if (!org) return org.error();
    long long o = org.value(), member = 0, by = actor.id, t = now, pending = 0, recent = 0, day_ago = now - 86400, new_id = 0;
    std::string key = fold_case(handle), name, name_zh;
    sql << "SELECT m.id FROM members m JOIN talent_pool p ON p.member_id = m.id AND p.open = 1 WHERE m.handle_key = :h AND m.deleted_at = 0 "
           "AND m.suspended_at = 0",
        soci::use(key), soci::into(member);
    if (!sql.got_data()) return Error::make(ErrorCode::not_found, "error.pool_not_found", "@" + handle + " is not in the talent pool");
    if (member == by) return Error::make(ErrorCode::conflict, "error.pool_self", "you cannot ask to contact yourself");
    sql << "SELECT COUNT(*) FROM talent_contacts WHERE organization_id = :o AND member_id = :m AND status IN ('pending', 'declined')",
        soci::use(o), soci::use(member), soci::into(pending);
    if (pending)
      return Error::make(ErrorCode::conflict, "error.pool_already_asked",
                         "your organization already asked @" + handle + ": wait for the answer (a declined request is final)");
    sql << "SELECT COUNT(*) FROM talent_contacts WHERE organization_id = :o AND created_at > :t", soci::use(o), soci::use(day_ago), soci::into(recent);
    if (recent >= kRequestsPerDay)
      return Error::make(ErrorCode::rate_limited, "error.pool_rate", "your organization sent 50 requests in the last day: try again tomorrow");
    sql << "INSERT INTO talent_contacts (organization_id, member_id, sender_id, message, status, created_at) "
           "VALUES (:o, :m, :s, :x, 'pending', :t) RETURNING id",
        soci::use(o), soci::use(member), soci::use(by), soci::use(text), soci::use(t), soci::into(new_id);
    sql << "SELECT name, name_zh FROM organizations WHERE id = :o", soci::use(o), soci::into(name), soci::into(name_zh);
    Notifications::notify(sql, member, "talent_contact",
                          {{"organization_en", name}, {"organization_zh", name_zh.empty() ? name : name_zh}, {"message", text.substr(0, 140)}},
                          "/settings/talent-pool#requests", now, "contact:" + std::to_string(new_id));
    return static_cast<std::int64_t>(new_id);
  });
  if (!id) return id.error();
  auto list = requests_from(actor, organization);
  if (!list) return list.error();
  for (auto& r : list.value())
    if (r.id == id.value()) return r;
  return Error::make(ErrorCode::not_found, "error.not_found", "the request vanished");
}

Result<ContactRequest> TalentPoolService::answer(const Member& actor, std::int64_t id, bool accept, std::int64_t now) {
  auto r = db_.in_transaction([&](soci::session& sql) -> Result<bool> {
    long long key = id, member = 0, sender = 0, org = 0, t = now;
    std::string status, name, name_zh, slug;
    sql << std::string("SELECT member_id, sender_id, organization_id, status FROM talent_contacts WHERE id = :i") + db_.for_update(),
        soci::use(key), soci::into(member), soci::into(sender), soci::into(org), soci::into(status);
    if (!sql.got_data() || member != actor.id) return Error::make(ErrorCode::not_found, "error.not_found", "no such contact request");
    if (status != "pending")
      return Error::make(ErrorCode::conflict, "error.pool_answered", "this request is already " + status + ": an answer is final");
    std::string next = accept ? "accepted" : "declined";
    sql << "UPDATE talent_contacts SET status = :s, answered_at = :t WHERE id = :i", soci::use(next), soci::use(t), soci::use(key);
    sql << "SELECT name, name_zh, slug FROM organizations WHERE id = :o", soci::use(org), soci::into(name), soci::into(name_zh), soci::into(slug);
    Notifications::notify(sql, sender, "talent_contact_answered",
                          {{"handle", actor.handle},
                           {"answer_en", accept ? "accepted" : "declined"},
                           {"answer_zh", accept ? "接受" : "拒绝"},
                           {"organization_en", name},
                           {"organization_zh", name_zh.empty() ? name : name_zh}},
                          "/talent/pool/requests?organization=" + url_encode(slug), now, "contact:" + std::to_string(id) + ":answer");
    return true;
  });
  if (!r) return r.error();
  for (auto& c : requests_to(actor))
    if (c.id == id) return c;
  return Error::make(ErrorCode::not_found, "error.not_found", "no such contact request");
}

std::vector<ContactRequest> TalentPoolService::requests_to(const Member& actor) {
  return db_.with_session([&](soci::session& sql) {
    long long me = actor.id;
    auto out = select_requests(sql, "WHERE c.member_id = :m ORDER BY c.id DESC LIMIT 200", me);
    for (auto& r : out) r.email.clear();  // the member knows their own address
    return out;
  });
}

Result<std::vector<ContactRequest>> TalentPoolService::requests_from(const Member& actor, const std::string& organization) {
  return db_.with_session([&](soci::session& sql) -> Result<std::vector<ContactRequest>> {
    auto org = managed_organization(sql, actor, organization);
    if (!org) return org.error();
    long long o = org.value();
    return select_requests(sql, "WHERE c.organization_id = :o ORDER BY c.id DESC LIMIT 500", o);
  });
}

}  // namespace aigc
