#pragma once
// Who may do what with a group's petitions: the one place these rules are written. Pure. Reading
// a petition and signing it need no permission; running petitions and seeing signers' details do.
#include <string>

#include "groups/policy.hpp"
#include "petitions/model.hpp"

namespace plenary::petitions {

// Officers of the group, officers of a group above it (they act downwards) and site admins: they
// create and close the group's petitions and see the signatures' details.
groups::Decision can_run_petitions(const groups::Viewer& viewer, const std::string& group_name);

// What the petition page may offer this viewer.
PetitionCan petition_flags(const groups::Viewer& viewer, const Petition& petition);

}  // namespace plenary::petitions
