// Properties every count must have, checked on many random elections. The generator is seeded,
// so a failure names the seed that reproduces it.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "votes/counting/blt.hpp"
#include "votes/counting/count_json.hpp"
#include "votes/counting/decimal.hpp"
#include "votes/counting/irv.hpp"
#include "votes/counting/meek_stv.hpp"
#include "votes/counting/scottish_stv.hpp"
#include "votes/counting/tie_break.hpp"

namespace plenary::votes::counting {
namespace {

constexpr int elections_per_property = 400;

// SplitMix64: small, and the same on every platform (unlike std:: distributions).
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    state_ += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  bool chance(int one_in) { return below(one_in) == 0; }

 private:
  std::uint64_t state_;
};

struct Shape {
  bool single_seat = false;
  bool equal_and_skipped_ranks = false;  // only rules that define them get these
};

Election random_election(std::uint64_t seed, Shape shape) {
  Random random(seed);
  Election election;
  const int n = 2 + random.below(7);
  for (int c = 0; c < n; ++c) {
    election.candidates.push_back("Candidate " + std::to_string(c + 1));
  }
  election.title = "Random election " + std::to_string(seed);
  if (random.chance(4)) {
    election.withdrawn = {random.below(n)};
  }
  const int eligible = n - static_cast<int>(election.withdrawn.size());
  election.seats = shape.single_seat ? 1 : 1 + random.below(std::max(1, eligible - 1));
  if (random.chance(2)) {
    election.tie_order = tie_order_from_seed(n, random.next());
  }
  const int lines = 1 + random.below(60);
  // A few popular candidates make surpluses and long counts more likely.
  std::vector<int> popularity(n);
  for (int& p : popularity) {
    p = 1 + random.below(6);
  }
  for (int line = 0; line < lines; ++line) {
    Ballot ballot;
    ballot.weight = 1 + random.below(random.chance(5) ? 40 : 4);
    std::vector<CandidateIndex> order(n);
    std::iota(order.begin(), order.end(), 0);
    // Weighted shuffle: repeatedly draw by popularity.
    std::vector<CandidateIndex> drawn;
    while (!order.empty()) {
      int total = 0;
      for (CandidateIndex c : order) {
        total += popularity[c];
      }
      int pick = random.below(total);
      auto it = order.begin();
      while (pick >= popularity[*it]) {
        pick -= popularity[*it++];
      }
      drawn.push_back(*it);
      order.erase(it);
    }
    const int length = random.chance(10) ? 0 : 1 + random.below(n);
    for (int i = 0; i < length; ++i) {
      if (shape.equal_and_skipped_ranks && random.chance(8)) {
        ballot.ranks.emplace_back();  // skipped
      }
      if (shape.equal_and_skipped_ranks && i + 1 < length && random.chance(6)) {
        ballot.ranks.push_back({drawn[i], drawn[i + 1]});
        ++i;
      } else {
        ballot.ranks.push_back({drawn[i]});
      }
    }
    election.ballots.push_back(std::move(ballot));
  }
  // At least one ballot every rule accepts.
  const CandidateIndex someone = election.is_withdrawn(0) ? 1 : 0;
  election.ballots.push_back({1, {{someone}}});
  return election;
}

std::int64_t sum(const std::vector<std::int64_t>& values) {
  return std::accumulate(values.begin(), values.end(), std::int64_t{0});
}

int eligible(const Election& election) {
  return election.candidate_count() - static_cast<int>(election.withdrawn.size());
}

// Properties shared by all methods.
void expect_well_formed(const Election& election, const Count& count) {
  ASSERT_FALSE(count.rounds.empty());
  EXPECT_EQ(count.elected.size(),
            static_cast<std::size_t>(std::min(election.seats, eligible(election))));
  std::vector<CandidateIndex> from_rounds;
  std::vector<int> decided(election.candidate_count(), 0);
  for (std::size_t i = 0; i < count.rounds.size(); ++i) {
    const Round& round = count.rounds[i];
    EXPECT_EQ(round.number, static_cast<int>(i) + 1);
    for (const Outcome& outcome : round.elected) {
      from_rounds.push_back(outcome.candidate);
      ++decided[outcome.candidate];
      EXPECT_EQ(round.status[outcome.candidate], CandidateStatus::elected);
    }
    for (const Outcome& outcome : round.excluded) {
      ++decided[outcome.candidate];
      EXPECT_EQ(round.status[outcome.candidate], CandidateStatus::excluded);
    }
    for (CandidateIndex c = 0; c < election.candidate_count(); ++c) {
      EXPECT_EQ(round.status[c] == CandidateStatus::withdrawn, election.is_withdrawn(c));
      EXPECT_GE(round.votes[c], 0);
      if (round.status[c] == CandidateStatus::withdrawn) {
        EXPECT_EQ(round.votes[c], 0);
      }
    }
    for (const TieBreak& tie : round.ties) {
      EXPECT_NE(std::find(tie.tied.begin(), tie.tied.end(), tie.chosen), tie.tied.end());
    }
  }
  EXPECT_EQ(from_rounds, count.elected);
  for (int times : decided) {
    EXPECT_LE(times, 1) << "a candidate was decided twice";
  }
  const nlohmann::ordered_json json = count_to_json(count);
  EXPECT_EQ(json["rounds"].size(), count.rounds.size());
  EXPECT_EQ(json["elected"].size(), count.elected.size());
}

TEST(CountingProperties, ScottishStvConservesVotesAndElectsWhoeverReachesTheQuota) {
  for (std::uint64_t seed = 1; seed <= elections_per_property; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const Election election = random_election(seed, {false, true});
    const auto count = count_scottish_stv(election);
    ASSERT_TRUE(count.ok()) << count.error().detail;
    expect_well_formed(election, *count);
    const std::int64_t unit = units_per_vote(count->precision);
    int surplus_stages = 0;
    for (const Round& round : count->rounds) {
      if (round.action == RoundAction::surplus_transfer) {
        ++surplus_stages;
      }
      // Exact: the votes held, the non-transferable and the truncated fractions make up every
      // valid ballot, and truncation never loses more than 0.00001 per paper transferred.
      EXPECT_EQ(sum(round.votes) + round.exhausted + round.rounding_loss,
                count->valid_ballots * unit);
      EXPECT_GE(round.rounding_loss, 0);
      EXPECT_LE(round.rounding_loss, surplus_stages * count->valid_ballots);
      for (CandidateIndex c = 0; c < election.candidate_count(); ++c) {
        if (round.status[c] == CandidateStatus::hopeful) {
          EXPECT_LT(round.votes[c], count->quota);
        }
        if (round.votes[c] >= count->quota) {
          EXPECT_EQ(round.status[c], CandidateStatus::elected);
        }
        if (round.status[c] == CandidateStatus::excluded) {
          const bool just_now = std::any_of(
              round.excluded.begin(), round.excluded.end(), [&](const Outcome& outcome) {
                return outcome.candidate == c && outcome.reason == Reason::seats_filled;
              });
          if (!just_now) {
            EXPECT_EQ(round.votes[c], 0);
          }
        }
      }
    }
  }
}

TEST(CountingProperties, MeekStvConservesVotesExactlyAndElectsWhoeverReachesTheQuota) {
  for (std::uint64_t seed = 1; seed <= elections_per_property; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const Election election = random_election(seed, {false, false});
    for (MeekVariant variant : {MeekVariant::prf_reference, MeekVariant::droop_parametric}) {
      const auto count = count_meek_stv(election, variant);
      ASSERT_TRUE(count.ok()) << count.error().detail;
      expect_well_formed(election, *count);
      const std::int64_t unit = units_per_vote(count->precision);
      for (const Round& round : count->rounds) {
        EXPECT_EQ(sum(round.votes) + round.exhausted, count->valid_ballots * unit);
        for (CandidateIndex c = 0; c < election.candidate_count(); ++c) {
          if (round.status[c] == CandidateStatus::hopeful) {
            EXPECT_LT(round.votes[c], round.quota);
          }
        }
      }
    }
  }
}

TEST(CountingProperties, IrvConservesBallotsAndAMajorityWins) {
  for (std::uint64_t seed = 1; seed <= elections_per_property; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const Election election = random_election(seed, {true, true});
    for (OverVoteRule rule :
         {OverVoteRule::exhaust, OverVoteRule::skip, OverVoteRule::burlington}) {
      for (bool batch : {false, true}) {
        const auto count = count_irv(election, {rule, batch});
        ASSERT_TRUE(count.ok()) << count.error().detail;
        expect_well_formed(election, *count);
        std::int64_t exhausted = 0;
        for (const Round& round : count->rounds) {
          EXPECT_EQ(sum(round.votes) + round.exhausted, count->valid_ballots);
          EXPECT_GE(round.exhausted, exhausted) << "an exhausted ballot came back";
          exhausted = round.exhausted;
          const std::int64_t continuing = sum(round.votes);
          for (CandidateIndex c = 0; c < election.candidate_count(); ++c) {
            if (round.votes[c] * 2 > continuing) {
              EXPECT_EQ(round.elected, (std::vector<Outcome>{{c, Reason::majority}}));
            }
          }
        }
      }
    }
  }
}

TEST(CountingProperties, IrvAndSingleSeatScottishStvAgree) {
  // With one seat and strict rankings every Scottish stage after the first is an exclusion of
  // the lowest, with the same tie rule, and whoever has a majority of the continuing votes can
  // never be excluded: the two rules elect the same candidate, through the same tallies.
  for (std::uint64_t seed = 1; seed <= elections_per_property; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const Election election = random_election(seed, {true, false});
    const auto irv = count_irv(election);
    const auto stv = count_scottish_stv(election);
    ASSERT_TRUE(irv.ok() && stv.ok());
    EXPECT_EQ(irv->elected, stv->elected);
    const std::size_t common = std::min(irv->rounds.size(), stv->rounds.size());
    for (std::size_t i = 0; i < common; ++i) {
      std::vector<std::int64_t> scaled = irv->rounds[i].votes;
      for (std::int64_t& v : scaled) {
        v *= units_per_vote(scottish_stv_precision);
      }
      EXPECT_EQ(scaled, stv->rounds[i].votes) << "round " << i + 1;
    }
    EXPECT_LE(irv->rounds.size(), stv->rounds.size());
  }
}

TEST(CountingProperties, IrvAndSingleSeatMeekAgreeWhenNoTieArises) {
  // Meek breaks ties by lot alone, IRV by earlier rounds first; otherwise, with one seat and
  // no one elected before the end, Meek's quota is a majority of the continuing votes.
  int compared = 0;
  for (std::uint64_t seed = 1; seed <= elections_per_property; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const Election election = random_election(seed, {true, false});
    const auto irv = count_irv(election);
    const auto meek = count_meek_stv(election);
    ASSERT_TRUE(irv.ok() && meek.ok());
    const auto tied = [](const Count& count) {
      return std::any_of(count.rounds.begin(), count.rounds.end(),
                         [](const Round& round) { return !round.ties.empty(); });
    };
    if (tied(*irv) || tied(*meek)) {
      continue;
    }
    ++compared;
    EXPECT_EQ(irv->elected, meek->elected);
  }
  EXPECT_GT(compared, elections_per_property / 2);
}

TEST(CountingProperties, BltRoundTripsRandomElections) {
  for (std::uint64_t seed = 1; seed <= elections_per_property; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    Election election = random_election(seed, {false, true});
    if (seed % 3 == 0) {
      for (int c = 0; c < election.candidate_count(); ++c) {
        election.nicknames.push_back("c" + std::to_string(c + 1));
      }
      election.title_notes = {"source " + std::to_string(seed)};
    }
    const auto text = write_blt(election);
    ASSERT_TRUE(text.ok()) << text.error().detail;
    const auto again = parse_blt(*text);
    ASSERT_TRUE(again.ok()) << again.error().detail << "\n" << *text;
    EXPECT_EQ(*again, election);
  }
}

TEST(CountingProperties, CountsAreRepeatable) {
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    const Election election = random_election(seed, {false, false});
    const auto first = count_to_json(*count_meek_stv(election));
    const auto second = count_to_json(*count_meek_stv(election));
    EXPECT_EQ(first, second);
    EXPECT_EQ(count_to_json(*count_scottish_stv(election)),
              count_to_json(*count_scottish_stv(election)));
  }
}

}  // namespace
}  // namespace plenary::votes::counting
