#pragma once
// Proposal use cases. Each runs in one transaction: load (locking the proposal when it changes),
// ask the policy and the state machine, act, record the history, publish the live event. The
// ballots are the votes module's, created inside the same transaction. Returns values or an
// Error; never sees HTTP.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "db/database.hpp"
#include "proposals/model.hpp"
#include "proposals/policy.hpp"
#include "proposals/rules.hpp"

namespace plenary::votes {
class Service;
}

namespace plenary::proposals {

inline constexpr std::size_t max_body_bytes =
    50 * 1024;  // leaves room in the debate's opening post
inline constexpr std::size_t max_title_length = 200;
inline constexpr std::size_t max_decision_length = 2000;
inline constexpr std::size_t max_rationale_length = 5000;
inline constexpr std::size_t max_outcome_bytes = 20 * 1024;

struct ProposalText {
  std::string title;
  std::string body;
  std::string decision;
};

struct ProposalChanges {
  std::optional<std::string> title;
  std::optional<std::string> body;
  std::optional<std::string> decision;
};

// The ballot a proposal's questions are put to; the votes module checks these values.
struct BallotTerms {
  std::optional<TimePoint> opens_at;
  std::optional<TimePoint> closes_at;
  std::string threshold = "simple_majority";
  int quorum_percent = 0;
  bool secret = true;
  bool include_subgroups = false;
  bool include_supporters = false;
  std::optional<std::string> joined_on_or_before;
};

struct ScheduleRequest {
  ScheduleMode mode = ScheduleMode::ballot;
  std::string note;   // meeting mode
  BallotTerms terms;  // ballot mode
};

struct ProposalSummary {
  Proposal proposal;
  SupportThreshold threshold;
};

struct ProposalPage {
  Proposal proposal;
  SupportThreshold threshold;
  std::vector<Amendment> amendments;
  std::vector<HistoryEntry> history;
  std::optional<bool> supported;  // nothing when signed out
  ProposalCan can;
};

struct ProposalList {
  std::vector<ProposalSummary> proposals;
  bool can_create = false;
  std::optional<std::int64_t> next_before;  // more, older proposals: ask again with this
};

// A group's proposals come a page at a time: a national group collects thousands over the years.
inline constexpr int proposals_per_page = 100;

struct SettingsView {
  SupportSettings settings;
  SupportThreshold threshold;  // what it means for the group now
  bool can_edit = false;
};

enum class ScheduleStage { amendments, main };

struct Scheduled {
  ProposalPage page;
  ScheduleStage stage = ScheduleStage::main;
};

class Service {
 public:
  Service(const Clock& clock, votes::Service& votes) : clock_(clock), votes_(votes) {}

  Result<SettingsView> settings(db::Connection& db, const Actor* actor, std::int64_t group_id);
  Result<SettingsView> save_settings(db::Connection& db, const Actor& actor, std::int64_t group_id,
                                     const SupportSettings& settings);

  Result<ProposalPage> create(db::Connection& db, const Actor& actor, std::int64_t group_id,
                              const ProposalText& text);
  Result<ProposalList> list(db::Connection& db, const Actor* actor, std::int64_t group_id,
                            const std::optional<State>& state,
                            const std::optional<std::int64_t>& before_id = std::nullopt);
  Result<ProposalPage> view(db::Connection& db, const Actor* actor, std::int64_t id);
  Result<ProposalPage> edit(db::Connection& db, const Actor& actor, std::int64_t id,
                            const ProposalChanges& changes);
  Result<ProposalPage> publish(db::Connection& db, const Actor& actor, std::int64_t id);
  Result<ProposalPage> support(db::Connection& db, const Actor& actor, std::int64_t id,
                               bool supporting);
  Result<Amendment> amend(db::Connection& db, const Actor& actor, std::int64_t id,
                          const std::string& body, const std::string& rationale);
  Result<Amendment> withdraw_amendment(db::Connection& db, const Actor& actor, std::int64_t id,
                                       std::int64_t amendment_id);
  Result<Scheduled> schedule(db::Connection& db, const Actor& actor, std::int64_t id,
                             const ScheduleRequest& request);
  Result<ProposalPage> withdraw(db::Connection& db, const Actor& actor, std::int64_t id,
                                const std::string& reason);
  Result<ProposalPage> record_outcome(db::Connection& db, const Actor& actor, std::int64_t id,
                                      const std::string& text);

 private:
  std::string now_text() const;

  const Clock& clock_;
  votes::Service& votes_;
};

// A ballot of the votes module changed (status "open", "closed" or "cancelled"; outcome when
// closed). Moves the proposal or amendment it decides, if any, inside the ballot's transaction;
// `at` is when the ballot changed.
// May this viewer follow room "proposals:<group id>" (the group's proposals changing)?
Status authorize_live(db::Connection& db, const std::optional<Actor>& actor, std::int64_t group_id);

Status ballot_changed(db::Tx& tx, std::int64_t ballot_id, const std::string& status,
                      const std::string& outcome, const std::string& at);

}  // namespace plenary::proposals
