#pragma once
// Small elections for unit tests, written in BLT so that they read like the real thing.
#include <stdexcept>
#include <string>

#include "votes/counting/blt.hpp"

namespace plenary::votes::counting::testing {

// Parses `blt`; throws on a format error so that a typo in a test cannot pass silently.
inline Election election_from_blt(const std::string& blt) {
  auto election = parse_blt(blt);
  if (!election)
    throw std::runtime_error("test election: " + election.error().detail);
  return std::move(*election);
}

}  // namespace plenary::votes::counting::testing
