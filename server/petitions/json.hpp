#pragma once
// Petitions as the API shows them (see /api/v1/petitions in openapi.json). The public shapes take
// PublicSigner, which carries a name and a time and nothing else.
#include <nlohmann/json.hpp>
#include <vector>

#include "petitions/model.hpp"

namespace plenary::petitions {

nlohmann::json petition_json(const Petition& petition);
nlohmann::json counts_json(const Counts& counts);
nlohmann::json signers_json(const std::vector<PublicSigner>& signers);
nlohmann::json can_json(const PetitionCan& can);
nlohmann::json breakdown_json(const Breakdown& breakdown);

}  // namespace plenary::petitions
