#pragma once
// SQL for ballots, options, electors, participation and the ballot contents. Maps rows to structs;
// decides nothing. Tracker hashes travel as 64 hex digits; the database keeps the bytes.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "votes/model.hpp"
#include "votes/rules.hpp"

namespace plenary::votes::repo {

struct GroupRow {
  std::int64_t id = 0;
  std::string name;
  std::string time_zone;
  bool archived = false;
};
std::optional<GroupRow> find_group(db::Tx& tx, std::int64_t group_id);
bool time_zone_known(db::Tx& tx, const std::string& name);

std::int64_t insert_ballot(db::Tx& tx, std::int64_t group_id, const ValidSpec& spec,
                           const std::string& description_html, const std::string& time_zone,
                           std::int64_t created_by, const std::string& now);

// How the ballot row is held until the transaction ends. Casting holds it shared, so a close
// (which holds it exclusively) waits for casts in flight and counts them, and no cast lands after.
enum class Lock { none, share, update, update_skip_locked };
std::optional<Ballot> find_ballot(db::Tx& tx, std::int64_t ballot_id, Lock lock = Lock::none);
// Held shared, with its options and whether the person is on the list frozen at the opening: one
// statement for what every cast asks first. Its ballots_cast is left at 0 (a cast reports no
// turnout, and counting it per cast grows with the turnout).
struct BallotForCast {
  Ballot ballot;
  bool on_frozen_list = false;
};
std::optional<BallotForCast> find_ballot_for_cast(db::Tx& tx, std::int64_t ballot_id,
                                                  std::int64_t person_id);
std::vector<Ballot> list_ballots(db::Tx& tx, std::int64_t group_id);

// ---- Opening, closing --------------------------------------------------------------------------
// Freezes the list of voters from today's memberships; returns how many there are.
std::int64_t freeze_electors(db::Tx& tx, std::int64_t ballot_id);
void mark_open(db::Tx& tx, std::int64_t ballot_id, std::int64_t eligible_count,
               const std::vector<int>& tie_order, std::uint64_t tie_seed, const std::string& now);
void mark_closed(db::Tx& tx, std::int64_t ballot_id, const std::string& outcome,
                 const std::string& result_json, const std::string& now);
void mark_cancelled(db::Tx& tx, std::int64_t ballot_id, const std::string& now);

std::vector<std::int64_t> due_to_open(db::Tx& tx, const std::string& now);
std::vector<std::int64_t> due_to_close(db::Tx& tx, const std::string& now);
std::vector<std::int64_t> inboxes_waiting(db::Tx& tx, int at_least);

// ---- Voters -------------------------------------------------------------------------------------
std::vector<ScopeMembership> scope_memberships(db::Tx& tx, std::int64_t group_id,
                                               bool include_subgroups, std::int64_t person_id);
bool is_elector(db::Tx& tx, std::int64_t ballot_id, std::int64_t person_id);
bool has_voted(db::Tx& tx, std::int64_t ballot_id, std::int64_t person_id);
// False when the person had already voted.
bool insert_participation(db::Tx& tx, std::int64_t ballot_id, std::int64_t person_id);
// Open ballots whose turnout is not the one last announced in their room.
struct TurnoutChange {
  std::int64_t ballot_id = 0;
  std::int64_t ballots_cast = 0;
};
std::vector<TurnoutChange> turnout_changes(db::Tx& tx);
// Held until the transaction ends; false when another process holds it.
bool try_lock_turnout(db::Tx& tx);

// ---- Secret ballot contents ---------------------------------------------------------------------
// Who voted and what, in one statement: `participated` is false when the person had already
// voted (nothing is written); `stored` false when the tracker is already in the inbox or the box.
struct SecretCast {
  bool participated = false;
  bool stored = false;
};
SecretCast insert_secret_cast(db::Tx& tx, std::int64_t ballot_id, std::int64_t person_id,
                              const std::string& tracker_hash, const Marks& marks);
// The marks stored under this tracker, in the inbox or the box.
std::optional<Marks> secret_marks(db::Tx& tx, std::int64_t ballot_id,
                                  const std::string& tracker_hash);
// True when a row under this tracker was changed.
bool replace_secret_marks(db::Tx& tx, std::int64_t ballot_id, const std::string& tracker_hash,
                          const Marks& marks);

// The mixer's steps. The advisory lock keeps two mixers (or a mixer and a close) of one ballot
// apart without blocking voters.
bool try_lock_mixing(db::Tx& tx, std::int64_t ballot_id);
void lock_mixing(db::Tx& tx, std::int64_t ballot_id);
std::int64_t inbox_count(db::Tx& tx, std::int64_t ballot_id);
struct SealedBallot {
  std::string tracker_hash;
  Marks marks;
};
// A cancelled ballot's contents, inbox and box.
void discard_secret_contents(db::Tx& tx, std::int64_t ballot_id);
// Removes and returns every committed inbox row of the ballot.
std::vector<SealedBallot> take_inbox(db::Tx& tx, std::int64_t ballot_id);
// Inserts in the order given (the caller has shuffled it).
void insert_box(db::Tx& tx, std::int64_t ballot_id, const std::vector<SealedBallot>& ballots);

// ---- Open (roll-call) ballot contents -----------------------------------------------------------
bool insert_roll_call(db::Tx& tx, std::int64_t ballot_id, std::int64_t person_id,
                      const std::string& tracker_hash, const Marks& marks);
std::optional<SealedBallot> roll_call_of(db::Tx& tx, std::int64_t ballot_id,
                                         std::int64_t person_id);
void update_roll_call(db::Tx& tx, std::int64_t ballot_id, std::int64_t person_id,
                      const Marks& marks);
struct RollCallRow {
  PersonRef person;
  Marks marks;
};
std::vector<RollCallRow> roll_call(db::Tx& tx, std::int64_t ballot_id);

// ---- After the close ----------------------------------------------------------------------------
// Every counted ballot's marks (the box, or the roll call), in no meaningful order.
std::vector<Marks> counted_marks(db::Tx& tx, std::int64_t ballot_id);
std::vector<std::string> counted_tracker_hashes(db::Tx& tx, std::int64_t ballot_id);
bool tracker_counted(db::Tx& tx, std::int64_t ballot_id, const std::string& tracker_hash);

}  // namespace plenary::votes::repo
