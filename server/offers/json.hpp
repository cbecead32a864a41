#pragma once
// Offers as JSON: the officers' view (contact details, history) and the offerer's own view
// (where the offer stands; no officer's contact details, no internal history).
#include <nlohmann/json.hpp>
#include <vector>

#include "offers/model.hpp"

namespace plenary::offers {

nlohmann::json skills_json(const std::vector<Skill>& skills);
nlohmann::json officer_offer_json(const OfferRecord& offer);
nlohmann::json offerer_offer_json(const OfferRecord& offer);
nlohmann::json can_json(const OfferCan& can);
nlohmann::json counts_json(const Counts& counts);

}  // namespace plenary::offers
