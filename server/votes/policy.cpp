#include "votes/policy.hpp"

#include "votes/rules.hpp"

namespace plenary::votes {

groups::Decision can_run_ballots(const groups::Viewer& viewer, const std::string& group_name) {
  if (!viewer.signed_in) {
    return groups::Decision::deny("Sign in to run ballots.", groups::sign_in_required);
  }
  const auto role = groups::acting_role(viewer);
  if (!viewer.site_admin && (!role || *role < groups::Role::officer)) {
    return groups::Decision::deny(
        "Only officers of " + group_name + ", or of a group above it, can run its ballots.",
        "not_an_officer");
  }
  return groups::Decision::allow();
}

groups::Decision can_see_ballots(const groups::Viewer& viewer, const std::string& group_name,
                                 bool elector) {
  if (!viewer.signed_in) {
    return groups::Decision::deny("Sign in to see the ballots of " + group_name + ".",
                                  groups::sign_in_required);
  }
  if (!viewer.site_admin && !groups::acting_role(viewer) && !elector) {
    return groups::Decision::deny(
        "Only supporters and members of " + group_name + " can see its ballots.", "not_a_member");
  }
  return groups::Decision::allow();
}

std::optional<std::string> voting_window_problem(const Ballot& ballot, TimePoint now) {
  const std::string zone = " (" + ballot.time_zone + ")";
  switch (ballot.status) {
    case BallotStatus::scheduled:
      if (ballot.manual || !ballot.opens_local)
        return std::string("Voting has not opened yet: an officer will open it.");
      return "Voting has not opened yet. It opens at " + *ballot.opens_local + zone + ".";
    case BallotStatus::cancelled:
      return std::string("This ballot was cancelled.");
    case BallotStatus::closed:
      if (ballot.manual || !ballot.closes_local)
        return std::string("Voting has closed.");
      return "Voting closed at " + *ballot.closes_local + zone + ".";
    case BallotStatus::open:
      break;
  }
  if (!ballot.manual && ballot.closes_at) {
    const auto closes = parse_iso8601(*ballot.closes_at);
    if (closes && now >= *closes)
      return "Voting closed at " + ballot.closes_local.value_or(*ballot.closes_at) + zone + ".";
  }
  return std::nullopt;
}

BallotCan ballot_flags(const groups::Viewer& viewer, const Ballot& ballot,
                       const std::optional<MyStanding>& my, TimePoint now) {
  BallotCan can;
  const bool voting = !voting_window_problem(ballot, now);
  if (my) {
    can.vote = voting && my->eligible && !my->voted;
    can.replace = voting && my->voted;
  }
  if (can_run_ballots(viewer, ballot.group_name)) {
    can.open = ballot.status == BallotStatus::scheduled;
    can.close = ballot.status == BallotStatus::open;
    can.cancel = ballot.status == BallotStatus::scheduled || ballot.status == BallotStatus::open;
  }
  return can;
}

}  // namespace plenary::votes
