#pragma once
// Instant run-off (IRV): one seat. Each round counts every ballot for its highest-ranked
// continuing candidate. A candidate with more than half of the votes for continuing candidates
// wins (so does the last one left); otherwise the candidate with the fewest votes is excluded
// — ties broken by the most recent earlier round that separates the tied candidates, then by
// the lot of tie_break.hpp — and the next round begins.
//
// Skipped ranks ('-') are passed over. An over-vote — two or more candidates marked at the same
// rank ("a=b") — is treated by one stated rule, which the count reports:
//
//   exhaust     (the default) the ballot is exhausted when the count reaches the over-voted
//               rank, as in Maine, New York City and San Francisco.
//   skip        the over-voted rank is passed over like a skipped rank (Cambridge, MA).
//   burlington  Burlington, Vermont's 2009 rule: the rank counts for the one continuing
//               candidate among those marked; if two or more of them are still continuing, the
//               ballot is exhausted for good (it stays exhausted when they are later excluded).
//               With batch elimination this reproduces the official 2009 mayoral count.
//
// Batch elimination (off by default; Burlington used it, "simultaneous drop when
// mathematically inevitable"): exclude at once the largest group of lowest candidates whose
// votes together are fewer than the votes of the next candidate up. Without it, one candidate
// is excluded per round.
//
// Count::quota is the majority of valid ballots (half, rounded down, plus one); each round's
// quota is the majority of that round's votes for continuing candidates, the figure that
// actually decides.
#include <optional>
#include <string_view>

#include "core/error.hpp"
#include "votes/counting/count.hpp"
#include "votes/counting/election.hpp"

namespace plenary::votes::counting {

enum class OverVoteRule { exhaust, skip, burlington };

inline constexpr OverVoteRule default_overvote_rule = OverVoteRule::exhaust;

std::string_view overvote_rule_name(OverVoteRule rule);
std::optional<OverVoteRule> overvote_rule_from_name(std::string_view name);

struct IrvOptions {
  OverVoteRule overvote = default_overvote_rule;
  bool batch_elimination = false;
};

Result<Count> count_irv(const Election& election, const IrvOptions& options = {});

}  // namespace plenary::votes::counting
