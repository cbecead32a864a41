#include "votes/counting/scottish_stv.hpp"

#include <gtest/gtest.h>

#include <numeric>

#include "election_text.hpp"
#include "votes/counting/decimal.hpp"

namespace plenary::votes::counting {
namespace {

using testing::election_from_blt;

constexpr std::int64_t unit = units_per_vote(scottish_stv_precision);

Count count_ok(const Election& election) {
  auto count = count_scottish_stv(election);
  EXPECT_TRUE(count.ok()) << (count.ok() ? "" : count.error().detail);
  return count.ok() ? *count : Count{};
}

std::int64_t held(const Round& round) {
  return std::accumulate(round.votes.begin(), round.votes.end(), std::int64_t{0});
}

TEST(ScottishStv, QuotaAndTruncatedTransferValues) {
  // 12 ballots, 2 seats: quota = 12/3 + 1 = 5. A's surplus of 2 moves at 2/7 = 0.28571 each.
  const Count count =
      count_ok(election_from_blt("3 2\n7 1 2 0\n2 2 0\n3 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"Test\"\n"));
  EXPECT_EQ(count.quota, 5 * unit);
  EXPECT_EQ(count.valid_ballots, 12);
  ASSERT_EQ(count.rounds.size(), 3u);

  const Round& first = count.rounds[0];
  EXPECT_EQ(first.votes, (std::vector<std::int64_t>{7 * unit, 2 * unit, 3 * unit}));
  EXPECT_EQ(first.elected, (std::vector<Outcome>{{0, Reason::quota}}));
  EXPECT_EQ(first.surplus, 2 * unit);

  const Round& transfer = count.rounds[1];
  EXPECT_EQ(transfer.action, RoundAction::surplus_transfer);
  EXPECT_EQ(transfer.subjects, std::vector<CandidateIndex>{0});
  EXPECT_EQ(transfer.transferred_surplus, 2 * unit);
  EXPECT_EQ(transfer.votes, (std::vector<std::int64_t>{5 * unit, 2 * unit + 7 * 28571, 3 * unit}));
  EXPECT_EQ(transfer.rounding_loss, 2 * unit - 7 * 28571);  // 0.00003 lost to truncation
  EXPECT_EQ(transfer.changes, (std::vector<std::int64_t>{-2 * unit, 7 * 28571, 0}));

  const Round& exclusion = count.rounds[2];
  EXPECT_EQ(exclusion.action, RoundAction::exclusion);
  EXPECT_EQ(exclusion.excluded, (std::vector<Outcome>{{2, Reason::lowest_votes}}));
  EXPECT_EQ(exclusion.exhausted, 3 * unit);  // C's ballots name no one else
  EXPECT_EQ(exclusion.elected, (std::vector<Outcome>{{1, Reason::last_vacancies}}));
  EXPECT_EQ(count.elected, (std::vector<CandidateIndex>{0, 1}));
  EXPECT_EQ(exclusion.status,
            (std::vector<CandidateStatus>{CandidateStatus::elected, CandidateStatus::elected,
                                          CandidateStatus::excluded}));
}

TEST(ScottishStv, SurplusPapersWithNoNextPreferenceAreNonTransferable) {
  // 13 ballots, 2 seats: quota 5. A has 8; the surplus of 3 moves at 3/8 = 0.375.
  const Count count = count_ok(
      election_from_blt("3 2\n6 1 0\n2 1 2 0\n3 2 0\n2 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"Test\"\n"));
  const Round& transfer = count.rounds.at(1);
  EXPECT_EQ(transfer.exhausted, 6 * 37500);  // 2.25 on the six papers for A alone
  EXPECT_EQ(transfer.votes[1], 3 * unit + 2 * 37500);
  EXPECT_EQ(transfer.rounding_loss, 0);
}

TEST(ScottishStv, EveryStageAccountsForEveryVote) {
  const Count count =
      count_ok(election_from_blt("4 2\n5 1 2 3 0\n4 2 3 0\n3 3 1 0\n2 4 0\n1 4 1 2 0\n0\n"
                                 "\"A\"\n\"B\"\n\"C\"\n\"D\"\n\"Test\"\n"));
  for (std::size_t i = 0; i < count.rounds.size(); ++i) {
    const Round& round = count.rounds[i];
    EXPECT_EQ(held(round) + round.exhausted + round.rounding_loss, count.valid_ballots * unit);
    EXPECT_GE(round.rounding_loss, 0);
    for (CandidateIndex c = 0; c < 4; ++c) {
      if (round.status[c] == CandidateStatus::hopeful) {
        EXPECT_LT(round.votes[c], count.quota);
      }
    }
    if (i > 0) {
      const Round& before = count.rounds[i - 1];
      const std::int64_t moved =
          std::accumulate(round.changes.begin(), round.changes.end(), std::int64_t{0});
      EXPECT_EQ(moved + (round.exhausted - before.exhausted) +
                    (round.rounding_loss - before.rounding_loss),
                0);
    }
  }
}

TEST(ScottishStv, WithdrawnCandidatesAreStruckFromTheBallots) {
  const Count withdrawn =
      count_ok(election_from_blt("4 2\n[withdrawn 1]\n5 1 2 3 0\n4 2 1 0\n3 3 4 0\n2 4 0\n0\n"
                                 "\"A\"\n\"B\"\n\"C\"\n\"D\"\n\"Test\"\n"));
  const Count without = count_ok(election_from_blt(
      "4 2\n5 2 3 0\n4 2 0\n3 3 4 0\n2 4 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"D\"\n\"Test\"\n"));
  EXPECT_EQ(withdrawn.withdrawn, std::vector<CandidateIndex>{0});
  ASSERT_EQ(withdrawn.rounds.size(), without.rounds.size());
  for (std::size_t i = 0; i < withdrawn.rounds.size(); ++i) {
    EXPECT_EQ(withdrawn.rounds[i].votes, without.rounds[i].votes);
    EXPECT_EQ(withdrawn.rounds[i].status[0], CandidateStatus::withdrawn);
  }
  EXPECT_EQ(withdrawn.elected, without.elected);
}

TEST(ScottishStv, PreferencesCountOnlyInConsecutiveOrder) {
  const Count count =
      count_ok(election_from_blt("3 1\n"
                                 "4 1=2 3 0\n"  // no single first preference: invalid
                                 "3 - 1 0\n"    // first rank skipped: invalid
                                 "5 3 1=2 0\n"  // counts for C, then stops at the equal preference
                                 "2 2 - 1 0\n"  // counts for B, then stops at the gap
                                 "4 1 0\n"
                                 "0\n\"A\"\n\"B\"\n\"C\"\n\"Test\"\n"));
  EXPECT_EQ(count.invalid_ballots, 7);
  EXPECT_EQ(count.valid_ballots, 11);
  EXPECT_EQ(count.quota, (11 / 2 + 1) * unit);
  ASSERT_EQ(count.notes.size(), 2u);
  EXPECT_NE(count.notes[0].find("7 ballot(s)"), std::string::npos);
  EXPECT_NE(count.notes[1].find("7 ballot(s)"), std::string::npos);
  EXPECT_EQ(count.rounds[0].votes, (std::vector<std::int64_t>{4 * unit, 2 * unit, 5 * unit}));
  // B is excluded; "2 - 1" stops at the gap, so those two papers are exhausted.
  EXPECT_EQ(count.rounds[1].excluded, (std::vector<Outcome>{{1, Reason::lowest_votes}}));
  EXPECT_EQ(count.rounds[1].exhausted, 2 * unit);
  EXPECT_EQ(count.rounds[1].votes[0], 4 * unit);
}

TEST(ScottishStv, ExclusionTieIsBrokenByTheEarlierStage) {
  // Stage 2: B and C both have 4, but at stage 1 C had fewer, so C is excluded.
  const Count count = count_ok(election_from_blt(
      "4 1\n5 1 0\n4 2 0\n3 3 0\n1 4 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"D\"\n\"Test\"\n"));
  ASSERT_GE(count.rounds.size(), 3u);
  const Round& tied = count.rounds[2];
  ASSERT_EQ(tied.ties.size(), 1u);
  EXPECT_EQ(tied.ties[0].purpose, "exclusion");
  EXPECT_EQ(tied.ties[0].tied, (std::vector<CandidateIndex>{1, 2}));
  EXPECT_EQ(tied.ties[0].chosen, 2);
  EXPECT_EQ(tied.ties[0].resolution, TieResolution::earlier_round);
  EXPECT_EQ(tied.ties[0].decided_at_round, 1);
  EXPECT_EQ(tied.excluded, (std::vector<Outcome>{{2, Reason::lowest_votes}}));
}

TEST(ScottishStv, TieEqualAtEveryStageGoesByTheStatedLot) {
  const std::string ballots = "5 1 0\n3 2 3 0\n3 3 2 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"Test\"\n";
  // Without a [tie] line the lot follows the candidate list: B, listed first, is excluded.
  const Count by_list = count_ok(election_from_blt("3 1\n" + ballots));
  ASSERT_EQ(by_list.rounds[1].ties.size(), 1u);
  EXPECT_EQ(by_list.rounds[1].ties[0].resolution, TieResolution::lot);
  EXPECT_EQ(by_list.rounds[1].ties[0].chosen, 1);
  EXPECT_EQ(by_list.elected, std::vector<CandidateIndex>{2});
  // With [tie 3 2 1], C is listed first and is excluded instead.
  const Count by_tie_order = count_ok(election_from_blt("3 1\n[tie 3 2 1]\n" + ballots));
  EXPECT_EQ(by_tie_order.rounds[1].ties[0].chosen, 2);
  EXPECT_EQ(by_tie_order.elected, std::vector<CandidateIndex>{1});
  // The same input always gives the same count.
  EXPECT_EQ(count_ok(election_from_blt("3 1\n" + ballots)).elected, by_list.elected);
}

TEST(ScottishStv, EqualSurplusesGoInTheOrderOfTheLot) {
  // 15 ballots, 3 seats: quota 4. A and B both have 6.
  const std::string ballots =
      "6 1 3 0\n6 2 4 0\n2 3 0\n1 4 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"D\"\n\"Test\"\n";
  const Count by_list = count_ok(election_from_blt("4 3\n" + ballots));
  const Round& second = by_list.rounds.at(1);
  EXPECT_EQ(second.action, RoundAction::surplus_transfer);
  ASSERT_EQ(second.ties.size(), 1u);
  EXPECT_EQ(second.ties[0].purpose, "surplus order");
  EXPECT_EQ(second.subjects, std::vector<CandidateIndex>{0});
  const Count by_tie_order = count_ok(election_from_blt("4 3\n[tie 2 1 3 4]\n" + ballots));
  EXPECT_EQ(by_tie_order.rounds.at(1).subjects, std::vector<CandidateIndex>{1});
}

TEST(ScottishStv, ReachingTheQuotaExactlyTransfersNothing) {
  // 9 ballots, 2 seats: quota 4; A has exactly 4, so the next stage is an exclusion.
  const Count count = count_ok(
      election_from_blt("3 2\n4 1 2 0\n3 2 0\n2 3 1 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"Test\"\n"));
  EXPECT_EQ(count.rounds[0].elected, (std::vector<Outcome>{{0, Reason::quota}}));
  EXPECT_EQ(count.rounds[0].surplus, 0);
  EXPECT_EQ(count.rounds.at(1).action, RoundAction::exclusion);
}

TEST(ScottishStv, FewerCandidatesThanSeatsAreAllElected) {
  const Count count =
      count_ok(election_from_blt("3 3\n-2\n4 1 0\n1 2 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"Test\"\n"));
  // Quota 5/4 + 1 = 2: A reaches it; C does not but fills a vacancy; one seat stays empty.
  ASSERT_EQ(count.rounds.size(), 1u);
  EXPECT_EQ(count.rounds[0].elected,
            (std::vector<Outcome>{{0, Reason::quota}, {2, Reason::last_vacancies}}));
  EXPECT_EQ(count.elected.size(), 2u);
}

TEST(ScottishStv, RefusesElectionsItCannotCount) {
  const auto blank = count_scottish_stv(election_from_blt("2 1\n3 0\n0\n\"A\"\n\"B\"\n\"Test\"\n"));
  ASSERT_FALSE(blank.ok());
  EXPECT_NE(blank.error().detail.find("no valid ballots"), std::string::npos);
  const auto everyone_withdrawn =
      count_scottish_stv(election_from_blt("2 1\n-1 -2\n3 1 0\n0\n\"A\"\n\"B\"\n\"Test\"\n"));
  ASSERT_FALSE(everyone_withdrawn.ok());
  Election inconsistent = election_from_blt("2 1\n3 1 0\n0\n\"A\"\n\"B\"\n\"Test\"\n");
  inconsistent.ballots[0].ranks = {{7}};
  EXPECT_FALSE(count_scottish_stv(inconsistent).ok());
  inconsistent.ballots[0] = {0, {{0}}};
  EXPECT_FALSE(count_scottish_stv(inconsistent).ok());
}

}  // namespace
}  // namespace plenary::votes::counting
