// What each area puts in the search index, and who may see it: the one place that turns
// a member, an organization, a competition, a page or a paper into a search document. Areas call
// these inside the transaction that changes the object; `reindex` rebuilds the whole index
// from the areas' tables (`aigc search reindex`).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <soci/soci.h>

#include "domain/competitions/competition.hpp"
#include "domain/discussions/discussion.hpp"
#include "domain/events/event.hpp"
#include "domain/members/member.hpp"
#include "domain/organizations/organization.hpp"
#include "domain/pages/page.hpp"
#include "domain/research/paper.hpp"
#include "domain/search/search_document.hpp"
#include "domain/standards/standard.hpp"
#include "store/database.hpp"

namespace aigc {

// A deleted or suspended member is not findable: callers remove() such a member instead.
SearchDocument search_document(const Member& m);
SearchDocument search_document(const Organization& o);
// A draft is seen by its organizer (and admins) only.
SearchDocument search_document(const Competition& c);
SearchDocument search_document(const Page& p);
// Found by its titles, abstracts, authors, venue and tags; its first field is its field.
SearchDocument search_document(const Paper& p);
// A topic's opening post is the topic (kind "topic"); every later post is a "reply".
// Hidden posts are not indexed: moderation removes them.
SearchDocument search_document(const Topic& t, const Post& p);

// An event (kind "event") and each of its talks (kind "talk"): a draft's are seen by its
// creator (and admins) only.
SearchDocument search_document(const Event& e);
SearchDocument search_document(const Event& e, const Talk& t);
// Puts the event and every talk of its programme, in the caller's transaction (a change of
// status changes who may find them all). Returns how many talks it put.
int index_event(Database& db, soci::session& sql, std::int64_t event_id);

// A standard (kind "standard"), found by its identifier, titles, scope and latest text in
// both languages; public at every status, as drafts in the open are.
SearchDocument search_document(const Standard& s, const StandardVersion* latest);
void index_standard(Database& db, soci::session& sql, std::int64_t standard_id);

// Puts or removes the member as their state says, in the caller's transaction.
void index_member(Database& db, soci::session& sql, const Member& m);

// Rebuilds the index in one transaction per area; returns the documents per kind.
std::map<std::string, std::int64_t> reindex(Database& db);

}  // namespace aigc
