#include "domain/competitions/submission_repository.hpp"

#include "store/job_queue.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>

namespace aigc {

const char* to_string(SubmissionStatus s) {
  switch (s) {
    case SubmissionStatus::queued: return "queued";
    case SubmissionStatus::scoring: return "scoring";
    case SubmissionStatus::scored: return "scored";
    case SubmissionStatus::failed: return "failed";
  }
  return "queued";
}

SubmissionStatus parse_submission_status(const std::string& name) {
  for (auto s : {SubmissionStatus::scoring, SubmissionStatus::scored, SubmissionStatus::failed})
    if (name == to_string(s)) return s;
  return SubmissionStatus::queued;
}

namespace {

const char* kColumns =
    "SELECT s.seq, s.id, s.competition_id, s.phase_id, p.name, s.team_id, t.name, COALESCE(s.member_id, 0), "
    "COALESCE(m.handle, ''), s.blob, s.size, s.filename, s.message, s.status, s.error, s.error_problems, s.public_score, s.private_score, "
    "s.public_details, s.selected, s.generation, s.created_at, s.scored_at FROM submissions s JOIN phases p ON p.id = s.phase_id "
    "JOIN teams t ON t.id = s.team_id LEFT JOIN members m ON m.id = s.member_id ";

template <class... Uses>
std::vector<Submission> select(soci::session& sql, const std::string& tail, Uses... uses) {
  Submission s;
  long long seq = 0, comp = 0, phase = 0, team = 0, member = 0, size = 0, created = 0, scored = 0;
  int selected = 0, generation = 0;
  std::string status;
  double pub = 0, priv = 0;
  soci::indicator pub_ind = soci::i_ok, priv_ind = soci::i_ok;
  soci::statement st =
      ((sql.prepare << std::string(kColumns) + tail, soci::into(seq), soci::into(s.id), soci::into(comp), soci::into(phase),
        soci::into(s.phase_name), soci::into(team), soci::into(s.team_name), soci::into(member), soci::into(s.member_handle),
        soci::into(s.blob), soci::into(size), soci::into(s.filename), soci::into(s.message), soci::into(status),
        soci::into(s.error), soci::into(s.error_problems), soci::into(pub, pub_ind), soci::into(priv, priv_ind), soci::into(s.public_details),
        soci::into(selected), soci::into(generation), soci::into(created), soci::into(scored)),
       ..., soci::use(uses));
  st.execute();
  std::vector<Submission> out;
  while (st.fetch()) {
    s.seq = seq;
    s.competition_id = comp;
    s.phase_id = phase;
    s.team_id = team;
    s.member_id = member;
    s.size = size;
    s.public_score = pub_ind == soci::i_ok ? std::optional<double>(pub) : std::nullopt;
    s.private_score = priv_ind == soci::i_ok ? std::optional<double>(priv) : std::nullopt;
    s.selected = selected != 0;
    s.status = parse_submission_status(status);
    s.generation = generation;
    s.created_at = created;
    s.scored_at = scored;
    out.push_back(s);
  }
  return out;
}

soci::indicator ind(const std::optional<double>& v) { return v ? soci::i_ok : soci::i_null; }

// a ranks before b: better score, then earlier submission.
bool better(double a, long long a_seq, double b, long long b_seq, bool higher) {
  if (a != b) return higher ? a > b : a < b;
  return a_seq < b_seq;
}

}  // namespace

void SubmissionRepository::insert(soci::session& sql, const Submission& s) {
  long long comp = s.competition_id, phase = s.phase_id, team = s.team_id, size = s.size, created = s.created_at;
  long long member = s.member_id;
  soci::indicator member_ind = s.member_id ? soci::i_ok : soci::i_null;
  std::string status = to_string(s.status);
  sql << "INSERT INTO submissions (id, competition_id, phase_id, team_id, member_id, blob, size, filename, message, status, "
         "created_at, idempotency_key) VALUES (:id, :c, :p, :t, :m, :b, :s, :f, :msg, :st, :at, :k)",
      soci::use(s.id), soci::use(comp), soci::use(phase), soci::use(team), soci::use(member, member_ind), soci::use(s.blob),
      soci::use(size), soci::use(s.filename), soci::use(s.message), soci::use(status), soci::use(created), soci::use(s.idempotency_key);
}

std::optional<std::string> SubmissionRepository::id_for_key(soci::session& sql, std::int64_t member_id, const std::string& key) {
  long long m = member_id;
  std::string id;
  soci::indicator ind = soci::i_null;
  sql << "SELECT id FROM submissions WHERE member_id = :m AND idempotency_key = :k", soci::use(m), soci::use(key), soci::into(id, ind);
  if (!sql.got_data() || ind != soci::i_ok) return std::nullopt;
  return id;
}

std::optional<Submission> SubmissionRepository::find(soci::session& sql, const std::string& id) {
  auto v = select(sql, "WHERE s.id = :id", id);
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::vector<Submission> SubmissionRepository::of_team(soci::session& sql, std::int64_t phase_id, std::int64_t team_id, int limit) {
  long long p = phase_id, t = team_id, l = limit;
  return select(sql, "WHERE s.phase_id = :p AND s.team_id = :t ORDER BY s.seq DESC LIMIT :l", p, t, l);
}

std::vector<Submission> SubmissionRepository::of_phase(soci::session& sql, std::int64_t phase_id, bool failed_only, int limit) {
  long long p = phase_id, l = limit;
  return select(sql, std::string("WHERE s.phase_id = :p") + (failed_only ? " AND s.status = 'failed'" : "") +
                         " ORDER BY s.seq DESC LIMIT :l",
                p, l);
}

SubmissionCounts SubmissionRepository::counts(soci::session& sql, std::int64_t phase_id, std::int64_t team_id,
                                              std::int64_t day_start) {
  long long p = phase_id, t = team_id, d = day_start;
  SubmissionCounts c;
  long long today = 0, total = 0;
  soci::indicator today_ind = soci::i_ok;
  sql << "SELECT COUNT(*), SUM(CASE WHEN created_at >= :d THEN 1 ELSE 0 END) FROM submissions "
         "WHERE phase_id = :p AND team_id = :t AND status <> 'failed'",
      soci::use(d), soci::use(p), soci::use(t), soci::into(total), soci::into(today, today_ind);
  c.total = total;
  c.today = today_ind == soci::i_ok ? today : 0;
  return c;
}

PhaseStats SubmissionRepository::stats(soci::session& sql, std::int64_t phase_id) {
  long long p = phase_id;
  PhaseStats out;
  {
    std::string status;
    long long n = 0;
    soci::statement st = (sql.prepare << "SELECT status, COUNT(*) FROM submissions WHERE phase_id = :p GROUP BY status",
                          soci::use(p), soci::into(status), soci::into(n));
    st.execute();
    while (st.fetch()) {
      switch (parse_submission_status(status)) {
        case SubmissionStatus::queued: out.queued = n; break;
        case SubmissionStatus::scoring: out.scoring = n; break;
        case SubmissionStatus::scored: out.scored = n; break;
        case SubmissionStatus::failed: out.failed = n; break;
      }
    }
  }
  long long day = 0, n = 0;
  soci::statement st = (sql.prepare << "SELECT created_at - created_at % 86400 AS day, COUNT(*) FROM submissions WHERE phase_id = :p "
                                       "GROUP BY created_at - created_at % 86400 ORDER BY 1",
                        soci::use(p), soci::into(day), soci::into(n));
  st.execute();
  while (st.fetch()) out.per_day.emplace_back(day, n);
  return out;
}

void SubmissionRepository::set_status(soci::session& sql, const std::string& id, SubmissionStatus status) {
  std::string name = to_string(status);
  sql << "UPDATE submissions SET status = :s WHERE id = :id AND status IN ('queued', 'scoring')", soci::use(name), soci::use(id);
}

void SubmissionRepository::set_created_at(soci::session& sql, const std::string& id, std::int64_t at) {
  long long t = at;
  sql << "UPDATE submissions SET created_at = :t WHERE id = :id", soci::use(t), soci::use(id);
}

bool SubmissionRepository::record_score(soci::session& sql, const std::string& id, int generation, std::optional<double> public_score,
                                        std::optional<double> private_score, const std::string& public_details,
                                        const std::string& private_details, std::int64_t at) {
  double pub = public_score.value_or(0), priv = private_score.value_or(0);
  auto pub_ind = ind(public_score), priv_ind = ind(private_score);
  long long when = at;
  soci::statement st = (sql.prepare << "UPDATE submissions SET status = 'scored', error = '', public_score = :p, private_score = :q, "
                                       "public_details = :pd, private_details = :qd, scored_at = :at "
                                       "WHERE id = :id AND generation = :g AND status IN ('queued', 'scoring')",
                        soci::use(pub, pub_ind), soci::use(priv, priv_ind), soci::use(public_details),
                        soci::use(private_details), soci::use(when), soci::use(id), soci::use(generation));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

bool SubmissionRepository::record_failure(soci::session& sql, const std::string& id, int generation, const std::string& error,
                                          std::int64_t at, const std::string& problems) {
  long long when = at;
  soci::statement st = (sql.prepare << "UPDATE submissions SET status = 'failed', error = :e, error_problems = :p, scored_at = :at "
                                       "WHERE id = :id AND generation = :g AND status IN ('queued', 'scoring')",
                        soci::use(error), soci::use(problems), soci::use(when), soci::use(id), soci::use(generation));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void SubmissionRepository::set_selected(soci::session& sql, const std::string& id, bool selected) {
  int v = selected ? 1 : 0;
  sql << "UPDATE submissions SET selected = :v WHERE id = :id", soci::use(v), soci::use(id);
}

int SubmissionRepository::selected_count(soci::session& sql, std::int64_t phase_id, std::int64_t team_id) {
  long long p = phase_id, t = team_id;
  int n = 0;
  sql << "SELECT COUNT(*) FROM submissions WHERE phase_id = :p AND team_id = :t AND selected = 1", soci::use(p), soci::use(t),
      soci::into(n);
  return n;
}

std::vector<std::string> SubmissionRepository::reset_phase(soci::session& sql, std::int64_t phase_id) {
  long long p = phase_id;
  std::vector<std::string> ids;
  std::string id;
  soci::statement st = (sql.prepare << "SELECT id FROM submissions WHERE phase_id = :p ORDER BY seq", soci::use(p), soci::into(id));
  st.execute();
  while (st.fetch()) ids.push_back(id);
  sql << "UPDATE submissions SET status = 'queued', error = '', public_score = NULL, private_score = NULL, "
         "public_details = '{}', private_details = '{}', scored_at = 0, generation = generation + 1 WHERE phase_id = :p",
      soci::use(p);
  return ids;
}

std::size_t SubmissionRepository::rescore_phase(soci::session& sql, std::int64_t phase_id, std::int64_t now) {
  auto ids = reset_phase(sql, phase_id);
  clear_board(sql, phase_id);
  bump_board_version(sql, phase_id);
  for (const auto& id : ids) JobQueue::enqueue(sql, "score", id, now);
  return ids.size();
}

void SubmissionRepository::refresh_board_row(soci::session& sql, const Phase& phase, std::int64_t team_id) {
  const bool higher = phase.higher_is_better();
  long long p = phase.id, t = team_id;
  struct Row {
    std::string id;
    long long seq, created;
    std::optional<double> pub, priv;
    bool selected;
    SubmissionStatus status;
  };
  std::vector<Row> rows;
  {
    Row r;
    double pub = 0, priv = 0;
    int selected = 0;
    std::string status;
    soci::indicator pi = soci::i_ok, qi = soci::i_ok;
    soci::statement st = (sql.prepare << "SELECT id, seq, created_at, public_score, private_score, selected, status FROM submissions "
                                         "WHERE phase_id = :p AND team_id = :t",
                          soci::use(p), soci::use(t), soci::into(r.id), soci::into(r.seq), soci::into(r.created),
                          soci::into(pub, pi), soci::into(priv, qi), soci::into(selected), soci::into(status));
    st.execute();
    while (st.fetch()) {
      r.pub = pi == soci::i_ok ? std::optional<double>(pub) : std::nullopt;
      r.priv = qi == soci::i_ok ? std::optional<double>(priv) : std::nullopt;
      r.selected = selected != 0;
      r.status = parse_submission_status(status);
      rows.push_back(r);
    }
  }
  const Row* best = nullptr;
  int entries = 0;
  long long last = 0;
  std::vector<const Row*> scored;
  for (const auto& r : rows) {
    if (r.status != SubmissionStatus::failed) ++entries;
    last = std::max(last, r.created);
    if (r.status != SubmissionStatus::scored || !r.pub) continue;
    scored.push_back(&r);
    if (!best || better(*r.pub, r.seq, *best->pub, best->seq, higher)) best = &r;
  }
  sql << "DELETE FROM leaderboard WHERE phase_id = :p AND team_id = :t", soci::use(p), soci::use(t);
  if (!best) return;
  // The finals: what the team chose, else its best public entries.
  std::vector<const Row*> finals;
  for (const auto* r : scored)
    if (r->selected) finals.push_back(r);
  if (finals.empty()) {
    finals = scored;
    std::sort(finals.begin(), finals.end(), [&](const Row* a, const Row* b) { return better(*a->pub, a->seq, *b->pub, b->seq, higher); });
    if (finals.size() > static_cast<std::size_t>(phase.final_selections)) finals.resize(static_cast<std::size_t>(phase.final_selections));
  }
  const Row* best_private = nullptr;
  for (const auto* r : finals)
    if (r->priv && (!best_private || better(*r->priv, r->seq, *best_private->priv, best_private->seq, higher))) best_private = r;
  double score = *best->pub, key = higher ? score : -score;
  long long seq = best->seq, at = best->created;
  std::string private_id = best_private ? best_private->id : std::string();
  double private_score = best_private ? *best_private->priv : 0;
  double private_key = higher ? private_score : -private_score;
  soci::indicator private_ind = best_private ? soci::i_ok : soci::i_null;
  long long private_seq = best_private ? best_private->seq : 0;
  sql << "INSERT INTO leaderboard (phase_id, team_id, submission_id, score, rank_key, submitted_seq, submitted_at, "
         "private_submission_id, private_score, private_rank_key, private_seq, entries, last_at) "
         "VALUES (:p, :t, :s, :score, :key, :seq, :at, :ps, :pscore, :pkey, :pseq, :e, :l)",
      soci::use(p), soci::use(t), soci::use(best->id), soci::use(score), soci::use(key), soci::use(seq), soci::use(at),
      soci::use(private_id), soci::use(private_score, private_ind), soci::use(private_key, private_ind), soci::use(private_seq),
      soci::use(entries), soci::use(last);
}

void SubmissionRepository::bump_board_version(soci::session& sql, std::int64_t phase_id) {
  long long p = phase_id;
  sql << "UPDATE phases SET board_version = board_version + 1 WHERE id = :p", soci::use(p);
}

void SubmissionRepository::clear_board(soci::session& sql, std::int64_t phase_id) {
  long long p = phase_id;
  sql << "DELETE FROM leaderboard WHERE phase_id = :p", soci::use(p);
}

std::string BoardCursor::text() const {
  std::uint64_t bits;
  std::memcpy(&bits, &rank_key, sizeof bits);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(bits));
  return std::to_string(position) + "-" + std::to_string(seq) + "-" + hex;
}

std::optional<BoardCursor> BoardCursor::parse(const std::string& text) {
  BoardCursor c;
  unsigned long long bits = 0;
  long long position = 0, seq = 0;
  int used = 0;
  if (text.size() > 60 || std::sscanf(text.c_str(), "%lld-%lld-%16llx%n", &position, &seq, &bits, &used) != 3 ||
      used != static_cast<int>(text.size()) || position < 0 || seq < 0)
    return std::nullopt;
  c.position = position;
  c.seq = seq;
  std::memcpy(&c.rank_key, &bits, sizeof bits);
  if (!std::isfinite(c.rank_key)) return std::nullopt;
  return c;
}

Leaderboard SubmissionRepository::board(soci::session& sql, const Phase& phase, const std::string& which, int offset, int limit,
                                        long long total, const BoardCursor* after) {
  Leaderboard out;
  if (after) offset = static_cast<int>(std::min<std::int64_t>(after->position, std::numeric_limits<int>::max()));
  out.board = which;
  out.phase = phase.name;
  out.higher_is_better = phase.higher_is_better();
  out.offset = offset;
  out.version = phase.board_version;
  long long p = phase.id, off = offset, lim = limit;
  bool is_private = which == "private";
  std::string score = is_private ? "l.private_score" : "l.score";
  std::string sub = is_private ? "l.private_submission_id" : "l.submission_id";
  std::string order = is_private ? "private_rank_key DESC, private_seq" : "rank_key DESC, submitted_seq";
  std::string ranked = is_private ? " AND private_score IS NOT NULL" : "";
  if (total < 0) sql << "SELECT COUNT(*) FROM leaderboard WHERE phase_id = :p" + ranked, soci::use(p), soci::into(total);
  out.total = total;
  LeaderboardEntry e;
  long long team = 0, at = 0, last = 0, seq = 0;
  double key = 0;
  soci::indicator key_ind = soci::i_ok;
  int baseline = 0;
  const std::string key_column = is_private ? "private_rank_key" : "rank_key", seq_column = is_private ? "private_seq" : "submitted_seq";
  // The page's rows are found in the board's index alone, then joined: a deep page by
  // offset skips index entries, not joined rows; by cursor it skips nothing.
  double after_key = after ? after->rank_key : 0;
  long long after_seq = after ? after->seq : 0;
  // "key <= k" first: a range the index is entered by (an OR of the two cases alone makes
  // SQLite scan the phase's entries from the top, slower than the offset).
  std::string from = after ? " AND " + key_column + " <= :k AND (" + key_column + " < :k2 OR " + seq_column + " > :s) ORDER BY " + order +
                                 " LIMIT :l"
                           : " ORDER BY " + order + " LIMIT :l OFFSET :o";
  // Bound by name, only the names this form of the query has.
  soci::statement st(sql);
  st.exchange(soci::into(team));
  st.exchange(soci::into(e.team_name));
  st.exchange(soci::into(baseline));
  st.exchange(soci::into(e.submission_id));
  st.exchange(soci::into(e.score));
  st.exchange(soci::into(e.entries));
  st.exchange(soci::into(at));
  st.exchange(soci::into(last));
  st.exchange(soci::into(key, key_ind));
  st.exchange(soci::into(seq));
  st.exchange(soci::use(p, "p"));
  st.exchange(soci::use(p, "p2"));
  st.exchange(soci::use(lim, "l"));
  if (after) {
    st.exchange(soci::use(after_key, "k"));
    st.exchange(soci::use(after_key, "k2"));
    st.exchange(soci::use(after_seq, "s"));
  } else {
    st.exchange(soci::use(off, "o"));
  }
  st.alloc();
  st.prepare("SELECT l.team_id, t.name, t.is_baseline, " + sub + ", " + score + ", l.entries, s.created_at, l.last_at, l." + key_column +
             ", l." + seq_column + " FROM (SELECT team_id FROM leaderboard WHERE phase_id = :p" + ranked + from +
             ") page JOIN leaderboard l ON l.phase_id = :p2 AND l.team_id = page.team_id "
             "JOIN teams t ON t.id = l.team_id JOIN submissions s ON s.id = " + sub + " ORDER BY " +
             (is_private ? "l.private_rank_key DESC, l.private_seq" : "l.rank_key DESC, l.submitted_seq"));
  st.define_and_bind();
  st.execute();
  std::map<long long, std::size_t> by_team;
  // Baselines are reference rows: shown where their score puts them, never ranked or counted.
  std::vector<long long> baseline_at;  // 0-based positions on the board
  {
    std::string key = is_private ? "private_rank_key" : "rank_key", seq = is_private ? "private_seq" : "submitted_seq";
    long long position = 0;
    soci::statement b = (sql.prepare << "SELECT (SELECT COUNT(*) FROM leaderboard l WHERE l.phase_id = b.phase_id" +
                                            std::string(is_private ? " AND l.private_score IS NOT NULL" : "") + " AND (l." + key +
                                            " > b." + key + " OR (l." + key + " = b." + key + " AND l." + seq + " < b." + seq +
                                            "))) FROM teams t JOIN leaderboard b ON b.phase_id = :p AND b.team_id = t.id "
                                            // From the few baseline teams (a partial index), not from every row of the board.
                                            "WHERE t.competition_id = (SELECT competition_id FROM phases WHERE id = :p2) AND t.is_baseline = 1" +
                                            std::string(is_private ? " AND b.private_score IS NOT NULL" : ""),
                         soci::use(p, "p"), soci::use(p, "p2"), soci::into(position));
    b.execute();
    while (b.fetch()) baseline_at.push_back(position);
  }
  out.teams = total - static_cast<long long>(baseline_at.size());
  int next_rank = offset + 1 - static_cast<int>(std::count_if(baseline_at.begin(), baseline_at.end(), [&](long long x) { return x < offset; }));
  BoardCursor next;
  bool next_known = false;
  while (st.fetch()) {
    next_known = key_ind == soci::i_ok;
    next.rank_key = key;
    next.seq = seq;
    e.team_id = team;
    e.is_baseline = baseline != 0;
    e.submitted_at = at;
    e.last_at = last;
    e.rank = e.is_baseline ? 0 : next_rank++;
    by_team[team] = out.entries.size();
    out.entries.push_back(e);
  }
  if (out.entries.empty()) return out;
  next.position = offset + static_cast<std::int64_t>(out.entries.size());
  if (next_known && static_cast<int>(out.entries.size()) == limit && next.position < total) out.next_cursor = next.text();
  // The members of the teams on this page, in one query.
  std::string ids;
  for (const auto& [id, _] : by_team) {  // integers we read, not input
    if (!ids.empty()) ids += ',';
    ids += std::to_string(id);
  }
  long long team_id = 0;
  std::string handle;
  soci::statement members = (sql.prepare << "SELECT tm.team_id, m.handle FROM team_members tm JOIN members m ON m.id = tm.member_id "
                                            "WHERE tm.team_id IN (" + ids + ") ORDER BY tm.joined_at, m.id",
                             soci::into(team_id), soci::into(handle));
  members.execute();
  while (members.fetch()) out.entries[by_team[team_id]].member_handles.push_back(handle);
  return out;
}

std::int64_t SubmissionRepository::board_size(soci::session& sql, std::int64_t phase_id, bool private_board) {
  long long p = phase_id, n = 0;
  sql << std::string("SELECT COUNT(*) FROM leaderboard WHERE phase_id = :p") + (private_board ? " AND private_score IS NOT NULL" : ""),
      soci::use(p), soci::into(n);
  return n;
}

int SubmissionRepository::public_rank(soci::session& sql, std::int64_t phase_id, std::int64_t team_id) {
  long long p = phase_id, t = team_id, ahead = 0, mine = 0;
  sql << "SELECT COUNT(*) FROM leaderboard WHERE phase_id = :p AND team_id = :t", soci::use(p), soci::use(t), soci::into(mine);
  if (!mine) return 0;
  sql << "SELECT COUNT(*) FROM leaderboard l JOIN teams bt ON bt.id = l.team_id AND bt.is_baseline = 0, leaderboard me "
         "WHERE me.phase_id = :p AND me.team_id = :t AND l.phase_id = me.phase_id "
         "AND (l.rank_key > me.rank_key OR (l.rank_key = me.rank_key AND l.submitted_seq < me.submitted_seq))",
      soci::use(p), soci::use(t), soci::into(ahead);
  return static_cast<int>(ahead) + 1;
}

std::vector<ScorePoint> SubmissionRepository::leading_series(soci::session& sql, const Phase& phase) {
  const bool higher = phase.higher_is_better();
  long long p = phase.id, at = 0;
  double score = 0;
  std::vector<ScorePoint> out;
  soci::statement st = (sql.prepare << "SELECT created_at, public_score FROM submissions WHERE phase_id = :p AND status = 'scored' "
                                       "AND public_score IS NOT NULL ORDER BY created_at, seq",
                        soci::use(p), soci::into(at), soci::into(score));
  st.execute();
  while (st.fetch())
    if (out.empty() || (higher ? score > out.back().score : score < out.back().score)) out.push_back({at, score});
  return out;
}

}  // namespace aigc
