#pragma once
// Who may see and answer an offer to volunteer: the one place these rules are written. Pure.
#include <cstdint>
#include <vector>

#include "groups/policy.hpp"
#include "offers/model.hpp"

namespace plenary::offers {

// The person asking, as far as offers care: the groups they are an active officer or admin of.
struct OfficerView {
  bool signed_in = false;
  bool site_admin = false;
  std::vector<std::int64_t> officer_group_ids;
};

// Officers of a group the offer was sent to, officers of any group above one (they act
// downwards), and site admins see an offer's details and answer it.
groups::Decision can_answer(const OfficerView& viewer,
                            const std::vector<std::vector<std::int64_t>>& recipient_chains);

// What the offer page may offer this viewer, given the decision above.
OfferCan offer_flags(const groups::Decision& answer, OfferStatus status);

// The officers' dashboard is for people who answer offers for some group.
groups::Decision can_open_dashboard(const OfficerView& viewer);

}  // namespace plenary::offers
