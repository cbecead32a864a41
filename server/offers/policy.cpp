#include "offers/policy.hpp"

#include <algorithm>

namespace plenary::offers {

groups::Decision can_answer(const OfficerView& viewer,
                            const std::vector<std::vector<std::int64_t>>& recipient_chains) {
  if (!viewer.signed_in) {
    return groups::Decision::deny("Sign in to answer offers to volunteer.",
                                  groups::sign_in_required);
  }
  if (viewer.site_admin)
    return groups::Decision::allow();
  for (const auto& chain : recipient_chains) {
    for (auto group_id : chain) {
      if (std::find(viewer.officer_group_ids.begin(), viewer.officer_group_ids.end(), group_id) !=
          viewer.officer_group_ids.end())
        return groups::Decision::allow();
    }
  }
  return groups::Decision::deny(
      "Only officers of the groups this offer was sent to, or of a group above them, can see "
      "and answer it.",
      "not_an_officer");
}

OfferCan offer_flags(const groups::Decision& answer, OfferStatus status) {
  if (!answer.allowed)
    return {};
  return {.acknowledge = status == OfferStatus::waiting,
          .record_outcome = status != OfferStatus::awaiting_confirmation};
}

groups::Decision can_open_dashboard(const OfficerView& viewer) {
  if (!viewer.signed_in)
    return groups::Decision::deny("Sign in to see offers to volunteer.", groups::sign_in_required);
  if (viewer.site_admin || !viewer.officer_group_ids.empty())
    return groups::Decision::allow();
  return groups::Decision::deny(
      "The offers dashboard is for officers of a group. Ask an officer of your group if you "
      "want to help answer offers.",
      "not_an_officer");
}

}  // namespace plenary::offers
