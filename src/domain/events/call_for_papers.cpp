#include "domain/events/call_for_papers.hpp"

#include <set>

#include "core/text.hpp"
#include "domain/events/event_service.hpp"
#include "domain/events/programme_service.hpp"
#include "domain/members/member_repository.hpp"
#include "domain/notifications/notifications.hpp"

namespace aigc {

namespace {

const std::set<std::string> kKinds = {"talk", "poster", "workshop", "panel"};

std::vector<Proposal> select_proposals(soci::session& sql, long long event, const std::string& where, long long key) {
  std::vector<Proposal> out;
  Proposal p;
  long long id = 0, submitter = 0, track = 0, talk = 0, created = 0, decided = 0, reviews = 0, assigned = 0;
  double mean = 0;
  soci::indicator mi = soci::i_ok;
  soci::statement st = (sql.prepare << "SELECT p.id, p.submitter_id, m.handle, p.title, p.abstract_md, p.kind, p.track_id, p.co_speakers, "
                                       "p.status, p.talk_id, p.created_at, p.decided_at, "
                                       "(SELECT AVG(CAST(r.score AS DOUBLE PRECISION)) FROM proposal_reviews r WHERE r.proposal_id = p.id AND r.score > 0), "
                                       "(SELECT COUNT(*) FROM proposal_reviews r WHERE r.proposal_id = p.id AND r.score > 0), "
                                       "(SELECT COUNT(*) FROM proposal_reviews r WHERE r.proposal_id = p.id) "
                                       "FROM proposals p JOIN members m ON m.id = p.submitter_id WHERE p.event_id = :e " + where +
                                       " ORDER BY p.id",
                        soci::use(event), soci::use(key), soci::into(id), soci::into(submitter), soci::into(p.submitter_handle),
                        soci::into(p.title), soci::into(p.abstract_md), soci::into(p.kind), soci::into(track), soci::into(p.co_speakers),
                        soci::into(p.status), soci::into(talk), soci::into(created), soci::into(decided), soci::into(mean, mi),
                        soci::into(reviews), soci::into(assigned));
  st.execute();
  while (st.fetch()) {
    p.id = id, p.event_id = event, p.submitter_id = submitter, p.track_id = track, p.talk_id = talk, p.created_at = created;
    p.decided_at = decided, p.mean_score = mi == soci::i_ok ? mean : 0, p.reviews = static_cast<int>(reviews);
    p.assigned = static_cast<int>(assigned);
    out.push_back(p);
  }
  return out;
}

std::optional<Proposal> find(soci::session& sql, const Event& e, std::int64_t id) {
  auto v = select_proposals(sql, e.id, "AND p.id = :id", id);
  if (v.empty()) return std::nullopt;
  return v.front();
}

Error no_proposal(std::int64_t id) { return Error::make(ErrorCode::not_found, "error.not_found", "no proposal " + std::to_string(id)); }

}  // namespace

Result<Proposal> CallForPapers::submit(const Member& m, const Event& e, const ProposalInput& in, std::int64_t now) {
  if (e.status != "published" || !e.cfp_open(now))
    return Error::make(ErrorCode::conflict, "error.cfp_closed", "the call for proposals is not open");
  std::vector<Problem> p;
  Proposal x;
  x.title = trim(in.title);
  x.abstract_md = in.abstract_md;
  x.kind = trim(in.kind).empty() ? "talk" : trim(in.kind);
  x.co_speakers = trim(in.co_speakers);
  if (x.title.empty() || !is_line_within(x.title, 300)) p.push_back({"title", "error.proposal_title", "a title is one line of at most 300 characters"});
  if (trim(x.abstract_md).empty() || x.abstract_md.size() > 20000 || !is_valid_utf8(x.abstract_md))
    p.push_back({"abstract_md", "error.proposal_abstract", "write an abstract of at most 20,000 bytes"});
  if (!kKinds.count(x.kind)) p.push_back({"kind", "error.proposal_kind", "the type is talk, poster, workshop or panel"});
  if (x.co_speakers.size() > 2000) p.push_back({"co_speakers", "error.proposal_co_speakers", "at most 2,000 bytes of co-speakers"});
  return db_.in_transaction([&](soci::session& sql) -> Result<Proposal> {
    long long event = e.id, track = 0, id = 0, member = m.id, at = now;
    if (!trim(in.track).empty()) {
      soci::indicator ind = soci::i_null;
      std::string name = trim(in.track);
      sql << "SELECT id FROM event_tracks WHERE event_id = :e AND (name_en = :n OR name_zh = :z)", soci::use(event), soci::use(name),
          soci::use(name), soci::into(track, ind);
      if (ind != soci::i_ok) p.push_back({"track", "error.talk_track", "choose one of the event's tracks"});
    }
    // Co-speakers are checked as the talk's speakers will be, so acceptance cannot fail on them.
    for (auto& line : split(x.co_speakers, '\n')) {
      auto l = trim(line);
      if (!l.empty() && l[0] == '@' && !MemberRepository().find_by_handle(sql, l.substr(1)))
        p.push_back({"co_speakers", "error.unknown_member", "no member " + l, {}, {{"handle", l.substr(1)}}});
    }
    if (!p.empty()) return Error::invalid("error.fix_fields", "fix the fields below", std::move(p));
    sql << "INSERT INTO proposals (event_id, submitter_id, title, abstract_md, kind, track_id, co_speakers, status, created_at) VALUES "
           "(:e, :m, :t, :a, :k, :tr, :c, 'submitted', :at) RETURNING id",
        soci::use(event), soci::use(member), soci::use(x.title), soci::use(x.abstract_md), soci::use(x.kind), soci::use(track),
        soci::use(x.co_speakers), soci::use(at), soci::into(id);
    return find(sql, e, id).value();
  });
}

Result<Proposal> CallForPapers::withdraw(const Member& m, const Event& e, std::int64_t id, std::int64_t now) {
  return db_.in_transaction([&](soci::session& sql) -> Result<Proposal> {
    auto p = find(sql, e, id);
    if (!p || p->submitter_id != m.id) return no_proposal(id);
    if (p->status != "submitted" && p->status != "waitlisted")
      return Error::make(ErrorCode::conflict, "error.proposal_decided", "a decided proposal cannot be withdrawn");
    long long key = id, at = now;
    sql << "UPDATE proposals SET status = 'withdrawn', decided_at = :t WHERE id = :id", soci::use(at), soci::use(key);
    return find(sql, e, id).value();
  });
}

Result<void> CallForPapers::assign(const Member& manager, const Event& e, std::int64_t id, const std::string& handle, std::int64_t now) {
  if (!can_manage_event(manager, e)) return Error::make(ErrorCode::forbidden, "error.forbidden", "only the event's managers assign reviewers");
  return db_.in_transaction([&](soci::session& sql) -> Result<void> {
    auto p = find(sql, e, id);
    if (!p) return no_proposal(id);
    auto name = trim(handle);
    if (!name.empty() && name[0] == '@') name.erase(0, 1);
    auto r = MemberRepository().find_by_handle(sql, name);
    if (!r) return Error::invalid("error.fix_fields", "fix the fields below", {{"reviewer", "error.unknown_member", "no member @" + name, {}, {{"handle", name}}}});
    if (r->id == p->submitter_id)
      return Error::invalid("error.fix_fields", "fix the fields below", {{"reviewer", "error.reviewer_is_author", "no one reviews their own proposal"}});
    long long key = id, reviewer = r->id, at = now;
    sql << "INSERT INTO proposal_reviews (proposal_id, reviewer_id, updated_at) VALUES (:p, :r, :t) ON CONFLICT DO NOTHING", soci::use(key),
        soci::use(reviewer), soci::use(at);
    return {};
  });
}

Result<void> CallForPapers::review(const Member& reviewer, const Event& e, std::int64_t id, int score, const std::string& comment,
                                   std::int64_t now) {
  if (score < 1 || score > 5)
    return Error::invalid("error.fix_fields", "fix the fields below", {{"score", "error.review_score", "a score is 1 (reject) to 5 (must accept)"}});
  if (comment.size() > 10000 || !is_valid_utf8(comment))
    return Error::invalid("error.fix_fields", "fix the fields below", {{"comment", "error.review_comment", "a comment is at most 10,000 bytes"}});
  return db_.in_transaction([&](soci::session& sql) -> Result<void> {
    long long key = id, r = reviewer.id, at = now, event = e.id;
    soci::statement st = (sql.prepare << "UPDATE proposal_reviews SET score = :s, comment = :c, updated_at = :t WHERE proposal_id = :p AND "
                                         "reviewer_id = :r AND proposal_id IN (SELECT id FROM proposals WHERE event_id = :e)",
                          soci::use(score), soci::use(comment), soci::use(at), soci::use(key), soci::use(r), soci::use(event));
    st.execute(true);
    if (st.get_affected_rows() != 1) return no_proposal(id);
    return {};
  });
}

Result<Proposal> CallForPapers::decide(const Member& manager, const Event& e, std::int64_t id, const std::string& decision, std::int64_t now) {
  if (!can_manage_event(manager, e)) return Error::make(ErrorCode::forbidden, "error.forbidden", "only the event's managers decide");
  const std::map<std::string, std::string> status = {{"accept", "accepted"}, {"reject", "rejected"}, {"waitlist", "waitlisted"}};
  if (!status.count(decision)) return Error::invalid("error.proposal_decision", "a decision is accept, reject or waitlist");
  return db_.in_transaction([&](soci::session& sql) -> Result<Proposal> {
    auto p = find(sql, e, id);
    if (!p) return no_proposal(id);
    if (p->status == "withdrawn") return Error::make(ErrorCode::conflict, "error.proposal_withdrawn", "the submitter withdrew it");
    if (p->status == "accepted" && decision != "accept")
      return Error::make(ErrorCode::conflict, "error.proposal_accepted", "an accepted proposal is in the programme: remove its talk first");
    long long key = id, at = now, talk = p->talk_id;
    const std::string s = status.at(decision);
    if (decision == "accept" && !p->talk_id) {
      TalkInput in;
      in.kind = p->kind;
      in.title_en = p->title;
      in.abstract_md = p->abstract_md;
      in.track = p->track_id ? std::to_string(p->track_id) : "";
      in.speakers = "@" + p->submitter_handle + "\n" + p->co_speakers;
      in.proposal_id = p->id;
      auto t = ProgrammeService::save_talk(db_, sql, e, in, now);
      if (!t) return t.error();
      talk = t->id;
    }
    sql << "UPDATE proposals SET status = :s, decided_at = :t, talk_id = :k WHERE id = :id", soci::use(s), soci::use(at), soci::use(talk),
        soci::use(key);
    const std::map<std::string, std::string> zh = {{"accepted", "已录用"}, {"rejected", "未录用"}, {"waitlisted", "候补"}};
    nlohmann::json params = event_notification_params(e);
    params["proposal"] = p->title;
    params["status_en"] = s;
    params["status_zh"] = zh.at(s);
    Notifications::notify(sql, p->submitter_id, "event_proposal_decided", params, "/events/" + e.slug + "/proposals", now,
                          "proposal:" + std::to_string(id) + ":" + s);
    return find(sql, e, id).value();
  });
}

std::vector<Proposal> CallForPapers::visible_to(const Member& m, const Event& e) {
  return db_.with_session([&](soci::session& sql) {
    if (can_manage_event(m, e)) return select_proposals(sql, e.id, "AND :k >= 0", 0);
    auto mine = select_proposals(sql, e.id, "AND p.submitter_id = :m", m.id);
    auto assigned = select_proposals(sql, e.id, "AND p.id IN (SELECT proposal_id FROM proposal_reviews WHERE reviewer_id = :r)", m.id);
    for (auto& p : assigned) {
      if (e.cfp_blind) p.submitter_handle.clear(), p.submitter_id = 0, p.co_speakers.clear();
      p.mean_score = 0;  // reviewers judge alone
      mine.push_back(p);
    }
    return mine;
  });
}

std::vector<Review> CallForPapers::reviews(const Member& m, const Event& e, std::int64_t id) {
  return db_.with_session([&](soci::session& sql) {
    std::vector<Review> out;
    long long key = id, event = e.id, reviewer = 0, at = 0, me = m.id, all = can_manage_event(m, e) ? 1 : 0;
    Review r;
    soci::statement st = (sql.prepare << "SELECT r.reviewer_id, m.handle, r.score, r.comment, r.updated_at FROM proposal_reviews r JOIN members m "
                                         "ON m.id = r.reviewer_id JOIN proposals p ON p.id = r.proposal_id WHERE r.proposal_id = :p AND "
                                         "p.event_id = :e AND (:all = 1 OR r.reviewer_id = :me) ORDER BY m.handle_key",
                          soci::use(key), soci::use(event), soci::use(all), soci::use(me), soci::into(reviewer), soci::into(r.reviewer_handle),
                          soci::into(r.score), soci::into(r.comment), soci::into(at));
    st.execute();
    while (st.fetch()) r.proposal_id = id, r.reviewer_id = reviewer, r.updated_at = at, out.push_back(r);
    return out;
  });
}

}  // namespace aigc
