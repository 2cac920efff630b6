#include "domain/search/search_sources.hpp"

#include "core/countries.hpp"
#include "domain/competitions/competition_repository.hpp"
#include "domain/discussions/discussion_repository.hpp"
#include "domain/events/event_repository.hpp"
#include "domain/events/programme_service.hpp"
#include "domain/members/member_repository.hpp"
#include "domain/organizations/organization_repository.hpp"
#include "domain/pages/markdown.hpp"
#include "domain/pages/page_repository.hpp"
#include "domain/research/paper_repository.hpp"
#include "domain/search/search_index.hpp"
#include "domain/standards/standard_repository.hpp"
#include "store/integer_rows.hpp"

namespace aigc {

namespace {

std::string joined(std::initializer_list<std::string> parts) {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += "\n";
    out += p;
  }
  return out;
}

}  // namespace

SearchDocument search_document(const Member& m) {
  SearchDocument d;
  d.kind = "member";
  d.object_key = std::to_string(m.id);
  d.title_en = m.display_name;
  std::string skills;
  for (const auto& s : m.skills) skills += (skills.empty() ? "" : ", ") + s;
  // The handle, the affiliation and the country (in both languages) are findable too.
  d.body = joined({"@" + m.handle, m.organization_name,
                   m.country.empty() ? "" : country_name(m.country, "en") + " " + country_name(m.country, "zh-CN"), skills,
                   markdown_plain_text(m.bio_md)});
  d.url = "/members/" + m.handle;
  d.created_at = m.created_at;
  d.updated_at = m.created_at;
  return d;
}

SearchDocument search_document(const Organization& o) {
  SearchDocument d;
  d.kind = "organization";
  d.object_key = o.slug;
  d.title_en = o.name;
  d.title_zh = o.name_zh;
  d.body = joined({o.country.empty() ? "" : country_name(o.country, "en") + " " + country_name(o.country, "zh-CN"),
                   markdown_plain_text(o.description_md), markdown_plain_text(o.description_zh)});
  d.url = "/organizations/" + o.slug;
  d.created_at = o.created_at;
  d.updated_at = o.created_at;
  return d;
}

SearchDocument search_document(const Competition& c) {
  SearchDocument d;
  d.kind = "competition";
  d.object_key = c.slug;
  d.title_en = c.title_en;
  d.title_zh = c.title_zh;
  d.body = joined({markdown_plain_text(c.description_en), markdown_plain_text(c.description_zh)});
  d.url = "/competitions/" + c.slug;
  d.tags = c.tags;
  if (c.visibility == "draft") {
    d.audience = "owner";
    d.owner_id = c.organizer_id;
  }
  d.created_at = c.created_at;
  d.updated_at = c.updated_at ? c.updated_at : c.created_at;
  return d;
}

SearchDocument search_document(const Page& p) {
  SearchDocument d;
  d.kind = "page";
  d.object_key = p.slug + "/" + p.lang;
  (p.lang == "zh-CN" ? d.title_zh : d.title_en) = p.title;
  d.body = joined({p.description, markdown_plain_text(p.body_md)});
  d.url = "/pages/" + p.slug + "?lang=" + p.lang;
  d.created_at = p.updated_at;
  d.updated_at = p.updated_at;
  return d;
}

SearchDocument search_document(const Paper& p) {
  SearchDocument d;
  d.kind = "paper";
  d.object_key = std::to_string(p.id);
  d.title_en = p.title_en;
  d.title_zh = p.title_zh;
  std::string authors;
  for (const auto& a : p.authors) {
    if (!authors.empty()) authors += ", ";
    authors += a.name + (a.handle.empty() ? "" : " @" + a.handle) + (a.affiliation.empty() ? "" : " (" + a.affiliation + ")");
  }
  std::string tags;
  for (const auto& t : p.tags) tags += (tags.empty() ? "" : ", ") + t;
  d.body = joined({markdown_plain_text(p.abstract_en), markdown_plain_text(p.abstract_zh), authors,
                   p.venue + (p.year ? " " + std::to_string(p.year) : ""), tags});
  d.url = "/research/papers/" + std::to_string(p.id);
  d.field = p.fields.empty() ? "" : p.fields.front();
  d.tags = p.tags;
  d.votes = p.votes;
  d.created_at = p.created_at;
  d.updated_at = p.updated_at;
  return d;
}

SearchDocument search_document(const Topic& t, const Post& p) {
  SearchDocument d;
  const bool opening = p.number == 1;
  d.kind = opening ? "topic" : "reply";
  d.object_key = std::to_string(opening ? t.id : p.id);
  // A reply is found by its own words; the topic's title names where it was said.
  const std::string title = opening ? t.title : "Re: " + t.title;
  (t.lang == "zh-CN" ? d.title_zh : d.title_en) = title;
  d.body = markdown_plain_text(p.body_md);
  if (opening) {
    std::string tags;
    for (const auto& tag : t.tags) tags += (tags.empty() ? "" : ", ") + tag;
    d.body = joined({d.body, tags});
  }
  d.url = "/discussions/t/" + std::to_string(t.id) + (opening ? "" : "#p" + std::to_string(p.number));
  d.field = t.field;
  d.tags = t.tags;
  d.owner_id = p.author_id;
  d.votes = p.votes;
  d.created_at = p.created_at;
  d.updated_at = p.edited_at ? p.edited_at : p.created_at;
  return d;
}

void index_member(Database& db, soci::session& sql, const Member& m) {
  SearchIndex index(db);
  if (m.deleted() || m.suspended_at != 0) index.remove(sql, "member", std::to_string(m.id));
  else index.put(sql, search_document(m));
}

namespace {

void event_audience(const Event& e, SearchDocument& d) {
  if (e.status == "draft") d.audience = "owner", d.owner_id = e.created_by;
}

}  // namespace

SearchDocument search_document(const Event& e) {
  SearchDocument d;
  d.kind = "event";
  d.object_key = e.slug;
  d.title_en = e.title_en;
  d.title_zh = e.title_zh;
  std::string orgs;
  for (const auto& o : e.organization_names) orgs += (orgs.empty() ? "" : ", ") + o;
  d.body = joined({markdown_plain_text(e.description_en), markdown_plain_text(e.description_zh), e.venue, e.address, orgs});
  d.url = "/events/" + e.slug;
  d.created_at = e.created_at;
  d.updated_at = e.updated_at;
  event_audience(e, d);
  return d;
}

SearchDocument search_document(const Event& e, const Talk& t) {
  SearchDocument d;
  d.kind = "talk";
  d.object_key = std::to_string(t.id);
  d.title_en = t.title_en;
  d.title_zh = t.title_zh;
  std::string speakers;
  for (const auto& s : t.speakers)
    speakers += (speakers.empty() ? "" : ", ") + s.name + (s.handle.empty() ? "" : " @" + s.handle) +
                (s.affiliation.empty() ? "" : " (" + s.affiliation + ")");
  d.body = joined({markdown_plain_text(t.abstract_md), speakers, e.title_en, e.title_zh});
  d.url = "/events/" + e.slug + "/talks/" + std::to_string(t.id);
  d.created_at = e.created_at;
  d.updated_at = t.updated_at;
  event_audience(e, d);
  return d;
}

SearchDocument search_document(const Standard& s, const StandardVersion* latest) {
  SearchDocument d;
  d.kind = "standard";
  d.object_key = std::to_string(s.id);
  d.title_en = s.title_en;
  d.title_zh = s.title_zh;
  d.body = joined({standard_identifier(s), markdown_plain_text(s.scope_md), latest ? markdown_plain_text(latest->text_en) : "",
                   latest ? markdown_plain_text(latest->text_zh) : ""});
  d.url = "/standards/" + std::to_string(s.id);
  d.field = "ai-standards";
  d.created_at = s.created_at;
  d.updated_at = s.updated_at;
  return d;
}

void index_standard(Database& db, soci::session& sql, std::int64_t standard_id) {
  StandardRepository repo;
  auto s = repo.find_standard(sql, standard_id);
  if (!s) return;
  auto v = s->latest_version > 0 ? repo.find_version(sql, s->id, s->latest_version) : std::nullopt;
  SearchIndex(db).put(sql, search_document(*s, v ? &*v : nullptr));
}

int index_event(Database& db, soci::session& sql, std::int64_t event_id) {
  auto e = EventRepository().find_by_id(sql, event_id);
  if (!e) return 0;
  SearchIndex index(db);
  index.put(sql, search_document(*e));
  int talks = 0;
  for (const auto& t : ProgrammeService::talks(sql, event_id)) index.put(sql, search_document(*e, t)), ++talks;
  return talks;
}

std::map<std::string, std::int64_t> reindex(Database& db) {
  SearchIndex index(db);
  std::map<std::string, std::int64_t> counts;
  db.write([&](soci::session& sql) {
    index.clear(sql, "organization");
    OrganizationRepository orgs;
    for (const auto& o : orgs.list(sql, "", "")) {
      index.put(sql, search_document(o));
      ++counts["organization"];
    }
  });
  db.write([&](soci::session& sql) {
    index.clear(sql, "competition");
    CompetitionRepository comps;
    for (auto id : comps.ids(sql))
      if (auto c = comps.find_by_id(sql, id)) {
        index.put(sql, search_document(*c));
        ++counts["competition"];
      }
  });
  db.write([&](soci::session& sql) {
    index.clear(sql, "page");
    PageRepository pages;
    for (const auto& listed : pages.list(sql))
      if (auto p = pages.find(sql, listed.slug, listed.lang)) {
        index.put(sql, search_document(*p));
        ++counts["page"];
      }
  });
  db.write([&](soci::session& sql) {
    index.clear(sql, "paper");
    PaperRepository papers;
    std::vector<SearchDocument> docs;
    for (auto id : papers.ids(sql))
      if (auto p = papers.find(sql, id)) docs.push_back(search_document(*p));
    index.put_all(sql, docs);
    counts["paper"] += static_cast<std::int64_t>(docs.size());
  });
  db.write([&](soci::session& sql) {
    index.clear(sql, "topic");
    index.clear(sql, "reply");
    DiscussionRepository discussions;
    std::vector<SearchDocument> docs;
    for (auto id : discussions.topic_ids(sql)) {
      auto t = discussions.find_topic(sql, id);
      if (!t || t->hidden_at || t->merged_into) continue;
      for (const auto& p : discussions.posts(sql, id))
        if (!p.hidden_at) {
          docs.push_back(search_document(*t, p));
          ++counts[p.number == 1 ? "topic" : "reply"];
        }
    }
    index.put_all(sql, docs);
  });
  db.write([&](soci::session& sql) {
    index.clear(sql, "event");
    index.clear(sql, "talk");
    for (auto id : select_ids(sql, "SELECT id FROM events ORDER BY id")) {
      counts["talk"] += index_event(db, sql, id);
      ++counts["event"];
    }
  });
  db.write([&](soci::session& sql) {
    index.clear(sql, "standard");
    for (auto id : select_ids(sql, "SELECT id FROM standards ORDER BY id")) {
      index_standard(db, sql, id);
      ++counts["standard"];
    }
  });
  // Members in batches of a transaction each: a million of them must not hold the write
  // lock for minutes. Searches meanwhile see members from the old index or the new one.
  db.write([&](soci::session& sql) { index.clear(sql, "member"); });
  MemberRepository members;
  for (std::int64_t after = 0;;) {
    std::vector<Member> batch;
    db.write([&](soci::session& sql) {
      batch = members.active_after(sql, after, 2000);
      std::vector<SearchDocument> docs;
      for (const auto& m : batch) docs.push_back(search_document(m));
      index.put_all(sql, docs);
    });
    if (batch.empty()) break;
    counts["member"] += static_cast<std::int64_t>(batch.size());
    after = batch.back().id;
  }
  return counts;
}

}  // namespace aigc
