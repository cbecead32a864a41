#include "votes/counting/tie_break.hpp"

#include <algorithm>
#include <numeric>
#include <utility>

namespace plenary::votes::counting {

std::vector<CandidateIndex> lot_order(const Election& election) {
  if (!election.tie_order.empty()) {
    return election.tie_order;
  }
  std::vector<CandidateIndex> order(election.candidates.size());
  std::iota(order.begin(), order.end(), 0);
  return order;
}

std::vector<CandidateIndex> tie_order_from_seed(int candidates, std::uint64_t seed) {
  std::uint64_t state = seed;
  auto next = [&state] {
    // SplitMix64 (Steele, Lea & Flood 2014).
    state += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  };
  std::vector<CandidateIndex> order(std::max(candidates, 0));
  std::iota(order.begin(), order.end(), 0);
  for (int i = candidates - 1; i > 0; --i) {
    const auto j = static_cast<int>(next() % static_cast<std::uint64_t>(i + 1));
    std::swap(order[i], order[j]);
  }
  return order;
}

TieBreak break_tie_by_lot(std::vector<CandidateIndex> tied,
                          const std::vector<CandidateIndex>& order, std::string purpose) {
  std::sort(tied.begin(), tied.end());
  TieBreak tie{std::move(purpose), tied, -1, TieResolution::lot, 0};
  for (CandidateIndex candidate : order) {
    if (std::binary_search(tied.begin(), tied.end(), candidate)) {
      tie.chosen = candidate;
      break;
    }
  }
  return tie;
}

TieBreak break_tie_by_earlier_rounds(std::vector<CandidateIndex> tied,
                                     const std::vector<std::vector<std::int64_t>>& history,
                                     Extreme extreme, const std::vector<CandidateIndex>& order,
                                     std::string purpose) {
  std::sort(tied.begin(), tied.end());
  std::vector<CandidateIndex> remaining = tied;
  for (std::size_t k = history.size(); k-- > 0 && remaining.size() > 1;) {
    const auto& votes = history[k];
    const auto by_votes = [&](CandidateIndex a, CandidateIndex b) { return votes[a] < votes[b]; };
    const std::int64_t target =
        votes[extreme == Extreme::lowest
                  ? *std::min_element(remaining.begin(), remaining.end(), by_votes)
                  : *std::max_element(remaining.begin(), remaining.end(), by_votes)];
    std::erase_if(remaining, [&](CandidateIndex c) { return votes[c] != target; });
    if (remaining.size() == 1) {
      return TieBreak{std::move(purpose), tied, remaining.front(), TieResolution::earlier_round,
                      static_cast<int>(k) + 1};
    }
  }
  TieBreak tie = break_tie_by_lot(remaining, order, std::move(purpose));
  tie.tied = tied;
  return tie;
}

}  // namespace plenary::votes::counting
