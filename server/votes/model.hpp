#pragma once
// The votes module's vocabulary: plain values, no behaviour beyond naming and parsing words.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "groups/model.hpp"

namespace plenary::votes {

enum class VoteMethod { yes_no, single_choice, approval, irv, scottish_stv, meek_stv };
enum class Threshold { simple_majority, two_thirds, three_quarters };
enum class BallotStatus { scheduled, open, closed, cancelled };

std::optional<VoteMethod> parse_method(std::string_view text);
std::string_view method_name(VoteMethod method);
const std::vector<std::string>& method_names();
bool is_ranked(VoteMethod method);

std::optional<Threshold> parse_threshold(std::string_view text);
std::string_view threshold_name(Threshold threshold);
const std::vector<std::string>& threshold_names();

std::optional<BallotStatus> parse_status(std::string_view text);
std::string_view status_name(BallotStatus status);

struct BallotOption {
  int number = 0;  // from 1, in the order the options were given
  std::string label;
  std::string description;
  bool withdrawn = false;
};

// Who may vote, as the officer set it; the list itself is frozen when the ballot opens.
struct EligibilityRule {
  bool include_subgroups = false;
  bool include_supporters = false;
  std::optional<std::string> joined_on_or_before;  // YYYY-MM-DD
  // Set when another module named the voters (a meeting: those checked in): who they are, as in
  // "members checked in to the AGM when the vote opened". The rule above then decides nothing.
  std::optional<std::string> named_list;
};

struct PersonRef {
  std::int64_t id = 0;
  std::string display_name;
};

struct Ballot {
  std::int64_t id = 0;
  std::int64_t group_id = 0;
  std::string group_name;
  std::string title;
  std::string description;
  std::string description_html;
  VoteMethod method = VoteMethod::yes_no;
  int seats = 1;
  std::vector<BallotOption> options;
  std::optional<Threshold> threshold;  // yes_no only
  int quorum_percent = 0;
  bool secret = true;
  EligibilityRule eligibility;
  std::string time_zone;
  bool manual = false;
  std::optional<std::string> opens_at;  // ISO 8601 UTC
  std::optional<std::string> closes_at;
  std::optional<std::string> opens_local;  // "18:00 on 21 Nov 2026", in time_zone
  std::optional<std::string> closes_local;
  BallotStatus status = BallotStatus::scheduled;
  std::optional<std::int64_t> eligible_count;  // frozen at open
  std::int64_t ballots_cast = 0;
  std::vector<int> tie_order;  // option numbers; empty until open
  PersonRef created_by;
  std::string created_at;
  std::optional<std::string> opened_at;
  std::optional<std::string> closed_at;
  std::optional<nlohmann::json> result;  // after close
};

// One of a person's memberships within the ballot's scope (the group, or its sub-groups too).
struct ScopeMembership {
  std::string group_name;
  groups::Role role = groups::Role::member;
  groups::MembershipStatus status = groups::MembershipStatus::active;
  std::string joined_at;  // YYYY-MM-DD
};

// The viewer's standing in a ballot.
struct MyStanding {
  bool eligible = false;
  std::string reason;  // a sentence when not eligible
  bool voted = false;
};

struct BallotCan {
  bool vote = false;
  bool replace = false;
  bool open = false;
  bool close = false;
  bool cancel = false;
};

// One anonymised ballot: the option numbers marked, first preference first for ranked methods.
using Marks = std::vector<int>;

// A ballot as another module or the routes ask for it; validated by rules::validate_spec.
struct NewBallot {
  std::int64_t group_id = 0;
  std::string title, description;
  std::string method = "yes_no";
  int seats = 1;
  std::vector<std::pair<std::string, std::string>> options;  // label, description
  std::string threshold = "simple_majority";
  int quorum_percent = 0;
  bool secret = true;
  bool include_subgroups = false, include_supporters = false;
  std::optional<std::string> joined_on_or_before;
  std::optional<std::string> time_zone;
  bool manual = false;
  std::optional<TimePoint> opens_at, closes_at;
  // Voters named by the caller rather than by the rule above, frozen into the list of voters
  // when the ballot opens; `explicit_electors_are` says who they are (see EligibilityRule).
  std::optional<std::vector<std::int64_t>> explicit_electors;
  std::string explicit_electors_are;
};

}  // namespace plenary::votes
