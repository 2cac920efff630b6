#include "domain/standards/ballot_service.hpp"

#include "core/clock.hpp"
#include "core/text.hpp"
#include "domain/standards/standard_repository.hpp"
#include "domain/standards/standard_service.hpp"

namespace aigc {

namespace {

Error not_found(const std::string& what) { return Error::make(ErrorCode::not_found, "error.not_found", what + " not found"); }
Error forbidden(const std::string& why) { return Error::make(ErrorCode::forbidden, "error.forbidden", why); }
Error conflict(const std::string& key, const std::string& why) { return Error::make(ErrorCode::conflict, key, why); }
Error invalid(const std::string& field, const std::string& key, const std::string& message) {
  return Error::invalid("error.fix_fields", "please fix the marked fields", {{field, key, message}});
}

Result<std::string> key_for(StandardRepository& repo, soci::session& sql, const Member& m, const Ballot& b) {
  auto s = repo.find_standard(sql, b.standard_id);
  auto g = repo.find_group_by_id(sql, s->group_id);
  if (b.electorate == "members") {
    if (!is_group_member(*g, m.id)) return forbidden("only the group's members vote on this ballot");
    return "m" + std::to_string(m.id);
  }
  if (!m.organization_id || !repo.group_has_organization(sql, g->id, *m.organization_id))
    return forbidden("this ballot takes one vote per participating organization, and yours does not participate");
  return "o" + std::to_string(*m.organization_id);
}

}  // namespace

Result<Ballot> BallotService::open(const Member& chair, std::int64_t standard_id, const BallotInput& in, std::int64_t now) {
  std::vector<Problem> p;
  if (in.stage != "committee" && in.stage != "final") p.push_back({"stage", "error.ballot_stage", "stage must be committee or final"});
  if (in.electorate != "members" && in.electorate != "organizations")
    p.push_back({"electorate", "error.ballot_electorate", "electorate must be members (of the group) or organizations (one vote each)"});
  if (in.closes_at <= in.opens_at) p.push_back({"closes_at", "error.ends_before_start", "the ballot must close after it opens"});
  if (in.closes_at <= now) p.push_back({"closes_at", "error.in_the_past", "the ballot must close in the future"});
  auto approve = parse_share(in.approve_share), disapprove = parse_share(in.disapprove_share);
  if (!approve || approve->first == 0)
    p.push_back({"approve_share", "error.ballot_share", "the share that must approve is a fraction such as 2/3 (more than 0, at most 1)"});
  if (!disapprove) p.push_back({"disapprove_share", "error.ballot_share", "the share that may disapprove is a fraction such as 1/4"});
  if (!p.empty()) return Error::invalid("error.fix_fields", "please fix the marked fields", p);
  return db_.in_transaction([&](soci::session& sql) -> Result<Ballot> {
    StandardRepository repo;
    repo.lock_standard(sql, standard_id, db_.dialect() == Dialect::postgresql);
    auto s = repo.find_standard(sql, standard_id);
    if (!s) return not_found("standard " + std::to_string(standard_id));
    auto g = repo.find_group_by_id(sql, s->group_id);
    if (!is_group_chair(*g, chair.id) && chair.role != Role::admin) return forbidden("only the group's chairs open ballots");
    for (const auto& b : repo.ballots(sql, standard_id))
      if (b.state == "open") return conflict("error.ballot_running", "a ballot on this standard is still open");
    const bool final_ballot = in.stage == "final";
    if (!final_ballot && s->status != "committee_draft") return conflict("error.transition", "a committee ballot is held on a committee draft");
    if (final_ballot && s->status != "committee_draft" && s->status != "public_review")
      return conflict("error.transition", "a final ballot follows the committee draft or its public review");
    if (final_ballot && s->status == "public_review") {
      auto r = repo.latest_review(sql, standard_id);
      if (r && r->closes_at > now) return conflict("error.review_running", "the public review runs until it closes");
    }
    Ballot b;
    b.standard_id = standard_id;
    b.version_number = in.version == 0 ? s->latest_version : in.version;
    if (b.version_number == 0 || !repo.find_version(sql, standard_id, b.version_number))
      return invalid("version", "error.unknown_version", "no version " + std::to_string(b.version_number) + " of this standard");
    if (final_ballot && b.version_number != s->latest_version)
      return invalid("version", "error.unknown_version", "a final ballot is held on the latest version");
    b.stage = in.stage;
    b.electorate = in.electorate;
    b.opens_at = in.opens_at;
    b.closes_at = in.closes_at;
    b.rule = {approve->first, approve->second, disapprove->first, disapprove->second};
    b.created_by = chair.id;
    b.created_at = now;
    b.id = repo.insert_ballot(sql, b);
    nlohmann::json params = both_languages("what", final_ballot ? "opens: final" : "opens: committee", final_ballot ? "开始：最终投票" : "开始：委员会投票");
    params["until"] = iso8601_utc(b.closes_at).substr(0, 10);
    notify_group(sql, *g, *s, "standard_ballot", params, now, chair.id);
    if (final_ballot) {
      Standard st = *s;
      repo.add_transition(sql, st.id, {st.status, "ballot", "final ballot opened", "", chair.id, now});
      st.status = "ballot";
      st.updated_at = now;
      repo.update_standard(sql, st);
    }
    return *repo.find_ballot(sql, b.id);
  });
}

Result<BallotVote> BallotService::vote(const Member& voter, std::int64_t ballot_id, const std::string& position, const std::string& reasons,
                                       std::int64_t now) {
  auto pos = parse_ballot_position(position);
  if (!pos) return invalid("position", "error.ballot_position", "position must be approve, approve_with_comments, disapprove or abstain");
  if (*pos == BallotPosition::disapprove && trim(reasons).empty())
    return invalid("reasons", "error.disapproval_reasons", "a disapproval must give its reasons (what would change the vote)");
  if (reasons.size() > 20000 || !is_valid_utf8(reasons)) return invalid("reasons", "error.text_length", "reasons are UTF-8 of at most 20,000 bytes");
  return db_.in_transaction([&](soci::session& sql) -> Result<BallotVote> {
    StandardRepository repo;
    auto b = repo.find_ballot(sql, ballot_id);
    if (!b) return not_found("ballot " + std::to_string(ballot_id));
    repo.lock_standard(sql, b->standard_id, db_.dialect() == Dialect::postgresql);
    b = repo.find_ballot(sql, ballot_id);  // read again behind the lock: a close may have won
    if (b->state != "open" || now >= b->closes_at) return conflict("error.ballot_closed", "this ballot has closed");
    if (now < b->opens_at) return conflict("error.ballot_not_open", "this ballot has not opened yet");
    auto key = key_for(repo, sql, voter, *b);
    if (!key) return key.error();
    BallotVote v;
    v.voter = key.value();
    v.member_id = voter.id;
    v.handle = voter.handle;
    v.position = std::string(ballot_position_name(*pos));
    v.reasons = trim(reasons);
    v.at = now;
    repo.put_vote(sql, ballot_id, v);
    return v;
  });
}

Result<Ballot> BallotService::get(std::int64_t ballot_id) {
  return db_.with_session([&](soci::session& sql) -> Result<Ballot> {
    StandardRepository repo;
    auto b = repo.find_ballot(sql, ballot_id);
    if (!b) return not_found("ballot " + std::to_string(ballot_id));
    if (b->state == "open") {
      b->tally = repo.tally(sql, ballot_id);
      b->approved = ballot_approved(b->rule, b->tally);
    }
    return *b;
  });
}

std::vector<Ballot> BallotService::ballots(std::int64_t standard_id) {
  return db_.with_session([&](soci::session& sql) {
    StandardRepository repo;
    auto out = repo.ballots(sql, standard_id);
    for (auto& b : out)
      if (b.state == "open") {
        b.tally = repo.tally(sql, b.id);
        b.approved = ballot_approved(b.rule, b.tally);
      }
    return out;
  });
}

std::vector<BallotVote> BallotService::votes(std::int64_t ballot_id) {
  return db_.with_session([&](soci::session& sql) { return StandardRepository().votes(sql, ballot_id); });
}

std::vector<BallotVote> BallotService::history(std::int64_t ballot_id) {
  return db_.with_session([&](soci::session& sql) { return StandardRepository().history(sql, ballot_id); });
}

Result<std::string> BallotService::voter_key(const Member& m, std::int64_t ballot_id) {
  return db_.with_session([&](soci::session& sql) -> Result<std::string> {
    StandardRepository repo;
    auto b = repo.find_ballot(sql, ballot_id);
    if (!b) return not_found("ballot " + std::to_string(ballot_id));
    return key_for(repo, sql, m, *b);
  });
}

int BallotService::close_due(std::int64_t now) {
  auto due = db_.with_session([&](soci::session& sql) { return StandardRepository().ballots_due(sql, now); });
  int closed = 0;
  for (auto id : due) {
    db_.write([&](soci::session& sql) {
      StandardRepository repo;
      auto b = repo.find_ballot(sql, id);
      if (!b) return;
      repo.lock_standard(sql, b->standard_id, db_.dialect() == Dialect::postgresql);
      b = repo.find_ballot(sql, id);
      if (b->state != "open") return;  // another process closed it
      b->tally = repo.tally(sql, id);
      b->approved = ballot_approved(b->rule, b->tally);
      b->closed_at = now;
      repo.close_ballot(sql, *b);
      auto s = repo.find_standard(sql, b->standard_id);
      Standard st = *s;
      st.updated_at = now;
      repo.update_standard(sql, st);  // its pages show the result
      if (auto g = repo.find_group_by_id(sql, st.group_id)) {
        nlohmann::json params = both_languages("what", b->approved ? "closed: approved" : "closed: not approved", b->approved ? "结束：通过" : "结束：未通过");
        params["until"] = iso8601_utc(now).substr(0, 10);
        notify_group(sql, *g, st, "standard_ballot", params, now);
      }
      ++closed;
    });
  }
  return closed;
}

}  // namespace aigc
