#pragma once
// Who may do what with proposals. Pure: the service loads the viewer's memberships along the
// group's ancestry and asks; the `can` flags sent to the browser come from the same functions.
// Which state a proposal must be in is the state machine's business (rules.hpp).
#include "groups/policy.hpp"
#include "proposals/model.hpp"
#include "proposals/rules.hpp"

namespace plenary::proposals {

using groups::Decision;
using groups::GroupContext;
using groups::Viewer;

// How the state machine sees this viewer for a proposal (`own`: they wrote it).
Standing standing_of(const Viewer& viewer, bool own);

// Members (role member or above, here or inherited from an officer above) take part:
// make proposals, support them, amend them. Supporters of the group follow but do not.
// Proposals are the group's own business before and after they are decided: its supporters and
// members read them (and officers above it, and site admins); the public does not.
Decision can_see(const Viewer& viewer, const GroupContext& group);
Decision can_take_part(const Viewer& viewer, const GroupContext& group, const std::string& what);
// Officers (or site admins) schedule proposals, record outcomes and set the threshold.
Decision can_manage(const Viewer& viewer, const GroupContext& group, const std::string& what);

struct ProposalCan {
  bool edit = false;
  bool publish = false;
  bool support = false;
  bool withdraw = false;
  bool amend = false;
  bool schedule = false;
  bool record_outcome = false;
};

ProposalCan proposal_flags(const Viewer& viewer, const GroupContext& group, State state, bool own);

}  // namespace plenary::proposals
