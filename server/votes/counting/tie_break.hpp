#pragma once
// Ties. The rules break them first by earlier rounds where they say so, then "by lot". A count
// must be reproducible, so the lot here is a stated order fixed before the count:
//
//   the election's tie order (BLT [tie ...]) if it has one, else the candidate list order;
//   among tied candidates the one listed FIRST is the one the lot picks — excluded first,
//   or, for the order of surplus transfers, transferred first.
//
// For a fair lot the tie order should itself be drawn at random before the count, e.g. with
// tie_order_from_seed and a seed announced (or recorded) in advance; that order then goes in
// the [tie] line of the ballot file so that anyone can repeat the count.
#include <cstdint>
#include <string>
#include <vector>

#include "votes/counting/count.hpp"
#include "votes/counting/election.hpp"

namespace plenary::votes::counting {

// The order the lot follows: the election's tie order or 0..n-1.
std::vector<CandidateIndex> lot_order(const Election& election);

// A random permutation of 0..candidates-1 that depends only on the seed: SplitMix64 drives a
// Fisher–Yates shuffle (for i from n-1 down to 1, swap i with next() % (i + 1)), so any
// implementation of those two well-known steps gives the same order for the same seed.
std::vector<CandidateIndex> tie_order_from_seed(int candidates, std::uint64_t seed);

enum class Extreme { lowest, highest };

// The first of `tied` in `order`.
TieBreak break_tie_by_lot(std::vector<CandidateIndex> tied,
                          const std::vector<CandidateIndex>& order, std::string purpose);

// Looks back through `history` (votes per candidate at the end of each round, oldest first),
// from the most recent round: keeps only the tied candidates with the `extreme` votes there,
// and stops as soon as one is left. If the rounds never separate them all, the lot decides
// among those still tied.
TieBreak break_tie_by_earlier_rounds(std::vector<CandidateIndex> tied,
                                     const std::vector<std::vector<std::int64_t>>& history,
                                     Extreme extreme, const std::vector<CandidateIndex>& order,
                                     std::string purpose);

}  // namespace plenary::votes::counting
