#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <numeric>

#include "votes/counting/decimal.hpp"
#include "votes/counting/tie_break.hpp"

namespace plenary::votes::counting {
namespace {

TEST(Decimal, FormatsWithExactlyThePlacesAsked) {
  EXPECT_EQ(format_decimal(123456789, 5), "1234.56789");
  EXPECT_EQ(format_decimal(5, 5), "0.00005");
  EXPECT_EQ(format_decimal(0, 9), "0.000000000");
  EXPECT_EQ(format_decimal(-1, 5), "-0.00001");
  EXPECT_EQ(format_decimal(4313, 0), "4313");
  EXPECT_EQ(format_decimal(std::numeric_limits<std::int64_t>::min(), 0), "-9223372036854775808");
}

TEST(Decimal, ParsesExactlyOrNotAtAll) {
  EXPECT_EQ(parse_decimal("1234.56789", 5), 123456789);
  EXPECT_EQ(parse_decimal("12.5", 5), 1250000);
  EXPECT_EQ(parse_decimal("7", 9), 7'000'000'000);
  EXPECT_EQ(parse_decimal("-3.000000001", 9), -3'000'000'001);
  EXPECT_EQ(parse_decimal("0.123456", 5), std::nullopt);  // a digit would be lost
  EXPECT_EQ(parse_decimal("1.", 5), std::nullopt);
  EXPECT_EQ(parse_decimal(".5", 5), std::nullopt);
  EXPECT_EQ(parse_decimal("1e3", 5), std::nullopt);
  EXPECT_EQ(parse_decimal("99999999999999", 9), std::nullopt);  // beyond 64 bits
  for (std::int64_t units : {0L, 1L, 99999L, 100000L, 123456789012L}) {
    EXPECT_EQ(parse_decimal(format_decimal(units, 5), 5), units);
  }
}

TEST(Decimal, MultiplyDivideRoundsTheWayItSays) {
  EXPECT_EQ(multiply_divide_down(100000, 14, 33), 42424);  // 14/33 = 0.424242...
  EXPECT_EQ(multiply_divide_up(100000, 14, 33), 42425);
  EXPECT_EQ(multiply_divide_down(100000, 1, 4), 25000);  // exact: no rounding either way
  EXPECT_EQ(multiply_divide_up(100000, 1, 4), 25000);
  // Products beyond 64 bits are exact.
  EXPECT_EQ(multiply_divide_down(4'000'000'000'000'000'000, 4, 8), 2'000'000'000'000'000'000);
}

TEST(TieBreak, LotFollowsTheTieOrderElseTheCandidateList) {
  Election election;
  election.candidates = {"A", "B", "C", "D"};
  EXPECT_EQ(lot_order(election), (std::vector<CandidateIndex>{0, 1, 2, 3}));
  EXPECT_EQ(break_tie_by_lot({3, 1}, lot_order(election), "exclusion").chosen, 1);
  election.tie_order = {3, 2, 1, 0};
  EXPECT_EQ(break_tie_by_lot({3, 1}, lot_order(election), "exclusion").chosen, 3);
  const TieBreak tie = break_tie_by_lot({2, 0}, lot_order(election), "surplus order");
  EXPECT_EQ(tie.tied, (std::vector<CandidateIndex>{0, 2}));
  EXPECT_EQ(tie.resolution, TieResolution::lot);
  EXPECT_EQ(tie.purpose, "surplus order");
}

TEST(TieBreak, EarlierRoundsNarrowTheTieFromTheMostRecent) {
  const std::vector<CandidateIndex> order = {0, 1, 2};
  // Round 1: A < B; round 2: A = B < C; round 3 (now): A = B = C.
  const std::vector<std::vector<std::int64_t>> history = {{1, 2, 9}, {5, 5, 7}, {8, 8, 8}};
  const TieBreak lowest =
      break_tie_by_earlier_rounds({0, 1, 2}, history, Extreme::lowest, order, "exclusion");
  EXPECT_EQ(lowest.chosen, 0);
  EXPECT_EQ(lowest.resolution, TieResolution::earlier_round);
  EXPECT_EQ(lowest.decided_at_round, 1);
  // For the highest, round 2 already separates C from A and B.
  const TieBreak highest =
      break_tie_by_earlier_rounds({0, 1, 2}, history, Extreme::highest, order, "surplus order");
  EXPECT_EQ(highest.chosen, 2);
  EXPECT_EQ(highest.decided_at_round, 2);
}

TEST(TieBreak, FallsBackToTheLotAmongThoseStillTied) {
  const std::vector<std::vector<std::int64_t>> history = {{3, 3, 1}, {4, 4, 4}};
  // C was lower at round 1, so it is out of the running for "highest"; A and B never differ.
  const TieBreak tie =
      break_tie_by_earlier_rounds({0, 1, 2}, history, Extreme::highest, {1, 0, 2}, "x");
  EXPECT_EQ(tie.resolution, TieResolution::lot);
  EXPECT_EQ(tie.chosen, 1);
  EXPECT_EQ(tie.tied, (std::vector<CandidateIndex>{0, 1, 2}));
}

TEST(TieBreak, SeededOrderIsTheDocumentedShuffle) {
  // SplitMix64 + Fisher-Yates as documented in tie_break.hpp, worked out independently.
  EXPECT_EQ(tie_order_from_seed(10, 42),
            (std::vector<CandidateIndex>{0, 9, 5, 8, 6, 4, 7, 2, 1, 3}));
  EXPECT_EQ(tie_order_from_seed(5, 2024), (std::vector<CandidateIndex>{3, 4, 0, 2, 1}));
  for (std::uint64_t seed = 0; seed < 50; ++seed) {
    std::vector<CandidateIndex> order = tie_order_from_seed(7, seed);
    EXPECT_EQ(order, tie_order_from_seed(7, seed));
    std::sort(order.begin(), order.end());
    std::vector<CandidateIndex> all(7);
    std::iota(all.begin(), all.end(), 0);
    EXPECT_EQ(order, all);
  }
  EXPECT_NE(tie_order_from_seed(12, 1), tie_order_from_seed(12, 2));
  EXPECT_TRUE(tie_order_from_seed(0, 1).empty());
}

}  // namespace
}  // namespace plenary::votes::counting
