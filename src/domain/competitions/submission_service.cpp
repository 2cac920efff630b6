#include "domain/competitions/submission_service.hpp"

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"
#include "domain/competitions/submission_scoring.hpp"
#include "domain/competitions/team_repository.hpp"
#include "domain/notifications/notifications.hpp"
#include "store/job_queue.hpp"
#include "scoring/scorer.hpp"

namespace aigc {

namespace {

Error hosts_only() {
  return Error::make(ErrorCode::forbidden, "error.forbidden", "only the competition's organizer and admins can do this");
}

Error no_phase(const std::string& name) {
  return Error::invalid("error.no_phase", name.empty() ? "the competition has no phase yet" : "there is no phase '" + name + "'",
                        {{"phase", "error.no_phase", "choose one of the competition's phases"}});
}

const CompetitionFile* file_of(const Competition& c, const Phase& p, const char* kind) {
  for (const auto& f : c.files)
    if (f.kind == kind && f.phase_name == p.name) return &f;
  return nullptr;
}

bool is_host(const Member* viewer, const Competition& c) { return CompetitionService::can_edit(viewer, c); }

void hide_private(Submission& s) { s.private_score.reset(); }

}  // namespace

const Phase* SubmissionService::pick_phase(const Competition& c, const std::string& name) {
  if (c.phases.empty()) return nullptr;
  if (!name.empty()) {
    for (const auto& p : c.phases)
      if (p.name == name) return &p;
    return nullptr;
  }
  auto now = now_utc();
  const Phase* open = nullptr;
  for (const auto& p : c.phases)
    if (now >= p.starts_at && (now < p.ends_at || c.playground) && (!open || p.starts_at >= open->starts_at)) open = &p;
  if (open) return open;
  const Phase* latest_started = nullptr;
  for (const auto& p : c.phases)
    if (now >= p.starts_at) latest_started = &p;
  return latest_started ? latest_started : &c.phases.front();
}

Result<void> SubmissionService::check_file(const Competition& c, const Phase& phase, const SubmissionInput& input) {
  if (input.bytes.empty())
    return Error::invalid("error.file_empty", "the file is empty", {{"file", "error.file_empty", "choose a non-empty prediction file"}});
  if (input.bytes.size() > max_file_bytes_)
    return Error::make(ErrorCode::too_large, "error.submission_too_large",
                       "the file is " + std::to_string(input.bytes.size()) + " bytes; submissions are at most " +
                           std::to_string(max_file_bytes_) + " bytes");
  if (utf8_length(input.message) > 500) return Error::invalid("error.too_long", "the message is at most 500 characters");
  const auto* truth = file_of(c, phase, "truth");
  if (!truth)
    return Error::make(ErrorCode::conflict, "error.no_truth",
                       "the organizer has not uploaded the truth of phase '" + phase.name + "' yet; submissions open once it is there");
  if (phase.metric == kCustomMetric) {
    // The organizer's program judges the file when it runs; nothing to check here but that it is there.
    if (!file_of(c, phase, "scorer"))
      return Error::make(ErrorCode::conflict, "error.no_scorer", "the organizer has not uploaded the scorer of phase '" + phase.name + "' yet");
    return {};
  }
  auto truth_bytes = blobs_.get(truth->blob);
  if (!truth_bytes) return Error::make(ErrorCode::unavailable, "error.unavailable", "the phase's truth is missing from the blob store");
  auto errors = scoring::validate(scoring_request(phase, *truth_bytes, input.bytes, input.filename));
  if (errors.empty()) return {};
  std::vector<Problem> problems;
  for (const auto& e : errors.kept()) {
    // The truth's own problems are the organizer's to fix; participants see that it is not their file.
    if (e.file == "truth")
      return Error::make(ErrorCode::unavailable, "error.truth_broken", "the phase's truth file cannot be read; the organizer has been told");
    std::string where = e.file;
    if (e.line) where += ":" + std::to_string(e.line) + (e.column ? ":" + std::to_string(e.column) : "");
    // The engine names the problem and its values; the web layer words it in the reader's language.
    problems.push_back({"file", "scoring." + e.code, e.message, where, {e.args.begin(), e.args.end()}});
  }
  // The summary counts; each problem is listed once, below it.
  return Error::invalid("error.submission_file", std::to_string(errors.total()) + " problem(s) in the file",
                        std::move(problems));
}

Result<Submission> SubmissionService::store(const Member& actor, const Competition& c, const Phase& phase, const Team& team,
                                            const SubmissionInput& input, bool count_quota) {
  if (auto ok = check_file(c, phase, input); !ok) return ok.error();
  auto blob = blobs_.put(input.bytes);  // content-addressed: storing it twice is harmless
  if (!blob) return blob.error();
  Submission s;
  s.id = random_token(12);
  s.competition_id = c.id;
  s.phase_id = phase.id;
  s.phase_name = phase.name;
  s.team_id = team.id;
  s.team_name = team.name;
  s.member_id = actor.id;
  s.member_handle = actor.handle;
  s.blob = blob.value();
  s.size = static_cast<std::int64_t>(input.bytes.size());
  s.filename = input.filename.empty() ? "submission" : input.filename.substr(0, 200);
  s.message = trim(input.message);
  s.status = SubmissionStatus::queued;
  s.created_at = now_utc();
  s.idempotency_key = input.idempotency_key;
  auto stored = db_.in_transaction([&](soci::session& sql) -> Result<Submission> {
    teams_.lock(sql, team.id, db_.for_update());
    // A retry that raced its first try here waited for it on the team's lock: it finds it now.
    if (!s.idempotency_key.empty())
      if (auto first = repo_.id_for_key(sql, actor.id, s.idempotency_key)) {
        Submission again;
        again.id = *first;
        again.replayed = true;
        return again;
      }
    if (count_quota) {
      auto day = s.created_at - s.created_at % 86400;
      auto counts = repo_.counts(sql, phase.id, team.id, day);
      if (phase.total_limit > 0 && counts.total >= phase.total_limit)
        return Error::make(ErrorCode::rate_limited, "error.total_limit",
                           "your team has used all " + std::to_string(phase.total_limit) + " submissions of phase '" + phase.name + "'");
      if (phase.daily_limit > 0 && counts.today >= phase.daily_limit)
        return Error::make(ErrorCode::rate_limited, "error.daily_limit",
                           "your team has made its " + std::to_string(phase.daily_limit) +
                               " submissions for today; the count restarts at 00:00 UTC");
    }
    repo_.insert(sql, s);
    JobQueue::enqueue(sql, "score", s.id, s.created_at);
    return s;
  });
  if (stored && stored->replayed) return replay(actor, c.id, stored->id);
  return stored;
}

// The submission a retried request made the first time, as its maker sees it now.
Result<Submission> SubmissionService::replay(const Member& actor, std::int64_t competition_id, const std::string& id) {
  auto s = get(actor, id);
  if (!s) return s.error();
  if (s->competition_id != competition_id)
    return Error::make(ErrorCode::conflict, "error.idempotency_key_reused",
                       "this Idempotency-Key was used for a submission to another competition; send a new key for a new request");
  s->replayed = true;
  return s;
}

Result<SubmissionService::Target> SubmissionService::target(const Member* viewer, const std::string& slug,
                                                            const std::string& phase_name, bool for_hosts) {
  auto c = competitions_.get(viewer, slug);
  if (!c) return c.error();
  if (for_hosts && !is_host(viewer, c.value())) return hosts_only();
  const Phase* phase = pick_phase(c.value(), phase_name);
  if (!phase) return no_phase(phase_name);
  Phase chosen = *phase;
  return Target{std::move(c.value()), std::move(chosen)};
}

Result<Submission> SubmissionService::submit(const Member& actor, const std::string& slug, const SubmissionInput& input) {
  const auto& key = input.idempotency_key;
  if (!key.empty()) {
    bool printable = key.size() <= 255 && std::all_of(key.begin(), key.end(), [](char ch) { return ch > 32 && ch < 127; });
    if (!printable)
      return Error::invalid("error.idempotency_key", "Idempotency-Key is 1-255 printable ASCII characters without spaces (a UUID, say)",
                            {{"idempotency_key", "error.idempotency_key", "1-255 printable ASCII characters"}});
    // A retry gets the first try's answer, even once the phase has closed since.
    auto first = db_.with_session([&](soci::session& sql) { return repo_.id_for_key(sql, actor.id, key); });
    if (first) {
      auto c = competitions_.get(&actor, slug);
      if (!c) return c.error();
      return replay(actor, c->id, *first);
    }
  }
  auto t = target(&actor, slug, input.phase, false);
  if (!t) return t.error();
  const Competition* c = &t->competition;
  const Phase* phase = &t->phase;
  if (c->visibility == "archived")
    return Error::make(ErrorCode::conflict, "error.competition_archived", "the competition is archived; it takes no submissions");
  auto now = now_utc();
  if (now < phase->starts_at)
    return Error::make(ErrorCode::conflict, "error.phase_not_started", "phase '" + phase->name + "' opens at " + iso8601_utc(phase->starts_at));
  if (now >= phase->ends_at && !c->playground)
    return Error::make(ErrorCode::conflict, "error.phase_closed", "phase '" + phase->name + "' closed at " + iso8601_utc(phase->ends_at));
  auto team = db_.with_session([&](soci::session& sql) { return teams_.team_of(sql, c->id, actor.id); });
  if (!team) return Error::make(ErrorCode::forbidden, "error.join_first", "join the competition (accept its rules) before submitting");
  return store(actor, *c, *phase, *team, input, true);
}

Result<Submission> SubmissionService::submit_baseline(const Member& actor, const std::string& slug, const SubmissionInput& input) {
  auto t = target(&actor, slug, input.phase, true);
  if (!t) return t.error();
  const Competition* c = &t->competition;
  auto team = db_.in_transaction([&](soci::session& sql) -> Result<Team> {
    if (auto t = teams_.baseline_team(sql, c->id)) return *t;
    Team t;
    t.competition_id = c->id;
    t.name = "baseline";
    t.is_baseline = true;
    t.created_at = now_utc();
    if (auto taken = teams_.find_by_name(sql, c->id, t.name)) t.name = "baseline (" + c->organizer_handle + ")";
    t.id = teams_.insert(sql, t);
    return t;
  });
  if (!team) return team.error();
  return store(actor, *c, t->phase, team.value(), input, false);
}

Result<Submission> SubmissionService::get(const Member& viewer, const std::string& id) {
  auto found = db_.with_session([&](soci::session& sql) -> std::optional<std::pair<Submission, Competition>> {
    auto s = repo_.find(sql, id);
    if (!s) return std::nullopt;
    CompetitionRepository comps;
    auto c = comps.find_by_id(sql, s->competition_id);
    if (!c) return std::nullopt;
    bool mine = s && teams_.team_of(sql, s->competition_id, viewer.id).value_or(Team{}).id == s->team_id;
    if (!mine && !is_host(&viewer, *c)) return std::nullopt;
    return std::make_pair(*s, *c);
  });
  if (!found) return Error::make(ErrorCode::not_found, "error.not_found", "no submission '" + id + "'");
  auto& [s, c] = *found;
  const Phase* phase = pick_phase(c, s.phase_name);
  if (!is_host(&viewer, c) && !(phase && revealed(*phase))) hide_private(s);
  return s;
}

Result<TeamStanding> SubmissionService::standing(const Member& viewer, const std::string& slug, const std::string& phase_name) {
  auto t = target(&viewer, slug, phase_name, false);
  if (!t) return t.error();
  const Competition* c = &t->competition;
  const Phase* phase = &t->phase;
  return db_.with_session([&](soci::session& sql) -> Result<TeamStanding> {
    TeamStanding out;
    out.phase = *phase;
    auto team = teams_.team_of(sql, c->id, viewer.id);
    if (!team) return out;
    out.submissions = repo_.of_team(sql, phase->id, team->id, 500);
    if (!revealed(*phase) && !is_host(&viewer, *c))
      for (auto& s : out.submissions) hide_private(s);
    out.rank = repo_.public_rank(sql, phase->id, team->id);
    auto now = now_utc();
    out.counts = repo_.counts(sql, phase->id, team->id, now - now % 86400);
    return out;
  });
}

Result<std::pair<std::int64_t, int>> SubmissionService::team_rank(const Member& viewer, const std::string& slug,
                                                                 const std::string& phase_name) {
  auto t = target(&viewer, slug, phase_name, false);
  if (!t) return t.error();
  return db_.with_session([&](soci::session& sql) -> Result<std::pair<std::int64_t, int>> {
    auto team = teams_.team_of(sql, t->competition.id, viewer.id);
    if (!team) return std::make_pair(std::int64_t{0}, 0);
    return std::make_pair(team->id, repo_.public_rank(sql, t->phase.id, team->id));
  });
}

Result<Submission> SubmissionService::select(const Member& actor, const std::string& id, bool selected) {
  auto s = get(actor, id);
  if (!s) return s.error();
  auto r = db_.in_transaction([&](soci::session& sql) -> Result<Submission> {
    CompetitionRepository comps;
    auto c = comps.find_by_id(sql, s->competition_id);
    const Phase* phase = c ? pick_phase(*c, s->phase_name) : nullptr;
    if (!phase) return no_phase(s->phase_name);
    auto team = teams_.team_of(sql, c->id, actor.id);
    if (!team || team->id != s->team_id)
      return Error::make(ErrorCode::forbidden, "error.forbidden", "only the submitting team chooses its finals");
    if (now_utc() >= phase->ends_at) return Error::make(ErrorCode::conflict, "error.phase_closed", "the phase has ended; finals are fixed");
    if (selected && s->status != SubmissionStatus::scored)
      return Error::make(ErrorCode::conflict, "error.select_scored", "only scored submissions can be chosen as finals");
    teams_.lock(sql, team->id, db_.for_update());
    if (selected && !s->selected && repo_.selected_count(sql, phase->id, team->id) >= phase->final_selections)
      return Error::make(ErrorCode::conflict, "error.too_many_finals",
                         "your team has chosen " + std::to_string(phase->final_selections) + " finals; unselect one first");
    repo_.set_selected(sql, id, selected);
    repo_.refresh_board_row(sql, *phase, team->id);
    repo_.bump_board_version(sql, phase->id);
    return *repo_.find(sql, id);
  });
  if (!r) return r.error();
  return get(actor, id);
}

Result<std::size_t> SubmissionService::rescore(const Member& actor, const std::string& slug, const std::string& phase_name) {
  auto t = target(&actor, slug, phase_name, true);
  if (!t) return t.error();
  const Phase* phase = &t->phase;
  return db_.in_transaction([&](soci::session& sql) -> Result<std::size_t> { return repo_.rescore_phase(sql, phase->id, now_utc()); });
}

Result<void> SubmissionService::reveal(const Member& actor, const std::string& slug, const std::string& phase_name) {
  auto t = target(&actor, slug, phase_name, true);
  if (!t) return t.error();
  const Phase* phase = &t->phase;
  if (now_utc() < phase->ends_at)
    return Error::make(ErrorCode::conflict, "error.reveal_early", "the private leaderboard can be revealed once the phase has ended");
  return db_.in_transaction([&](soci::session& sql) -> Result<void> {
    CompetitionRepository comps;
    comps.set_revealed(sql, phase->id, now_utc());
    auto params = notification_params(t->competition);
    params["phase"] = phase->name;
    auto link = "/competitions/" + t->competition.slug + "/leaderboard?phase=" + url_encode(phase->name) + "&board=private";
    for (auto member : TeamRepository().participants(sql, t->competition.id))
      Notifications::notify(sql, member, "board_revealed", params, link, now_utc());
    return {};
  });
}

SubmissionService::BoardFacts SubmissionService::facts(soci::session& sql, const Phase& phase) {
  {
    std::lock_guard lock(facts_mu_);
    auto it = facts_.find(phase.id);
    if (it != facts_.end() && it->second.version == phase.board_version) return it->second;
  }
  BoardFacts f;
  f.version = phase.board_version;
  f.public_total = repo_.board_size(sql, phase.id, false);
  f.private_total = repo_.board_size(sql, phase.id, true);
  f.leading = repo_.leading_series(sql, phase);
  std::lock_guard lock(facts_mu_);
  facts_[phase.id] = f;
  return f;
}

Result<Leaderboard> SubmissionService::leaderboard(const Member* viewer, const std::string& slug, const std::string& phase_name,
                                                   const std::string& board, int offset, int limit, const BoardCursor* after) {
  if (board != "public" && board != "private")
    return Error::invalid("error.board", "board is 'public' or 'private'", {{"board", "error.board", "public or private"}});
  auto t = target(viewer, slug, phase_name, false);
  if (!t) return t.error();
  const Phase* phase = &t->phase;
  if (board == "private" && !revealed(*phase) && !is_host(viewer, t->competition))
    return Error::make(ErrorCode::forbidden, "error.private_hidden",
                       "the private leaderboard is shown when the phase has ended and the organizer reveals it");
  return db_.with_session([&](soci::session& sql) -> Result<Leaderboard> {
    auto f = facts(sql, *phase);
    return repo_.board(sql, *phase, board, std::max(0, offset), std::clamp(limit, 1, 10000000),
                       board == "private" ? f.private_total : f.public_total, after);
  });
}

Result<std::vector<ScorePoint>> SubmissionService::leading_series(const Member* viewer, const std::string& slug,
                                                                  const std::string& phase_name) {
  auto t = target(viewer, slug, phase_name, false);
  if (!t) return t.error();
  return db_.with_session([&](soci::session& sql) { return facts(sql, t->phase).leading; });
}

Result<std::pair<PhaseStats, std::vector<Submission>>> SubmissionService::dashboard(const Member& actor, const std::string& slug,
                                                                                    const std::string& phase_name) {
  auto t = target(&actor, slug, phase_name, true);
  if (!t) return t.error();
  return db_.with_session([&](soci::session& sql) {
    return std::make_pair(repo_.stats(sql, t->phase.id), repo_.of_phase(sql, t->phase.id, true, 50));
  });
}

Result<std::vector<Submission>> SubmissionService::all_submissions(const Member& actor, const std::string& slug,
                                                                   const std::string& phase_name) {
  auto t = target(&actor, slug, phase_name, true);
  if (!t) return t.error();
  return db_.with_session([&](soci::session& sql) { return repo_.of_phase(sql, t->phase.id, false, 1000000); });
}

std::int64_t SubmissionService::board_version(const Member* viewer, const std::string& slug, const std::string& phase_name) {
  auto t = target(viewer, slug, phase_name, false);
  return t ? t->phase.board_version : 0;
}

}  // namespace aigc
