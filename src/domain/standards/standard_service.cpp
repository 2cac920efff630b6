#include "domain/standards/standard_service.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>

#include "core/text.hpp"
#include "core/clock.hpp"
#include "domain/members/member_repository.hpp"
#include "domain/notifications/notifications.hpp"
#include "domain/organizations/organization_repository.hpp"
#include "domain/pages/markdown.hpp"
#include "domain/search/search_sources.hpp"
#include "domain/standards/standard_repository.hpp"

namespace aigc {

namespace {

constexpr std::size_t kMaxTextBytes = 512 * 1024;
constexpr std::size_t kMaxCommentBytes = 20000;

Error not_found(const std::string& what) { return Error::make(ErrorCode::not_found, "error.not_found", what + " not found"); }
Error forbidden(const std::string& why) { return Error::make(ErrorCode::forbidden, "error.forbidden", why); }
Error conflict(const std::string& key, const std::string& why) { return Error::make(ErrorCode::conflict, key, why); }

const GroupMember* membership(const WorkingGroup& g, std::int64_t member_id) {
  for (const auto& m : g.members)
    if (m.member_id == member_id) return &m;
  return nullptr;
}

bool committee(const Member& m) { return at_least(m.role, Role::committee); }

bool frozen(const std::string& status) {
  return status == "published" || status == "amended" || status == "withdrawn" || status == "ballot";
}

// Who may move a standard from one status to another (see the header's table).
enum class Who { chair, chair_or_committee, nobody };
Who who_may(const std::string& from, const std::string& to) {
  static const std::map<std::pair<std::string, std::string>, Who> table = {
      {{"proposal", "working_draft"}, Who::chair_or_committee},
      {{"working_draft", "committee_draft"}, Who::chair},
      {{"committee_draft", "working_draft"}, Who::chair},
      {{"public_review", "committee_draft"}, Who::chair},
      {{"ballot", "committee_draft"}, Who::chair},
      {{"ballot", "published"}, Who::chair},
      {{"published", "amended"}, Who::chair_or_committee},
      {{"published", "withdrawn"}, Who::chair_or_committee},
      {{"proposal", "withdrawn"}, Who::chair_or_committee},
      {{"working_draft", "withdrawn"}, Who::chair_or_committee},
      {{"committee_draft", "withdrawn"}, Who::chair_or_committee},
      {{"public_review", "withdrawn"}, Who::chair_or_committee},
  };
  auto it = table.find({from, to});
  return it == table.end() ? Who::nobody : it->second;
}

int year_of(std::int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  return tm.tm_year + 1900;
}

Result<Standard> load(StandardRepository& repo, soci::session& sql, std::int64_t id) {
  auto s = repo.find_standard(sql, id);
  if (!s) return not_found("standard " + std::to_string(id));
  return *s;
}

// Runs f(sql, repo, standard, group) behind the standard's lock, in one transaction: every
// change of a standard reads its status after the lock, so two chairs cannot both move it.
template <class T, class F>
Result<T> with_locked(Database& db, std::int64_t id, F&& f) {
  return db.in_transaction([&](soci::session& sql) -> Result<T> {
    StandardRepository repo;
    repo.lock_standard(sql, id, db.dialect() == Dialect::postgresql);
    auto s = load(repo, sql, id);
    if (!s) return s.error();
    Standard st = s.value();
    auto g = repo.find_group_by_id(sql, st.group_id);
    return f(sql, repo, st, *g);
  });
}

// Anchors the version's clauses against the previous version's (per language).
StandardVersion build_version(StandardRepository& repo, soci::session& sql, Standard& s, const std::string& text_en,
                              const std::string& text_zh, const std::string& note, std::int64_t by, std::int64_t now) {
  StandardVersion v;
  v.standard_id = s.id;
  v.number = s.latest_version + 1;
  v.text_en = text_en;
  v.text_zh = text_zh;
  v.note = trim(note);
  v.created_by = by;
  v.created_at = now;
  std::vector<Clause> prev_en, prev_zh;
  if (s.latest_version > 0)
    if (auto prev = repo.find_version(sql, s.id, s.latest_version)) {
      prev_en = prev->clauses_en;
      prev_zh = prev->clauses_zh;
    }
  v.clauses_en = parse_clauses(text_en);
  v.clauses_zh = parse_clauses(text_zh);
  int last = anchor_clauses(prev_en, v.clauses_en, s.last_anchor);
  last = anchor_clauses(prev_zh, v.clauses_zh, last);
  s.last_anchor = last;
  s.latest_version = v.number;
  return v;
}

std::vector<Problem> check_texts(const std::string& en, const std::string& zh, bool required) {
  std::vector<Problem> p;
  for (const auto& [field, text] : {std::pair{"text_en", &en}, std::pair{"text_zh", &zh}})
    if (text->size() > kMaxTextBytes || !is_valid_utf8(*text))
      p.push_back({field, "error.standard_text", "the text must be UTF-8 markdown of at most 512 KB"});
  if (required && trim(en).empty() && trim(zh).empty())
    p.push_back({"text_en", "error.standard_text_missing", "give the text in English, Chinese or both (markdown with numbered clauses)"});
  return p;
}

// Whether the reader's selection is words of the clause: as written, or as the page shows
// them (markdown rendered to text), spaces and line breaks counting as one space.
bool passage_in(const Clause& clause, const std::string& passage) {
  auto squeeze = [](const std::string& s) {
    std::string out;
    for (char ch : s) {
      const bool space = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r';
      if (space && (out.empty() || out.back() == ' ')) continue;
      out += space ? ' ' : ch;
    }
    return out;
  };
  const std::string p = squeeze(trim(passage));
  for (const auto& text : {clause.title, clause.body_md, markdown_plain_text(clause.body_md)})
    if (squeeze(text).find(p) != std::string::npos) return true;
  return false;
}

}  // namespace

std::string standard_identifier(const Standard& s) {
  if (s.number == 0) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "AIGC-STD-%04d", s.number);
  return std::string(buf) + (s.year ? ":" + std::to_string(s.year) : "");
}

nlohmann::json both_languages(const std::string& name, const std::string& en, const std::string& zh) {
  return {{name + "_en", en}, {name + "_zh", zh}};
}

void notify_group(soci::session& sql, const WorkingGroup& g, const Standard& s, const std::string& kind, nlohmann::json params,
                  std::int64_t now, std::int64_t except) {
  params.update(both_languages("standard", s.title_en.empty() ? s.title_zh : s.title_en, s.title_zh.empty() ? s.title_en : s.title_zh));
  const std::string link = "/standards/" + std::to_string(s.id);
  for (const auto& m : g.members)
    if (m.state == "active" && m.member_id != except)
      Notifications::notify(sql, m.member_id, kind, params, link, now, "standard:" + std::to_string(s.id) + ":" + kind);
}

bool is_group_chair(const WorkingGroup& g, std::int64_t member_id) {
  auto* m = membership(g, member_id);
  return m && m->state == "active" && m->role == "chair";
}

bool is_group_editor(const WorkingGroup& g, std::int64_t member_id) {
  auto* m = membership(g, member_id);
  return m && m->state == "active" && (m->role == "chair" || m->role == "editor");
}

bool is_group_member(const WorkingGroup& g, std::int64_t member_id) {
  auto* m = membership(g, member_id);
  return m && m->state == "active";
}

Result<WorkingGroup> StandardService::create_group(const Member& actor, const GroupInput& in, std::int64_t now) {
  if (!committee(actor)) return forbidden("only committee members charter working groups");
  WorkingGroup g;
  g.slug = trim(in.slug);
  g.name_en = trim(in.name_en);
  g.name_zh = trim(in.name_zh);
  g.charter_md = in.charter_md;
  g.created_by = actor.id;
  g.created_at = now;
  std::vector<Problem> p;
  if (g.slug.empty() || g.slug.size() > 80 || g.slug != slugify(g.slug))
    p.push_back({"slug", "error.slug", "slug must be lower-case letters, digits and '-' (e.g. 'llm-evaluation')"});
  if (g.name_en.empty() && g.name_zh.empty()) p.push_back({"name_en", "error.name_missing", "give the group a name in English or Chinese"});
  if (!is_line_within(g.name_en, 200) || !is_line_within(g.name_zh, 200))
    p.push_back({"name_en", "error.title_length", "a name is one line of at most 200 characters"});
  if (g.charter_md.size() > 50000 || !is_valid_utf8(g.charter_md))
    p.push_back({"charter_md", "error.text_length", "the charter is UTF-8 markdown of at most 50,000 bytes"});
  if (!p.empty()) return Error::invalid("error.fix_fields", "please fix the marked fields", p);
  return db_.in_transaction([&](soci::session& sql) -> Result<WorkingGroup> {
    StandardRepository repo;
    if (repo.find_group(sql, g.slug))
      return Error{ErrorCode::conflict, "error.slug_taken", "a group with slug '" + g.slug + "' exists", {{"slug", "error.slug_taken", "slug is taken"}}};
    g.id = repo.insert_group(sql, g);
    repo.set_group_member(sql, g.id, actor.id, "chair", "active", now);
    return *repo.find_group_by_id(sql, g.id);
  });
}

Result<WorkingGroup> StandardService::group(const std::string& slug) {
  return db_.with_session([&](soci::session& sql) -> Result<WorkingGroup> {
    auto g = StandardRepository().find_group(sql, slug);
    if (!g) return not_found("working group " + slug);
    return *g;
  });
}

std::vector<WorkingGroup> StandardService::groups() {
  return db_.with_session([&](soci::session& sql) { return StandardRepository().groups(sql); });
}

namespace {
// Runs f(sql, repo, group) on the group in a transaction.
template <class F>
Result<void> with_group(Database& db, const std::string& slug, F&& f) {
  return db.in_transaction([&](soci::session& sql) -> Result<void> {
    StandardRepository repo;
    auto g = repo.find_group(sql, slug);
    if (!g) return not_found("working group " + slug);
    return f(sql, repo, *g);
  });
}
}  // namespace

Result<void> StandardService::request_to_join(const Member& actor, const std::string& group, std::int64_t now) {
  return with_group(db_, group, [&](soci::session& sql, StandardRepository& repo, const WorkingGroup& g) -> Result<void> {
    if (auto* m = membership(g, actor.id)) {
      if (m->state == "invited") {
        repo.set_group_member(sql, g.id, actor.id, m->role, "active", now);
        return {};
      }
      return conflict("error.already_member", "you are already in this group or have asked to join");
    }
    repo.set_group_member(sql, g.id, actor.id, "member", "requested", now);
    return {};
  });
}

Result<void> StandardService::invite(const Member& chair, const std::string& group, const std::string& handle, const std::string& role,
                                     std::int64_t now) {
  if (role != "member" && role != "editor")
    return Error::invalid("error.fix_fields", "please fix the marked fields", {{"role", "error.group_role", "role must be member or editor"}});
  return with_group(db_, group, [&](soci::session& sql, StandardRepository& repo, const WorkingGroup& g) -> Result<void> {
    if (!is_group_chair(g, chair.id) && chair.role != Role::admin) return forbidden("only the group's chairs invite members");
    auto m = MemberRepository().find_by_handle(sql, handle);
    if (!m) return Error::invalid("error.fix_fields", "please fix the marked fields", {{"handle", "error.unknown_member", "no member @" + handle, {}, {{"handle", handle}}}});
    auto* had = membership(g, m->id);
    if (had && had->state == "active") return conflict("error.already_member", "@" + handle + " is already in the group");
    // An invitation answers a request at once.
    repo.set_group_member(sql, g.id, m->id, role, had && had->state == "requested" ? "active" : "invited", now);
    return {};
  });
}

Result<void> StandardService::approve(const Member& chair, const std::string& group, const std::string& handle, std::int64_t now) {
  return with_group(db_, group, [&](soci::session& sql, StandardRepository& repo, const WorkingGroup& g) -> Result<void> {
    if (!is_group_chair(g, chair.id) && chair.role != Role::admin) return forbidden("only the group's chairs approve requests");
    auto m = MemberRepository().find_by_handle(sql, handle);
    auto* had = m ? membership(g, m->id) : nullptr;
    if (!had || had->state != "requested") return not_found("a request to join from @" + handle);
    repo.set_group_member(sql, g.id, m->id, had->role, "active", now);
    return {};
  });
}

Result<void> StandardService::accept_invitation(const Member& actor, const std::string& group, std::int64_t now) {
  return with_group(db_, group, [&](soci::session& sql, StandardRepository& repo, const WorkingGroup& g) -> Result<void> {
    auto* had = membership(g, actor.id);
    if (!had || had->state != "invited") return not_found("an invitation to this group");
    repo.set_group_member(sql, g.id, actor.id, had->role, "active", now);
    return {};
  });
}

Result<void> StandardService::set_role(const Member& chair, const std::string& group, const std::string& handle, const std::string& role,
                                       std::int64_t now) {
  if (role != "chair" && role != "editor" && role != "member" && !role.empty())
    return Error::invalid("error.fix_fields", "please fix the marked fields",
                          {{"role", "error.group_role", "role must be chair, editor, member, or empty to remove"}});
  return with_group(db_, group, [&](soci::session& sql, StandardRepository& repo, const WorkingGroup& g) -> Result<void> {
    if (!is_group_chair(g, chair.id) && !committee(chair)) return forbidden("only the group's chairs change roles");
    auto m = MemberRepository().find_by_handle(sql, handle);
    auto* had = m ? membership(g, m->id) : nullptr;
    if (!had) return not_found("@" + handle + " in this group");
    // A group always keeps a chair.
    int chairs = 0;
    for (const auto& gm : g.members) chairs += gm.role == "chair" && gm.state == "active";
    if (had->role == "chair" && role != "chair" && chairs <= 1)
      return conflict("error.last_chair", "a group keeps at least one chair: name another chair first");
    repo.set_group_member(sql, g.id, m->id, role, had->state, role.empty() ? now : had->since);
    return {};
  });
}

Result<void> StandardService::add_organization(const Member& chair, const std::string& group, const std::string& organization_slug) {
  return with_group(db_, group, [&](soci::session& sql, StandardRepository& repo, const WorkingGroup& g) -> Result<void> {
    if (!is_group_chair(g, chair.id) && !committee(chair)) return forbidden("only the group's chairs add partner organizations");
    auto o = OrganizationRepository().find_by_slug(sql, organization_slug);
    if (!o)
      return Error::invalid("error.fix_fields", "please fix the marked fields",
                            {{"organization", "error.unknown_organization", "no organization " + organization_slug, {}, {{"slug", organization_slug}}}});
    repo.add_group_organization(sql, g.id, o->id);
    return {};
  });
}

Result<Standard> StandardService::create(const Member& actor, const StandardInput& in, std::int64_t now) {
  Standard s;
  s.title_en = trim(in.title_en);
  s.title_zh = trim(in.title_zh);
  s.scope_md = in.scope_md;
  s.created_by = actor.id;
  s.created_at = s.updated_at = now;
  std::vector<Problem> p;
  if (s.title_en.empty() && s.title_zh.empty()) p.push_back({"title_en", "error.title_missing", "give a title in English or Chinese"});
  if (!is_line_within(s.title_en, 300) || !is_line_within(s.title_zh, 300))
    p.push_back({"title_en", "error.title_length", "a title is one line of at most 300 characters"});
  if (s.scope_md.size() > 20000 || !is_valid_utf8(s.scope_md))
    p.push_back({"scope_md", "error.text_length", "the scope is UTF-8 markdown of at most 20,000 bytes"});
  for (auto& problem : check_texts(in.text_en, in.text_zh, false)) p.push_back(problem);
  if (!p.empty()) return Error::invalid("error.fix_fields", "please fix the marked fields", p);
  return db_.in_transaction([&](soci::session& sql) -> Result<Standard> {
    StandardRepository repo;
    auto g = repo.find_group(sql, trim(in.group));
    if (!g)
      return Error::invalid("error.fix_fields", "please fix the marked fields",
                            {{"group", "error.unknown_group", "no working group " + in.group, {}, {{"slug", in.group}}}});
    if (!is_group_editor(*g, actor.id)) return forbidden("only a working group's chairs and editors propose its documents");
    s.group_id = g->id;
    s.group_slug = g->slug;
    s.id = repo.insert_standard(sql, s);
    repo.add_transition(sql, s.id, {"", "proposal", "proposed", "", actor.id, now});
    if (!trim(in.text_en).empty() || !trim(in.text_zh).empty()) {
      repo.insert_version(sql, build_version(repo, sql, s, in.text_en, in.text_zh, "", actor.id, now));
      repo.update_standard(sql, s);
    }
    index_standard(db_, sql, s.id);
    if (s.latest_version > 0) notify_group(sql, *g, s, "standard_version", {{"version", "1"}}, now, actor.id);
    return *repo.find_standard(sql, s.id);
  });
}

Result<Standard> StandardService::get(std::int64_t id) {
  return db_.with_session([&](soci::session& sql) {
    StandardRepository repo;
    return load(repo, sql, id);
  });
}

std::vector<Standard> StandardService::list(const std::string& status, const std::string& group) {
  return db_.with_session([&](soci::session& sql) {
    StandardRepository repo;
    std::int64_t gid = 0;
    if (!group.empty()) {
      auto g = repo.find_group(sql, group);
      if (!g) return std::vector<Standard>{};
      gid = g->id;
    }
    return repo.standards(sql, status, gid);
  });
}

Result<Standard> StandardService::transition(const Member& actor, std::int64_t id, const std::string& to, const std::string& reason,
                                             std::int64_t now) {
  if (!is_line_within(trim(reason), 500))
    return Error::invalid("error.fix_fields", "please fix the marked fields", {{"reason", "error.reason", "a reason is one line of at most 500 characters"}});
  return with_locked<Standard>(db_, id, [&](soci::session& sql, StandardRepository& repo, Standard& st, const WorkingGroup& g) -> Result<Standard> {
    const Who who = who_may(st.status, to);
    if (who == Who::nobody)
      return Error::invalid("error.transition", "a standard in " + st.status + " cannot move to " + to,
                            {{"to", "error.transition", "not a step of the process from " + st.status, {}, {{"from", st.status}, {"to", to}}}});
    const bool chair = is_group_chair(g, actor.id) || actor.role == Role::admin;
    if (!chair && !(who == Who::chair_or_committee && committee(actor)))
      return forbidden(who == Who::chair ? "only the group's chairs take this step" : "only the group's chairs or the committee take this step");
    if (st.status == "public_review" && to == "committee_draft") {
      auto r = repo.latest_review(sql, st.id);
      if (r && r->closes_at > now) return conflict("error.review_running", "the public review runs until it closes");
    }
    if (st.status == "ballot") {
      auto ballots = repo.ballots(sql, st.id);
      const Ballot* last = nullptr;
      for (const auto& b : ballots)
        if (b.stage == "final") last = &b;
      if (to == "published" && (!last || last->state != "closed" || !last->approved || last->version_number != st.latest_version))
        return conflict("error.not_approved", "a standard is published only after its final ballot on the latest version is approved");
      if (to == "committee_draft" && last && last->state == "open")
        return conflict("error.ballot_running", "the final ballot is still open");
    }
    const std::string from = st.status;
    st.status = to;
    st.updated_at = now;
    if (to == "working_draft" && st.number == 0) st.number = repo.next_number(sql);
    if (to == "published") st.year = year_of(now);
    repo.update_standard(sql, st);
    repo.add_transition(sql, st.id, {from, to, trim(reason), "", actor.id, now});
    index_standard(db_, sql, st.id);
    return *repo.find_standard(sql, st.id);
  });
}

std::vector<StatusChange> StandardService::history(std::int64_t id) {
  return db_.with_session([&](soci::session& sql) { return StandardRepository().transitions(sql, id); });
}

std::vector<std::pair<Standard, StatusChange>> StandardService::recent_steps(int limit) {
  return db_.with_session([&](soci::session& sql) {
    StandardRepository repo;
    std::vector<std::pair<Standard, StatusChange>> out;
    std::map<std::int64_t, std::optional<Standard>> seen;
    for (auto& [id, change] : repo.recent_transitions(sql, limit)) {
      if (!seen.count(id)) seen[id] = repo.find_standard(sql, id);
      if (seen[id]) out.emplace_back(*seen[id], change);
    }
    return out;
  });
}

Result<StandardVersion> StandardService::save_version(const Member& actor, std::int64_t id, const std::string& text_en,
                                                      const std::string& text_zh, const std::string& note, std::int64_t now) {
  auto p = check_texts(text_en, text_zh, true);
  if (!is_line_within(trim(note), 500)) p.push_back({"note", "error.reason", "a note is one line of at most 500 characters"});
  if (!p.empty()) return Error::invalid("error.fix_fields", "please fix the marked fields", p);
  return with_locked<StandardVersion>(db_, id, [&](soci::session& sql, StandardRepository& repo, Standard& st,
                                                  const WorkingGroup& g) -> Result<StandardVersion> {
    if (!is_group_editor(g, actor.id)) return forbidden("only the group's chairs and editors save versions");
    if (frozen(st.status))
      return conflict("error.standard_frozen", st.status == "ballot" ? "the text is frozen while its ballot runs" : "a " + st.status + " standard is frozen");
    StandardVersion v = build_version(repo, sql, st, text_en, text_zh, note, actor.id, now);
    st.updated_at = now;
    repo.insert_version(sql, v);
    repo.update_standard(sql, st);
    notify_group(sql, g, st, "standard_version", {{"version", std::to_string(v.number)}}, now, actor.id);
    index_standard(db_, sql, st.id);
    return *repo.find_version(sql, st.id, v.number);
  });
}

Result<StandardVersion> StandardService::version(std::int64_t id, int number) {
  return db_.with_session([&](soci::session& sql) -> Result<StandardVersion> {
    StandardRepository repo;
    auto s = load(repo, sql, id);
    if (!s) return s.error();
    const int n = number == 0 ? s.value().latest_version : number;
    auto v = repo.find_version(sql, id, n);
    if (!v) return not_found("version " + std::to_string(n));
    return *v;
  });
}

std::vector<StandardVersion> StandardService::versions(std::int64_t id) {
  return db_.with_session([&](soci::session& sql) { return StandardRepository().versions(sql, id); });
}

Result<std::vector<ClauseChange>> StandardService::diff(std::int64_t id, int from, int to, const std::string& lang) {
  if (lang != "en" && lang != "zh-CN")
    return Error::invalid("error.fix_fields", "please fix the marked fields", {{"lang", "error.search_lang", "lang must be en or zh-CN"}});
  auto a = version(id, from);
  if (!a) return Error::invalid("error.fix_fields", "please fix the marked fields", {{"from", "error.unknown_version", "no version " + std::to_string(from) + " of this standard"}});
  auto b = version(id, to);
  if (!b) return Error::invalid("error.fix_fields", "please fix the marked fields", {{"to", "error.unknown_version", "no version " + std::to_string(to) + " of this standard"}});
  const bool en = lang == "en";
  return diff_clauses(en ? a.value().clauses_en : a.value().clauses_zh, en ? b.value().clauses_en : b.value().clauses_zh);
}

Result<PublicReview> StandardService::open_review(const Member& chair, std::int64_t id, int version_number, std::int64_t opens_at,
                                                  std::int64_t closes_at, std::int64_t now) {
  std::vector<Problem> p;
  if (closes_at <= opens_at) p.push_back({"closes_at", "error.ends_before_start", "the review must close after it opens"});
  if (closes_at <= now) p.push_back({"closes_at", "error.in_the_past", "the review must close in the future"});
  if (!p.empty()) return Error::invalid("error.fix_fields", "please fix the marked fields", p);
  return with_locked<PublicReview>(db_, id, [&](soci::session& sql, StandardRepository& repo, Standard& st,
                                               const WorkingGroup& g) -> Result<PublicReview> {
    if (!is_group_chair(g, chair.id) && chair.role != Role::admin) return forbidden("only the group's chairs open a public review");
    if (st.status != "committee_draft") return conflict("error.transition", "a public review opens on a committee draft");
    const int v = version_number == 0 ? st.latest_version : version_number;
    if (!repo.find_version(sql, id, v))
      return Error::invalid("error.fix_fields", "please fix the marked fields", {{"version", "error.unknown_version", "no version " + std::to_string(v) + " of this standard"}});
    PublicReview r{0, id, v, opens_at, closes_at, chair.id};
    r.id = repo.insert_review(sql, r);
    repo.add_transition(sql, id, {st.status, "public_review", "", "", chair.id, now});
    st.status = "public_review";
    st.updated_at = now;
    repo.update_standard(sql, st);
    nlohmann::json params = both_languages("what", "opens", "开始");
    params["until"] = iso8601_utc(closes_at).substr(0, 10);
    notify_group(sql, g, st, "standard_review", params, now, chair.id);
    return r;
  });
}

std::optional<PublicReview> StandardService::review(std::int64_t id) {
  return db_.with_session([&](soci::session& sql) { return StandardRepository().latest_review(sql, id); });
}

Result<StandardComment> StandardService::comment(const Member& actor, std::int64_t id, const CommentInput& in, std::int64_t now) {
  std::vector<Problem> p;
  if (std::find(std::begin(kCommentTypes), std::end(kCommentTypes), in.type) == std::end(kCommentTypes))
    p.push_back({"type", "error.comment_type", "type must be general, technical or editorial"});
  if (trim(in.body_md).empty()) p.push_back({"body_md", "error.body_missing", "say what the comment is"});
  if (in.body_md.size() > kMaxCommentBytes || in.proposed_change.size() > kMaxCommentBytes || !is_valid_utf8(in.body_md) ||
      !is_valid_utf8(in.proposed_change))
    p.push_back({"body_md", "error.text_length", "a comment and its proposed change are UTF-8 of at most 20,000 bytes each"});
  if (in.passage.size() > 2000 || !is_valid_utf8(in.passage))
    p.push_back({"passage", "error.text_length", "a selected passage is at most 2,000 bytes"});
  if (!p.empty()) return Error::invalid("error.fix_fields", "please fix the marked fields", p);
  return db_.in_transaction([&](soci::session& sql) -> Result<StandardComment> {
    StandardRepository repo;
    auto s = load(repo, sql, id);
    if (!s) return s.error();
    auto r = repo.latest_review(sql, id);
    if (!r || !r->open(now)) return conflict("error.review_closed", "comments are taken while a public review runs");
    StandardComment c;
    c.standard_id = id;
    c.member_id = actor.id;
    c.type = in.type;
    c.body_md = in.body_md;
    c.proposed_change = in.proposed_change;
    c.passage = trim(in.passage);
    c.created_at = now;
    if (in.parent_id != 0) {
      // A reply sits where its parent does.
      auto parent = repo.find_comment(sql, in.parent_id);
      if (!parent || parent->standard_id != id) return not_found("comment " + std::to_string(in.parent_id));
      c.parent_id = parent->parent_id != 0 ? parent->parent_id : parent->id;
      c.version_number = parent->version_number;
      c.anchor = parent->anchor;
      c.clause_number = parent->clause_number;
    } else {
      c.version_number = in.version_number == 0 ? s.value().latest_version : in.version_number;
      auto v = repo.find_version(sql, id, c.version_number);
      if (!v)
        return Error::invalid("error.fix_fields", "please fix the marked fields",
                              {{"version", "error.unknown_version", "no version " + std::to_string(c.version_number) + " of this standard"}});
      if (!trim(in.clause).empty()) {
        const Clause* clause = find_clause(v->clauses_en, trim(in.clause));
        if (!clause) clause = find_clause(v->clauses_zh, trim(in.clause));
        if (!clause)
          return Error::invalid("error.fix_fields", "please fix the marked fields",
                                {{"clause", "error.unknown_clause", "version " + std::to_string(c.version_number) + " has no clause " + trim(in.clause),
                                  {}, {{"clause", trim(in.clause)}}}});
        if (!c.passage.empty() && !passage_in(*clause, c.passage))
          return Error::invalid("error.fix_fields", "please fix the marked fields",
                                {{"passage", "error.passage_not_in_clause", "the selected passage is not in clause " + clause->number}});
        c.anchor = clause->anchor;
        c.clause_number = clause->number.empty() ? clause->title : clause->number;
      }
    }
    c.id = repo.insert_comment(sql, c);
    return *repo.find_comment(sql, c.id);
  });
}

Result<StandardComment> StandardService::dispose(const Member& editor, std::int64_t comment_id, const std::string& disposition,
                                                 const std::string& reason, int applied_version, std::int64_t now) {
  std::vector<Problem> p;
  if (std::find(std::begin(kDispositions), std::end(kDispositions), disposition) == std::end(kDispositions))
    p.push_back({"disposition", "error.disposition", "disposition must be accepted, accepted_in_principle, rejected or noted"});
  if (trim(reason).empty() && disposition != "accepted") p.push_back({"reason", "error.reason_missing", "give the reason for this disposition"});
  if (reason.size() > kMaxCommentBytes || !is_valid_utf8(reason)) p.push_back({"reason", "error.text_length", "a reason is at most 20,000 bytes"});
  if (!p.empty()) return Error::invalid("error.fix_fields", "please fix the marked fields", p);
  return db_.in_transaction([&](soci::session& sql) -> Result<StandardComment> {
    StandardRepository repo;
    auto c = repo.find_comment(sql, comment_id);
    if (!c) return not_found("comment " + std::to_string(comment_id));
    auto s = repo.find_standard(sql, c->standard_id);
    auto g = repo.find_group_by_id(sql, s->group_id);
    if (!is_group_editor(*g, editor.id)) return forbidden("only the group's chairs and editors dispose of comments");
    if (c->parent_id != 0) return conflict("error.reply_disposition", "a disposition answers a comment, not a reply to one");
    if (applied_version != 0 && (applied_version <= c->version_number || !repo.find_version(sql, s->id, applied_version)))
      return Error::invalid("error.fix_fields", "please fix the marked fields",
                            {{"applied_version", "error.unknown_version", "the version that applied it must be a later version of this standard"}});
    c->disposition = disposition;
    c->disposition_reason = trim(reason);
    c->applied_version = applied_version;
    c->decided_by = editor.id;
    c->decided_at = now;
    repo.set_disposition(sql, *c);
    static const std::map<std::string, std::pair<std::string, std::string>> names = {
        {"accepted", {"accepted", "采纳"}}, {"accepted_in_principle", {"accepted in principle", "原则上采纳"}},
        {"rejected", {"rejected", "不采纳"}}, {"noted", {"noted", "备注"}}};
    nlohmann::json params = both_languages("disposition", names.at(disposition).first, names.at(disposition).second);
    params.update(both_languages("clause", c->clause_number.empty() ? "the document" : "clause " + c->clause_number,
                                 c->clause_number.empty() ? "整个文件" : "条款 " + c->clause_number));
    params.update(both_languages("standard", s->title_en.empty() ? s->title_zh : s->title_en, s->title_zh.empty() ? s->title_en : s->title_zh));
    if (c->member_id != editor.id)
      Notifications::notify(sql, c->member_id, "standard_comment_disposed", params, "/standards/" + std::to_string(s->id) + "#comment-" + std::to_string(c->id),
                            now, "standard-comment:" + std::to_string(c->id));
    return *repo.find_comment(sql, c->id);
  });
}

Result<std::int64_t> StandardService::vote_comment(const Member& actor, std::int64_t comment_id, bool on) {
  return db_.in_transaction([&](soci::session& sql) -> Result<std::int64_t> {
    StandardRepository repo;
    auto c = repo.find_comment(sql, comment_id);
    if (!c) return not_found("comment " + std::to_string(comment_id));
    if (c->member_id == actor.id) return forbidden("you cannot vote on your own comment");
    return repo.vote_comment(sql, comment_id, actor.id, on);
  });
}

std::vector<StandardComment> StandardService::comments(std::int64_t id) {
  return db_.with_session([&](soci::session& sql) { return StandardRepository().comments(sql, id); });
}

Result<std::vector<CommentOnVersion>> StandardService::comments_on(std::int64_t id, int number) {
  auto v = version(id, number);
  if (!v) return v.error();
  std::map<std::string, std::size_t> order;  // anchor -> place in the version
  for (const auto* list : {&v.value().clauses_en, &v.value().clauses_zh})
    for (const auto& c : *list) order.emplace(c.anchor, order.size());
  std::vector<CommentOnVersion> out;
  for (auto& c : comments(id)) {
    if (c.version_number > v.value().number) continue;
    if (!c.anchor.empty() && !order.count(c.anchor)) continue;  // its clause is gone
    out.push_back({c, c.version_number < v.value().number});
  }
  std::stable_sort(out.begin(), out.end(), [&](const CommentOnVersion& a, const CommentOnVersion& b) {
    auto place = [&](const std::string& anchor) { return anchor.empty() ? 0 : order[anchor] + 1; };
    return place(a.comment.anchor) < place(b.comment.anchor);
  });
  return out;
}

int StandardService::announce_closed_reviews(std::int64_t now) {
  // Runs every second in every process: a read, and a write transaction only when a
  // review has closed.
  auto due = db_.with_session([&](soci::session& sql) { return StandardRepository().reviews_to_announce(sql, now); });
  if (due.empty()) return 0;
  int told = 0;
  db_.write([&](soci::session& sql) {
    StandardRepository repo;
    for (const auto& r : due) {
      if (!repo.mark_review_announced(sql, r.id)) continue;  // another process told them
      auto s = repo.find_standard(sql, r.standard_id);
      auto g = s ? repo.find_group_by_id(sql, s->group_id) : std::nullopt;
      if (!g) continue;
      nlohmann::json params = both_languages("what", "closed", "结束");
      params["until"] = iso8601_utc(r.closes_at).substr(0, 10);
      notify_group(sql, *g, *s, "standard_review", params, now);
      ++told;
    }
  });
  return told;
}

std::vector<ResolutionRow> StandardService::resolution(std::int64_t id) {
  std::vector<ResolutionRow> out;
  for (auto& c : comments(id))
    if (c.parent_id == 0) out.push_back({c, c.clause_number.empty() ? "general" : c.clause_number});
  return out;
}

std::string StandardService::resolution_csv(std::int64_t id) {
  std::string csv = "comment,version,clause,type,author,comment_text,proposed_change,disposition,reason,applied_in_version\r\n";
  for (const auto& row : resolution(id)) {
    const auto& c = row.comment;
    csv += std::to_string(c.id) + "," + std::to_string(c.version_number) + "," + csv_field(row.clause) + "," + c.type + "," +
           csv_field(c.handle) + "," + csv_field(c.body_md) + "," + csv_field(c.proposed_change) + "," + c.disposition + "," +
           csv_field(c.disposition_reason) + "," + (c.applied_version ? std::to_string(c.applied_version) : "") + "\r\n";
  }
  return csv;
}

}  // namespace aigc
