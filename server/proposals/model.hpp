#pragma once
// The proposals module's vocabulary: plain values as the repo reads them and the service hands
// them on. What may happen to them is rules.hpp's and policy.hpp's business.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace plenary::proposals {

// The life of a proposal (VOTES.md). The terminal states are passed, rejected, no_quorum and
// withdrawn.
enum class State {
  draft,
  gathering_support,
  qualified,
  scheduled,
  voting,
  passed,
  rejected,
  no_quorum,
  withdrawn,
};

std::optional<State> parse_state(std::string_view text);
std::string_view state_name(State state);
// As a person reads it on the page: "Gathering support".
std::string_view state_label(State state);
const std::vector<std::string>& state_names();

enum class AmendmentState { proposed, voting, accepted, rejected, withdrawn };

std::optional<AmendmentState> parse_amendment_state(std::string_view text);
std::string_view amendment_state_name(AmendmentState state);

struct PersonRef {
  std::int64_t id = 0;
  std::string display_name;
};

struct GroupRef {
  std::int64_t id = 0;
  std::string name;
  bool archived = false;
};

// A group's support threshold as its officers set it; neither set means the default share.
struct SupportSettings {
  std::optional<int> support_count{};
  std::optional<int> support_percent{};  // whole percent, 1..100
};

struct Amendment {
  std::int64_t id = 0;
  std::int64_t proposal_id = 0;
  int number = 0;  // 1, 2, … within the proposal: "Amendment 2"
  PersonRef author;
  std::string base_body;  // the proposal's text when the amendment was made: the diff's left side
  std::string body;       // the full amended text
  std::string rationale;
  AmendmentState state = AmendmentState::proposed;
  std::optional<std::int64_t> ballot_id;
  std::string created_at;
};

struct HistoryEntry {
  std::optional<State> from;
  State to = State::draft;
  std::optional<PersonRef> by;  // nothing: the system (a ballot opened or closed)
  std::string at;
  std::string note;
};

struct OutcomeRecord {
  std::string text;
  std::string html;
  PersonRef by;
  std::string at;
};

enum class ScheduleMode { ballot, meeting };

struct Schedule {
  ScheduleMode mode = ScheduleMode::ballot;
  std::string note;
};

struct Proposal {
  std::int64_t id = 0;
  GroupRef group;
  std::string title;
  std::string body;
  std::string body_html;
  std::string decision;
  PersonRef author;
  State state = State::draft;
  std::string created_at;
  std::optional<std::string> published_at;
  std::optional<std::int64_t> thread_id;
  std::optional<std::int64_t> ballot_id;
  std::optional<Schedule> schedule;
  std::optional<OutcomeRecord> outcome;
  std::int64_t support_count = 0;
};

}  // namespace plenary::proposals
