#pragma once
// The full record of a count: every round, every decision and why it was taken. The same shape
// serves the three methods; fields a method does not use stay empty or zero.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "votes/counting/election.hpp"

namespace plenary::votes::counting {

enum class Method { irv, scottish_stv, meek_stv };

enum class CandidateStatus { hopeful, elected, excluded, withdrawn };

enum class RoundAction {
  first_preferences,      // ballots counted for their first preferences
  exclusion,              // ballots of the excluded candidate(s) passed on to the next preference
  surplus_transfer,       // a surplus passed on at a reduced transfer value (Scottish STV)
  keep_factor_iteration,  // votes recomputed with new keep factors until stable (Meek STV)
};

enum class Reason {
  quota,           // reached the quota
  majority,        // more than half of the votes for continuing candidates (IRV)
  last_vacancies,  // as many continuing candidates as seats left: all elected
  lowest_votes,    // fewest votes
  batch,           // could not overtake anyone even with all the votes below them (IRV option)
  seats_filled,    // every seat is filled: the rest are excluded
};

enum class TieResolution { earlier_round, lot };

struct TieBreak {
  std::string purpose;  // "exclusion" or "surplus order"
  std::vector<CandidateIndex> tied;
  CandidateIndex chosen = -1;  // excluded first, or whose surplus goes first
  TieResolution resolution = TieResolution::lot;
  int decided_at_round = 0;  // the earlier round that separated them (earlier_round only)
};

struct Outcome {
  CandidateIndex candidate = -1;
  Reason reason = Reason::quota;

  bool operator==(const Outcome&) const = default;
};

// Every vote value is a whole number of 10^-precision units (Count::precision).
struct Round {
  int number = 0;
  RoundAction action = RoundAction::first_preferences;
  std::vector<CandidateIndex> subjects;  // whose ballots this round transferred
  std::vector<std::int64_t> votes;       // per candidate, at the end of the round
  std::vector<std::int64_t> changes;     // per candidate, votes gained (or lost) in the round
  std::vector<CandidateStatus> status;   // per candidate, after the round's decisions
  std::int64_t quota = 0;
  std::int64_t exhausted = 0;      // all non-transferable (exhausted) votes so far
  std::int64_t rounding_loss = 0;  // all value lost to truncated transfer values so far
  std::int64_t surplus = 0;        // total surplus of elected candidates at the end of the round
  std::int64_t transferred_surplus = 0;  // the surplus this round passed on
  std::vector<Outcome> elected;          // decisions taken at the end of this round, in order
  std::vector<Outcome> excluded;
  std::vector<TieBreak> ties;
  // Meek STV only.
  std::vector<std::int64_t> keep_factors;         // per candidate, as the last iteration used them
  std::vector<std::int64_t> iteration_surpluses;  // the total surplus after each iteration
  std::string termination;  // why the iterations stopped: "elected", "omega" or "stable"
};

struct Count {
  Method method = Method::irv;
  std::string rule;   // which rule, in words, with its source
  std::string title;  // of the election
  int precision = 0;
  int seats = 1;
  std::vector<std::string> candidates;
  std::vector<CandidateIndex> withdrawn;
  std::int64_t valid_ballots = 0;    // whole ballots
  std::int64_t invalid_ballots = 0;  // blank, or with no first preference the rule accepts
  std::int64_t quota = 0;            // the quota the count starts with (Meek's changes)
  // The settings that shaped the count, e.g. {"overvote", "burlington"}, defaults included.
  std::vector<std::pair<std::string, std::string>> options;
  std::vector<std::string> notes;  // how the rule treated this particular file
  std::vector<Round> rounds;
  std::vector<CandidateIndex> elected;  // in order of election
};

std::string_view method_name(Method method);  // "irv", "scottish-stv", "meek-stv"
std::string_view status_name(CandidateStatus status);
std::string_view action_name(RoundAction action);
std::string_view reason_name(Reason reason);
std::string_view resolution_name(TieResolution resolution);

// Shared input checks: candidate numbers in range, positive weights, at most
// max_total_ballots ballots, at least one seat.
Status check_election(const Election& election);

}  // namespace plenary::votes::counting
