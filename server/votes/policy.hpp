#pragma once
// Who may do what with a ballot: the one place these rules are written. Pure — the service loads
// the viewer's memberships and the ballot and asks; the `can` flags sent to the browser come from
// the same functions, so the page never offers what the server would refuse.
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "groups/policy.hpp"
#include "votes/model.hpp"

namespace plenary::votes {

// Ballots are the group's own business: its supporters and members see them (and officers above
// it, and site admins), as does anyone on, or due to be on, the list of voters (members of a
// sub-group, for a ballot that includes sub-groups). The public does not.
groups::Decision can_see_ballots(const groups::Viewer& viewer, const std::string& group_name,
                                 bool elector);

// Officers of the group, officers of a group above it (they act downwards) and site admins.
groups::Decision can_run_ballots(const groups::Viewer& viewer, const std::string& group_name);

// Why no vote can be taken now (not open yet, closed, cancelled, past its closing time); nothing
// when the ballot is open for votes. The server's clock decides, not the ticker's last run.
std::optional<std::string> voting_window_problem(const Ballot& ballot, TimePoint now);

// What the ballot page may offer this viewer. `my`: nothing when signed out.
BallotCan ballot_flags(const groups::Viewer& viewer, const Ballot& ballot,
                       const std::optional<MyStanding>& my, TimePoint now);

}  // namespace plenary::votes
