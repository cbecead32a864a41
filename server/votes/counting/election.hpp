#pragma once
// The ranked ballots of one election, as the counting rules see them. Plain values, no I/O.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace plenary::votes::counting {

// Candidates are numbered 0..n-1 in the order of the candidate list (BLT numbers them from 1).
using CandidateIndex = int;

// One rank on a ballot: usually one candidate; two or more for an equal preference ("a=b"),
// none for a rank the voter skipped ("-"). Each counting rule says what it does with the
// last two (see irv.hpp, scottish_stv.hpp, meek_stv.hpp).
using Rank = std::vector<CandidateIndex>;

struct Ballot {
  std::int64_t weight = 1;  // how many identical ballots this line stands for
  std::vector<Rank> ranks;  // first preference first; empty = a blank ballot

  bool operator==(const Ballot&) const = default;
};

struct Election {
  int seats = 1;
  std::vector<std::string> candidates;    // names, UTF-8
  std::vector<std::string> nicknames;     // empty, or one short name per candidate ([nick ...])
  std::vector<CandidateIndex> withdrawn;  // sorted, no duplicates
  // The order used when a tie can only be broken by lot: empty means the candidate list order.
  // See tie_break.hpp for how each rule uses it.
  std::vector<CandidateIndex> tie_order;
  std::vector<Ballot> ballots;
  std::string title;
  // Wichmann's BLT extension: up to two quoted strings after the title (a source, a comment).
  std::vector<std::string> title_notes;
  // Lines after those that the format gives no meaning to; kept verbatim, never counted.
  std::vector<std::string> trailing_lines;

  bool operator==(const Election&) const = default;

  int candidate_count() const { return static_cast<int>(candidates.size()); }
  bool is_withdrawn(CandidateIndex candidate) const {
    return std::binary_search(withdrawn.begin(), withdrawn.end(), candidate);
  }
};

// The most ballots (sum of weights) a count accepts. Keeps every fixed-point total of the
// Meek count (10^9 units per vote) inside 64 bits with room for the intermediate products.
inline constexpr std::int64_t max_total_ballots = 1'000'000'000;

}  // namespace plenary::votes::counting
