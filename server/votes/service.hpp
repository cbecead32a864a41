#pragma once
// Ballot use cases. Each runs in one transaction: load, ask the policy, apply the pure rule,
// write, publish the live event. Returns values or an Error; never sees HTTP.
//
// Secret ballots: casting writes who voted (ballot_participation) and what was voted
// (ballot_inbox, keyed by the tracker's hash) in one transaction; the mixer later moves the
// contents to ballot_box in a shuffled batch, so that nothing in the database ties a person to a
// ballot. See README.md for the design and its residual risks.
#include <atomic>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/actor.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "db/database.hpp"
#include "votes/model.hpp"

namespace plenary::votes {

struct BallotChange {
  std::int64_t ballot_id = 0;
  std::string status;     // "open" | "closed" | "cancelled"
  std::string outcome;    // closed: "passed"|"rejected"|"no_quorum"|"decided"; else ""
  nlohmann::json result;  // closed: the result JSON
};

struct Hooks {
  // Runs inside the ballot's transaction: an error rolls the change back.
  std::function<Status(db::Tx&, const BallotChange&)> on_change;
};

struct BallotList {
  std::vector<Ballot> ballots;
  bool can_create = false;
};

struct BallotView {
  Ballot ballot;
  std::optional<MyStanding> my;  // nothing when signed out
  BallotCan can;
};

struct CastReceipt {
  std::string tracker;  // formatted XXXXX-XXXXX-XXXXX-XXXXX
  bool replaced = false;
  bool created = false;  // a new ballot (201) rather than a retry or a replacement (200)
};

struct RollCallEntry {
  PersonRef person;
  Marks marks;
};

struct PublishedBallots {
  std::vector<Marks> ballots;                           // canonical sorted order
  std::optional<std::vector<RollCallEntry>> roll_call;  // open ballots only
};

struct BltFile {
  std::string filename;
  std::string text;
};

class Service {
 public:
  Service(const Clock& clock, Hooks hooks);

  // No policy check: the caller (e.g. proposals, meetings) has decided the actor may. Validates
  // the spec (invalid_field errors), inserts, opens at once if due. Returns the ballot id.
  Result<std::int64_t> create_in(db::Tx& tx, std::int64_t created_by, const NewBallot& spec);
  Status open_in(db::Tx& tx, std::int64_t ballot_id);   // for meetings: officer opens
  Status close_in(db::Tx& tx, std::int64_t ballot_id);  // counts and stores the result
  Status cancel_in(db::Tx& tx, std::int64_t ballot_id);
  // The ticker: opens ballots that are due, mixes waiting secret ballots, closes those due.
  // Safe to run at once in several processes (rows are taken with SKIP LOCKED).
  void run_due(db::Connection& db);

  // The use cases behind the routes: each checks the policy.
  Result<Ballot> create(db::Connection& db, const Actor& actor, const NewBallot& spec);
  Result<BallotList> list(db::Connection& db, const Actor* actor, std::int64_t group_id);
  Result<BallotView> view(db::Connection& db, const Actor* actor, std::int64_t ballot_id);
  Result<Ballot> open(db::Connection& db, const Actor& actor, std::int64_t ballot_id);
  Result<Ballot> close(db::Connection& db, const Actor& actor, std::int64_t ballot_id);
  Result<Ballot> cancel(db::Connection& db, const Actor& actor, std::int64_t ballot_id);
  Result<CastReceipt> cast(db::Connection& db, const Actor& actor, std::int64_t ballot_id,
                           const Marks& marks, const std::optional<std::string>& tracker);
  Result<CastReceipt> replace(db::Connection& db, const Actor& actor, std::int64_t ballot_id,
                              const std::string& tracker, const Marks& marks);
  Result<nlohmann::json> results(db::Connection& db, const Actor* actor, std::int64_t ballot_id);
  Result<std::vector<std::string>> trackers(db::Connection& db, const Actor* actor,
                                            std::int64_t ballot_id);
  // No session needed: see the definition.
  Result<bool> tracker_counted(db::Connection& db, std::int64_t ballot_id,
                               const std::string& tracker);
  Result<PublishedBallots> published_ballots(db::Connection& db, const Actor* actor,
                                             std::int64_t ballot_id);
  Result<BltFile> blt(db::Connection& db, const Actor* actor, std::int64_t ballot_id);

 private:
  std::string now_text() const;
  Status open_locked(db::Tx& tx, const Ballot& ballot);
  Status close_locked(db::Tx& tx, const Ballot& ballot);
  void vacuum_inbox(db::Connection& db);

  const Clock& clock_;
  Hooks hooks_;
  std::atomic<int> ticks_since_vacuum_{0};
};

// May this viewer follow the live events of the ballot (room "ballot:<id>")?
Status authorize_live(db::Connection& db, const std::optional<Actor>& viewer,
                      std::int64_t ballot_id);

}  // namespace plenary::votes
