#include "domain/competitions/competition_service.hpp"

#include <nlohmann/json.hpp>

#include "domain/search/search_index.hpp"
#include "domain/search/search_sources.hpp"
#include "core/clock.hpp"
#include "core/text.hpp"
#include "domain/competitions/submission_repository.hpp"
#include "domain/media/media_library.hpp"
#include "scoring/registry.hpp"

namespace aigc {

namespace {

Error fields_error(std::vector<Problem> problems) {
  return Error::invalid("error.fix_fields", "please fix the marked fields", std::move(problems));
}

std::vector<Problem> check(const CompetitionInput& in, bool is_new) {
  std::vector<Problem> p;
  if (is_new && (in.slug.empty() || in.slug.size() > 80 || in.slug != slugify(in.slug)))
    p.push_back({"slug", "error.slug", "slug must be lower-case letters, digits and '-' (e.g. 'ai-challenger-2026')"});
  if (trim(in.title_en).empty() && trim(in.title_zh).empty())
    p.push_back({"title_en", "error.competition_title", "give a title in English or Chinese"});
  if (utf8_length(in.title_en) > 200 || utf8_length(in.title_zh) > 200)
    p.push_back({"title_en", "error.too_long", "titles are at most 200 characters"});
  if (!is_single_line(in.title_en) || !is_single_line(in.title_zh) || !is_single_line(in.tags) || !is_single_line(in.cover))
    p.push_back({"title_en", "error.control_chars", "titles, tags and the cover address are one line without control characters"});
  for (const auto* text : {&in.description_en, &in.description_zh, &in.rules_md, &in.prizes_md, &in.rules_zh, &in.prizes_zh})
    if (text->size() > 200000) p.push_back({"description_en", "error.too_long", "texts are at most 200 kB"});
  // A cover that will load: one uploaded here, or a picture on the web over HTTPS.
  auto cover = trim(in.cover);
  if (!cover.empty() && !MediaLibrary::is_media_url(cover) && (cover.rfind("https://", 0) != 0 || cover.size() > 2000))
    p.push_back({"cover", "error.cover", "upload the cover as a picture, or give an https:// address of one"});
  if (in.visibility != "draft" && in.visibility != "published" && in.visibility != "archived")
    p.push_back({"visibility", "error.visibility", "visibility must be draft, published or archived"});
  return p;
}

std::vector<std::string> tags_of(const std::string& text) {
  std::vector<std::string> out;
  for (auto& t : split(text, ',')) {
    auto tag = fold_case(trim(t));
    if (!tag.empty() && std::find(out.begin(), out.end(), tag) == out.end() && out.size() < 20) out.push_back(tag);
  }
  return out;
}

void apply(Competition& c, const CompetitionInput& in) {
  c.title_en = trim(in.title_en);
  c.title_zh = trim(in.title_zh);
  c.description_en = in.description_en;
  c.description_zh = in.description_zh;
  c.rules_md = in.rules_md;
  c.prizes_md = in.prizes_md;
  c.rules_zh = in.rules_zh;
  c.prizes_zh = in.prizes_zh;
  c.tags = tags_of(in.tags);
  c.cover = trim(in.cover);
  c.visibility = in.visibility;
}

Result<void> may_host(const Member& actor) {
  if (!at_least(actor.role, Role::organizer))
    return Error::make(ErrorCode::forbidden, "error.forbidden", "only organizers and admins host competitions");
  return {};
}

}  // namespace

bool CompetitionService::can_edit(const Member* viewer, const Competition& c) {
  return viewer && (viewer->role == Role::admin || (viewer->role == Role::organizer && viewer->id == c.organizer_id));
}

Result<Competition> CompetitionService::create(const Member& actor, const CompetitionInput& in) {
  AIGC_TRY(may_host(actor));
  if (auto p = check(in, true); !p.empty()) return fields_error(std::move(p));
  Competition c;
  c.slug = in.slug;
  apply(c, in);
  c.organizer_id = actor.id;
  c.organizer_handle = actor.handle;
  c.created_at = c.updated_at = now_utc();
  try {
    return db_.in_transaction([&](soci::session& sql) -> Result<Competition> {
      c.id = repo_.insert(sql, c);
      SearchIndex(db_).put(sql, search_document(c));
      return c;
    });
  } catch (const std::exception& e) {
    if (is_unique_violation(e))
      return Error{ErrorCode::conflict, "error.slug_taken", "a competition with slug '" + c.slug + "' exists",
                   {{"slug", "error.slug_taken", "slug is taken"}}};
    throw;
  }
}

Result<Competition> CompetitionService::edit(const Member& actor, const std::string& slug, const std::function<void(Competition&)>& change) {
  return db_.in_transaction([&](soci::session& sql) -> Result<Competition> {
    auto c = repo_.find_by_slug(sql, slug, true);
    if (!c || (c->visibility == "draft" && !can_edit(&actor, *c)))
      return Error::make(ErrorCode::not_found, "error.not_found", "no competition '" + slug + "'");
    if (!can_edit(&actor, *c))
      return Error::make(ErrorCode::forbidden, "error.forbidden", "only its organizer and admins edit a competition");
    change(*c);
    c->updated_at = now_utc();
    repo_.update(sql, *c);
    SearchIndex(db_).put(sql, search_document(*c));
    return *c;
  });
}

Result<Competition> CompetitionService::set_cover(const Member& actor, const std::string& slug, const std::string& cover_url) {
  return edit(actor, slug, [&](Competition& c) { c.cover = cover_url; });
}

Result<Competition> CompetitionService::update(const Member& actor, const std::string& slug, const CompetitionInput& in) {
  if (auto p = check(in, false); !p.empty()) return fields_error(std::move(p));
  return edit(actor, slug, [&](Competition& c) { apply(c, in); });
}

Result<Competition> CompetitionService::save_phase(const Member& actor, const std::string& slug, const PhaseInput& in) {
  std::vector<Problem> p;
  auto name = trim(in.name);
  if (name.empty() || !is_line_within(name, 60))
    p.push_back({"name", "error.phase_name", "name the phase (1 to 60 characters, no line breaks or control characters)"});
  if (in.starts_at < 0) p.push_back({"starts_at", "error.phase_time", "enter a date and time such as 2026-12-01T08:00"});
  if (in.ends_at < 0) p.push_back({"ends_at", "error.phase_time", "enter a date and time such as 2026-12-01T08:00"});
  else if (in.ends_at <= in.starts_at) p.push_back({"ends_at", "error.phase_window", "the phase must end after it starts"});
  bool custom = in.metric == kCustomMetric;
  const auto* metric = scoring::find_metric(in.metric);
  if (!metric && !custom) p.push_back({"metric", "error.metric", "choose a metric the scoring engine offers (see aigc score --help) or 'custom'"});
  auto params = nlohmann::json::parse(in.params_json.empty() ? "{}" : in.params_json, nullptr, false);
  if (params.is_discarded() || !params.is_object()) {
    p.push_back({"params", "error.params", "parameters must be a JSON object such as {\"average\": \"macro\"}"});
  } else if (custom) {
    for (const auto& [key, value] : params.items())
      if (key != "higher_is_better" || !value.is_string() || (value != "true" && value != "false"))
        p.push_back({"params", "error.params", "a custom scorer takes one parameter: {\"higher_is_better\": \"true\"} or \"false\""});
  } else if (metric) {
    for (const auto& [key, value] : params.items()) {
      bool known = key == "id_column" || key == "target" || key == "labels";
      for (const auto& spec : metric->params) known = known || spec.name == key;
      if (!known || !value.is_string()) p.push_back({"params", "error.params", "'" + key + "' is not a string parameter of " + in.metric});
    }
  }
  if (!(in.public_fraction >= 0 && in.public_fraction <= 1)) p.push_back({"public_fraction", "error.fraction", "the public fraction is between 0 and 1"});
  if (in.daily_limit < 0 || in.total_limit < 0 || in.max_team_size < 1 || in.final_selections < 1 || in.final_selections > 20)
    p.push_back({"daily_limit", "error.limits", "limits are 0 (none) or more; teams have at least one member; 1 to 20 final selections"});
  for (const auto* text : {&in.description_en, &in.description_zh})
    if (text->size() > 200000) p.push_back({text == &in.description_en ? "description_en" : "description_zh", "error.too_long", "texts are at most 200 kB"});
  if (!p.empty()) return fields_error(std::move(p));
  return db_.in_transaction([&](soci::session& sql) -> Result<Competition> {
    auto c = repo_.find_by_slug(sql, slug, true);
    if (!c || !can_edit(&actor, *c)) {
      if (c && c->visibility != "draft")
        return Error::make(ErrorCode::forbidden, "error.forbidden", "only its organizer and admins edit a competition");
      return Error::make(ErrorCode::not_found, "error.not_found", "no competition '" + slug + "'");
    }
    Phase phase{0, name, in.starts_at, in.ends_at, in.metric, params.dump(), in.public_fraction, in.split_seed,
                in.daily_limit, in.total_limit, in.max_team_size, in.final_selections};
    phase.description_en = in.description_en;
    phase.description_zh = in.description_zh;
    auto existing = std::find_if(c->phases.begin(), c->phases.end(), [&](const Phase& x) { return x.name == name; });
    if (existing != c->phases.end()) {
      // The private board, once shown, is the result: the phase cannot be reopened or re-scored.
      if (existing->revealed_at > 0)
        return Error{ErrorCode::conflict, "error.phase_final",
                     "the private leaderboard of '" + name + "' was revealed, so its results are final; add a new phase instead",
                     {{"name", "error.phase_final", "this phase's results are final"}}};
      phase.id = existing->id;
      phase.board_version = existing->board_version;
      bool scoring_changes = phase.metric != existing->metric || phase.params_json != existing->params_json ||
                             phase.public_fraction != existing->public_fraction || phase.split_seed != existing->split_seed;
      SubmissionRepository submissions;
      auto stats = submissions.stats(sql, phase.id);
      auto entries = stats.queued + stats.scoring + stats.scored + stats.failed;
      if (scoring_changes && entries > 0 && !in.confirm_rescore)
        return Error{ErrorCode::conflict, "error.rescore_confirm",
                     "'" + name + "' has " + std::to_string(entries) +
                         " submissions: changing its metric, parameters or split scores them all again; confirm the re-score to save",
                     {{"confirm_rescore", "error.rescore_confirm", "confirm that every submission is scored again"}}};
      repo_.update_phase(sql, phase);
      if (scoring_changes && entries > 0) submissions.rescore_phase(sql, phase.id, now_utc());
      else if (phase.ends_at != existing->ends_at || phase.final_selections != existing->final_selections)
        submissions.bump_board_version(sql, phase.id);
    } else {
      phase.id = repo_.insert_phase(sql, c->id, phase);
    }
    return *repo_.find_by_slug(sql, slug, true);
  });
}

Result<Competition> CompetitionService::get(const Member* viewer, const std::string& slug) {
  auto c = db_.with_session([&](soci::session& sql) { return repo_.find_by_slug(sql, slug, true); });
  if (!c || (c->visibility == "draft" && !can_edit(viewer, *c)))
    return Error::make(ErrorCode::not_found, "error.not_found", "no competition '" + slug + "'");
  return *c;
}

Result<Competition> CompetitionService::get_by_id(const Member* viewer, std::int64_t id) {
  auto c = db_.with_session([&](soci::session& sql) { return repo_.find_by_id(sql, id); });
  if (!c || (c->visibility == "draft" && !can_edit(viewer, *c)))
    return Error::make(ErrorCode::not_found, "error.not_found", "no such competition");
  return *c;
}

std::vector<Competition> CompetitionService::list(const Member* viewer) {
  return db_.with_session([&](soci::session& sql) {
    if (viewer && viewer->role == Role::admin) return repo_.list(sql, true, 0);
    if (viewer && viewer->role == Role::organizer) return repo_.list(sql, true, viewer->id);
    return repo_.list(sql, false, 0);
  });
}

}  // namespace aigc

namespace aigc {

Result<CompetitionFile> CompetitionService::add_file(const Member& actor, const std::string& slug, const std::string& kind,
                                                     const std::string& phase, const std::string& name, std::string_view bytes) {
  std::vector<Problem> p;
  if (kind != "public" && kind != "truth" && kind != "scorer")
    p.push_back({"kind", "error.file_kind", "a file is public (for participants), the truth of a phase, or a phase's custom scorer"});
  bool safe_name = !name.empty() && name.size() <= 100 && name[0] != '.' &&
                   name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == std::string::npos;
  if (!safe_name) p.push_back({"file", "error.file_name", "file names are letters, digits, '.', '_' and '-' (e.g. train.csv)"});
  if (bytes.empty()) p.push_back({"file", "error.file_empty", "the file is empty"});
  if (!p.empty()) return fields_error(std::move(p));
  auto comp = get(&actor, slug);
  if (!comp) return comp.error();
  if (!can_edit(&actor, comp.value()))
    return Error::make(ErrorCode::forbidden, "error.forbidden", "only its organizer and admins add files to a competition");
  if (kind != "public" && std::none_of(comp->phases.begin(), comp->phases.end(), [&](const Phase& x) { return x.name == phase; }))
    return fields_error({{"phase", "error.file_phase", "the truth belongs to a phase: choose one of the competition's phases"}});
  auto blob = blobs_.put(bytes);  // outside the transaction: the blob is idempotent by content
  if (!blob) return blob.error();
  CompetitionFile f{kind, kind != "public" ? phase : std::string(), name, blob.value(), static_cast<std::int64_t>(bytes.size()), now_utc()};
  return db_.in_transaction([&](soci::session& sql) -> Result<CompetitionFile> {
    repo_.upsert_file(sql, comp->id, f);
    return f;
  });
}

Result<std::string> CompetitionService::public_file(const Member* viewer, const std::string& slug, const std::string& name) {
  auto comp = get(viewer, slug);
  if (!comp) return comp.error();
  for (const auto& f : comp->files)
    if (f.kind == "public" && f.name == name) {
      auto bytes = blobs_.get(f.blob);
      if (!bytes) return Error::make(ErrorCode::unavailable, "error.unavailable", "the file's bytes are missing from the blob store");
      return std::move(*bytes);
    }
  return Error::make(ErrorCode::not_found, "error.not_found", "no file '" + name + "'");
}

}  // namespace aigc
