#include "domain/research/paper_service.hpp"

#include <algorithm>
#include <regex>
#include <set>

#include "core/clock.hpp"
#include "core/text.hpp"
#include "domain/competitions/competition_repository.hpp"
#include "domain/events/event_repository.hpp"
#include "domain/events/event_service.hpp"
#include "domain/members/member_repository.hpp"
#include "domain/notifications/notifications.hpp"
#include "domain/research/fields.hpp"
#include "domain/search/search_index.hpp"
#include "domain/search/search_sources.hpp"

namespace aigc {

namespace {

constexpr std::size_t kMaxTitle = 300, kMaxAbstract = 20000, kMaxTags = 10;

// arXiv identifiers: 2301.01234 (v2), or the old archive/YYMMNNN form.
bool valid_arxiv(const std::string& id) {
  static const std::regex modern(R"(^\d{4}\.\d{4,5}(v\d+)?$)"), old(R"(^[a-z\-]+(\.[A-Z]{2})?/\d{7}(v\d+)?$)");
  return id.empty() || std::regex_match(id, modern) || std::regex_match(id, old);
}

// DOIs: 10.<registrant>/<suffix>, the suffix any printable characters but spaces.
bool valid_doi(const std::string& doi) {
  static const std::regex form(R"(^10\.\d{4,9}/[^\s"<>]+$)");
  return doi.empty() || (doi.size() <= 200 && std::regex_match(doi, form));
}

nlohmann::json paper_params(const Paper& p) {
  return {{"paper_en", p.title_en.empty() ? p.title_zh : p.title_en}, {"paper_zh", p.title_zh.empty() ? p.title_en : p.title_zh}};
}

}  // namespace

Result<Paper> PaperService::validate(const PaperInput& in) {
  std::vector<Problem> problems;
  Paper p;
  p.title_en = trim(in.title_en);
  p.title_zh = trim(in.title_zh);
  p.abstract_en = in.abstract_en;
  p.abstract_zh = in.abstract_zh;
  if (p.title_en.empty() && p.title_zh.empty())
    problems.push_back({"title_en", "error.paper_title", "give the title in English, in Chinese or both"});
  for (const auto* t : {&p.title_en, &p.title_zh})
    if (!is_line_within(*t, kMaxTitle))
      problems.push_back({t == &p.title_en ? "title_en" : "title_zh", "error.paper_title_long", "a title is one line of at most 300 characters"});
  if (trim(p.abstract_en).empty() && trim(p.abstract_zh).empty())
    problems.push_back({"abstract_en", "error.paper_abstract", "give the abstract in English, in Chinese or both"});
  for (const auto* a : {&p.abstract_en, &p.abstract_zh})
    if (a->size() > kMaxAbstract || !is_valid_utf8(*a))
      problems.push_back({a == &p.abstract_en ? "abstract_en" : "abstract_zh", "error.paper_abstract_long", "an abstract is at most 20,000 bytes"});

  std::int64_t year = 0;
  const std::int64_t this_year = std::stoll(iso8601_utc(now_utc()).substr(0, 4));
  if (!parse_int(trim(in.year), year) || year < 1900 || year > this_year + 1)
    problems.push_back({"year", "error.paper_year", "the year is a number such as 2026, from 1900 to next year",
                        {}, {{"max", std::to_string(this_year + 1)}}});
  p.year = static_cast<int>(year);
  p.venue = trim(in.venue);
  if (!is_line_within(p.venue, 200))
    problems.push_back({"venue", "error.paper_venue", "the venue is one line of at most 200 characters"});

  p.arxiv_id = trim(in.arxiv_id);
  if (p.arxiv_id.rfind("arXiv:", 0) == 0) p.arxiv_id = p.arxiv_id.substr(6);
  if (!valid_arxiv(p.arxiv_id)) problems.push_back({"arxiv_id", "error.paper_arxiv", "an arXiv id looks like 2301.01234 or cs/0112017"});
  p.doi = trim(in.doi);
  for (const char* prefix : {"https://doi.org/", "http://doi.org/", "doi:"})
    if (p.doi.rfind(prefix, 0) == 0) p.doi = p.doi.substr(std::string(prefix).size());
  if (!valid_doi(p.doi)) problems.push_back({"doi", "error.paper_doi", "a DOI looks like 10.1000/xyz123"});
  p.code_url = trim(in.code_url);
  p.data_url = trim(in.data_url);
  p.project_url = trim(in.project_url);
  for (auto [field, url] : {std::pair{"code_url", &p.code_url}, {"data_url", &p.data_url}, {"project_url", &p.project_url}})
    if (!is_web_url_or_empty(*url)) problems.push_back({field, "error.paper_url", "a link starts with https:// or http:// and has no spaces"});

  std::set<std::string> seen;
  for (const auto& f : in.fields) {
    if (trim(f).empty() || !seen.insert(trim(f)).second) continue;
    if (!research_field_number(trim(f))) problems.push_back({"fields", "error.paper_field", "choose fields from the list", {}, {{"value", f}}});
    else p.fields.push_back(trim(f));
  }
  if (p.fields.empty()) problems.push_back({"fields", "error.paper_fields", "choose at least one research field"});
  for (const auto& t : split(in.tags, ',')) {
    std::string tag = fold_case(trim(t));
    if (tag.empty() || std::find(p.tags.begin(), p.tags.end(), tag) != p.tags.end()) continue;
    if (!is_line_within(tag, 40))
      problems.push_back({"tags", "error.paper_tag", "a tag is at most 40 characters"});
    else p.tags.push_back(tag);
  }
  if (p.tags.size() > kMaxTags) problems.push_back({"tags", "error.paper_tags", "at most 10 tags"});

  for (const auto& line : in.authors) {
    std::string a = trim(line);
    if (a.empty()) continue;
    PaperAuthor author;
    if (a[0] == '@') {
      author.handle = a.substr(1);
    } else {
      auto open = a.rfind('(');
      if (open != std::string::npos && a.back() == ')') {
        author.name = trim(a.substr(0, open));
        author.affiliation = trim(a.substr(open + 1, a.size() - open - 2));
      } else {
        author.name = a;
      }
      if (author.name.empty() || utf8_length(author.name) > 120 || utf8_length(author.affiliation) > 200 || !is_single_line(a))
        problems.push_back({"authors", "error.paper_author", "an author is @handle, or a name with the affiliation in brackets",
                            {}, {{"value", a}}});
    }
    p.authors.push_back(author);
  }
  if (p.authors.empty()) problems.push_back({"authors", "error.paper_authors", "name the authors, one a line"});
  if (p.authors.size() > kMaxAuthors) problems.push_back({"authors", "error.paper_authors_many", "at most 100 authors"});
  if (!problems.empty()) return Error::invalid("error.fix_fields", "please fix the marked fields", problems);
  return p;
}

namespace {

// Links each "@handle" author to the member, keeping the confirmations `previous` had
// (the submitter's own authorship is confirmed by sharing), and each competition slug to
// the competition the actor may see. Problems name the author or slug.
std::vector<Problem> resolve(soci::session& sql, const Member& actor, const PaperInput& in, Paper& p, const Paper* previous) {
  MemberRepository members;
  std::vector<Problem> problems;
  std::set<std::int64_t> named;
  for (auto& a : p.authors) {
    if (a.handle.empty()) continue;
    auto m = members.find_by_handle(sql, a.handle);
    if (!m || m->deleted() || m->suspended_at) {
      problems.push_back({"authors", "error.paper_author_member", "no member @" + a.handle, {}, {{"value", "@" + a.handle}}});
      continue;
    }
    if (!named.insert(m->id).second) {
      problems.push_back({"authors", "error.paper_author_twice", "@" + a.handle + " is named twice", {}, {{"value", "@" + a.handle}}});
      continue;
    }
    a.member_id = m->id;
    a.handle = m->handle;
    a.name = m->display_name;
    a.affiliation = m->organization_name;
    a.confirmed_at = m->id == p.submitter_id ? p.updated_at : 0;
    if (previous)
      for (const auto& old : previous->authors)
        if (old.member_id == m->id && old.confirmed_at) a.confirmed_at = old.confirmed_at;
  }
  CompetitionRepository competitions;
  p.links.clear();
  for (const auto& raw : in.competitions) {
    const std::string slug = trim(raw);
    if (slug.empty()) continue;
    auto c = competitions.find_by_slug(sql, slug, false);
    if (!c || (c->visibility == "draft" && c->organizer_id != actor.id && actor.role != Role::admin)) {
      problems.push_back({"competitions", "error.paper_competition", "no competition " + slug, {}, {{"value", slug}}});
      continue;
    }
    if (std::none_of(p.links.begin(), p.links.end(), [&](const PaperLink& l) { return l.kind == "competition" && l.target_id == c->id; }))
      p.links.push_back({"competition", c->id, c->slug, c->title_en, c->title_zh});
  }
  EventRepository events;
  for (const auto& raw : in.events) {
    const std::string slug = trim(raw);
    if (slug.empty()) continue;
    auto e = events.find(sql, slug);
    if (!e || (e->status == "draft" && !can_manage_event(actor, *e))) {
      problems.push_back({"events", "error.paper_event", "no event " + slug, {}, {{"value", slug}}});
      continue;
    }
    if (std::none_of(p.links.begin(), p.links.end(), [&](const PaperLink& l) { return l.kind == "event" && l.target_id == e->id; }))
      p.links.push_back({"event", e->id, e->slug, e->title_en, e->title_zh});
  }
  return problems;
}

// The members newly named as authors are asked to confirm.
void ask_coauthors(soci::session& sql, const Member& actor, const Paper& p, const Paper* previous) {
  for (const auto& a : p.authors) {
    if (!a.member_id || a.member_id == actor.id || a.confirmed_at) continue;
    if (previous && std::any_of(previous->authors.begin(), previous->authors.end(),
                                [&](const PaperAuthor& old) { return old.member_id == a.member_id; }))
      continue;
    auto params = paper_params(p);
    params["handle"] = actor.handle;
    Notifications::notify(sql, a.member_id, "coauthor_request", params, "/research/papers/" + std::to_string(p.id), p.updated_at);
  }
}

// The first bytes of every PDF ("%PDF-1.7"; the format allows them anywhere in the first
// KiB) and its end-of-file marker near the end: what a PDF reader looks for.
bool looks_like_pdf(std::string_view bytes) {
  const auto head = bytes.substr(0, 1024).find("%PDF-");
  if (head == std::string_view::npos || bytes.size() < head + 8) return false;
  const char major = bytes[head + 5];
  if ((major != '1' && major != '2') || bytes[head + 6] != '.') return false;
  return bytes.substr(bytes.size() > 2048 ? bytes.size() - 2048 : 0).find("%%EOF") != std::string_view::npos;
}

}  // namespace

bool PaperService::can_edit(const Member& actor, const Paper& p) {
  return actor.id == p.submitter_id || actor.role == Role::admin;
}

Result<Paper> PaperService::share(const Member& actor, const PaperInput& input) {
  auto checked = validate(input);
  if (!checked) return checked.error();
  Paper p = std::move(checked.value());
  p.submitter_id = actor.id;
  p.submitter_handle = actor.handle;
  p.created_at = p.updated_at = now_utc();
  return db_.in_transaction([&](soci::session& sql) -> Result<Paper> {
    auto problems = resolve(sql, actor, input, p, nullptr);
    if (!problems.empty()) return Error::invalid("error.fix_fields", "please fix the marked fields", problems);
    p.id = repo_.insert(sql, p);
    ask_coauthors(sql, actor, p, nullptr);
    SearchIndex(db_).put(sql, search_document(p));
    return p;
  });
}

Result<Paper> PaperService::update(const Member& actor, std::int64_t id, const PaperInput& input) {
  auto checked = validate(input);
  if (!checked) return checked.error();
  Paper p = std::move(checked.value());
  return db_.in_transaction([&](soci::session& sql) -> Result<Paper> {
    auto previous = repo_.find(sql, id);
    if (!previous) return Error::make(ErrorCode::not_found, "error.not_found", "no paper " + std::to_string(id));
    if (!can_edit(actor, *previous))
      return Error::make(ErrorCode::forbidden, "error.paper_not_yours", "only the member who shared a paper (or an admin) edits it");
    p.id = id;
    p.submitter_id = previous->submitter_id;
    p.submitter_handle = previous->submitter_handle;
    p.created_at = previous->created_at;
    p.updated_at = now_utc();
    p.votes = previous->votes;
    p.pdf_blob = previous->pdf_blob;
    p.pdf_bytes = previous->pdf_bytes;
    auto problems = resolve(sql, actor, input, p, &*previous);
    if (!problems.empty()) return Error::invalid("error.fix_fields", "please fix the marked fields", problems);
    repo_.update(sql, p);
    ask_coauthors(sql, actor, p, &*previous);
    auto updated = repo_.find(sql, id);
    SearchIndex(db_).put(sql, search_document(*updated));
    return *updated;
  });
}

Result<Paper> PaperService::attach_pdf(const Member& actor, std::int64_t id, std::string_view bytes, BlobStore& blobs) {
  if (bytes.size() > kMaxPdfBytes)
    return Error::make(ErrorCode::too_large, "error.paper_pdf_large", "a PDF is at most 20 MiB");
  if (!looks_like_pdf(bytes))
    return Error::invalid("error.paper_pdf", "the file is not a PDF",
                          {{"pdf", "error.paper_pdf", "the file is not a PDF: its bytes do not start as a PDF's do"}});
  auto p = get(id);
  if (!p) return p.error();
  const bool author = std::any_of(p->authors.begin(), p->authors.end(),
                                  [&](const PaperAuthor& a) { return a.member_id == actor.id && a.confirmed_at; });
  if (!can_edit(actor, p.value()) && !author)
    return Error::make(ErrorCode::forbidden, "error.paper_not_yours", "only the paper's authors, its sharer or an admin add its PDF");
  auto hash = blobs.put(bytes);
  if (!hash) return hash.error();
  db_.write([&](soci::session& sql) { repo_.set_pdf(sql, id, hash.value(), static_cast<std::int64_t>(bytes.size()), now_utc()); });
  return get(id);
}

std::vector<Paper> PaperService::linked_to(const std::string& kind, std::int64_t target_id, int limit) {
  return db_.with_session([&](soci::session& sql) { return repo_.linked_to(sql, kind, target_id, limit); });
}

Result<Paper> PaperService::get(std::int64_t id) {
  auto p = db_.with_session([&](soci::session& sql) { return repo_.find(sql, id); });
  if (!p) return Error::make(ErrorCode::not_found, "error.not_found", "no paper " + std::to_string(id));
  return *p;
}

Result<PaperPage> PaperService::list(const std::string& field, const std::string& tag, std::int64_t before_id, int limit) {
  if (!field.empty() && !research_field_number(field))
    return Error::invalid("error.fix_fields", "please fix the marked fields", {{"field", "error.search_field", "choose a research field from the list"}});
  PaperPage page;
  page.papers = db_.with_session([&](soci::session& sql) { return repo_.list(sql, field, fold_case(tag), before_id, limit + 1); });
  if (static_cast<int>(page.papers.size()) > limit) {
    page.papers.pop_back();
    page.next_before = page.papers.back().id;
  }
  return page;
}

std::vector<Paper> PaperService::by_member(std::int64_t member_id, int limit) {
  return db_.with_session([&](soci::session& sql) { return repo_.by_member(sql, member_id, limit); });
}

std::vector<Paper> PaperService::awaiting(std::int64_t member_id) {
  return db_.with_session([&](soci::session& sql) { return repo_.awaiting(sql, member_id); });
}

Result<Paper> PaperService::answer_authorship(const Member& actor, std::int64_t paper_id, bool accept) {
  return db_.in_transaction([&](soci::session& sql) -> Result<Paper> {
    auto p = repo_.find(sql, paper_id);
    if (!p) return Error::make(ErrorCode::not_found, "error.not_found", "no paper " + std::to_string(paper_id));
    auto it = std::find_if(p->authors.begin(), p->authors.end(), [&](const PaperAuthor& a) { return a.member_id == actor.id; });
    if (it == p->authors.end())
      return Error::make(ErrorCode::forbidden, "error.paper_not_author", "you are not named as an author of this paper");
    if (accept) repo_.confirm_author(sql, paper_id, actor.id, now_utc());
    else repo_.unlink_author(sql, paper_id, actor.id);
    auto updated = repo_.find(sql, paper_id);
    SearchIndex(db_).put(sql, search_document(*updated));
    return *updated;
  });
}

}  // namespace aigc
