#include "petitions/policy.hpp"

namespace plenary::petitions {

groups::Decision can_run_petitions(const groups::Viewer& viewer, const std::string& group_name) {
  if (!viewer.signed_in) {
    return groups::Decision::deny("Sign in to run petitions.", groups::sign_in_required);
  }
  const auto role = groups::acting_role(viewer);
  if (!viewer.site_admin && (!role || *role < groups::Role::officer)) {
    return groups::Decision::deny(
        "Only officers of " + group_name + ", or of a group above it, can run its petitions.",
        "not_an_officer");
  }
  return groups::Decision::allow();
}

PetitionCan petition_flags(const groups::Viewer& viewer, const Petition& petition) {
  const bool officer = can_run_petitions(viewer, petition.group.name).allowed;
  return {.export_signatures = officer,
          .close = officer && petition.status == PetitionStatus::open};
}

}  // namespace plenary::petitions
