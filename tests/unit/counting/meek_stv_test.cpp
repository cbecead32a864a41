#include "votes/counting/meek_stv.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>

#include "election_text.hpp"
#include "votes/counting/decimal.hpp"

namespace plenary::votes::counting {
namespace {

using testing::election_from_blt;

constexpr std::int64_t unit = units_per_vote(meek_stv_precision);

Count count_ok(const Election& election, MeekVariant variant = default_meek_variant) {
  auto count = count_meek_stv(election, variant);
  EXPECT_TRUE(count.ok()) << (count.ok() ? "" : count.error().detail);
  return count.ok() ? *count : Count{};
}

const std::string five_candidates = "\"A\"\n\"B\"\n\"C\"\n\"D\"\n\"E\"\n\"Test\"\n";

TEST(MeekStv, RejectsEqualPreferencesAndSkippedRanksItDoesNotDefine) {
  const auto equal =
      count_meek_stv(election_from_blt("5 2\n3 1 2 0\n2 3=4 5 0\n0\n" + five_candidates));
  ASSERT_FALSE(equal.ok());
  EXPECT_NE(equal.error().detail.find("Ballot line 2"), std::string::npos);
  EXPECT_NE(equal.error().detail.find("equal preference"), std::string::npos);
  const auto skipped = count_meek_stv(election_from_blt("5 2\n3 1 - 2 0\n0\n" + five_candidates));
  ASSERT_FALSE(skipped.ok());
  EXPECT_NE(skipped.error().detail.find("skips a rank"), std::string::npos);
  // Once the withdrawn candidate is struck out, "3=4" is simply 3.
  EXPECT_TRUE(
      count_meek_stv(election_from_blt("5 2\n-4\n3 1 2 0\n2 3=4 5 0\n1 5 0\n0\n" + five_candidates))
          .ok());
}

TEST(MeekStv, AMajorityWinsTheOnlySeatInTheFirstRound) {
  const Count count =
      count_ok(election_from_blt("3 1\n6 1 0\n3 2 1 0\n2 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n"));
  ASSERT_EQ(count.rounds.size(), 1u);
  EXPECT_EQ(count.rounds[0].action, RoundAction::first_preferences);
  EXPECT_EQ(count.rounds[0].quota, 11 * unit / 2 + 1);  // 5.500000001
  EXPECT_EQ(count.rounds[0].elected, (std::vector<Outcome>{{0, Reason::quota}}));
  EXPECT_EQ(count.rounds[0].excluded,
            (std::vector<Outcome>{{1, Reason::seats_filled}, {2, Reason::seats_filled}}));
  EXPECT_EQ(count.elected, std::vector<CandidateIndex>{0});
}

TEST(MeekStv, KeepFactorsPassOnTheSurplus) {
  // A has 8 of 12 ballots for 2 seats: quota just over 4, so A keeps about half of each
  // of its ballots and B gets the rest of the "A B" ballots.
  const Count count =
      count_ok(election_from_blt("3 2\n8 1 2 0\n2 2 0\n2 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n"));
  ASSERT_GE(count.rounds.size(), 2u);
  const Round& second = count.rounds[1];
  EXPECT_EQ(second.action, RoundAction::keep_factor_iteration);
  EXPECT_GT(second.iteration_surpluses.size(), 1u);
  EXPECT_LT(second.keep_factors[0], unit);
  EXPECT_GT(second.keep_factors[0], unit / 2);
  EXPECT_EQ(second.keep_factors[1], unit);
  EXPECT_EQ(second.keep_factors[2], unit);
  EXPECT_GE(second.votes[0], second.quota);
  EXPECT_LT(second.votes[0] - second.quota, unit / 1000);
  EXPECT_GT(second.votes[1], 5 * unit);  // B reached the quota too
  EXPECT_EQ(count.elected, (std::vector<CandidateIndex>{0, 1}));
}

TEST(MeekStv, EveryRoundKeepsEveryVoteAndEveryHopefulBelowTheQuota) {
  const Count count = count_ok(election_from_blt(
      "5 3\n9 1 2 3 0\n7 2 1 0\n4 3 4 5 0\n3 4 3 0\n2 5 1 0\n1 5 0\n0\n" + five_candidates));
  for (const Round& round : count.rounds) {
    SCOPED_TRACE("round " + std::to_string(round.number));
    const std::int64_t held =
        std::accumulate(round.votes.begin(), round.votes.end(), std::int64_t{0});
    EXPECT_EQ(held + round.exhausted, count.valid_ballots * unit);
    EXPECT_GE(round.surplus, 0);
    EXPECT_FALSE(round.iteration_surpluses.empty());
    EXPECT_EQ(round.iteration_surpluses.back(), round.surplus);
    for (CandidateIndex c = 0; c < 5; ++c) {
      if (round.status[c] == CandidateStatus::hopeful) {
        EXPECT_LT(round.votes[c], round.quota);
      }
      // Keep factors are those the round used, so only earlier exclusions show as 0.
      const bool excluded_now =
          std::any_of(round.excluded.begin(), round.excluded.end(),
                      [&](const Outcome& outcome) { return outcome.candidate == c; });
      if (round.status[c] == CandidateStatus::excluded && !excluded_now) {
        EXPECT_EQ(round.keep_factors[c], 0);
        EXPECT_EQ(round.votes[c], 0);
      }
    }
    if (round.termination == "omega") {
      EXPECT_LT(round.surplus, unit / 1'000'000);
    }
  }
  EXPECT_EQ(count.elected.size(), 3u);
}

TEST(MeekStv, CandidatesWithinTheSurplusOfTheLowestAreTiedAndTheLotDecides) {
  const std::string ballots = "2 1 2 0\n2 2 1 0\n3 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n";
  const Count by_list = count_ok(election_from_blt("3 1\n" + ballots));
  ASSERT_EQ(by_list.rounds[0].ties.size(), 1u);
  EXPECT_EQ(by_list.rounds[0].ties[0].tied, (std::vector<CandidateIndex>{0, 1}));
  EXPECT_EQ(by_list.rounds[0].ties[0].resolution, TieResolution::lot);
  EXPECT_EQ(by_list.rounds[0].excluded, (std::vector<Outcome>{{0, Reason::lowest_votes}}));
  EXPECT_EQ(by_list.elected, std::vector<CandidateIndex>{1});
  const Count by_tie_order = count_ok(election_from_blt("3 1\n[tie 2 1 3]\n" + ballots));
  EXPECT_EQ(by_tie_order.rounds[0].excluded, (std::vector<Outcome>{{1, Reason::lowest_votes}}));
  EXPECT_EQ(by_tie_order.elected, std::vector<CandidateIndex>{0});
}

TEST(MeekStv, WithdrawnCandidatesKeepNothing) {
  const Count count = count_ok(election_from_blt(
      "3 1\n[withdrawn 1]\n4 1 2 0\n3 2 0\n2 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n"));
  EXPECT_EQ(count.rounds[0].votes, (std::vector<std::int64_t>{0, 7 * unit, 2 * unit}));
  EXPECT_EQ(count.rounds[0].keep_factors[0], 0);
  EXPECT_EQ(count.rounds[0].status[0], CandidateStatus::withdrawn);
  EXPECT_EQ(count.elected, std::vector<CandidateIndex>{1});
}

TEST(MeekStv, BlankBallotsAreSetAside) {
  const Count count =
      count_ok(election_from_blt("2 1\n3 1 0\n2 0\n1 2 0\n0\n\"A\"\n\"B\"\n\"T\"\n"));
  EXPECT_EQ(count.valid_ballots, 4);
  EXPECT_EQ(count.invalid_ballots, 2);
  EXPECT_EQ(count.quota, 2 * unit + 1);
}

TEST(MeekStv, TheCountNamesItsRuleAndVariant) {
  const Election election = election_from_blt("2 1\n3 1 0\n1 2 0\n0\n\"A\"\n\"B\"\n\"T\"\n");
  for (MeekVariant variant : {MeekVariant::prf_reference, MeekVariant::droop_parametric}) {
    const Count count = count_ok(election, variant);
    const std::map<std::string, std::string> options(count.options.begin(), count.options.end());
    EXPECT_EQ(options.at("variant"), meek_variant_name(variant));
    EXPECT_EQ(options.at("variant_default"), "prf-reference");
  }
  EXPECT_EQ(meek_variant_from_name("droop-parametric"), MeekVariant::droop_parametric);
  EXPECT_EQ(meek_variant_from_name("meek"), std::nullopt);
}

}  // namespace
}  // namespace plenary::votes::counting
