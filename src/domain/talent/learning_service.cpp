#include "domain/talent/learning_service.hpp"

#include <cmath>
#include <cstdio>
#include <map>

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "domain/competitions/competition.hpp"
#include "domain/notifications/notifications.hpp"

namespace aigc {

namespace {

constexpr std::size_t kMaxSteps = 50;

const char* kPathSelect =
    "SELECT p.id, p.slug, p.title_en, p.title_zh, p.summary_en, p.summary_zh, p.organizer_id, m.handle, p.published, "
    "p.created_at, p.updated_at, "
    "(SELECT COUNT(*) FROM learning_enrolments e WHERE e.path_id = p.id), "
    "(SELECT COUNT(*) FROM learning_enrolments e WHERE e.path_id = p.id AND e.completed_at > 0) "
    "FROM learning_paths p JOIN members m ON m.id = p.organizer_id ";

template <class... Uses>
std::vector<LearningPath> select_paths(soci::session& sql, const std::string& tail, Uses&... uses) {
  LearningPath p;
  long long id = 0, organizer = 0, published = 0, created = 0, updated = 0, enrolled = 0, completed = 0;
  soci::statement st = ((sql.prepare << std::string(kPathSelect) + tail, soci::into(id), soci::into(p.slug), soci::into(p.title_en),
                         soci::into(p.title_zh), soci::into(p.summary_en), soci::into(p.summary_zh), soci::into(organizer),
                         soci::into(p.organizer_handle), soci::into(published), soci::into(created), soci::into(updated),
                         soci::into(enrolled), soci::into(completed)),
                        ..., soci::use(uses));
  st.execute();
  std::vector<LearningPath> out;
  while (st.fetch()) {
    p.id = id;
    p.organizer_id = organizer;
    p.published = published != 0;
    p.created_at = created;
    p.updated_at = updated;
    p.enrolled = enrolled;
    p.completed = completed;
    out.push_back(p);
  }
  return out;
}

// The steps with what they point at (a title for the link) and the phase's direction.
void load_steps(soci::session& sql, LearningPath& p) {
  long long path = p.id, position = 0;
  LearningStep s;
  double score = 0;
  soci::statement st = (sql.prepare << "SELECT position, kind, target, phase, target_score, title_en, title_zh FROM learning_steps "
                                       "WHERE path_id = :p ORDER BY position",
                        soci::use(path), soci::into(position), soci::into(s.kind), soci::into(s.target), soci::into(s.phase),
                        soci::into(score), soci::into(s.title_en), soci::into(s.title_zh));
  st.execute();
  p.steps.clear();
  while (st.fetch()) {
    s.position = static_cast<int>(position);
    s.target_score = score;
    p.steps.push_back(s);
  }
  for (auto& step : p.steps) {
    std::string title;
    if (step.kind == "page") {
      sql << "SELECT title FROM pages WHERE slug = :s ORDER BY lang LIMIT 1", soci::use(step.target), soci::into(title);
    } else if (step.kind == "paper") {
      std::int64_t id = 0;
      long long key = parse_int(step.target, id) ? id : 0;
      std::string zh;
      sql << "SELECT title_en, title_zh FROM papers WHERE id = :i", soci::use(key), soci::into(title), soci::into(zh);
      if (title.empty()) title = zh;
    } else {
      std::string metric, params = "{}", zh;
      long long competition = 0;
      sql << "SELECT id, title_en, title_zh FROM competitions WHERE slug = :s", soci::use(step.target), soci::into(competition),
          soci::into(title), soci::into(zh);
      if (title.empty()) title = zh;
      sql << "SELECT metric, params FROM phases WHERE competition_id = :c AND name = :n", soci::use(competition),
          soci::use(step.phase), soci::into(metric), soci::into(params);
      Phase ph;
      ph.metric = metric;
      ph.params_json = params;
      step.higher_is_better = ph.higher_is_better();
    }
    step.target_title = title;
  }
}

void load_progress(soci::session& sql, LearningPath& p, std::int64_t member_id) {
  long long path = p.id, member = member_id, enrolled = 0, completed = 0;
  sql << "SELECT enrolled_at, completed_at, certificate FROM learning_enrolments WHERE path_id = :p AND member_id = :m",
      soci::use(path), soci::use(member), soci::into(enrolled), soci::into(completed), soci::into(p.certificate);
  if (!sql.got_data()) return;
  p.enrolled_at = enrolled;
  p.completed_at = completed;
  long long position = 0, at = 0;
  std::string evidence;
  soci::statement st = (sql.prepare << "SELECT position, passed_at, evidence FROM learning_passes WHERE path_id = :p AND member_id = :m",
                        soci::use(path), soci::use(member), soci::into(position), soci::into(at), soci::into(evidence));
  st.execute();
  while (st.fetch())
    for (auto& s : p.steps)
      if (s.position == position) {
        s.passed_at = at;
        s.evidence = evidence;
      }
}

std::string score_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

Result<LearningPath> find(soci::session& sql, const std::string& slug) {
  std::string s = slug;
  auto found = select_paths(sql, "WHERE p.slug = :s", s);
  if (found.empty()) return Error::make(ErrorCode::not_found, "error.not_found", "no learning path '" + slug + "'");
  load_steps(sql, found.front());
  return std::move(found.front());
}

bool visible_to(const Member* viewer, const LearningPath& p) {
  return p.published || (viewer && (viewer->id == p.organizer_id || viewer->role == Role::admin));
}

}  // namespace

Result<std::vector<LearningStepInput>> LearningService::parse_steps(const std::string& text) {
  std::vector<LearningStepInput> steps;
  std::vector<Problem> problems;
  int line_no = 0;
  for (const auto& raw : split(text, '\n')) {
    ++line_no;
    auto line = trim(raw);
    if (line.empty()) continue;
    auto parts = split(line, '|');
    std::vector<std::string> words;
    for (const auto& w : split(trim(parts[0]), ' '))
      if (!trim(w).empty()) words.push_back(trim(w));
    LearningStepInput s;
    if (parts.size() > 1) s.title_en = trim(parts[1]);
    if (parts.size() > 2) s.title_zh = trim(parts[2]);
    const std::string where = std::to_string(line_no);
    auto bad = [&](const std::string& message) {
      problems.push_back({"steps", "error.learning_step_line", "line " + where + ": " + message, "", {{"line", where}}});
    };
    if (words.empty()) {
      bad("start with page, paper or competition");
      continue;
    }
    s.kind = words[0];
    if ((s.kind == "page" || s.kind == "paper") && words.size() == 2) {
      s.target = words[1];
    } else if (s.kind == "competition" && words.size() == 4) {
      s.target = words[1];
      s.phase = words[2];
      char* end = nullptr;
      s.target_score = std::strtod(words[3].c_str(), &end);
      if (end == words[3].c_str() || *end != '\0' || !std::isfinite(s.target_score)) {
        bad("the target score must be a number such as 0.85");
        continue;
      }
    } else {
      bad("write `page <slug>`, `paper <id>` or `competition <slug> <phase> <target score>`");
      continue;
    }
    steps.push_back(std::move(s));
  }
  if (!problems.empty()) return Error::invalid("error.fix_fields", "please fix the marked fields", std::move(problems));
  return steps;
}

std::string LearningService::format_steps(const std::vector<LearningStep>& steps) {
  std::string out;
  for (const auto& s : steps) {
    out += s.kind + " " + s.target;
    if (s.kind == "competition") out += " " + s.phase + " " + score_text(s.target_score);
    if (!s.title_en.empty() || !s.title_zh.empty()) out += " | " + s.title_en;
    if (!s.title_zh.empty()) out += " | " + s.title_zh;
    out += "\n";
  }
  return out;
}

Result<void> LearningService::validate(soci::session& sql, const LearningPathInput& in, std::vector<LearningStep>& steps) {
  std::vector<Problem> p;
  auto line_ok = [](const std::string& s, std::size_t max) { return is_single_line(s) && is_line_within(s, max); };
  if (trim(in.title_en).empty() && trim(in.title_zh).empty())
    p.push_back({"title_en", "error.title_required", "give the path a title in English, Chinese or both"});
  if (!line_ok(in.title_en, 120)) p.push_back({"title_en", "error.title_length", "the title must be one line of at most 120 characters"});
  if (!line_ok(in.title_zh, 120)) p.push_back({"title_zh", "error.title_length", "the title must be one line of at most 120 characters"});
  if (in.summary_en.size() > 20000 || in.summary_zh.size() > 20000)
    p.push_back({"summary_en", "error.text_too_long", "a summary must be at most 20,000 bytes"});
  if (in.steps.empty()) p.push_back({"steps", "error.learning_no_steps", "a path needs at least one step"});
  if (in.steps.size() > kMaxSteps) p.push_back({"steps", "error.learning_many_steps", "a path has at most 50 steps"});
  int position = 0;
  for (const auto& s : in.steps) {
    ++position;
    const std::string n = std::to_string(position);
    auto bad = [&](const std::string& message) {
      p.push_back({"steps", "error.learning_step", "step " + n + ": " + message, "", {{"step", n}}});
    };
    if (!line_ok(s.title_en, 160) || !line_ok(s.title_zh, 160)) bad("a step's title is one line of at most 160 characters");
    LearningStep step;
    step.position = position;
    step.kind = s.kind;
    step.target = trim(s.target);
    step.phase = trim(s.phase);
    step.target_score = s.target_score;
    step.title_en = trim(s.title_en);
    step.title_zh = trim(s.title_zh);
    long long count = 0;
    if (s.kind == "page") {
      sql << "SELECT COUNT(*) FROM pages WHERE slug = :s", soci::use(step.target), soci::into(count);
      if (count == 0) bad("there is no page '" + step.target + "'");
    } else if (s.kind == "paper") {
      std::int64_t id = 0;
      long long key = 0;
      if (parse_int(step.target, id)) key = id;
      if (key > 0) sql << "SELECT COUNT(*) FROM papers WHERE id = :i", soci::use(key), soci::into(count);
      if (count == 0) bad("there is no paper '" + step.target + "' (give its number, as in /research/papers/12)");
      else step.target = std::to_string(key);
    } else if (s.kind == "competition") {
      long long playground = 0, id = 0;
      sql << "SELECT id, playground FROM competitions WHERE slug = :s AND visibility = 'published'", soci::use(step.target),
          soci::into(id), soci::into(playground);
      if (!sql.got_data()) bad("there is no published competition '" + step.target + "'");
      else if (!playground) bad("'" + step.target + "' is not a playground: a step needs one that is always open and never awards medals");
      else {
        sql << "SELECT COUNT(*) FROM phases WHERE competition_id = :c AND name = :n", soci::use(id), soci::use(step.phase), soci::into(count);
        if (count == 0) bad("'" + step.target + "' has no phase '" + step.phase + "'");
      }
      if (!std::isfinite(s.target_score)) bad("the target score must be a number");
    } else {
      bad("a step is a page, a paper or a competition");
    }
    steps.push_back(std::move(step));
  }
  if (!p.empty()) return Error::invalid("error.fix_fields", "please fix the marked fields", std::move(p));
  return {};
}

bool LearningService::can_edit(const Member* actor, const LearningPath& path) const {
  return actor && (actor->role == Role::admin || (actor->id == path.organizer_id && at_least(actor->role, Role::organizer)));
}

Result<LearningPath> LearningService::save(const Member& actor, const std::string& slug, const LearningPathInput& input, std::int64_t now) {
  if (!at_least(actor.role, Role::organizer))
    return Error::make(ErrorCode::forbidden, "error.organizers_only", "only organizers and admins build learning paths");
  auto r = db_.in_transaction([&](soci::session& sql) -> Result<std::string> {
    std::vector<LearningStep> steps;
    if (auto v = validate(sql, input, steps); !v) return v.error();
    long long id = 0, t = now, published = input.published ? 1 : 0;
    std::string new_slug;
    if (slug.empty()) {
      new_slug = slugify(input.slug.empty() ? (input.title_en.empty() ? input.title_zh : input.title_en) : input.slug);
      if (new_slug.empty()) return Error::invalid("error.slug", "slug must contain a letter or digit", {{"slug", "error.slug", "slug must contain a letter or digit"}});
      long long taken = 0;
      sql << "SELECT COUNT(*) FROM learning_paths WHERE slug = :s", soci::use(new_slug), soci::into(taken);
      if (taken) return Error{ErrorCode::conflict, "error.slug_taken", "a learning path with slug '" + new_slug + "' exists", {{"slug", "error.slug_taken", "slug is taken"}}};
      long long organizer = actor.id;
      sql << "INSERT INTO learning_paths (slug, title_en, title_zh, summary_en, summary_zh, organizer_id, published, created_at, updated_at) "
             "VALUES (:s, :te, :tz, :se, :sz, :o, :p, :c, :u) RETURNING id",
          soci::use(new_slug), soci::use(input.title_en), soci::use(input.title_zh), soci::use(input.summary_en), soci::use(input.summary_zh),
          soci::use(organizer), soci::use(published), soci::use(t), soci::use(t), soci::into(id);
    } else {
      auto existing = find(sql, slug);
      if (!existing) return existing.error();
      if (!can_edit(&actor, existing.value()))
        return Error::make(ErrorCode::forbidden, "error.forbidden", "only the path's organizer and admins edit it");
      id = existing->id;
      new_slug = slug;
      sql << "UPDATE learning_paths SET title_en = :te, title_zh = :tz, summary_en = :se, summary_zh = :sz, published = :p, updated_at = :u "
             "WHERE id = :i",
          soci::use(input.title_en), soci::use(input.title_zh), soci::use(input.summary_en), soci::use(input.summary_zh),
          soci::use(published), soci::use(t), soci::use(id);
      // A pass stands only for the step it was earned on.
      for (const auto& old : existing->steps) {
        bool same = old.position <= static_cast<int>(steps.size());
        if (same) {
          const auto& now_step = steps[old.position - 1];
          same = now_step.kind == old.kind && now_step.target == old.target && now_step.phase == old.phase &&
                 now_step.target_score == old.target_score;
        }
        long long pos = old.position;
        if (!same) sql << "DELETE FROM learning_passes WHERE path_id = :p AND position = :n", soci::use(id), soci::use(pos);
      }
      long long count = static_cast<long long>(steps.size());
      sql << "DELETE FROM learning_passes WHERE path_id = :p AND position > :n", soci::use(id), soci::use(count);
      sql << "DELETE FROM learning_steps WHERE path_id = :p", soci::use(id);
    }
    for (const auto& s : steps) {
      long long pos = s.position;
      double score = s.target_score;
      sql << "INSERT INTO learning_steps (path_id, position, kind, target, phase, target_score, title_en, title_zh) "
             "VALUES (:p, :n, :k, :t, :ph, :s, :te, :tz)",
          soci::use(id), soci::use(pos), soci::use(s.kind), soci::use(s.target), soci::use(s.phase), soci::use(score),
          soci::use(s.title_en), soci::use(s.title_zh);
    }
    return new_slug;
  });
  if (!r) return r.error();
  advance(now);
  return get(&actor, r.value(), now);
}

std::vector<LearningPath> LearningService::list(const Member* viewer) {
  return db_.with_session([&](soci::session& sql) {
    long long me = viewer ? viewer->id : -1, admin = viewer && viewer->role == Role::admin ? 1 : 0;
    auto paths = select_paths(sql, "WHERE p.published = 1 OR p.organizer_id = :m OR :a = 1 ORDER BY p.id DESC LIMIT 200", me, admin);
    for (auto& p : paths) {
      load_steps(sql, p);
      if (viewer) load_progress(sql, p, viewer->id);
    }
    return paths;
  });
}

Result<LearningPath> LearningService::get(const Member* viewer, const std::string& slug, std::int64_t now) {
  if (viewer) advance_for(viewer->id, slug, now);
  return db_.with_session([&](soci::session& sql) -> Result<LearningPath> {
    auto p = find(sql, slug);
    if (!p) return p.error();
    if (!visible_to(viewer, p.value())) return Error::make(ErrorCode::not_found, "error.not_found", "no learning path '" + slug + "'");
    if (viewer) load_progress(sql, p.value(), viewer->id);
    return p;
  });
}

void LearningService::advance_for(std::int64_t member_id, const std::string& slug, std::int64_t now) {
  // Reads first: a view takes the write lock only when a step has just come to pass.
  const long long path = db_.with_session([&](soci::session& sql) -> long long {
    long long id = 0, member = member_id;
    sql << "SELECT e.path_id FROM learning_enrolments e JOIN learning_paths p ON p.id = e.path_id WHERE p.slug = :s AND e.member_id = :m "
           "AND e.completed_at = 0",
        soci::use(slug), soci::use(member), soci::into(id);
    return sql.got_data() && !passing(sql, member_id, id).empty() ? id : 0;
  });
  if (path) db_.write([&](soci::session& sql) { advance_in(sql, now, member_id, path); });
}

Result<LearningPath> LearningService::enrol(const Member& actor, const std::string& slug, std::int64_t now) {
  auto r = db_.in_transaction([&](soci::session& sql) -> Result<bool> {
    auto p = find(sql, slug);
    if (!p) return p.error();
    if (!p->published) return Error::make(ErrorCode::conflict, "error.learning_draft", "the path is a draft: it opens to members when published");
    long long path = p->id, member = actor.id, t = now;
    sql << "INSERT INTO learning_enrolments (path_id, member_id, enrolled_at) VALUES (:p, :m, :t) ON CONFLICT DO NOTHING", soci::use(path),
        soci::use(member), soci::use(t);
    advance_in(sql, now, actor.id, p->id);
    return true;
  });
  if (!r) return r.error();
  return get(&actor, slug, now);
}

Result<LearningPath> LearningService::mark_read(const Member& actor, const std::string& slug, int position, std::int64_t now) {
  auto r = db_.in_transaction([&](soci::session& sql) -> Result<bool> {
    auto p = find(sql, slug);
    if (!p) return p.error();
    if (!visible_to(&actor, p.value())) return Error::make(ErrorCode::not_found, "error.not_found", "no learning path '" + slug + "'");
    long long path = p->id, member = actor.id, t = now, pos = position, enrolled = 0;
    sql << "SELECT COUNT(*) FROM learning_enrolments WHERE path_id = :p AND member_id = :m", soci::use(path), soci::use(member), soci::into(enrolled);
    if (!enrolled) return Error::make(ErrorCode::conflict, "error.learning_enrol_first", "enrol in the path first");
    if (position < 1 || position > static_cast<int>(p->steps.size()))
      return Error::make(ErrorCode::not_found, "error.not_found", "the path has no step " + std::to_string(position));
    if (p->steps[position - 1].kind == "competition")
      return Error::make(ErrorCode::conflict, "error.learning_by_score", "a competition step passes when a submission reaches its target score");
    sql << "INSERT INTO learning_passes (path_id, member_id, position, passed_at, evidence) VALUES (:p, :m, :n, :t, 'read') "
           "ON CONFLICT DO NOTHING",
        soci::use(path), soci::use(member), soci::use(pos), soci::use(t);
    complete_if_done(sql, p->id, actor.id, now);
    return true;
  });
  if (!r) return r.error();
  return get(&actor, slug, now);
}

int LearningService::advance(std::int64_t now, std::int64_t member_id) {
  int passed = 0;
  db_.write([&](soci::session& sql) { passed = advance_in(sql, now, member_id, 0); });
  return passed;
}

std::vector<LearningService::Pass> LearningService::passing(soci::session& sql, std::int64_t member_id, std::int64_t path_id) {
  // Each open competition step of each unfinished enrolment, with the best and worst
  // score the member's team has in that phase; the phase's direction picks one.
  struct Candidate {
    long long path, member, position;
    double target, high, low;
    std::string metric, params;
  };
  std::vector<Candidate> candidates;
  {
    long long m = member_id, p = path_id;
    Candidate c;
    soci::statement st =
        (sql.prepare << "SELECT e.path_id, e.member_id, s.position, s.target_score, ph.metric, ph.params, "
                        "MAX(sub.public_score), MIN(sub.public_score) "
                        "FROM learning_enrolments e "
                        "JOIN learning_steps s ON s.path_id = e.path_id AND s.kind = 'competition' "
                        "JOIN competitions c ON c.slug = s.target AND c.playground = 1 "
                        "JOIN phases ph ON ph.competition_id = c.id AND ph.name = s.phase "
                        "JOIN team_members tm ON tm.competition_id = c.id AND tm.member_id = e.member_id "
                        "JOIN submissions sub ON sub.team_id = tm.team_id AND sub.phase_id = ph.id AND sub.status = 'scored' "
                        "LEFT JOIN learning_passes lp ON lp.path_id = e.path_id AND lp.member_id = e.member_id AND lp.position = s.position "
                        "WHERE e.completed_at = 0 AND lp.path_id IS NULL AND sub.public_score IS NOT NULL "
                        "AND (:m1 = 0 OR e.member_id = :m2) AND (:p1 = 0 OR e.path_id = :p2) "
                        "GROUP BY e.path_id, e.member_id, s.position, s.target_score, ph.metric, ph.params",
         soci::use(m, "m1"), soci::use(m, "m2"), soci::use(p, "p1"), soci::use(p, "p2"), soci::into(c.path), soci::into(c.member),
         soci::into(c.position), soci::into(c.target), soci::into(c.metric), soci::into(c.params), soci::into(c.high), soci::into(c.low));
    st.execute();
    while (st.fetch()) candidates.push_back(c);
  }
  std::vector<Pass> out;
  for (auto& c : candidates) {
    Phase ph;
    ph.metric = c.metric;
    ph.params_json = c.params;
    const bool higher = ph.higher_is_better();
    const double best = higher ? c.high : c.low;
    if (higher ? best >= c.target : best <= c.target) out.push_back({c.path, c.member, c.position, best});
  }
  return out;
}

int LearningService::advance_in(soci::session& sql, std::int64_t now, std::int64_t member_id, std::int64_t path_id) {
  int passed = 0;
  std::map<std::pair<long long, long long>, bool> touched;
  for (auto& c : passing(sql, member_id, path_id)) {
    long long t = now, path = c.path, member = c.member, position = c.position;
    std::string evidence = score_text(c.score);
    sql << "INSERT INTO learning_passes (path_id, member_id, position, passed_at, evidence) VALUES (:p, :m, :n, :t, :e) ON CONFLICT DO NOTHING",
        soci::use(path), soci::use(member), soci::use(position), soci::use(t), soci::use(evidence);
    ++passed;
    touched[{path, member}] = true;
  }
  for (const auto& [key, _] : touched) complete_if_done(sql, key.first, key.second, now);
  return passed;
}

void LearningService::complete_if_done(soci::session& sql, std::int64_t path_id, std::int64_t member_id, std::int64_t now) {
  long long path = path_id, member = member_id, steps = 0, passes = 0, completed = 0;
  sql << "SELECT completed_at FROM learning_enrolments WHERE path_id = :p AND member_id = :m", soci::use(path), soci::use(member),
      soci::into(completed);
  if (!sql.got_data() || completed) return;
  sql << "SELECT COUNT(*) FROM learning_steps WHERE path_id = :p", soci::use(path), soci::into(steps);
  sql << "SELECT COUNT(*) FROM learning_passes WHERE path_id = :p AND member_id = :m", soci::use(path), soci::use(member), soci::into(passes);
  if (steps == 0 || passes < steps) return;
  long long t = now;
  std::string code = random_token(12);
  sql << "UPDATE learning_enrolments SET completed_at = :t, certificate = :c WHERE path_id = :p AND member_id = :m", soci::use(t),
      soci::use(code), soci::use(path), soci::use(member);
  std::string slug, title_en, title_zh;
  sql << "SELECT slug, title_en, title_zh FROM learning_paths WHERE id = :p", soci::use(path), soci::into(slug), soci::into(title_en),
      soci::into(title_zh);
  Notifications::notify(sql, member_id, "learning_completed",
                        {{"path_en", title_en.empty() ? title_zh : title_en}, {"path_zh", title_zh.empty() ? title_en : title_zh}},
                        "/certificates/" + code, now, "learning:" + std::to_string(path_id));
}

Result<Certificate> LearningService::certificate(const std::string& code) {
  auto all = db_.with_session([&](soci::session& sql) {
    std::vector<Certificate> out;
    if (code.empty() || code.size() > 64) return out;
    Certificate c;
    long long enrolled = 0, completed = 0, steps = 0;
    std::string key = code;
    sql << "SELECT e.certificate, p.slug, p.title_en, p.title_zh, m.handle, m.display_name, e.enrolled_at, e.completed_at, "
           "(SELECT COUNT(*) FROM learning_steps s WHERE s.path_id = p.id) "
           "FROM learning_enrolments e JOIN learning_paths p ON p.id = e.path_id JOIN members m ON m.id = e.member_id "
           "WHERE e.certificate = :c AND m.deleted_at = 0",
        soci::use(key), soci::into(c.code), soci::into(c.path_slug), soci::into(c.path_title_en), soci::into(c.path_title_zh),
        soci::into(c.handle), soci::into(c.display_name), soci::into(enrolled), soci::into(completed), soci::into(steps);
    if (!sql.got_data()) return out;
    c.enrolled_at = enrolled;
    c.completed_at = completed;
    c.steps = static_cast<int>(steps);
    out.push_back(c);
    return out;
  });
  if (all.empty()) return Error::make(ErrorCode::not_found, "error.certificate_unknown", "no certificate has this code: check it letter by letter");
  return all.front();
}

std::vector<Certificate> LearningService::certificates_of(std::int64_t member_id) {
  return db_.with_session([&](soci::session& sql) { return certificates_of(sql, member_id); });
}

std::vector<Certificate> LearningService::certificates_of(soci::session& sql, std::int64_t member_id) {
  {
    std::vector<Certificate> out;
    Certificate c;
    long long member = member_id, enrolled = 0, completed = 0;
    soci::statement st = (sql.prepare << "SELECT e.certificate, p.slug, p.title_en, p.title_zh, e.enrolled_at, e.completed_at "
                                         "FROM learning_enrolments e JOIN learning_paths p ON p.id = e.path_id "
                                         "WHERE e.member_id = :m AND e.completed_at > 0 ORDER BY e.completed_at DESC",
                          soci::use(member), soci::into(c.code), soci::into(c.path_slug), soci::into(c.path_title_en),
                          soci::into(c.path_title_zh), soci::into(enrolled), soci::into(completed));
    st.execute();
    while (st.fetch()) {
      c.enrolled_at = enrolled;
      c.completed_at = completed;
      out.push_back(c);
    }
    return out;
  }
}

std::vector<LearningPath> LearningService::in_progress(std::int64_t member_id) {
  return db_.with_session([&](soci::session& sql) {
    long long member = member_id;
    auto paths = select_paths(sql, "JOIN learning_enrolments me ON me.path_id = p.id AND me.member_id = :m AND me.completed_at = 0 ORDER BY me.enrolled_at DESC", member);
    for (auto& p : paths) {
      load_steps(sql, p);
      load_progress(sql, p, member_id);
    }
    return paths;
  });
}

}  // namespace aigc
