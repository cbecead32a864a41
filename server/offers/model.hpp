#pragma once
// Offers to volunteer as plain values. An offer's contact details (email, phone) are only in
// OfferRecord, which officers' views are built from; the offerer sees their own offer through the
// same record, and officers' private identities (emails) are never part of it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/words.hpp"

namespace plenary::offers {

enum class OfferStatus { awaiting_confirmation, waiting, acknowledged, answered };
inline constexpr Words<OfferStatus, 4> offer_status_words{
    {"awaiting_confirmation", "waiting", "acknowledged", "answered"}};

enum class Outcome { contacted, matched, not_now };
inline constexpr Words<Outcome, 3> outcome_words{{"contacted", "matched", "not_now"}};

struct GroupRef {
  std::int64_t id = 0;
  std::string name;
};

struct PersonRef {
  std::int64_t id = 0;
  std::string display_name;
};

struct Skill {
  std::int64_t id = 0;
  std::string name;
};

// What someone typed into the offer form. For a signed-in person the name and email come from
// their account instead.
struct OfferInput {
  std::string name;
  std::string email;
  std::string phone;
  std::vector<std::int64_t> skill_ids;
  std::string other_skills;
  std::string availability;
  std::optional<std::int64_t> lives_in_group_id;
  std::optional<std::int64_t> works_in_group_id;
  std::string where_text;
};

struct Recipient {
  GroupRef group;
  int level = 0;  // 0: a matching group; n: added by the n-th escalation
  std::string added_at;
};

struct HistoryEntry {
  std::string at;
  std::optional<PersonRef> actor;
  std::string action;  // offered, confirmed, routed, escalated, acknowledged, or an outcome
  std::string note;
};

struct Acknowledgement {
  std::string at;
  std::optional<PersonRef> by;
};

struct RecordedOutcome {
  Outcome outcome = Outcome::contacted;
  std::string note;
  std::string at;
  std::optional<PersonRef> by;
};

struct OfferRecord {
  std::int64_t id = 0;
  std::optional<std::int64_t> person_id;
  std::string name;
  std::string email;
  std::string phone;
  std::vector<Skill> skills;
  std::string other_skills;
  std::string availability;
  std::optional<GroupRef> lives_in;
  std::optional<GroupRef> works_in;
  std::string where_text;
  OfferStatus status = OfferStatus::awaiting_confirmation;
  bool overdue = false;
  int escalation_level = 0;
  std::optional<std::string> due_at;
  std::string created_at;
  std::optional<std::string> confirmed_at;
  std::optional<Acknowledgement> acknowledged;
  std::optional<RecordedOutcome> outcome;
  std::vector<Recipient> recipients;
  std::vector<HistoryEntry> history;
};

// What an officer may do with an offer.
struct OfferCan {
  bool acknowledge = false;
  bool record_outcome = false;
};

// A group as routing sees it: its place in the tree and whether anyone can answer for it.
struct RoutingGroup {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::int64_t> parent_id;
  bool has_officer = false;  // someone holds officer or admin in it directly, actively
  bool archived = false;
  bool national = false;
};

struct Counts {
  std::int64_t waiting = 0;
  std::int64_t overdue = 0;
  std::int64_t answered = 0;
};

}  // namespace plenary::offers
