// Counting a ballot: yes/no thresholds and quorum, single choice and approval with ties by lot,
// and ranked ballots handed to the verified counting code through the BLT format.
#include <gtest/gtest.h>

#include <random>

#include "votes/counting/blt.hpp"
#include "votes/counting/count_json.hpp"
#include "votes/counting/irv.hpp"
#include "votes/counting/meek_stv.hpp"
#include "votes/counting/scottish_stv.hpp"
#include "votes/rules.hpp"

namespace plenary::votes {
namespace {

std::vector<BallotOption> options_named(const std::vector<std::string>& labels) {
  std::vector<BallotOption> options;
  for (std::size_t i = 0; i < labels.size(); ++i)
    options.push_back({static_cast<int>(i) + 1, labels[i], "", false});
  return options;
}

std::vector<Marks> repeat(const Marks& marks, int times) {
  return std::vector<Marks>(static_cast<std::size_t>(times), marks);
}

std::vector<Marks> concat(std::initializer_list<std::vector<Marks>> parts) {
  std::vector<Marks> all;
  for (const auto& part : parts)
    all.insert(all.end(), part.begin(), part.end());
  return all;
}

CountInput yes_no(Threshold threshold, int yes, int no, int abstain, std::int64_t eligible = 1000,
                  int quorum = 0) {
  CountInput input;
  input.method = VoteMethod::yes_no;
  input.options = options_named({"Yes", "No", "Abstain"});
  input.threshold = threshold;
  input.quorum_percent = quorum;
  input.eligible = eligible;
  input.ballots = concat({repeat({1}, yes), repeat({2}, no), repeat({3}, abstain)});
  return input;
}

std::string outcome_of(const CountInput& input) {
  auto counted = count_ballots(input);
  EXPECT_TRUE(counted) << (counted ? "" : counted.error().detail);
  return counted ? counted->outcome : "";
}

// ---- Yes / no
// -------------------------------------------------------------------------------------

TEST(VotesYesNo, ThresholdsLeaveAbstentionsOut) {
  struct Case {
    Threshold threshold;
    int yes, no, abstain;
    std::string outcome;
  };
  const std::vector<Case> cases = {
      {Threshold::simple_majority, 5, 4, 100, "passed"},  // abstentions would swamp it
      {Threshold::simple_majority, 4, 4, 0, "rejected"},  // a tie is no majority
      {Threshold::simple_majority, 0, 0, 9, "rejected"},  // nobody for: nothing passes
      {Threshold::two_thirds, 6, 3, 50, "passed"},        // exactly two-thirds
      {Threshold::two_thirds, 5, 3, 0, "rejected"},       // 62.5%
      {Threshold::two_thirds, 1, 0, 0, "passed"},
      {Threshold::three_quarters, 9, 3, 7, "passed"},  // exactly three-quarters
      {Threshold::three_quarters, 8, 3, 0, "rejected"},
      {Threshold::three_quarters, 0, 0, 0, "rejected"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(outcome_of(yes_no(c.threshold, c.yes, c.no, c.abstain)), c.outcome)
        << threshold_name(c.threshold) << " " << c.yes << "/" << c.no << "/" << c.abstain;
  }
}

TEST(VotesYesNo, TheResultShowsEveryFigure) {
  auto counted = count_ballots(yes_no(Threshold::two_thirds, 12, 3, 1, 40, 25));
  ASSERT_TRUE(counted);
  const auto& r = counted->result;
  EXPECT_EQ(r["yes"], 12);
  EXPECT_EQ(r["no"], 3);
  EXPECT_EQ(r["abstain"], 1);
  EXPECT_EQ(r["cast"], 16);
  EXPECT_EQ(r["eligible"], 40);
  EXPECT_EQ(r["quorum"], (nlohmann::json{{"percent", 25}, {"required", 10}, {"met", true}}));
  EXPECT_EQ(r["threshold"]["name"], "two_thirds");
  EXPECT_EQ(r["outcome"], "passed");
  EXPECT_EQ(r["summary"], "Passed: 12 yes, 3 no, 1 abstention.");
}

TEST(VotesQuorum, RequiredIsTheCeilingOfTheShare) {
  EXPECT_EQ(quorum_required(40, 25), 10);
  EXPECT_EQ(quorum_required(41, 25), 11);  // 10.25 voters: 11 are needed
  EXPECT_EQ(quorum_required(7, 33), 3);
  EXPECT_EQ(quorum_required(3, 100), 3);
  EXPECT_EQ(quorum_required(0, 50), 0);
  EXPECT_EQ(quorum_required(1000, 0), 0);
}

TEST(VotesQuorum, BoundariesAndAbstentionsCountForTurnout) {
  // 40 eligible, 25%: 10 must vote.
  EXPECT_EQ(outcome_of(yes_no(Threshold::simple_majority, 5, 4, 0, 40, 25)), "no_quorum");
  EXPECT_EQ(outcome_of(yes_no(Threshold::simple_majority, 5, 4, 1, 40, 25)), "passed");
  EXPECT_EQ(outcome_of(yes_no(Threshold::simple_majority, 1, 0, 9, 40, 25)), "passed");
  EXPECT_EQ(outcome_of(yes_no(Threshold::simple_majority, 4, 5, 1, 40, 25)), "rejected");
  // 41 eligible: 11 are needed, so 10 is not enough.
  EXPECT_EQ(outcome_of(yes_no(Threshold::simple_majority, 6, 4, 0, 41, 25)), "no_quorum");
  auto counted = count_ballots(yes_no(Threshold::simple_majority, 6, 4, 0, 41, 25));
  ASSERT_TRUE(counted);
  EXPECT_EQ(counted->result["yes"], 6);  // no quorum still shows the figures
  EXPECT_EQ(counted->result["quorum"]["required"], 11);
}

// ---- Single choice and approval
// ---------------------------------------------------------------------

CountInput plurality(VoteMethod method, int seats, std::vector<Marks> ballots,
                     std::vector<int> tie_order) {
  CountInput input;
  input.method = method;
  input.seats = seats;
  input.options = options_named({"Ann", "Bob", "Cat", "Dev"});
  input.tie_order = std::move(tie_order);
  input.eligible = 100;
  input.ballots = std::move(ballots);
  return input;
}

nlohmann::json votes_of(const nlohmann::json& result) {
  nlohmann::json votes = nlohmann::json::array();
  for (const auto& option : result["options"])
    votes.push_back(option["votes"]);
  return votes;
}

TEST(VotesSingleChoice, TheMostVotesWin) {
  auto counted = count_ballots(plurality(
      VoteMethod::single_choice, 1, concat({repeat({2}, 3), repeat({1}, 2), {{4}}}), {1, 2, 3, 4}));
  ASSERT_TRUE(counted);
  EXPECT_EQ(votes_of(counted->result), nlohmann::json({2, 3, 0, 1}));
  EXPECT_EQ(counted->result["elected"], nlohmann::json({2}));
  EXPECT_TRUE(counted->result["ties"].empty());
  EXPECT_EQ(counted->result["outcome"], "decided");
  EXPECT_EQ(counted->result["summary"], "Chosen: Bob (3 votes).");
}

TEST(VotesSingleChoice, ATieIsSettledByTheLotOrderTheFirstListedLosing) {
  const auto ballots = concat({repeat({1}, 2), repeat({2}, 2), {{3}}});
  for (const auto& [order, winner] : std::vector<std::pair<std::vector<int>, int>>{
           {{1, 2, 3, 4}, 2}, {{2, 1, 3, 4}, 1}, {{3, 4, 1, 2}, 2}}) {
    auto counted = count_ballots(plurality(VoteMethod::single_choice, 1, ballots, order));
    ASSERT_TRUE(counted);
    EXPECT_EQ(counted->result["elected"], nlohmann::json({winner}));
    ASSERT_EQ(counted->result["ties"].size(), 1u);
    EXPECT_EQ(counted->result["ties"][0]["tied"], nlohmann::json({1, 2}));
    EXPECT_EQ(counted->result["ties"][0]["chosen"], nlohmann::json({winner}));
    EXPECT_EQ(counted->result["ties"][0]["by"], "lot order");
  }
}

TEST(VotesApproval, MultiSeatWithATieForTheLastSeat) {
  // Ann 4, Bob 3, Cat 3, Dev 1; two seats: Ann, then Bob or Cat by lot. One ballot approves
  // nobody and still counts for turnout.
  const auto ballots =
      concat({repeat({1, 2}, 2), repeat({1, 3}, 2), {{2, 3, 4}}, {{3, 2}}, {Marks{}}});
  auto counted = count_ballots(plurality(VoteMethod::approval, 2, ballots, {2, 3, 1, 4}));
  ASSERT_TRUE(counted);
  EXPECT_EQ(votes_of(counted->result), nlohmann::json({4, 4, 4, 1}));
  // Ann, Bob and Cat all have 4: three tied for two seats; Bob (listed first) loses.
  EXPECT_EQ(counted->result["elected"], nlohmann::json({1, 3}));
  EXPECT_EQ(counted->result["ties"][0]["tied"], nlohmann::json({1, 2, 3}));
  EXPECT_EQ(counted->result["cast"], 7);

  const auto clear = concat({repeat({1, 2}, 3), repeat({2, 3}, 2), {{4}}});
  auto decided = count_ballots(plurality(VoteMethod::approval, 2, clear, {1, 2, 3, 4}));
  ASSERT_TRUE(decided);
  EXPECT_EQ(votes_of(decided->result), nlohmann::json({3, 5, 2, 1}));
  EXPECT_EQ(decided->result["elected"], nlohmann::json({2, 1}));
  EXPECT_TRUE(decided->result["ties"].empty());
}

TEST(VotesApproval, OptionsWithoutVotesAreNeverElected) {
  auto counted = count_ballots(plurality(VoteMethod::approval, 3, {{1}, {1, 2}}, {1, 2, 3, 4}));
  ASSERT_TRUE(counted);
  EXPECT_EQ(counted->result["elected"], nlohmann::json({1, 2}));
}

// ---- Ranked ballots
// -----------------------------------------------------------------------------------

CountInput ranked(VoteMethod method, int seats, std::vector<Marks> ballots) {
  CountInput input;
  input.method = method;
  input.title = "Branch \"committee\" 2026";
  input.seats = seats;
  input.options = options_named({"Ann", "Bob", "Cat", "Dev", "Eve"});
  input.options[4].withdrawn = true;
  input.tie_order = {3, 1, 5, 2, 4};
  input.eligible = 500;
  input.ballots = std::move(ballots);
  return input;
}

std::vector<Marks> random_ranked_ballots(std::uint32_t seed, int count) {
  std::mt19937 random(seed);
  std::vector<Marks> ballots;
  for (int i = 0; i < count; ++i) {
    Marks marks = {1, 2, 3, 4};
    std::shuffle(marks.begin(), marks.end(), random);
    marks.resize(1 + random() % 4);
    ballots.push_back(marks);
  }
  return ballots;
}

Result<counting::Count> count_with(VoteMethod method, const counting::Election& election) {
  switch (method) {
    case VoteMethod::irv:
      return counting::count_irv(election);
    case VoteMethod::scottish_stv:
      return counting::count_scottish_stv(election);
    default:
      return counting::count_meek_stv(election);
  }
}

TEST(VotesRanked, TheElectionFromMarksRoundTripsThroughBltAndCountsTheSame) {
  for (auto method : {VoteMethod::irv, VoteMethod::scottish_stv, VoteMethod::meek_stv}) {
    const int seats = method == VoteMethod::irv ? 1 : 2;
    const auto input = ranked(method, seats, random_ranked_ballots(7, 300));
    const auto election = election_from_marks(input);
    EXPECT_EQ(election.withdrawn, (std::vector<int>{4}));
    EXPECT_EQ(election.tie_order, (std::vector<int>{2, 0, 4, 1, 3}));
    std::int64_t total = 0;
    for (const auto& ballot : election.ballots)
      total += ballot.weight;
    EXPECT_EQ(total, 300);

    auto text = counting::write_blt(election);
    ASSERT_TRUE(text) << text.error().detail;
    auto parsed = counting::parse_blt(*text);
    ASSERT_TRUE(parsed) << parsed.error().detail;
    EXPECT_EQ(*parsed, election);

    auto counted = count_ballots(input);
    ASSERT_TRUE(counted) << counted.error().detail;
    auto recount = count_with(method, *parsed);
    ASSERT_TRUE(recount);
    const auto recount_json = nlohmann::json::parse(counting::count_to_json(*recount).dump());
    EXPECT_EQ(counted->result["count"], recount_json) << method_name(method);
    std::vector<int> elected;
    for (auto candidate : recount->elected)
      elected.push_back(candidate + 1);
    EXPECT_EQ(counted->result["elected"], nlohmann::json(elected));
    EXPECT_EQ(static_cast<int>(elected.size()), seats);
  }
}

TEST(VotesRanked, AClearMajorityWinsTheInstantRunOff) {
  // Cat leads on first preferences but Ann wins once Dev's and Bob's votes transfer.
  const auto ballots =
      concat({repeat({3}, 8), repeat({1, 3}, 5), repeat({2, 1}, 3), repeat({4, 1}, 2)});
  auto counted = count_ballots(ranked(VoteMethod::irv, 1, ballots));
  ASSERT_TRUE(counted);
  EXPECT_EQ(counted->result["elected"], nlohmann::json({1}));
  EXPECT_EQ(counted->result["summary"], "Elected: Ann.");
  EXPECT_GE(counted->result["count"]["rounds"].size(), 3u);
}

TEST(VotesRanked, NoQuorumKeepsTheCountButElectsNobody) {
  auto input = ranked(VoteMethod::scottish_stv, 2, random_ranked_ballots(3, 20));
  input.quorum_percent = 10;  // 50 of 500 needed
  auto counted = count_ballots(input);
  ASSERT_TRUE(counted);
  EXPECT_EQ(counted->outcome, "no_quorum");
  EXPECT_TRUE(counted->result["elected"].empty());
  EXPECT_FALSE(counted->result["count"].is_null());
}

TEST(VotesRanked, NoBallotsAtAllIsNoCount) {
  auto counted = count_ballots(ranked(VoteMethod::meek_stv, 2, {}));
  ASSERT_TRUE(counted);
  EXPECT_TRUE(counted->result["count"].is_null());
  EXPECT_EQ(counted->result["cast"], 0);
}

TEST(VotesTieOrder, APermutationOfTheOptionNumbersFixedByTheSeed) {
  const auto order = tie_order_for(6, 42);
  auto sorted = order;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, (std::vector<int>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(tie_order_for(6, 42), order);
  EXPECT_NE(tie_order_for(6, 43), order);
}

}  // namespace
}  // namespace plenary::votes
