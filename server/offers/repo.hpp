#pragma once
// SQL for offers to volunteer, their recipients and history. Maps rows to structs; decides
// nothing.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "offers/model.hpp"

namespace plenary::offers::repo {

std::vector<Skill> skills(db::Tx& tx);

struct Contact {
  std::string display_name;
  std::string email;
};
std::optional<Contact> person_contact(db::Tx& tx, std::int64_t person_id);
// Every group with its parent and whether it has an officer of its own: routing works on this.
std::vector<RoutingGroup> routing_groups(db::Tx& tx);

struct OfferRow {
  std::optional<std::int64_t> person_id;
  OfferInput input;  // email lower-cased, skills distinct
  std::optional<std::string> confirm_token_hash;
  std::optional<std::string> status_token_hash;
  std::string now;
};
std::int64_t insert_offer(db::Tx& tx, const OfferRow& row);
void add_history(db::Tx& tx, std::int64_t offer_id, const std::string& at,
                 std::optional<std::int64_t> actor_id, const std::string& action,
                 const std::string& note);

// The offer whose confirmation token this is, locked; only while it awaits confirmation.
std::optional<std::int64_t> lock_unconfirmed(db::Tx& tx, const std::string& confirm_token_hash);
std::optional<std::int64_t> find_by_status_token(db::Tx& tx, const std::string& status_token_hash);
void set_confirmed(db::Tx& tx, std::int64_t offer_id, const std::string& now);

void set_routed(db::Tx& tx, std::int64_t offer_id, const std::string& now,
                const std::string& due_at);
void add_recipients(db::Tx& tx, std::int64_t offer_id, const std::vector<std::int64_t>& group_ids,
                    int level, const std::string& now);

struct Officer {
  std::int64_t person_id = 0;
  std::string display_name;
  std::string email;
};
// The active officers and admins of these groups themselves (not of groups above), each once.
std::vector<Officer> officers_of(db::Tx& tx, const std::vector<std::int64_t>& group_ids);
// The groups this person is an active officer or admin of.
std::vector<std::int64_t> officer_group_ids(db::Tx& tx, std::int64_t person_id);

// Offers with everything officers see, in the order of `ids`; `now` decides what is overdue.
std::vector<OfferRecord> load_offers(db::Tx& tx, const std::vector<std::int64_t>& ids,
                                     const std::string& now);
// The offer's status, locked until the transaction ends: answers and escalation wait for each
// other.
std::optional<OfferStatus> lock_status(db::Tx& tx, std::int64_t offer_id);

std::vector<std::int64_t> offers_of_person(db::Tx& tx, std::int64_t person_id);
// Offers sent to a group in the subtrees of these groups (all offers when `everything`): those
// not answered, and the most recent answered ones.
std::vector<std::int64_t> offers_below(db::Tx& tx, const std::vector<std::int64_t>& group_ids,
                                       bool everything, int answered_limit);

void set_acknowledged(db::Tx& tx, std::int64_t offer_id, std::int64_t by, const std::string& at);
void set_outcome(db::Tx& tx, std::int64_t offer_id, Outcome outcome, const std::string& note,
                 std::int64_t by, const std::string& at);

// Waiting offers due at `now`, locked; offers another process holds are skipped.
std::vector<std::int64_t> lock_due(db::Tx& tx, const std::string& now, int limit);
// After an escalation attempt: the new level and due time (none: nowhere left to climb).
void set_escalated(db::Tx& tx, std::int64_t offer_id, int level, const std::string& now,
                   const std::optional<std::string>& due_at);

// Offers made signed out with this address (any case), newest first: their links can be sent
// again to whoever can read that mailbox.
struct MailedOffer {
  std::int64_t id = 0;
  std::string name;
  bool confirmed = false;
};
std::vector<MailedOffer> signed_out_offers_of(db::Tx& tx, const std::string& email, int limit);
// New link tokens for an offer (the old links stop working); the confirmation token only while
// the offer still awaits confirmation.
void replace_link_tokens(db::Tx& tx, std::int64_t offer_id,
                         const std::optional<std::string>& confirm_token_hash,
                         const std::string& status_token_hash);

}  // namespace plenary::offers::repo
