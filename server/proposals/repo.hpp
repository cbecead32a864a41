#pragma once
// SQL for proposals, their supporters, amendments and history. Maps rows to structs; decides
// nothing. Times are ISO 8601 text, as the API sends them.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "proposals/model.hpp"

namespace plenary::proposals::repo {

std::optional<GroupRef> find_group(db::Tx& tx, std::int64_t group_id);
// Active memberships of the group itself with role member or above: the threshold's "members".
std::int64_t member_count(db::Tx& tx, std::int64_t group_id);

SupportSettings load_settings(db::Tx& tx, std::int64_t group_id);
void save_settings(db::Tx& tx, std::int64_t group_id, const SupportSettings& settings,
                   std::int64_t updated_by, const std::string& now);

struct NewProposal {
  std::int64_t group_id = 0;
  std::int64_t author_id = 0;
  std::string title;
  std::string body;
  std::string body_html;
  std::string decision;
};
std::int64_t insert_proposal(db::Tx& tx, const NewProposal& proposal, const std::string& now);
// `lock`: FOR UPDATE, so concurrent supports and ballot changes take turns on one proposal.
std::optional<Proposal> find_proposal(db::Tx& tx, std::int64_t id, bool lock = false);
// Newest first, at most `limit`, older than `before_id` when given. Drafts only when they are
// `viewer_id`'s own.
std::vector<Proposal> list_proposals(db::Tx& tx, std::int64_t group_id,
                                     const std::optional<State>& state, std::int64_t viewer_id,
                                     const std::optional<std::int64_t>& before_id, int limit);

void update_text(db::Tx& tx, std::int64_t id, const std::string& title, const std::string& body,
                 const std::string& body_html, const std::string& decision, const std::string& now);
void update_body(db::Tx& tx, std::int64_t id, const std::string& body, const std::string& body_html,
                 const std::string& now);
void set_state(db::Tx& tx, std::int64_t id, State state, const std::string& now);
void mark_published(db::Tx& tx, std::int64_t id, std::int64_t thread_id, const std::string& now);
void set_schedule(db::Tx& tx, std::int64_t id, const std::optional<Schedule>& schedule,
                  const std::optional<std::int64_t>& ballot_id, const std::string& now);
void set_outcome(db::Tx& tx, std::int64_t id, const std::string& text, const std::string& html,
                 std::int64_t by, const std::string& now);

void insert_history(db::Tx& tx, std::int64_t proposal_id, const std::optional<State>& from,
                    State to, const std::optional<std::int64_t>& by, const std::string& now,
                    const std::string& note);
std::vector<HistoryEntry> history(db::Tx& tx, std::int64_t proposal_id);

// false when the person already supported it.
bool insert_support(db::Tx& tx, std::int64_t proposal_id, std::int64_t person_id,
                    const std::string& now);
bool delete_support(db::Tx& tx, std::int64_t proposal_id, std::int64_t person_id);
bool has_supported(db::Tx& tx, std::int64_t proposal_id, std::int64_t person_id);
std::int64_t support_count(db::Tx& tx, std::int64_t proposal_id);

struct NewAmendment {
  std::int64_t proposal_id = 0;
  std::int64_t author_id = 0;
  std::string base_body;
  std::string body;
  std::string rationale;
};
std::int64_t insert_amendment(db::Tx& tx, const NewAmendment& amendment, const std::string& now);
std::optional<Amendment> find_amendment(db::Tx& tx, std::int64_t id, bool lock = false);
// In the order they were made.
std::vector<Amendment> amendments(db::Tx& tx, std::int64_t proposal_id);
void set_amendment_state(db::Tx& tx, std::int64_t id, AmendmentState state,
                         const std::optional<std::int64_t>& ballot_id,
                         const std::optional<std::string>& decided_at);

std::optional<std::int64_t> proposal_of_ballot(db::Tx& tx, std::int64_t ballot_id);
std::optional<std::int64_t> amendment_of_ballot(db::Tx& tx, std::int64_t ballot_id);
// The votes module's status of a ballot ("scheduled", "open", …).
std::optional<std::string> ballot_status(db::Tx& tx, std::int64_t ballot_id);
// When the ballot opened or closed by its own clock (the database's now when it has no time for
// that change, as for a cancellation).
std::string ballot_change_time(db::Tx& tx, std::int64_t ballot_id, const std::string& status);

}  // namespace plenary::proposals::repo
