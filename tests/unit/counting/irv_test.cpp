#include "votes/counting/irv.hpp"

#include <gtest/gtest.h>

#include <map>

#include "election_text.hpp"

namespace plenary::votes::counting {
namespace {

using testing::election_from_blt;

Count count_ok(const Election& election, const IrvOptions& options = {}) {
  auto count = count_irv(election, options);
  EXPECT_TRUE(count.ok()) << (count.ok() ? "" : count.error().detail);
  return count.ok() ? *count : Count{};
}

const std::string abcd = "\"A\"\n\"B\"\n\"C\"\n\"D\"\n\"Test\"\n";

TEST(Irv, AMajorityOfFirstPreferencesWinsAtOnce) {
  const Count count =
      count_ok(election_from_blt("3 1\n6 1 0\n3 2 0\n2 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n"));
  ASSERT_EQ(count.rounds.size(), 1u);
  EXPECT_EQ(count.rounds[0].quota, 6);  // more than half of 11
  EXPECT_EQ(count.rounds[0].elected, (std::vector<Outcome>{{0, Reason::majority}}));
  EXPECT_EQ(count.quota, 6);
}

TEST(Irv, ExcludesTheLowestAndCountsExhaustedBallots) {
  // Round 1: A 4, B 3, C 2, D 1. D goes (its ballot names no one else: exhausted), then C,
  // whose ballots go to B; B then has 5 of the 9 continuing votes.
  const Count count = count_ok(election_from_blt("4 1\n4 1 0\n3 2 0\n2 3 2 0\n1 4 0\n0\n" + abcd));
  ASSERT_EQ(count.rounds.size(), 3u);
  EXPECT_EQ(count.rounds[0].excluded, (std::vector<Outcome>{{3, Reason::lowest_votes}}));
  EXPECT_EQ(count.rounds[1].action, RoundAction::exclusion);
  EXPECT_EQ(count.rounds[1].subjects, std::vector<CandidateIndex>{3});
  EXPECT_EQ(count.rounds[1].exhausted, 1);
  EXPECT_EQ(count.rounds[1].excluded, (std::vector<Outcome>{{2, Reason::lowest_votes}}));
  EXPECT_EQ(count.rounds[2].votes, (std::vector<std::int64_t>{4, 5, 0, 0}));
  EXPECT_EQ(count.rounds[2].changes, (std::vector<std::int64_t>{0, 2, -2, 0}));
  EXPECT_EQ(count.rounds[2].quota, 5);
  EXPECT_EQ(count.elected, std::vector<CandidateIndex>{1});
  for (const Round& round : count.rounds) {
    std::int64_t total = round.exhausted;
    for (std::int64_t v : round.votes) {
      total += v;
    }
    EXPECT_EQ(total, count.valid_ballots);
  }
}

TEST(Irv, TiesGoByTheEarlierRoundThenByTheStatedLot) {
  // Round 2: B and C both have 4; in round 1 C had 3 and B 4, so C is excluded.
  const Count earlier =
      count_ok(election_from_blt("4 1\n6 1 0\n4 2 0\n3 3 0\n1 4 3 0\n0\n" + abcd));
  ASSERT_GE(earlier.rounds.size(), 2u);
  ASSERT_EQ(earlier.rounds[1].ties.size(), 1u);
  EXPECT_EQ(earlier.rounds[1].ties[0].resolution, TieResolution::earlier_round);
  EXPECT_EQ(earlier.rounds[1].ties[0].chosen, 2);

  const std::string level = "5 1 0\n3 2 3 0\n3 3 2 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n";
  const Count by_list = count_ok(election_from_blt("3 1\n" + level));
  EXPECT_EQ(by_list.rounds[0].ties.at(0).resolution, TieResolution::lot);
  EXPECT_EQ(by_list.rounds[0].excluded, (std::vector<Outcome>{{1, Reason::lowest_votes}}));
  EXPECT_EQ(by_list.elected, std::vector<CandidateIndex>{2});
  const Count by_tie_order = count_ok(election_from_blt("3 1\n[tie 3 1 2]\n" + level));
  EXPECT_EQ(by_tie_order.elected, std::vector<CandidateIndex>{1});
}

TEST(Irv, BatchEliminationDropsEveryoneWhoCannotCatchUp) {
  const Election election = election_from_blt("4 1\n10 1 0\n8 2 0\n3 3 2 0\n2 4 3 0\n0\n" + abcd);
  // C + D = 5 < B's 8: both go at once with the option, one at a time without it.
  const Count batch = count_ok(election, {default_overvote_rule, true});
  EXPECT_EQ(batch.rounds[0].excluded,
            (std::vector<Outcome>{{2, Reason::batch}, {3, Reason::batch}}));
  EXPECT_EQ(batch.rounds.size(), 2u);
  const Count single = count_ok(election);
  EXPECT_EQ(single.rounds[0].excluded, (std::vector<Outcome>{{3, Reason::lowest_votes}}));
  EXPECT_EQ(single.rounds.size(), 3u);
  EXPECT_EQ(batch.elected, single.elected);
  EXPECT_EQ(batch.rounds.back().votes, single.rounds.back().votes);
}

TEST(Irv, BatchEliminationNeverDropsAGroupThatCouldTieTheNextCandidate) {
  // C + D = 5 = B: together they could draw level with B, so only D goes.
  const Count count = count_ok(election_from_blt("4 1\n10 1 0\n5 2 0\n3 3 0\n2 4 0\n0\n" + abcd),
                               {default_overvote_rule, true});
  EXPECT_EQ(count.rounds[0].excluded, (std::vector<Outcome>{{3, Reason::lowest_votes}}));
}

TEST(Irv, SkippedRanksArePassedOver) {
  const Count count = count_ok(election_from_blt("2 1\n2 - 2 0\n1 1 0\n0\n\"A\"\n\"B\"\n\"T\"\n"));
  EXPECT_EQ(count.rounds[0].votes, (std::vector<std::int64_t>{1, 2}));
}

// Round 1: A 6, B 5, C 4, D 1 (D's own ballot exhausts). Round 2: C goes; its ballot
// "C D=A" reaches an over-vote between D (already out) and A.
const std::string overvoted = "4 1\n6 1 0\n5 2 0\n3 3 0\n1 4 0\n1 3 4=1 0\n0\n" + abcd;

TEST(Irv, OverVoteRules) {
  const Election election = election_from_blt(overvoted);
  const auto final_votes_for_a = [&](OverVoteRule rule) {
    const Count count = count_ok(election, {rule, false});
    EXPECT_EQ(count.elected, std::vector<CandidateIndex>{0});
    return count.rounds.back().votes[0];
  };
  EXPECT_EQ(final_votes_for_a(OverVoteRule::burlington), 7);  // only A is still in
  EXPECT_EQ(final_votes_for_a(OverVoteRule::exhaust), 6);     // the over-vote ends the ballot
  EXPECT_EQ(final_votes_for_a(OverVoteRule::skip), 6);        // passed over: nothing follows
}

TEST(Irv, BurlingtonExhaustsForGoodWhenTwoMarkedAreStillIn) {
  // "1=2 3": A and B are both in at round 1, so the ballot is exhausted, and stays exhausted
  // once B is out (it would otherwise count for A).
  const Election election =
      election_from_blt("3 1\n4 1 0\n3 2 0\n4 3 0\n1 1=2 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n");
  const Count count = count_ok(election, {OverVoteRule::burlington, false});
  EXPECT_EQ(count.rounds[0].exhausted, 1);
  EXPECT_EQ(count.rounds[0].excluded, (std::vector<Outcome>{{1, Reason::lowest_votes}}));
  EXPECT_EQ(count.rounds[1].votes[0], 4);
  EXPECT_EQ(count.rounds[1].exhausted, 4);  // the over-vote plus B's three ballots
  const Count skip = count_ok(election, {OverVoteRule::skip, false});
  EXPECT_EQ(skip.rounds[0].votes[2], 5);  // the over-vote passed over, on to C
}

TEST(Irv, TheCountSaysWhichOverVoteRuleItUsed) {
  const Election election = election_from_blt(overvoted);
  const Count by_default = count_ok(election);
  const std::map<std::string, std::string> options(by_default.options.begin(),
                                                   by_default.options.end());
  EXPECT_EQ(options.at("overvote"), "exhaust");
  EXPECT_EQ(options.at("overvote_default"), "exhaust");
  EXPECT_EQ(options.at("elimination"), "single");
  ASSERT_EQ(by_default.notes.size(), 1u);
  EXPECT_NE(by_default.notes[0].find("\"exhaust\" (the default)"), std::string::npos);
  EXPECT_EQ(overvote_rule_from_name("burlington"), OverVoteRule::burlington);
  EXPECT_EQ(overvote_rule_from_name("nope"), std::nullopt);
}

TEST(Irv, WithdrawnCandidatesAreStruckFromTheBallots) {
  const Count count = count_ok(election_from_blt(
      "3 1\n[withdrawn 1]\n4 1 3 0\n3 2 0\n2 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n"));
  EXPECT_EQ(count.rounds[0].votes, (std::vector<std::int64_t>{0, 3, 6}));
  EXPECT_EQ(count.rounds[0].status[0], CandidateStatus::withdrawn);
  EXPECT_EQ(count.elected, std::vector<CandidateIndex>{2});
}

TEST(Irv, FillsExactlyOneSeat) {
  const auto count = count_irv(election_from_blt("3 2\n4 1 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n"));
  ASSERT_FALSE(count.ok());
  EXPECT_NE(count.error().detail.find("one seat"), std::string::npos);
}

}  // namespace
}  // namespace plenary::votes::counting
