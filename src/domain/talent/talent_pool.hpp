// The talent pool and partners' opportunities: plain values shared by TalentPoolService,
// OpportunityService and the web layer. A member is in the pool only while they say so;
// partners see what the member chose to show (never an e-mail address) until the member
// accepts their contact request.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/talent/talent_rules.hpp"

namespace aigc {

inline constexpr const char* kOpportunityKinds[] = {"job", "internship", "research"};

struct PoolProfile {
  bool open = false;
  std::string seeking;                 // what the member looks for, in their words
  std::vector<std::string> kinds;      // job, internship, research
  std::string locations;               // where ("Beijing, remote")
  std::vector<std::string> languages;  // language codes: en, zh, ja...
  std::int64_t updated_at = 0;
};

struct PoolProfileInput {
  bool open = false;
  std::string seeking, locations, languages;  // languages comma-separated
  std::vector<std::string> kinds;
};

struct PoolQuery {
  std::string organization;  // slug of the organization searching (its manager searches)
  std::string skill, country, language, kind;
  std::string category = "overall";  // the ranking whose tier counts
  std::string min_tier;              // empty: any
  int min_medals = 0, min_gold = 0;
  int page = 1;
};

struct PoolCandidate {
  std::int64_t member_id = 0;
  std::string handle, display_name, country, organization_name;
  std::vector<std::string> skills;
  PoolProfile profile;
  Tier tier = Tier::novice;
  std::int64_t gold = 0, silver = 0, bronze = 0;
  bool shortlisted = false;
  std::string note;            // the organization's shortlist note
  std::string contact_status;  // the organization's latest request: pending, accepted, declined, withdrawn, or empty
};

struct PoolPage {
  std::vector<PoolCandidate> candidates;
  bool more = false;
  int page = 1;
};

struct ContactRequest {
  std::int64_t id = 0;
  std::string organization_slug, organization_name;
  std::string handle, display_name;  // the member asked
  std::string sender_handle;
  std::string message;
  std::string status;  // pending, accepted, declined, withdrawn
  std::int64_t created_at = 0, answered_at = 0;
  std::string email;  // the member's address: only once accepted, only for the organization's managers
};

struct Opportunity {
  std::int64_t id = 0;
  std::string organization_slug, organization_name;
  std::string kind;  // job, internship, research
  std::string title, description_md, location;
  bool remote = false;
  std::int64_t closes_at = 0;
  std::string created_by;
  std::int64_t created_at = 0;
  bool saved = false;  // by the viewer
};

struct OpportunityInput {
  std::string organization;  // slug
  std::string kind, title, description_md, location;
  bool remote = false;
  std::int64_t closes_at = 0;  // -1: unreadable date
};

struct OpportunityQuery {
  std::string kind, organization;
  bool saved_only = false;  // the viewer's saved ones (open or closed)
  bool include_closed = false;
};

}  // namespace aigc
