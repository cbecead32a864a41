#pragma once
// The offer rules that need no database: what a valid offer is, which groups' officers hear of
// it, where an unanswered offer climbs to, when it is due, which answers may follow which, and
// the dashboard's order. Pure, and unit-tested alone.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "offers/model.hpp"

namespace plenary::offers {

inline constexpr std::size_t max_name_length = 100;
inline constexpr std::size_t max_phone_length = 40;
inline constexpr std::size_t max_other_skills_length = 1000;
inline constexpr std::size_t max_availability_length = 500;
inline constexpr std::size_t max_where_length = 200;
inline constexpr std::size_t max_note_length = 2000;

// Every problem with what was typed into the offer form, field by field; empty when it is fine.
// Expects the text already trimmed. A signed-in person's name and email come from the account,
// so only signed-out offers are checked for them.
std::vector<FieldError> offer_problems(const OfferInput& input, bool signed_in,
                                       const std::vector<Skill>& known_skills);

// The skills in the order the form lists them, each once.
std::vector<std::int64_t> distinct_skill_ids(const std::vector<std::int64_t>& ids);

// The group routing falls back to when an offer names none: the oldest national group without a
// parent, else the oldest group without a parent; nothing when there are no groups.
std::optional<std::int64_t> root_group(const std::vector<RoutingGroup>& groups);

// The group and its ancestors, the group first. Stops at a group it does not know.
std::vector<std::int64_t> chain_of(const std::vector<RoutingGroup>& groups, std::int64_t group_id);

// The groups whose officers first hear of an offer: for the group where the person lives and the
// group where they work, that group if it has an officer of its own, else its nearest ancestor
// that has one (passing an offer up is not an escalation); the top of the chain when no group on
// it has an officer. Neither named: the root group. Each group once, lives-in first.
std::vector<std::int64_t> route(const std::vector<RoutingGroup>& groups,
                                std::optional<std::int64_t> lives_in,
                                std::optional<std::int64_t> works_in);

// Where an unanswered offer goes next: from each recipient at the highest level, the nearest
// ancestor with an officer that has not been told yet. Empty when it has reached the top.
std::vector<std::int64_t> escalation_targets(const std::vector<RoutingGroup>& groups,
                                             const std::vector<Recipient>& recipients);

// When an offer routed (or escalated) at `from` must have been acknowledged.
TimePoint due_after(TimePoint from, int escalation_days);

// Waiting for an acknowledgement past its time, now or at some point before.
bool is_overdue(OfferStatus status, const std::optional<TimePoint>& due_at,
                bool found_overdue_before, TimePoint now);

// The status an acknowledgement leads to; a conflict when there is nothing to acknowledge.
Result<OfferStatus> after_acknowledgement(OfferStatus status);

// The status an outcome leads to. Outcomes may follow one another (contacted, then matched); one
// recorded on an unacknowledged offer acknowledges it too. Matched and not-now need a note,
// which the person who offered will read.
Result<OfferStatus> after_outcome(OfferStatus status, Outcome outcome, const std::string& note);

// Whether an outcome also acknowledges the offer (it was still waiting).
bool outcome_acknowledges(OfferStatus status);

// The dashboard's order: overdue first, then the other waiting offers (oldest first), then those
// acknowledged without an outcome, then recent outcomes (newest first).
void sort_for_dashboard(std::vector<OfferRecord>& offers);
Counts count_offers(const std::vector<OfferRecord>& offers);

}  // namespace plenary::offers
