#pragma once
// The pure rules of a ballot: what a valid ballot is, who may vote and why not, what a valid set
// of marks is, the tracker format, quorum and thresholds, and the count of every method. No I/O:
// the service loads, asks these, and writes.
#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "votes/counting/election.hpp"
#include "votes/model.hpp"

namespace plenary::votes {

inline constexpr std::size_t max_title_length = 200;
inline constexpr std::size_t max_description_bytes = 20'000;
inline constexpr std::size_t max_option_label_length = 200;
inline constexpr std::size_t max_option_description_length = 2000;
inline constexpr int min_options = 2;
inline constexpr int max_options = 100;

// ---- Times and dates ------------------------------------------------------------------------

// "2026-11-21T18:00:00Z", "2026-11-21T18:00:00.5+01:00" (seconds optional); nothing otherwise.
std::optional<TimePoint> parse_iso8601(std::string_view text);
// A real calendar date written YYYY-MM-DD.
bool valid_date(std::string_view text);
// "1 Sep 2026" for "2026-09-01" (the text itself if it is no date).
std::string long_date(std::string_view date);

// ---- Trackers -------------------------------------------------------------------------------
// A tracker is 100 random bits written as 20 characters of Crockford's base 32. People copy them
// by hand, so dashes and spaces are ignored, case does not matter, and the letters Crockford
// reads as digits (I and L as 1, O as 0) are accepted.

inline constexpr std::size_t tracker_length = 20;
inline constexpr std::size_t tracker_random_bytes = 13;  // 104 bits drawn, 100 used

// The canonical 20 upper-case characters, or nothing if the text is no tracker.
std::optional<std::string> normalise_tracker(std::string_view text);
// XXXXX-XXXXX-XXXXX-XXXXX for a normalised tracker.
std::string format_tracker(std::string_view normalised);
// The first 100 bits of `random` as a normalised tracker.
std::string tracker_from_random(const std::array<unsigned char, tracker_random_bytes>& random);

// ---- A ballot's specification ----------------------------------------------------------------

struct ValidSpec {
  std::string title;
  std::string description;
  VoteMethod method = VoteMethod::yes_no;
  int seats = 1;
  std::vector<BallotOption> options;
  std::optional<Threshold> threshold;
  int quorum_percent = 0;
  bool secret = true;
  EligibilityRule eligibility;
  std::optional<std::vector<std::int64_t>> explicit_electors;
  bool manual = false;
  std::optional<TimePoint> opens_at;  // non-manual: set (defaults to now)
  std::optional<TimePoint> closes_at;
};

// Every problem as a field error (the fields named as in the API); the time zone is checked by
// the caller, which knows the database's list.
Result<ValidSpec> validate_spec(const NewBallot& spec, TimePoint now);

// ---- Explanations shown on the ballot page ----------------------------------------------------

// "Members of Leith Branch and its sub-groups who joined on or before 1 Sep 2026".
std::string eligibility_explanation(const EligibilityRule& rule, const std::string& group_name);
// How the ballot is decided: method, seats, threshold and abstentions, quorum, ties.
std::string rule_explanation(VoteMethod method, int seats, std::optional<Threshold> threshold,
                             int quorum_percent);
std::string threshold_explanation(Threshold threshold);

// ---- Eligibility ------------------------------------------------------------------------------

struct ElectorCheck {
  bool eligible = false;
  std::string reason;  // a sentence when not eligible
};

// `memberships`: the person's memberships of the groups in the ballot's scope. `on_frozen_list`:
// nothing before the ballot opens (eligibility is then worked out from today's memberships);
// after, whether the person is on the list frozen at the open, which alone decides.
ElectorCheck check_elector(const EligibilityRule& rule, const std::string& group_name,
                           const std::vector<ScopeMembership>& memberships,
                           std::optional<bool> on_frozen_list);

// ---- Marks ------------------------------------------------------------------------------------

// Nothing when the marks are a valid ballot for this method; otherwise what is wrong.
std::optional<std::string> marks_problem(VoteMethod method,
                                         const std::vector<BallotOption>& options,
                                         const Marks& marks);

// ---- Quorum and thresholds
// -----------------------------------------------------------------------

// ceil(eligible × percent / 100), in whole numbers so that no rounding can move the boundary.
std::int64_t quorum_required(std::int64_t eligible, int percent);
bool quorum_met(std::int64_t cast, std::int64_t eligible, int percent);
// Abstentions are not passed in: they never count towards a threshold. At least one yes vote is
// always needed.
bool threshold_met(Threshold threshold, std::int64_t yes, std::int64_t no);

// ---- Counting -----------------------------------------------------------------------------------

// A random permutation of the option numbers, fixed when the ballot opens.
std::vector<int> tie_order_for(int option_count, std::uint64_t seed);

struct CountInput {
  VoteMethod method = VoteMethod::yes_no;
  std::string title;
  int seats = 1;
  std::vector<BallotOption> options;
  std::optional<Threshold> threshold;
  int quorum_percent = 0;
  std::vector<int> tie_order;  // option numbers; the first listed loses a tie
  std::int64_t eligible = 0;
  std::vector<Marks> ballots;
};

struct CountedResult {
  std::string outcome;  // "passed" | "rejected" | "no_quorum" | "decided"
  nlohmann::json result;
};

Result<CountedResult> count_ballots(const CountInput& input);

// The ranked ballots as the counting rules see them: one candidate per option (number n is
// candidate n-1), withdrawn options withdrawn, the tie order as the lot, identical ballots
// grouped in the canonical order. Quotes and line breaks in names become plain ones, which the
// BLT format can carry.
counting::Election election_from_marks(const CountInput& input);

// Ballots in one canonical order (by their marks), so a published list reveals nothing of the
// order in which they were cast.
void sort_canonically(std::vector<Marks>& ballots);

}  // namespace plenary::votes
