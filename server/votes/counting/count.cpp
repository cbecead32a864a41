#include "votes/counting/count.hpp"

namespace plenary::votes::counting {

std::string_view method_name(Method method) {
  switch (method) {
    case Method::irv:
      return "irv";
    case Method::scottish_stv:
      return "scottish-stv";
    case Method::meek_stv:
      return "meek-stv";
  }
  return "unknown";
}

std::string_view status_name(CandidateStatus status) {
  switch (status) {
    case CandidateStatus::hopeful:
      return "hopeful";
    case CandidateStatus::elected:
      return "elected";
    case CandidateStatus::excluded:
      return "excluded";
    case CandidateStatus::withdrawn:
      return "withdrawn";
  }
  return "unknown";
}

std::string_view action_name(RoundAction action) {
  switch (action) {
    case RoundAction::first_preferences:
      return "first_preferences";
    case RoundAction::exclusion:
      return "exclusion";
    case RoundAction::surplus_transfer:
      return "surplus_transfer";
    case RoundAction::keep_factor_iteration:
      return "keep_factor_iteration";
  }
  return "unknown";
}

std::string_view reason_name(Reason reason) {
  switch (reason) {
    case Reason::quota:
      return "quota";
    case Reason::majority:
      return "majority";
    case Reason::last_vacancies:
      return "last_vacancies";
    case Reason::lowest_votes:
      return "lowest_votes";
    case Reason::batch:
      return "batch";
    case Reason::seats_filled:
      return "seats_filled";
  }
  return "unknown";
}

std::string_view resolution_name(TieResolution resolution) {
  switch (resolution) {
    case TieResolution::earlier_round:
      return "earlier_round";
    case TieResolution::lot:
      return "lot";
  }
  return "unknown";
}

Status check_election(const Election& election) {
  const int n = election.candidate_count();
  if (n < 1) {
    return invalid_field("candidates", "The election has no candidates.");
  }
  if (election.seats < 1) {
    return invalid_field("seats", "The election must fill at least one seat.");
  }
  for (CandidateIndex candidate : election.withdrawn) {
    if (candidate < 0 || candidate >= n) {
      return invalid_field("withdrawn", "A withdrawn candidate is not in the candidate list.");
    }
  }
  std::int64_t total = 0;
  for (std::size_t i = 0; i < election.ballots.size(); ++i) {
    const Ballot& ballot = election.ballots[i];
    const std::string which = "Ballot line " + std::to_string(i + 1);
    if (ballot.weight < 1 || ballot.weight > max_total_ballots - total) {
      return invalid_field("ballots", which +
                                          " has a weight that is not positive, or the "
                                          "ballots number more than " +
                                          std::to_string(max_total_ballots) + ".");
    }
    total += ballot.weight;
    std::vector<bool> seen(n, false);
    for (const Rank& rank : ballot.ranks) {
      for (CandidateIndex candidate : rank) {
        if (candidate < 0 || candidate >= n) {
          return invalid_field("ballots", which + " ranks a candidate who does not exist.");
        }
        if (seen[candidate]) {
          return invalid_field("ballots", which + " ranks the same candidate twice.");
        }
        seen[candidate] = true;
      }
    }
  }
  return ok();
}

}  // namespace plenary::votes::counting
