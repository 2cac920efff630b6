#include "domain/competitions/competition_repository.hpp"

#include "core/text.hpp"
#include "store/integer_rows.hpp"

namespace aigc {

namespace {

const char* kSelect =
    "SELECT c.id, c.slug, c.title_en, c.title_zh, c.description_en, c.description_zh, c.rules_md, c.prizes_md, c.rules_zh, c.prizes_zh, "
    "c.tags, c.cover, c.visibility, c.organizer_id, m.handle, c.created_at, c.updated_at, c.playground "
    "FROM competitions c JOIN members m ON m.id = c.organizer_id ";

template <class... Uses>
std::vector<Competition> select(soci::session& sql, const std::string& tail, Uses&... uses) {
  Competition c;
  long long id = 0, organizer = 0, created = 0, updated = 0, playground = 0;
  std::string tags;
  soci::statement st =
      ((sql.prepare << std::string(kSelect) + tail, soci::into(id), soci::into(c.slug), soci::into(c.title_en),
        soci::into(c.title_zh), soci::into(c.description_en), soci::into(c.description_zh), soci::into(c.rules_md),
        soci::into(c.prizes_md), soci::into(c.rules_zh), soci::into(c.prizes_zh), soci::into(tags), soci::into(c.cover), soci::into(c.visibility), soci::into(organizer),
        soci::into(c.organizer_handle), soci::into(created), soci::into(updated), soci::into(playground)),
       ..., soci::use(uses));
  st.execute();
  std::vector<Competition> out;
  while (st.fetch()) {
    c.id = id;
    c.organizer_id = organizer;
    c.created_at = created;
    c.updated_at = updated;
    c.playground = playground != 0;
    c.tags.clear();
    for (auto& t : split(tags, ','))
      if (!t.empty()) c.tags.push_back(t);
    out.push_back(c);
  }
  return out;
}

std::string joined(const std::vector<std::string>& tags) {
  std::string out;
  for (const auto& t : tags) out += (out.empty() ? "" : ",") + t;
  return out;
}

std::vector<Phase> phases_of(soci::session& sql, long long competition_id) {
  Phase p;
  long long id = 0, starts = 0, ends = 0, seed = 0, revealed = 0, version = 0;
  soci::statement st = (sql.prepare << "SELECT id, name, starts_at, ends_at, metric, params, public_fraction, split_seed, "
                                       "daily_limit, total_limit, max_team_size, final_selections, revealed_at, board_version, "
                                       "description_en, description_zh FROM phases WHERE competition_id = :c ORDER BY starts_at, id",
                        soci::use(competition_id), soci::into(id), soci::into(p.name), soci::into(starts), soci::into(ends),
                        soci::into(p.metric), soci::into(p.params_json), soci::into(p.public_fraction), soci::into(seed),
                        soci::into(p.daily_limit), soci::into(p.total_limit), soci::into(p.max_team_size),
                        soci::into(p.final_selections), soci::into(revealed), soci::into(version), soci::into(p.description_en),
                        soci::into(p.description_zh));
  st.execute();
  std::vector<Phase> out;
  while (st.fetch()) {
    p.id = id;
    p.starts_at = starts;
    p.ends_at = ends;
    p.split_seed = seed;
    p.revealed_at = revealed;
    p.board_version = version;
    out.push_back(p);
  }
  return out;
}

std::vector<CompetitionFile> files_of(soci::session& sql, long long competition_id) {
  CompetitionFile f;
  long long size = 0, created = 0;
  soci::statement st = (sql.prepare << "SELECT kind, phase_name, name, blob, size, created_at FROM competition_files "
                                       "WHERE competition_id = :c ORDER BY kind, phase_name, name",
                        soci::use(competition_id), soci::into(f.kind), soci::into(f.phase_name), soci::into(f.name),
                        soci::into(f.blob), soci::into(size), soci::into(created));
  st.execute();
  std::vector<CompetitionFile> out;
  while (st.fetch()) {
    f.size = size;
    f.created_at = created;
    out.push_back(f);
  }
  return out;
}

}  // namespace

void CompetitionRepository::upsert_file(soci::session& sql, std::int64_t competition_id, const CompetitionFile& f) {
  long long comp = competition_id, size = f.size, created = f.created_at;
  sql << "INSERT INTO competition_files (competition_id, phase_name, kind, name, blob, size, created_at) "
         "VALUES (:c, :p, :k, :n, :b, :s, :t) ON CONFLICT (competition_id, kind, phase_name, name) "
         "DO UPDATE SET blob = excluded.blob, size = excluded.size, created_at = excluded.created_at",
      soci::use(comp), soci::use(f.phase_name), soci::use(f.kind), soci::use(f.name), soci::use(f.blob), soci::use(size),
      soci::use(created);
}

std::int64_t CompetitionRepository::insert(soci::session& sql, const Competition& c) {
  long long id = 0, organizer = c.organizer_id, created = c.created_at, updated = c.updated_at;
  std::string tags = joined(c.tags);
  sql << "INSERT INTO competitions (slug, title_en, title_zh, description_en, description_zh, rules_md, prizes_md, rules_zh, "
         "prizes_zh, tags, cover, visibility, organizer_id, created_at, updated_at) VALUES (:s, :te, :tz, :de, :dz, :r, :p, "
         ":rz, :pz, :t, :c, :v, :o, :ca, :ua) RETURNING id",
      soci::use(c.slug), soci::use(c.title_en), soci::use(c.title_zh), soci::use(c.description_en),
      soci::use(c.description_zh), soci::use(c.rules_md), soci::use(c.prizes_md), soci::use(c.rules_zh), soci::use(c.prizes_zh),
      soci::use(tags), soci::use(c.cover),
      soci::use(c.visibility), soci::use(organizer), soci::use(created), soci::use(updated), soci::into(id);
  return id;
}

void CompetitionRepository::update(soci::session& sql, const Competition& c) {
  long long id = c.id, updated = c.updated_at;
  std::string tags = joined(c.tags);
  sql << "UPDATE competitions SET title_en = :te, title_zh = :tz, description_en = :de, description_zh = :dz, "
         "rules_md = :r, prizes_md = :p, rules_zh = :rz, prizes_zh = :pz, tags = :t, cover = :c, visibility = :v, "
         "updated_at = :u WHERE id = :id",
      soci::use(c.title_en), soci::use(c.title_zh), soci::use(c.description_en), soci::use(c.description_zh),
      soci::use(c.rules_md), soci::use(c.prizes_md), soci::use(c.rules_zh), soci::use(c.prizes_zh), soci::use(tags), soci::use(c.cover), soci::use(c.visibility),
      soci::use(updated), soci::use(id);
}

std::optional<Competition> CompetitionRepository::find_by_slug(soci::session& sql, const std::string& slug, bool with_phases) {
  std::string s = slug;
  auto v = select(sql, "WHERE c.slug = :s", s);
  if (v.empty()) return std::nullopt;
  if (with_phases) {
    v.front().phases = phases_of(sql, v.front().id);
    v.front().files = files_of(sql, v.front().id);
  }
  return v.front();
}

std::optional<Competition> CompetitionRepository::find_by_id(soci::session& sql, std::int64_t id) {
  long long i = id;
  auto v = select(sql, "WHERE c.id = :id", i);
  if (v.empty()) return std::nullopt;
  v.front().phases = phases_of(sql, v.front().id);
  v.front().files = files_of(sql, v.front().id);
  return v.front();
}

void CompetitionRepository::set_revealed(soci::session& sql, std::int64_t phase_id, std::int64_t at) {
  long long p = phase_id, t = at;
  sql << "UPDATE phases SET revealed_at = :t, board_version = board_version + 1 WHERE id = :p", soci::use(t), soci::use(p);
}

std::vector<std::int64_t> CompetitionRepository::ids(soci::session& sql) {
  return select_ids(sql, "SELECT id FROM competitions ORDER BY id");
}

std::vector<Competition> CompetitionRepository::list(soci::session& sql, bool include_drafts, std::int64_t organizer_id) {
  long long org = organizer_id;
  std::vector<Competition> out;
  if (!include_drafts) out = select(sql, "WHERE c.visibility <> 'draft' ORDER BY c.id DESC LIMIT 500");
  else if (organizer_id == 0) out = select(sql, "ORDER BY c.id DESC LIMIT 500");
  else out = select(sql, "WHERE c.visibility <> 'draft' OR c.organizer_id = :o ORDER BY c.id DESC LIMIT 500", org);
  for (auto& c : out) c.phases = phases_of(sql, c.id);
  return out;
}

std::int64_t CompetitionRepository::insert_phase(soci::session& sql, std::int64_t competition_id, const Phase& p) {
  long long id = 0, comp = competition_id, starts = p.starts_at, ends = p.ends_at, seed = p.split_seed;
  sql << "INSERT INTO phases (competition_id, name, starts_at, ends_at, metric, params, public_fraction, split_seed, "
         "daily_limit, total_limit, max_team_size, final_selections, description_en, description_zh) "
         "VALUES (:c, :n, :s, :e, :m, :p, :f, :seed, :d, :t, :ts, :fs, :den, :dzh) RETURNING id",
      soci::use(comp), soci::use(p.name), soci::use(starts), soci::use(ends), soci::use(p.metric), soci::use(p.params_json),
      soci::use(p.public_fraction), soci::use(seed), soci::use(p.daily_limit), soci::use(p.total_limit),
      soci::use(p.max_team_size), soci::use(p.final_selections), soci::use(p.description_en), soci::use(p.description_zh),
      soci::into(id);
  return id;
}

void CompetitionRepository::update_phase(soci::session& sql, const Phase& p) {
  long long id = p.id, starts = p.starts_at, ends = p.ends_at, seed = p.split_seed;
  sql << "UPDATE phases SET starts_at = :s, ends_at = :e, metric = :m, params = :p, public_fraction = :f, "
         "split_seed = :seed, daily_limit = :d, total_limit = :t, max_team_size = :ts, final_selections = :fs, "
         "description_en = :den, description_zh = :dzh WHERE id = :id",
      soci::use(starts), soci::use(ends), soci::use(p.metric), soci::use(p.params_json), soci::use(p.public_fraction),
      soci::use(seed), soci::use(p.daily_limit), soci::use(p.total_limit), soci::use(p.max_team_size),
      soci::use(p.final_selections), soci::use(p.description_en), soci::use(p.description_zh), soci::use(id);
}

}  // namespace aigc
