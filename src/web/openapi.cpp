// The OpenAPI 3 description of /api/v1. A test checks that it lists exactly the API
// routes the server registers, so the two cannot drift apart.
#include "web/app.hpp"

namespace aigc {

using nlohmann::json;

namespace {

json ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }

json response(const std::string& description, const json& schema) {
  return {{"description", description}, {"content", {{"application/json", {{"schema", schema}}}}}};
}

json errors() {
  return {{"4XX", response("The request cannot be served; see error.message", ref("Error"))}};
}

json op(const std::string& summary, const json& ok, json params = json::array(), bool auth = false) {
  json o = {{"summary", summary}, {"responses", errors()}};
  o["responses"]["200"] = response("OK", ok);
  if (!params.empty()) o["parameters"] = params;
  if (auth) o["security"] = json::array({{{"bearer", json::array()}}});
  return o;
}

json path_param(const std::string& name) {
  return {{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}};
}

json query_param(const std::string& name, const std::string& description) {
  return {{"name", name}, {"in", "query"}, {"required", false}, {"description", description}, {"schema", {{"type", "string"}}}};
}

// Idempotency-Key: a retry with the same key gets the first answer back.
json idempotency_key_header() {
  return {{"name", "Idempotency-Key"}, {"in", "header"}, {"required", false},
          {"description", "up to 255 printable characters (a UUID): a retry with the same key gets the first request's result back "
                          "(header Idempotent-Replayed: true) instead of a second one; the same key for another target is a 409"},
          {"schema", {{"type", "string"}, {"maxLength", 255}}}};
}

json list_of(const std::string& field, const std::string& schema) {
  return {{"type", "object"}, {"properties", {{field, {{"type", "array"}, {"items", ref(schema)}}}}}};
}

}  // namespace

json openapi_document() {
  json doc;
  doc["openapi"] = "3.0.3";
  doc["info"] = {{"title", "AIGC Hub API"}, {"version", "1"},
                 {"description", "Members, organizations, pages, competitions (teams, submissions, leaderboards), research, discussions and events (registration, programme) of the AI Global Community."}};
  doc["components"]["securitySchemes"]["bearer"] = {{"type", "http"}, {"scheme", "bearer"},
                                                    {"description", "A personal API token from /settings/tokens"}};
  auto& s = doc["components"]["schemas"];
  s["Error"] = {{"type", "object"},
                {"properties",
                 {{"error",
                   {{"type", "object"},
                    {"properties",
                     {{"code", {{"type", "string"}}},
                      {"message", {{"type", "string"}}},
                      {"details",
                       {{"type", "array"},
                        {"items",
                         {{"type", "object"},
                          {"properties",
                           {{"field", {{"type", "string"}}},
                            {"code", {{"type", "string"}, {"description", "an i18n key; scoring.* for a problem in an uploaded file"}}},
                            {"message", {{"type", "string"}, {"description", "worded in the request's language"}}},
                            {"position", {{"type", "string"}, {"description", "file:line:column in an uploaded file"}}},
                            {"values", {{"type", "object"}, {"description", "the values the code's wording names"}}}}}}}}}}}}}}}};
  s["Member"] = {{"type", "object"},
                 {"properties",
                  {{"handle", {{"type", "string"}}}, {"display_name", {{"type", "string"}}},
                   {"avatar_url", {{"type", "string"}}}, {"deleted", {{"type", "boolean"}}},
                   {"country", {{"type", "string"}}}, {"skills", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                   {"role", {{"type", "string"}}}, {"url", {{"type", "string"}}}}}};
  json facet = {{"type", "array"},
                {"items", {{"type", "object"}, {"properties", {{"value", {{"type", "string"}}}, {"count", {{"type", "integer"}}}}}}}};
  s["SearchHit"] = {{"type", "object"},
                    {"properties",
                     {{"type", {{"type", "string"}}}, {"id", {{"type", "string"}}}, {"title", {{"type", "string"}, {"description", "in the request's language when written in it"}}},
                      {"url", {{"type", "string"}}},
                      {"snippet_html", {{"type", "string"}, {"description", "escaped text; the matched words in <mark>"}}},
                      {"date", {{"type", "string"}, {"format", "date-time"}}}, {"field", {{"type", "string"}}},
                      {"tags", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                      {"langs", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                      {"votes", {{"type", "integer"}}}, {"score", {{"type", "number"}}}}}};
  s["SearchResults"] = {{"type", "object"},
                        {"properties",
                         {{"query", {{"type", "string"}}}, {"total", {{"type", "integer"}, {"description", "every visible match"}}},
                          {"ranked", {{"type", "integer"}, {"description", "how many of them are ranked and can be paged through (all, up to 1,000; else 300)"}}},
                          {"results", {{"type", "array"}, {"items", ref("SearchHit")}}},
                          {"facets", {{"type", "object"}, {"properties", {{"type", facet}, {"field", facet}, {"lang", facet}}}}},
                          {"next_cursor", {{"type", "string"}, {"nullable", true}}}}}};
  s["Paper"] = json::parse(R"({"type": "object", "properties": {
      "id": {"type": "string"}, "url": {"type": "string"},
      "title": {"type": "string", "description": "in the request's language when written in it"},
      "abstract_md": {"type": "string"}, "title_en": {"type": "string"}, "title_zh": {"type": "string"},
      "abstract_en": {"type": "string"}, "abstract_zh": {"type": "string"},
      "authors": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"},
                  "affiliation": {"type": "string"}, "handle": {"type": "string"}, "confirmed": {"type": "boolean"}}}},
      "year": {"type": "integer"}, "venue": {"type": "string"}, "arxiv_id": {"type": "string"}, "doi": {"type": "string"},
      "links": {"type": "array", "items": {"type": "object"}}, "fields": {"type": "array", "items": {"type": "object"}},
      "tags": {"type": "array", "items": {"type": "string"}}, "votes": {"type": "integer"},
      "submitter": {"type": "string"}, "created_at": {"type": "string", "format": "date-time"},
      "related": {"type": "array", "items": {"type": "object", "properties": {"kind": {"type": "string"}, "key": {"type": "string"},
                  "url": {"type": "string"}, "title": {"type": "string"}}}, "description": "competitions it relates to"},
      "pdf_url": {"type": "string", "nullable": true}, "pdf_bytes": {"type": "integer"}}})");
  s["Organization"] = {{"type", "object"},
                       {"properties",
                        {{"slug", {{"type", "string"}}}, {"name", {{"type", "string"}}}, {"kind", {{"type", "string"}}},
                         {"country", {{"type", "string"}}}, {"website", {{"type", "string"}}},
                         {"member_count", {{"type", "integer"}}}}}};
  s["PageSummary"] = {{"type", "object"},
                      {"properties",
                       {{"slug", {{"type", "string"}}}, {"title", {{"type", "string"}}}, {"lang", {{"type", "string"}}},
                        {"url", {{"type", "string"}}}}}};
  s["Page"] = {{"type", "object"},
               {"properties",
                {{"slug", {{"type", "string"}}}, {"title", {{"type", "string"}}}, {"lang", {{"type", "string"}}},
                 {"front_matter", {{"type", "object"}}}, {"html", {{"type", "string"}}},
                 {"toc", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}};
  s["Competition"] = {{"type", "object"},
                      {"properties",
                       {{"slug", {{"type", "string"}}}, {"title", {{"type", "string"}}}, {"visibility", {{"type", "string"}}},
                        {"playground", {{"type", "boolean"}, {"description", "always open, scored at once, never medals; learning paths use these"}}},
                        {"tags", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                        {"phases", {{"type", "array"},
                                    {"items", {{"type", "object"},
                                               {"properties", {{"name", {{"type", "string"}}},
                                                               {"description", {{"type", "string"}, {"description", "markdown in the reader's language, else the other"}}},
                                                               {"description_en", {{"type", "string"}}},
                                                               {"description_zh", {{"type", "string"}}},
                                                               {"starts_at", {{"type", "string"}}},
                                                               {"ends_at", {{"type", "string"}}},
                                                               {"status", {{"type", "string"}}},
                                                               {"metric", {{"type", "string"}}}}}}}}}}}};
  s["Team"] = {{"type", "object"},
               {"properties",
                {{"id", {{"type", "integer"}}}, {"name", {{"type", "string"}}}, {"baseline", {{"type", "boolean"}}},
                 {"members", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}};
  s["Submission"] = {
      {"type", "object"},
      {"description", "private_score appears only once the phase's private leaderboard is revealed (or to its organizer)"},
      {"properties",
       {{"id", {{"type", "string"}}}, {"phase", {{"type", "string"}}}, {"team", {{"type", "string"}}},
        {"submitter", {{"type", "string"}}}, {"filename", {{"type", "string"}}}, {"message", {{"type", "string"}}},
        {"status", {{"type", "string"}, {"enum", {"queued", "scoring", "scored", "failed"}}}},
        {"error", {{"type", "string"}, {"nullable", true}, {"description", "why it failed, in English"}}},
        {"problems", {{"type", "array"},
                      {"description", "a failure's problems as codes (scoring.*) with position and values, to word in any language"},
                      {"items", {{"type", "object"}}}}},
        {"public_score", {{"type", "number"}, {"nullable", true}}},
        {"public_details", {{"type", "object"}}}, {"selected", {{"type", "boolean"}}},
        {"created_at", {{"type", "string"}}}, {"scored_at", {{"type", "string"}, {"nullable", true}}}}}};
  s["Leaderboard"] = {{"type", "object"},
                      {"properties",
                       {{"board", {{"type", "string"}}}, {"phase", {{"type", "string"}}}, {"higher_is_better", {{"type", "boolean"}}},
                        {"total", {{"type", "integer"}, {"description", "rows on the board, baselines included (for paging)"}}},
                        {"teams", {{"type", "integer"}, {"description", "ranked teams: baselines are not counted"}}},
                        {"offset", {{"type", "integer"}}}, {"version", {{"type", "integer"}}},
                        {"next_cursor", {{"type", "string"}, {"nullable", true},
                                         {"description", "pass as cursor for the next page (null on the last): every page costs the same"}}},
                        {"entries", {{"type", "array"}, {"items", {{"type", "object"},
                                                                   {"properties", {{"rank", {{"type", "integer"}, {"nullable", true}, {"description", "null for a baseline, a reference row"}}},
                                                                                   {"baseline", {{"type", "boolean"}}},
                                                                                   {"team", {{"type", "string"}}},
                                                                                   {"members", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                                                                                   {"score", {{"type", "number"}}},
                                                                                   {"entries", {{"type", "integer"}}},
                                                                                   {"submitted_at", {{"type", "string"}}},
                                                                                   {"last_submission_at", {{"type", "string"}}}}}}}}}}}};
  s["Notification"] = {{"type", "object"},
                       {"properties",
                        {{"id", {{"type", "integer"}}}, {"kind", {{"type", "string"}}},
                         {"title", {{"type", "string"}, {"description", "in the reader's language"}}},
                         {"link", {{"type", "string"}, {"description", "a site path"}}}, {"created_at", {{"type", "string"}}},
                         {"read", {{"type", "boolean"}}}}}};
  s["Topic"] = json::parse(R"({"type": "object", "properties": {
      "id": {"type": "string"}, "url": {"type": "string"}, "title": {"type": "string"},
      "lang": {"type": "string", "description": "en or zh-CN: the language it is written in"},
      "category": {"type": "string", "description": "general, help, announcements, field, competition or paper"},
      "field": {"type": "string", "nullable": true}, "field_name": {"type": "string"},
      "competition": {"type": "string", "description": "the competition's slug, for its forum"},
      "paper_id": {"type": "string", "description": "the paper, for its thread"},
      "tags": {"type": "array", "items": {"type": "string"}}, "author": {"type": "string"}, "author_name": {"type": "string"},
      "votes": {"type": "integer", "description": "votes on its opening post"}, "replies": {"type": "integer"},
      "created_at": {"type": "string"}, "last_posted_at": {"type": "string"},
      "pinned": {"type": "boolean"}, "locked": {"type": "boolean"}, "hidden": {"type": "boolean"},
      "merged_into": {"type": "string", "description": "set when a moderator merged it into another topic"},
      "posts": {"type": "array", "items": {"$ref": "#/components/schemas/Post"}, "description": "GET /api/v1/topics/{id} only"}}})");
  s["Post"] = json::parse(R"({"type": "object", "properties": {
      "id": {"type": "string"}, "topic_id": {"type": "string"}, "number": {"type": "integer", "description": "1 is the opening post"},
      "url": {"type": "string"}, "author": {"type": "string"}, "author_name": {"type": "string"},
      "reply_to": {"type": "string", "nullable": true}, "reply_to_number": {"type": "integer", "nullable": true},
      "body_md": {"type": "string"}, "votes": {"type": "integer"}, "revisions": {"type": "integer"},
      "created_at": {"type": "string"}, "edited_at": {"type": "string", "nullable": true}, "hidden": {"type": "boolean"}}})");
  s["Token"] = {{"type", "object"},
                {"properties", {{"id", {{"type", "string"}}}, {"name", {{"type", "string"}}}, {"prefix", {{"type", "string"}}}}}};

  auto& p = doc["paths"];
  p["/api/v1/openapi.json"]["get"] = op("This document", {{"type", "object"}});
  p["/api/v1/me"]["get"] = op("The member the token belongs to", ref("Member"), json::array(), true);
  p["/api/v1/members"]["get"] =
      op("Member directory, newest first, keyset paged", list_of("members", "Member"),
         {query_param("country", "ISO 3166-1 alpha-2"), query_param("organization", "organization slug"),
          query_param("skill", "skill tag"), query_param("after", "next_after from the previous page"),
          query_param("limit", "1-100, default 50")});
  p["/api/v1/members/{handle}"]["get"] = op("One member", ref("Member"), {path_param("handle")});
  p["/api/v1/papers"]["get"] = op("Papers and research outputs, newest first, by field or tag; follow next_before",
                                 {{"type", "object"}, {"properties", {{"papers", {{"type", "array"}, {"items", ref("Paper")}}},
                                                                     {"next_before", {{"type", "string"}, {"nullable", true}}}}}},
                                 {query_param("field", "a research field id such as computer-vision"), query_param("tag", "a tag"),
                                  query_param("before", "next_before from the previous page"), query_param("limit", "1-100, default 20")});
  p["/api/v1/papers/{id}"]["get"] = op("One paper with its authors, links, fields and both languages' texts", ref("Paper"), {path_param("id")});
  p["/api/v1/papers"]["post"] = op("Share a paper (signed in). 201 with the paper; 422 names each field to fix", ref("Paper"), json::array(), true);
  p["/api/v1/papers"]["post"]["requestBody"] = json::parse(R"({"required": true, "content": {"application/json": {"schema": {
      "type": "object", "required": ["authors", "year", "fields"], "properties": {
      "title_en": {"type": "string"}, "title_zh": {"type": "string"},
      "abstract_en": {"type": "string", "description": "markdown"}, "abstract_zh": {"type": "string"},
      "authors": {"type": "array", "items": {"type": "string"},
                  "description": "in order: \"@handle\" for a member (asked to confirm), else \"Name (Affiliation)\""},
      "year": {"type": "integer"}, "venue": {"type": "string"},
      "arxiv_id": {"type": "string", "description": "2301.01234 or cs/0112017"},
      "doi": {"type": "string", "description": "10.1000/xyz123"},
      "code_url": {"type": "string"}, "data_url": {"type": "string"}, "project_url": {"type": "string"},
      "fields": {"type": "array", "items": {"type": "string"}, "description": "research field ids"},
      "tags": {"type": "array", "items": {"type": "string"}},
      "competitions": {"type": "array", "items": {"type": "string"}, "description": "slugs of related competitions"},
      "events": {"type": "array", "items": {"type": "string"}, "description": "slugs of the events where it was presented"}}}}}})");
  const json feed_params = {query_param("order", "latest (default), top or unanswered"),
                             query_param("period", "for top: day, week, month, year or all"),
                             query_param("category", "general, help, announcements or field-<field id>"),
                             query_param("field", "a research field id"), query_param("tag", "a tag"),
                             query_param("member", "topics a member started (handle)"),
                             query_param("competition", "a competition's forum (slug)"),
                             query_param("cursor", "next_cursor from the previous page"), query_param("limit", "1-100, default 30")};
  p["/api/v1/topics"]["get"] = op(
      "A discussion feed. Pinned topics come first on the first page of latest. The same feeds are Atom at "
      "/discussions/feed.atom with these parameters.",
      json::parse(R"({"type": "object", "properties": {"pinned": {"type": "array", "items": {"$ref": "#/components/schemas/Topic"}},
          "topics": {"type": "array", "items": {"$ref": "#/components/schemas/Topic"}},
          "next_cursor": {"type": "string", "nullable": true}}})"),
      feed_params);
  p["/api/v1/topics"]["post"] = op(
      "Start a topic (signed in). 201 with the topic (its id and url); 422 names each field to fix; 429 when a new member "
      "has posted 10 times today. New members' first post cannot carry links, later ones at most 2.",
      ref("Topic"), json::array(), true);
  p["/api/v1/topics"]["post"]["requestBody"] = json::parse(R"({"required": true, "content": {"application/json": {"schema": {
      "type": "object", "required": ["title", "body_md"], "properties": {
      "title": {"type": "string", "description": "one line, 2-200 characters"},
      "body_md": {"type": "string", "description": "markdown; @handle mentions a member"},
      "category": {"type": "string", "description": "general (default), help, announcements (moderators, organizers) or field-<field id>"},
      "competition": {"type": "string", "description": "a published competition's slug: post in its forum instead"},
      "tags": {"type": "array", "items": {"type": "string"}, "description": "at most 5; a comma-separated string works too"},
      "lang": {"type": "string", "description": "en or zh-CN; by default, from the text"}}}}}})");
  p["/api/v1/topics/{id}"]["get"] = op("A topic with the posts the caller may see", ref("Topic"), {path_param("id")});
  p["/api/v1/topics/{id}/replies"]["get"] = op("A topic's replies, in order", list_of("replies", "Post"), {path_param("id")});
  p["/api/v1/topics/{id}/replies"]["post"] =
      op("Reply (signed in). 201 with the post (its id and url); 409 when the topic is locked", ref("Post"), {path_param("id")}, true);
  p["/api/v1/topics/{id}/replies"]["post"]["requestBody"] = json::parse(R"({"required": true, "content": {"application/json": {"schema": {
      "type": "object", "required": ["body_md"], "properties": {"body_md": {"type": "string"},
      "reply_to": {"type": "string", "description": "the id of the post of this topic it answers"}}}}}})");
  const json vote_body = json::parse(R"({"content": {"application/json": {"schema": {"type": "object", "properties": {
      "on": {"type": "boolean", "description": "true (default) votes, false takes the vote back"}}}}}})");
  const json vote_result = json::parse(R"({"type": "object", "properties": {"votes": {"type": "integer"}, "voted": {"type": "boolean"}}})");
  p["/api/v1/posts/{id}/vote"]["post"] = op("Vote for a post (one vote a member; not your own)", vote_result, {path_param("id")}, true);
  p["/api/v1/posts/{id}/vote"]["post"]["requestBody"] = vote_body;
  p["/api/v1/papers/{id}/vote"]["post"] = op("Vote for a paper (one vote a member; not your own)", vote_result, {path_param("id")}, true);
  p["/api/v1/papers/{id}/vote"]["post"]["requestBody"] = vote_body;
  p["/api/v1/papers/{id}"]["put"] = op("Change a paper (its sharer or an admin): the whole paper, as POST sends it. Named members "
                                       "keep their confirmations; newly named ones are asked", ref("Paper"), {path_param("id")}, true);
  p["/api/v1/papers/{id}"]["put"]["requestBody"] = p["/api/v1/papers"]["post"]["requestBody"];
  p["/api/v1/papers/{id}/pdf"]["post"] = op(
      "Add or replace the paper's PDF (its sharer, a confirmed member author, an admin): the body as application/pdf, or the "
      "multipart field pdf. At most 20 MiB; 422 unless the bytes are a PDF's. The PDF is served at /research/papers/{id}/pdf",
      ref("Paper"), {path_param("id")}, true);
  p["/api/v1/search"]["get"] = op(
      "Search everything the caller may see: papers, topics, replies, events, talks, competitions, pages, organizations, members "
      "(standards as that area arrives). Chinese and English: Traditional finds Simplified, English words match their "
      "inflections. All words must appear; \"quoted words\" together; -word excludes.",
      ref("SearchResults"),
      {{{"name", "q"}, {"in", "query"}, {"required", true}, {"description", "the search, at most 256 characters"}, {"schema", {{"type", "string"}}}},
       query_param("type", "paper, topic, reply, event, talk, competition, page, organization or member"), query_param("field", "a research field"),
       query_param("tag", "a tag"), query_param("lang", "en or zh-CN: documents with text in that language"),
       query_param("limit", "1-50, default 20"), query_param("cursor", "next_cursor from the previous page")});
  p["/api/v1/organizations"]["get"] = op("Partner organizations", list_of("organizations", "Organization"),
                                         {query_param("kind", "company, university, ..."), query_param("country", "ISO code")});
  p["/api/v1/organizations"]["post"] = op("Create an organization (organizers, admins)", ref("Organization"), json::array(), true);
  p["/api/v1/organizations"]["post"]["requestBody"] = {
      {"content", {{"application/json", {{"schema", {{"type", "object"}, {"required", {"name", "kind"}}}}}}}}};
  p["/api/v1/organizations/{slug}"]["get"] = op("One organization", ref("Organization"), {path_param("slug")});
  p["/api/v1/pages"]["get"] = op("Every page: slug, title, language, url", list_of("pages", "PageSummary"));
  p["/api/v1/pages/{slug}"]["get"] = op("One page: front matter, HTML, table of contents", ref("Page"),
                                        {path_param("slug"), query_param("lang", "en or zh-CN")});
  p["/api/v1/competitions"]["get"] = op("Competitions: published ones, plus your own drafts as an organizer", list_of("competitions", "Competition"));
  p["/api/v1/competitions/{slug}"]["get"] = op("One competition with its phases", ref("Competition"), {path_param("slug")});
  p["/api/v1/competitions/{slug}/files"]["post"] = op("Upload a public file or a phase's hidden truth (organizer): multipart fields file, kind, phase",
                                                       {{"type", "object"}}, {path_param("slug")}, true);
  p["/api/v1/competitions/{slug}/cover"]["post"] =
      op("Set the cover (organizer): multipart field cover, a PNG or JPEG picture, re-encoded and served at /media/<sha256>.png; "
         "field remove=1 instead removes it. 200 with {\"cover\": url}; 422 when the file is not a picture",
         {{"type", "object"}}, {path_param("slug")}, true);
  p["/api/v1/competitions/{slug}/join"]["post"] = op("Accept the rules and join (you become a team of one); idempotent", ref("Team"),
                                                      {path_param("slug")}, true);
  p["/api/v1/competitions/{slug}/team"]["get"] = op("Your participation and team", {{"type", "object"}}, {path_param("slug")}, true);
  p["/api/v1/competitions/{slug}/submissions"]["post"] =
      op("Submit a prediction file: multipart fields file (required), phase (default: the open one), message. Checked at once: "
         "422 with the scoring engine's line-and-column errors for a wrong file (not counted); 429 over the daily or total limit; "
         "409 outside the phase's window; 507 insufficient_storage when the server's disk is full (nothing stored, nothing counted). "
         "201 with the queued submission.",
         ref("Submission"), {path_param("slug"), idempotency_key_header()}, true);
  p["/api/v1/competitions/{slug}/submissions"]["get"] =
      op("Your team's submissions in a phase, newest first, with its public rank and quota use", list_of("submissions", "Submission"),
         {path_param("slug"), query_param("phase", "phase name (default: the open one)")}, true);
  p["/api/v1/submissions/{id}"]["get"] = op("One submission of your team (status, public score)", ref("Submission"), {path_param("id")}, true);
  p["/api/v1/submissions/{id}/select"]["post"] =
      op("Choose (selected: true) or drop a final submission for the private leaderboard", ref("Submission"), {path_param("id")}, true);
  p["/api/v1/competitions/{slug}/leaderboard"]["get"] =
      op("A leaderboard page, best first; board=private is 403 until the phase ends and the organizer reveals it", ref("Leaderboard"),
         {path_param("slug"), query_param("phase", "phase name (default: the open one)"), query_param("board", "public (default) or private"),
          query_param("offset", "rows to skip (a deep offset costs more: prefer cursor)"),
          query_param("cursor", "next_cursor from the previous page; offset is then ignored"), query_param("limit", "1-1000, default 100")});
  p["/api/v1/notifications"]["get"] =
      op("Your notifications, newest first, 30 a page, with the unread count", list_of("notifications", "Notification"),
         {query_param("before", "next_before from the previous page")}, true);
  p["/api/v1/notifications/read"]["post"] = op("Mark all your notifications read", {{"type", "object"}}, json::array(), true);
  p["/api/v1/tokens"]["get"] = op("Your API tokens", list_of("tokens", "Token"), json::array(), true);
  p["/api/v1/tokens/{id}"]["delete"] = op("Revoke a token", {{"type", "object"}}, {path_param("id")}, true);
  // --- events ---
  s["TicketType"] = json::parse(R"J({"type": "object", "properties": {
      "name": {"type": "string"}, "name_zh": {"type": "string"}, "capacity": {"type": "integer"},
      "available": {"type": "integer", "description": "seats left now"}, "waiting": {"type": "integer"},
      "price_cents": {"type": "integer", "description": "shown only: payment happens outside the platform"},
      "currency": {"type": "string"}, "requires_approval": {"type": "boolean"},
      "sales_start": {"type": "string", "format": "date-time", "nullable": true},
      "sales_end": {"type": "string", "format": "date-time", "nullable": true}}})J");
  s["Talk"] = json::parse(R"J({"type": "object", "properties": {
      "id": {"type": "integer"}, "kind": {"type": "string", "description": "keynote, talk, poster, workshop, panel, break"},
      "title_en": {"type": "string"}, "title_zh": {"type": "string"}, "track_id": {"type": "integer"}, "room_id": {"type": "integer"},
      "session_id": {"type": "integer", "description": "the session block it belongs to (programme.sessions); 0: none"},
      "starts_at": {"type": "string", "format": "date-time", "nullable": true}, "ends_at": {"type": "string", "format": "date-time", "nullable": true},
      "speakers": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}, "affiliation": {"type": "string"},
                   "handle": {"type": "string", "nullable": true}}}},
      "slides_url": {"type": "string"}, "recording_url": {"type": "string"}}})J");
  s["Event"] = json::parse(R"J({"type": "object", "properties": {
      "slug": {"type": "string"}, "title_en": {"type": "string"}, "title_zh": {"type": "string"},
      "kind": {"type": "string", "description": "conference, workshop, meetup or online"},
      "status": {"type": "string", "description": "draft, published or cancelled"},
      "starts_at": {"type": "string", "format": "date-time"}, "ends_at": {"type": "string", "format": "date-time"},
      "timezone": {"type": "string", "description": "IANA zone the programme is laid out in"},
      "venue": {"type": "string"}, "address": {"type": "string"}, "map_url": {"type": "string"}, "online_url": {"type": "string"},
      "ticket_types": {"type": "array", "items": {"$ref": "#/components/schemas/TicketType"}, "description": "hidden types are left out"},
      "calendar": {"type": "string", "description": "the event's iCalendar feed"},
      "version": {"type": "integer", "description": "bumped by every change to the event, its programme or its seats"},
      "programme": {"type": "object", "description": "GET /api/v1/events/{slug} only", "properties": {
          "tracks": {"type": "array", "items": {"type": "object"}}, "rooms": {"type": "array", "items": {"type": "object"}},
          "talks": {"type": "array", "items": {"$ref": "#/components/schemas/Talk"}}}}}})J");
  s["Registration"] = json::parse(R"J({"type": "object", "properties": {
      "id": {"type": "integer"}, "ticket_type": {"type": "string"},
      "status": {"type": "string", "description": "confirmed, pending (awaits approval), waitlisted, offered (a freed seat held for you), cancelled, rejected, expired"},
      "position": {"type": "integer", "description": "place in the ticket type's waiting line (waitlisted only)"},
      "offer_expires_at": {"type": "string", "format": "date-time", "description": "offered only"},
      "created_at": {"type": "string", "format": "date-time"}, "checked_in_at": {"type": "string", "format": "date-time"}}})J");
  p["/api/v1/events"]["get"] = op("Upcoming published events, soonest first (when=past: past events, latest first)", list_of("events", "Event"),
                                  {query_param("when", "upcoming (default) or past")});
  p["/api/v1/events"]["post"] = op(
      "Create an event (organizers and admins). 201 with the event; it is a draft unless status is published. 422 names each field to "
      "fix (ticket_types.N.capacity, time_zone, ends_at...); 409 when the slug is taken.", ref("Event"), json::array(), true);
  p["/api/v1/events"]["post"]["requestBody"] = json::parse(R"J({"required": true, "content": {"application/json": {"schema": {
      "type": "object", "required": ["slug", "starts_at", "ends_at", "ticket_types"], "properties": {
      "slug": {"type": "string", "description": "lower-case letters, digits and -"},
      "title_en": {"type": "string"}, "title_zh": {"type": "string", "description": "one of the titles at least"},
      "description_en": {"type": "string"}, "description_zh": {"type": "string"},
      "kind": {"type": "string", "description": "conference (default), workshop, meetup, online"},
      "venue": {"type": "string"}, "address": {"type": "string"}, "map_url": {"type": "string"}, "online_url": {"type": "string"},
      "timezone": {"type": "string", "description": "IANA zone; default Asia/Shanghai"},
      "starts_at": {"type": "string", "description": "wall-clock 2026-12-05T09:00 in timezone, or RFC 3339 with an offset"},
      "ends_at": {"type": "string"},
      "cfp_opens_at": {"type": "string"}, "cfp_closes_at": {"type": "string", "description": "set to open a call for proposals"},
      "offer_hours": {"type": "integer", "description": "how long a freed seat waits for the next in line (default 24; 0 gives it at once)"},
      "managers": {"type": "string", "description": "@handles who run the event with you"},
      "organizations": {"type": "string", "description": "partner organizations' slugs"},
      "status": {"type": "string", "description": "published to publish at once"},
      "ticket_types": {"type": "array", "items": {"type": "object", "required": ["name", "capacity"], "properties": {
          "name": {"type": "string"}, "name_zh": {"type": "string"}, "capacity": {"type": "integer"},
          "price_cents": {"type": "integer"}, "currency": {"type": "string"}, "sales_start": {"type": "string"}, "sales_end": {"type": "string"},
          "requires_approval": {"type": "boolean"}, "hidden": {"type": "boolean", "description": "only with an invitation code"},
          "transferable": {"type": "boolean"}, "per_member": {"type": "integer"}}}}}}}}})J");
  p["/api/v1/events"]["post"]["responses"]["201"] = p["/api/v1/events"]["post"]["responses"]["200"];
  p["/api/v1/events/{slug}"]["get"] = op("An event with its programme (tracks, rooms, talks with speakers)", ref("Event"), {path_param("slug")});
  p["/api/v1/events/{slug}/registrations"]["get"] = op("The caller's registrations for the event", list_of("registrations", "Registration"),
                                                       {path_param("slug")}, true);
  p["/api/v1/events/{slug}/registrations"]["post"] = op(
      "Register (signed in). 201 with {\"status\": \"confirmed\"}, {\"status\": \"waitlisted\", \"position\": N} or {\"status\": "
      "\"pending\"} (types that need approval). Capacity holds under any concurrency. 409 when registered already, the event is over "
      "or cancelled, or the type is not on sale; 422 for an unknown type, a missing code or answer.",
      ref("Registration"), {path_param("slug"), idempotency_key_header()}, true);
  p["/api/v1/events/{slug}/registrations"]["post"]["requestBody"] = json::parse(R"J({"required": true, "content": {"application/json": {"schema": {
      "type": "object", "required": ["ticket_type"], "properties": {"ticket_type": {"type": "string", "description": "the type's name"},
      "code": {"type": "string", "description": "an invitation code (hidden types)"},
      "answers": {"type": "object", "description": "question id -> answer (yes/no, one of the choices, or text)"}}}}}})J");
  p["/api/v1/events/{slug}/registrations"]["post"]["responses"]["201"] = p["/api/v1/events/{slug}/registrations"]["post"]["responses"]["200"];
  p["/api/v1/events/{slug}/registration"]["delete"] = op(
      "Cancel the caller's registration for the event; a freed seat is offered to the first person waiting", ref("Registration"),
      {path_param("slug")}, true);
  p["/api/v1/events/{slug}/registrations/{id}"]["delete"] = op(
      "Cancel one registration: the caller's own, or any for the event's managers", ref("Registration"), {path_param("slug"), path_param("id")}, true);
  // Talent.
  s["RankingEntry"] = json::parse(R"J({"type": "object", "properties": {
      "rank": {"type": "integer", "description": "shared by ties"}, "handle": {"type": "string"}, "display_name": {"type": "string"},
      "country": {"type": "string"}, "organization": {"type": ["string", "null"]},
      "points": {"type": "number", "description": "points now (they decay by exp(-days/500) for everyone)"},
      "tier": {"type": "string", "enum": ["novice", "contributor", "expert", "master", "grandmaster"]},
      "medals": {"type": "object", "properties": {"gold": {"type": "integer"}, "silver": {"type": "integer"}, "bronze": {"type": "integer"}}}}})J");
  s["Achievements"] = json::parse(R"J({"type": "object", "properties": {
      "handle": {"type": "string"}, "tier": {"type": "string", "description": "the best tier of any category"},
      "points": {"type": "number"}, "rank": {"type": ["integer", "null"]}, "ranked_members": {"type": "integer"},
      "categories": {"type": "array", "items": {"type": "object", "properties": {
        "category": {"type": "string", "enum": ["competitions", "research", "community"]}, "tier": {"type": "string"},
        "next_tier": {"type": ["string", "null"]},
        "missing": {"type": "array", "items": {"type": "object", "properties": {"what": {"type": "string"}, "have": {"type": "integer"}, "need": {"type": "integer"}}}},
        "points": {"type": "number"}, "rank": {"type": ["integer", "null"]}, "medals": {"type": "object"}, "entries": {"type": "integer"}}}},
      "medals": {"type": "array", "items": {"type": "object", "properties": {
        "medal": {"type": "string", "enum": ["gold", "silver", "bronze"]}, "category": {"type": "string"},
        "source": {"type": "string", "enum": ["competition", "paper", "topic", "talk", "standard"]}, "source_id": {"type": "integer"},
        "title_en": {"type": "string"}, "title_zh": {"type": "string"}, "url": {"type": "string"}, "solo": {"type": "boolean"},
        "rank": {"type": "integer"}, "teams": {"type": "integer"}, "team": {"type": "string"}, "awarded_at": {"type": "string", "format": "date-time"}}}},
      "results": {"type": "array", "items": {"type": "object"}},
      "certificates": {"type": "array", "description": "completed learning paths", "items": {"type": "object", "properties": {
        "path": {"type": "string"}, "title_en": {"type": "string"}, "title_zh": {"type": "string"},
        "completed_at": {"type": "string", "format": "date-time"}, "url": {"type": "string"}}}},
      "talks": {"type": "array", "description": "talks in published programmes", "items": {"type": "object", "properties": {
        "event": {"type": "string"}, "title_en": {"type": "string"}, "title_zh": {"type": "string"},
        "starts_at": {"type": "string", "format": "date-time"}, "url": {"type": "string"}}}},
      "standards_roles": {"type": "array", "items": {"type": "object", "properties": {
        "group": {"type": "string"}, "role": {"type": "string", "enum": ["chair", "editor", "member"]},
        "since": {"type": "string", "format": "date-time"}, "url": {"type": "string"}}}},
      "rank_history": {"type": "array", "items": {"type": "object", "properties": {"day": {"type": "string", "format": "date"}, "rank": {"type": "integer"}}}}}})J");
  p["/api/v1/rankings"]["get"] = op(
      "A page of the rankings, best first: overall or one category, in the world, one country or one organization. Read from the "
      "materialized rankings, refreshed within seconds of a final leaderboard (docs/talent.md).",
      json{{"type", "object"}, {"properties", {{"category", {{"type", "string"}}}, {"total", {{"type", "integer"}}},
                                               {"computed_at", {{"type", {"string", "null"}}}},
                                               {"entries", {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/RankingEntry"}}}}},
                                               {"next_cursor", {{"type", {"string", "null"}}}}}}},
      {query_param("category", "overall (default), competitions, research or community"), query_param("country", "ISO 3166-1 alpha-2 code"),
       query_param("organization", "an organization's slug (not with country)"), query_param("limit", "1-100, default 100"),
       query_param("cursor", "next_cursor from the previous page")});
  p["/api/v1/members/{handle}/achievements"]["get"] = op(
      "A member's tiers (with what the next one needs), medals with their sources, competition results, points, ranks and rank "
      "history; sections the member hides are left out for others", ref("Achievements"), {path_param("handle")});
  // Learning paths, the talent pool, opportunities.
  s["LearningPath"] = json::parse(R"J({"type": "object", "properties": {
      "slug": {"type": "string"}, "title_en": {"type": "string"}, "title_zh": {"type": "string"},
      "summary_en": {"type": "string", "description": "markdown"}, "summary_zh": {"type": "string"},
      "organizer": {"type": "string"}, "published": {"type": "boolean"},
      "enrolled_members": {"type": "integer"}, "completed_members": {"type": "integer"},
      "steps": {"type": "array", "items": {"type": "object", "properties": {
        "position": {"type": "integer"}, "kind": {"type": "string", "enum": ["page", "paper", "competition"]},
        "target": {"type": "string", "description": "a page slug, a paper id or a playground competition's slug"},
        "phase": {"type": "string"}, "target_score": {"type": "number"}, "higher_is_better": {"type": "boolean"},
        "title_en": {"type": "string"}, "title_zh": {"type": "string"}, "url": {"type": "string"},
        "passed_at": {"type": ["string", "null"], "format": "date-time", "description": "for the caller"},
        "evidence": {"type": "string", "description": "read, or the score that passed the step"}}}},
      "progress": {"type": "object", "description": "the caller's, once enrolled", "properties": {
        "enrolled_at": {"type": "string"}, "passed": {"type": "integer"}, "completed_at": {"type": ["string", "null"]},
        "certificate": {"type": "string", "description": "the certificate's URL once completed"}}}}})J");
  s["LearningPathInput"] = json::parse(R"J({"type": "object", "required": ["steps"], "properties": {
      "slug": {"type": "string", "description": "POST only; derived from the title when empty"},
      "title_en": {"type": "string"}, "title_zh": {"type": "string"}, "summary_en": {"type": "string"}, "summary_zh": {"type": "string"},
      "published": {"type": "boolean"},
      "steps": {"type": "array", "items": {"type": "object", "required": ["kind", "target"], "properties": {
        "kind": {"type": "string", "enum": ["page", "paper", "competition"]}, "target": {"type": ["string", "integer"]},
        "phase": {"type": "string"}, "target_score": {"type": "number"}, "title_en": {"type": "string"}, "title_zh": {"type": "string"}}}}}})J");
  s["Certificate"] = json::parse(R"J({"type": "object", "properties": {
      "code": {"type": "string"}, "valid": {"type": "boolean"}, "handle": {"type": "string"}, "display_name": {"type": "string"},
      "path": {"type": "string"}, "title_en": {"type": "string"}, "title_zh": {"type": "string"}, "steps": {"type": "integer"},
      "enrolled_at": {"type": "string", "format": "date-time"}, "completed_at": {"type": "string", "format": "date-time"}}})J");
  s["PoolProfile"] = json::parse(R"J({"type": "object", "properties": {
      "open": {"type": "boolean", "description": "in the pool; false takes the member off every search and shortlist"},
      "seeking": {"type": "string"}, "kinds": {"type": "array", "items": {"type": "string", "enum": ["job", "internship", "research"]}},
      "locations": {"type": "string"}, "languages": {"type": "array", "items": {"type": "string"}, "description": "codes such as en, zh"}}})J");
  s["PoolCandidate"] = json::parse(R"J({"type": "object", "description": "never an e-mail address", "properties": {
      "handle": {"type": "string"}, "display_name": {"type": "string"}, "country": {"type": "string"},
      "skills": {"type": "array", "items": {"type": "string"}}, "seeking": {"type": "string"},
      "kinds": {"type": "array", "items": {"type": "string"}}, "locations": {"type": "string"},
      "languages": {"type": "array", "items": {"type": "string"}}, "tier": {"type": "string"}, "medals": {"type": "object"},
      "shortlisted": {"type": "boolean"}, "contact_status": {"type": ["string", "null"]}}})J");
  s["ContactRequest"] = json::parse(R"J({"type": "object", "properties": {
      "id": {"type": "integer"}, "organization": {"type": "string"}, "member": {"type": "string"}, "sender": {"type": "string"},
      "message": {"type": "string"}, "status": {"type": "string", "enum": ["pending", "accepted", "declined", "withdrawn"]},
      "created_at": {"type": "string"}, "answered_at": {"type": ["string", "null"]},
      "email": {"type": "string", "description": "the member's address: only once accepted, only to the organization's managers"}}})J");
  s["Opportunity"] = json::parse(R"J({"type": "object", "properties": {
      "id": {"type": "integer"}, "organization": {"type": "string"}, "kind": {"type": "string", "enum": ["job", "internship", "research"]},
      "title": {"type": "string"}, "description_md": {"type": "string"}, "location": {"type": "string"}, "remote": {"type": "boolean"},
      "closes_at": {"type": "string", "format": "date-time"}, "open": {"type": "boolean"}, "saved": {"type": "boolean"},
      "posted_by": {"type": "string"}, "created_at": {"type": "string"}}})J");
  const json path_body = {{"required", true}, {"content", {{"application/json", {{"schema", ref("LearningPathInput")}}}}}};
  p["/api/v1/learning-paths"]["get"] = op("Published learning paths (and the caller's drafts), newest first, with the caller's progress",
                                          list_of("paths", "LearningPath"));
  p["/api/v1/learning-paths"]["post"] = op("Build a learning path (organizers, admins). 201; 422 names each step to fix", ref("LearningPath"), json::array(), true);
  p["/api/v1/learning-paths"]["post"]["requestBody"] = path_body;
  p["/api/v1/learning-paths/{slug}"]["get"] = op("One path with the caller's progress (steps whose condition now holds are passed first)",
                                                 ref("LearningPath"), {path_param("slug")});
  p["/api/v1/learning-paths/{slug}"]["put"] = op("Replace the path (its organizer or an admin). Passes of changed steps are taken back; certificates stay",
                                                 ref("LearningPath"), {path_param("slug")}, true);
  p["/api/v1/learning-paths/{slug}"]["put"]["requestBody"] = path_body;
  p["/api/v1/learning-paths/{slug}/enrol"]["post"] = op("Enrol the caller (409 for a draft)", ref("LearningPath"), {path_param("slug")}, true);
  p["/api/v1/learning-paths/{slug}/steps/{n}/read"]["post"] = op(
      "Mark a page or paper step read (409 for a competition step: it passes by score)", ref("LearningPath"), {path_param("slug"), path_param("n")}, true);
  p["/api/v1/certificates/{code}"]["get"] = op("Verify a certificate: 404 when no certificate has this code", ref("Certificate"), {path_param("code")});
  p["/api/v1/talent-pool/me"]["get"] = op("Whether the caller is in the talent pool, and what they show", ref("PoolProfile"), json::array(), true);
  p["/api/v1/talent-pool/me"]["put"] = op("Join, change or leave the talent pool", ref("PoolProfile"), json::array(), true);
  p["/api/v1/talent-pool/me"]["put"]["requestBody"] = {{"required", true}, {"content", {{"application/json", {{"schema", ref("PoolProfile")}}}}}};
  p["/api/v1/talent-pool"]["get"] = op(
      "Search the talent pool for an organization the caller manages (403 otherwise); 25 a page, best ranked first",
      json{{"type", "object"}, {"properties", {{"organization", {{"type", "string"}}}, {"page", {{"type", "integer"}}}, {"more", {{"type", "boolean"}}},
                                               {"candidates", {{"type", "array"}, {"items", ref("PoolCandidate")}}}}}},
      {query_param("organization", "slug of an organization the caller manages"), query_param("skill", "a skill"),
       query_param("country", "ISO 3166-1 alpha-2 code"), query_param("language", "a language code such as zh"),
       query_param("kind", "job, internship or research"), query_param("tier", "the lowest tier: contributor, expert, master, grandmaster"),
       query_param("category", "the ranking whose tier counts: overall (default), competitions, research, community"),
       query_param("medals", "at least this many medals"), query_param("gold", "at least this many gold medals"), query_param("page", "1-1000")},
      true);
  p["/api/v1/talent-pool/shortlist"]["get"] = op("The organization's shortlist", list_of("candidates", "PoolCandidate"),
                                                 {query_param("organization", "slug")}, true);
  p["/api/v1/talent-pool/shortlist"]["post"] = op("Add a member in the pool to the shortlist, or remove one: {organization, handle, note, remove}",
                                                  json{{"type", "object"}}, json::array(), true);
  p["/api/v1/talent-pool/requests"]["get"] = op("The organization's contact requests; an accepted one carries the member's address",
                                                list_of("requests", "ContactRequest"), {query_param("organization", "slug")}, true);
  p["/api/v1/talent-pool/requests"]["post"] = op(
      "Ask a member in the pool for contact: {organization, handle, message}. 201; 409 when already asked (a decline is final); 429 after 50 a day",
      ref("ContactRequest"), json::array(), true);
  p["/api/v1/contact-requests"]["get"] = op("Contact requests addressed to the caller", list_of("requests", "ContactRequest"), json::array(), true);
  p["/api/v1/contact-requests/{id}"]["post"] = op("Answer a request addressed to the caller: {\"answer\": \"accept\" | \"decline\"}; final",
                                                  ref("ContactRequest"), {path_param("id")}, true);
  p["/api/v1/opportunities"]["get"] = op("Open opportunities, closing soonest first", list_of("opportunities", "Opportunity"),
                                         {query_param("kind", "job, internship or research"), query_param("organization", "slug"),
                                          query_param("saved", "1: the caller's saved ones, open or closed")});
  p["/api/v1/opportunities"]["post"] = op(
      "Post an opportunity for an organization the caller manages: {organization, kind, title, description_md, location, remote, closes_at}. 201",
      ref("Opportunity"), json::array(), true);
  p["/api/v1/opportunities/{id}"]["get"] = op("One opportunity (also once closed)", ref("Opportunity"), {path_param("id")});
  p["/api/v1/opportunities/{id}"]["put"] = op("Change an opportunity (the organization's managers): the same fields as POST", ref("Opportunity"),
                                              {path_param("id")}, true);
  p["/api/v1/opportunities/{id}/save"]["post"] = op("Save ({\"saved\": true}) or unsave an opportunity; 409 to save a closed one",
                                                    json{{"type", "object"}}, {path_param("id")}, true);
  // Standards.
  s["Standard"] = json::parse(R"J({"type": "object", "properties": {
      "id": {"type": "integer"}, "identifier": {"type": "string", "description": "AIGC-STD-0001 once adopted, AIGC-STD-0001:2027 once published; empty before"},
      "group": {"type": "string", "description": "the working group's slug"}, "title_en": {"type": "string"}, "title_zh": {"type": "string"},
      "scope_md": {"type": "string"},
      "status": {"type": "string", "description": "proposal, working_draft, committee_draft, public_review, ballot, published, amended, withdrawn"},
      "number": {"type": "integer"}, "year": {"type": "integer"}, "latest_version": {"type": "integer", "description": "0 before any text"},
      "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"}, "url": {"type": "string"},
      "versions": {"type": "array", "description": "GET /api/v1/standards/{id} only", "items": {"type": "object"}},
      "history": {"type": "array", "description": "every status change with who, when and why (GET by id only)", "items": {"type": "object"}},
      "ballots": {"type": "array", "items": {"$ref": "#/components/schemas/Ballot"}},
      "text": {"type": "object", "description": "the latest (or ?version=N) text: version, text_en, text_zh"}}})J");
  s["ClauseChange"] = json::parse(R"J({"type": "object", "properties": {
      "anchor": {"type": "string", "description": "the clause's stable anchor (c7): the same clause in every version"},
      "change": {"type": "string", "description": "added, removed or changed"},
      "moved": {"type": "boolean"}, "renumbered": {"type": "boolean"}, "text_changed": {"type": "boolean"},
      "from": {"type": "object", "description": "number and title in the older version"}, "to": {"type": "object"},
      "title_diff": {"type": "array", "items": {"type": "object", "description": "op (same, added, removed) and text"}},
      "body_diff": {"type": "array", "items": {"type": "object", "description": "words for Latin text, characters for Chinese"}}}})J");
  s["StandardComment"] = json::parse(R"J({"type": "object", "properties": {
      "id": {"type": "integer"}, "version": {"type": "integer"}, "anchor": {"type": "string"}, "clause": {"type": "string", "description": "its number in that version"},
      "passage": {"type": "string"}, "type": {"type": "string", "description": "general, technical or editorial"},
      "body_md": {"type": "string"}, "proposed_change": {"type": "string"}, "author": {"type": "string"}, "parent": {"type": "integer"},
      "votes": {"type": "integer"}, "created_at": {"type": "string", "format": "date-time"},
      "disposition": {"type": "string", "nullable": true, "description": "accepted, accepted_in_principle, rejected, noted"},
      "disposition_reason": {"type": "string"}, "applied_in_version": {"type": "integer", "nullable": true}}})J");
  s["Ballot"] = json::parse(R"J({"type": "object", "properties": {
      "id": {"type": "integer"}, "standard": {"type": "integer"}, "version": {"type": "integer"},
      "stage": {"type": "string", "description": "committee or final"}, "electorate": {"type": "string", "description": "members or organizations (one vote each)"},
      "opens_at": {"type": "string", "format": "date-time"}, "closes_at": {"type": "string", "format": "date-time"},
      "rule": {"type": "object", "description": "approve_at_least, disapprove_at_most (fractions of votes cast; abstentions not counted) and its text"},
      "state": {"type": "string", "description": "open or closed"}, "approved": {"type": "boolean", "description": "the result (while open: as the votes stand)"},
      "result_final": {"type": "boolean"}, "tally": {"type": "object"}, "closed_at": {"type": "string", "format": "date-time", "nullable": true},
      "votes": {"type": "array", "items": {"type": "object"}, "description": "GET /api/v1/ballots/{id} only"},
      "history": {"type": "array", "items": {"type": "object"}, "description": "every vote and change, in order"}}})J");
  p["/api/v1/standards"]["get"] = op("Standards, most recently changed first", list_of("standards", "Standard"),
                                     {query_param("status", "one status to list"), query_param("group", "a working group's slug")});
  p["/api/v1/standards"]["post"] = op(
      "Propose a document (a working group's chairs and editors). 201 with the standard (status proposal; version 1 when text_md or "
      "text_zh_md is given). 403 for others; 422 names each field to fix.", ref("Standard"), json::array(), true);
  p["/api/v1/standards"]["post"]["requestBody"] = json::parse(R"J({"required": true, "content": {"application/json": {"schema": {
      "type": "object", "required": ["group"], "properties": {"group": {"type": "string"}, "title_en": {"type": "string"},
      "title_zh": {"type": "string", "description": "one of the titles at least"}, "scope_md": {"type": "string"},
      "text_md": {"type": "string", "description": "the English text: markdown, clauses numbered in the headings (## 5.2 Title)"},
      "text_zh_md": {"type": "string", "description": "the Chinese text of the same version"}}}}}})J");
  p["/api/v1/standards"]["post"]["responses"]["201"] = p["/api/v1/standards"]["post"]["responses"]["200"];
  p["/api/v1/standards/{id}"]["get"] = op("A standard with its versions, status history, ballots and text", ref("Standard"),
                                          {path_param("id"), query_param("version", "which version's text (default: the latest)")});
  p["/api/v1/standards/{id}/versions"]["post"] = op(
      "Save the next version (chairs and editors). 201 with its number. 409 when the standard is published, withdrawn or under ballot.",
      json{{"type", "object"}}, {path_param("id")}, true);
  p["/api/v1/standards/{id}/versions"]["post"]["requestBody"] = json::parse(R"J({"required": true, "content": {"application/json": {"schema": {
      "type": "object", "properties": {"text_md": {"type": "string"}, "text_zh_md": {"type": "string"}, "note": {"type": "string"}}}}}})J");
  p["/api/v1/standards/{id}/status"]["post"] = op(
      "Move the standard to its next status ({\"to\": \"working_draft\", \"reason\": \"...\"}). Only the process's steps, by the roles it "
      "names (the group's chairs; the committee for adoption and withdrawal); 422 error.transition for any other step.",
      ref("Standard"), {path_param("id")}, true);
  p["/api/v1/standards/{id}/reviews"]["post"] = op(
      "Open a public review of a committee draft (chairs): {\"closes_at\": \"2027-03-01T00:00:00Z\"}, optional opens_at and version",
      json{{"type", "object"}}, {path_param("id")}, true);
  p["/api/v1/standards/{id}/diff"]["get"] = op(
      "The clauses that changed between two versions, in order, with word-level (Chinese: character-level) differences; moved and "
      "renumbered clauses are recognised by their stable anchors", json{{"type", "object"}, {"properties", {{"changes", {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/ClauseChange"}}}}}}}},
      {path_param("id"), query_param("from", "a version number (default: the one before to)"), query_param("to", "a version number (default: the latest)"),
       query_param("lang", "en (default) or zh-CN")});
  p["/api/v1/standards/{id}/comments"]["get"] = op("Every comment and reply, oldest first", list_of("comments", "StandardComment"), {path_param("id")});
  p["/api/v1/standards/{id}/comments"]["post"] = op(
      "Comment while a public review runs (any member): version, clause (a number such as 5.2, or an anchor), body_md, type, optional "
      "passage (words of that clause) and proposed_change; parent to reply. 409 outside the review; 422 for an unknown clause.",
      ref("StandardComment"), {path_param("id")}, true);
  p["/api/v1/standards/{id}/comments"]["post"]["requestBody"] = json::parse(R"J({"required": true, "content": {"application/json": {"schema": {
      "type": "object", "required": ["body_md"], "properties": {"version": {"type": "integer"}, "clause": {"type": "string"},
      "passage": {"type": "string"}, "type": {"type": "string"}, "body_md": {"type": "string"}, "proposed_change": {"type": "string"},
      "parent": {"type": "integer"}}}}}})J");
  p["/api/v1/standards/{id}/comments/{comment}/votes"]["post"] = op(
      "Support a comment (one vote per member, not on your own; form field on=0 takes it back): {\"comment\": id, \"votes\": n}",
      json{{"type", "object"}}, {path_param("id"), path_param("comment")}, true);
  p["/api/v1/standards/{id}/ballots"]["post"] = op(
      "Open a ballot (chairs): stage (committee, final), electorate (members, organizations), opens_at, closes_at, approve_share "
      "(default 2/3), disapprove_share (default 1/4). A final ballot moves the standard to ballot.", ref("Ballot"), {path_param("id")}, true);
  p["/api/v1/ballots/{id}"]["get"] = op("A ballot with its rule, tally, votes and history; the result once closed never changes", ref("Ballot"), {path_param("id")});
  p["/api/v1/ballots/{id}/votes"]["post"] = op(
      "Vote or change your vote until the close: {\"position\": \"approve\" | \"approve_with_comments\" | \"disapprove\" | \"abstain\", "
      "\"reasons\": \"...\"}; a disapproval without reasons is 422; 403 for who may not vote; 409 once closed.",
      json{{"type", "object"}}, {path_param("id")}, true);
  return doc;
}

}  // namespace aigc
