#pragma once
// A count as JSON, for the API and `plenary count`. Vote values are decimal strings with exactly
// Count::precision places ("2843.00000"), so no reader loses a digit to floating point.
// Candidates are referred to by their number in the ballot file (from 1) and their name.
#include <nlohmann/json.hpp>

#include "votes/counting/count.hpp"

namespace plenary::votes::counting {

nlohmann::ordered_json count_to_json(const Count& count);

}  // namespace plenary::votes::counting
