// The pure rules of ballots: trackers, times, the specification, eligibility reasons, marks.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "votes/rules.hpp"

namespace plenary::votes {
namespace {

using groups::MembershipStatus;
using groups::Role;

// ---- Trackers -----------------------------------------------------------------------------------

TEST(VotesTracker, NormalisingIgnoresDashesSpacesAndCase) {
  EXPECT_EQ(normalise_tracker("7kq2m-xc4ta 9hbrd-w3e5n"), "7KQ2MXC4TA9HBRDW3E5N");
  EXPECT_EQ(normalise_tracker(" 7KQ2M XC4TA-9HBRD W3E5N "), "7KQ2MXC4TA9HBRDW3E5N");
}

TEST(VotesTracker, LettersCrockfordReadsAsDigitsAreAccepted) {
  EXPECT_EQ(normalise_tracker("OOOOO-IIIII-LLLLL-ooooo"), "00000111111111100000");
}

TEST(VotesTracker, AnythingElseIsNoTracker) {
  EXPECT_FALSE(normalise_tracker(""));
  EXPECT_FALSE(normalise_tracker("7KQ2M-XC4TA-9HBRD-W3E5"));    // 19 characters
  EXPECT_FALSE(normalise_tracker("7KQ2M-XC4TA-9HBRD-W3E5NN"));  // 21
  EXPECT_FALSE(normalise_tracker("7KQ2M-XC4TA-9HBRD-W3E5U"));   // U is not in the alphabet
  EXPECT_FALSE(normalise_tracker("7KQ2M_XC4TA_9HBRD_W3E5N"));   // only dashes and spaces
  EXPECT_FALSE(normalise_tracker("7KQ2M-XC4TA-9HBRD-W3E5\xC3\x89"));
}

TEST(VotesTracker, FormattingGroupsFiveByFiveAndNormalisesBack) {
  const std::string tracker = "7KQ2MXC4TA9HBRDW3E5N";
  EXPECT_EQ(format_tracker(tracker), "7KQ2M-XC4TA-9HBRD-W3E5N");
  EXPECT_EQ(normalise_tracker(format_tracker(tracker)), tracker);
}

TEST(VotesTracker, RandomBytesBecomeHundredBitsOfBase32) {
  std::array<unsigned char, tracker_random_bytes> zeros{};
  EXPECT_EQ(tracker_from_random(zeros), std::string(20, '0'));
  std::array<unsigned char, tracker_random_bytes> ones{};
  ones.fill(0xFF);
  EXPECT_EQ(tracker_from_random(ones), std::string(20, 'Z'));
  // 0x08 0x86 0x42 0x98 0xE8 = 00001 00010 00011 00100 00101 00110 00111 01000
  std::array<unsigned char, tracker_random_bytes> counting{0x08, 0x86, 0x42, 0x98, 0xE8};
  EXPECT_EQ(tracker_from_random(counting).substr(0, 8), "12345678");
  EXPECT_TRUE(normalise_tracker(tracker_from_random(counting)));
}

// ---- Times --------------------------------------------------------------------------------------

TEST(VotesTime, IsoTimesNeedAnOffset) {
  const auto utc = parse_iso8601("2026-11-21T18:00:00Z");
  ASSERT_TRUE(utc);
  EXPECT_EQ(parse_iso8601("2026-11-21T19:00:00+01:00"), utc);
  EXPECT_EQ(parse_iso8601("2026-11-21T18:00Z"), utc);
  EXPECT_EQ(parse_iso8601("2026-11-21T13:30:00-04:30"), utc);
  EXPECT_LT(*utc, *parse_iso8601("2026-11-21T18:00:00.5Z"));
  EXPECT_FALSE(parse_iso8601("2026-11-21T18:00:00"));
  EXPECT_FALSE(parse_iso8601("2026-02-30T18:00:00Z"));
  EXPECT_FALSE(parse_iso8601("2026-11-21T24:00:00Z"));
  EXPECT_FALSE(parse_iso8601("2026-11-21"));
  EXPECT_FALSE(parse_iso8601("2026-11-21T18:00:00Zjunk"));
}

TEST(VotesTime, DatesAreRealCalendarDates) {
  EXPECT_TRUE(valid_date("2028-02-29"));
  EXPECT_FALSE(valid_date("2026-02-29"));
  EXPECT_FALSE(valid_date("2026-9-1"));
  EXPECT_EQ(long_date("2026-09-01"), "1 Sep 2026");
}

// ---- The specification
// ----------------------------------------------------------------------------

const TimePoint now = *parse_iso8601("2026-11-01T12:00:00Z");

NewBallot good_spec() {
  NewBallot spec;
  spec.group_id = 1;
  spec.title = "Adopt the budget";
  spec.closes_at = *parse_iso8601("2026-11-08T12:00:00Z");
  return spec;
}

std::vector<std::string> error_fields(const NewBallot& spec) {
  auto valid = validate_spec(spec, now);
  std::vector<std::string> fields;
  if (!valid) {
    for (const auto& field : valid.error().fields)
      fields.push_back(field.field);
  }
  return fields;
}

TEST(VotesSpec, AYesNoBallotGetsItsThreeOptionsAndOpensNowByDefault) {
  auto valid = validate_spec(good_spec(), now);
  ASSERT_TRUE(valid) << valid.error().detail;
  ASSERT_EQ(valid->options.size(), 3u);
  EXPECT_EQ(valid->options[0].label, "Yes");
  EXPECT_EQ(valid->options[2].label, "Abstain");
  EXPECT_EQ(valid->threshold, Threshold::simple_majority);
  EXPECT_EQ(valid->opens_at, now);
}

TEST(VotesSpec, EachMistakeNamesItsField) {
  struct Case {
    std::string what;
    std::function<void(NewBallot&)> change;
    std::vector<std::string> fields;
  };
  const std::vector<Case> cases = {
      {"blank title", [](NewBallot& s) { s.title = "   "; }, {"title"}},
      {"long title", [](NewBallot& s) { s.title = std::string(201, 'x'); }, {"title"}},
      {"unknown method", [](NewBallot& s) { s.method = "borda"; }, {"method"}},
      {"yes_no with options",
       [](NewBallot& s) {
         s.options = {{"A", ""}, {"B", ""}};
       },
       {"options"}},
      {"unknown threshold", [](NewBallot& s) { s.threshold = "most"; }, {"threshold"}},
      {"one option",
       [](NewBallot& s) {
         s.method = "single_choice";
         s.options = {{"A", ""}};
       },
       {"options"}},
      {"duplicate labels",
       [](NewBallot& s) {
         s.method = "irv";
         s.options = {{"Ann", ""}, {"Bob", ""}, {" ann ", ""}};
       },
       {"options[2].label"}},
      {"blank label",
       [](NewBallot& s) {
         s.method = "approval";
         s.options = {{"Ann", ""}, {"", ""}};
       },
       {"options[1].label"}},
      {"seats for single choice",
       [](NewBallot& s) {
         s.method = "single_choice";
         s.options = {{"A", ""}, {"B", ""}, {"C", ""}};
         s.seats = 2;
       },
       {"seats"}},
      {"as many seats as candidates",
       [](NewBallot& s) {
         s.method = "scottish_stv";
         s.options = {{"A", ""}, {"B", ""}};
         s.seats = 2;
       },
       {"seats"}},
      {"quorum above 100", [](NewBallot& s) { s.quorum_percent = 101; }, {"quorum_percent"}},
      {"bad cut-off date",
       [](NewBallot& s) { s.joined_on_or_before = "2026-13-01"; },
       {"eligibility.joined_on_or_before"}},
      {"no closing time", [](NewBallot& s) { s.closes_at.reset(); }, {"closes_at"}},
      {"closes before it opens",
       [](NewBallot& s) { s.opens_at = *parse_iso8601("2026-11-09T12:00:00Z"); },
       {"closes_at"}},
      {"closes in the past",
       [](NewBallot& s) {
         s.opens_at = *parse_iso8601("2026-10-01T12:00:00Z");
         s.closes_at = *parse_iso8601("2026-10-02T12:00:00Z");
       },
       {"closes_at"}},
      {"manual with times", [](NewBallot& s) { s.manual = true; }, {"closes_at"}},
  };
  for (const auto& c : cases) {
    auto spec = good_spec();
    c.change(spec);
    EXPECT_EQ(error_fields(spec), c.fields) << c.what;
  }
}

TEST(VotesSpec, RankedMultiSeatAndManualBallotsAreValid) {
  auto spec = good_spec();
  spec.method = "meek_stv";
  spec.seats = 2;
  spec.options = {{"Ann", "Branch secretary"}, {"Bob", ""}, {"Cat", ""}};
  auto valid = validate_spec(spec, now);
  ASSERT_TRUE(valid) << valid.error().detail;
  EXPECT_EQ(valid->options[1].number, 2);
  EXPECT_FALSE(valid->threshold);

  auto manual = good_spec();
  manual.manual = true;
  manual.closes_at.reset();
  EXPECT_TRUE(validate_spec(manual, now));
}

// ---- Eligibility
// ------------------------------------------------------------------------------------

TEST(VotesEligibility, ReasonsAsATable) {
  const EligibilityRule members{false, false, std::nullopt};
  const EligibilityRule with_supporters{false, true, std::nullopt};
  const EligibilityRule cut_off{true, false, "2026-09-01"};
  const ScopeMembership member{"Leith Branch", Role::member, MembershipStatus::active,
                               "2026-01-10"};
  const ScopeMembership officer{"Leith Branch", Role::officer, MembershipStatus::active,
                                "2025-01-10"};
  const ScopeMembership supporter{"Leith Branch", Role::supporter, MembershipStatus::active,
                                  "2026-01-10"};
  const ScopeMembership late{"Leith Branch", Role::member, MembershipStatus::active, "2026-10-02"};
  const ScopeMembership lapsed{"Leith Branch", Role::member, MembershipStatus::lapsed,
                               "2020-01-01"};
  struct Case {
    std::string what;
    EligibilityRule rule;
    std::vector<ScopeMembership> memberships;
    std::optional<bool> on_list;
    bool eligible;
    std::string reason;
  };
  const std::vector<Case> cases = {
      {"member before the open", members, {member}, std::nullopt, true, ""},
      {"officer on the list", members, {officer}, true, true, ""},
      {"on the list whatever today says", members, {}, true, true, ""},
      {"supporter",
       members,
       {supporter},
       std::nullopt,
       false,
       "Only members can vote; you are a supporter of Leith Branch."},
      {"supporter when supporters vote", with_supporters, {supporter}, std::nullopt, true, ""},
      {"joined after the cut-off",
       cut_off,
       {late},
       false,
       false,
       "You joined Leith Branch on 2026-10-02, after the cut-off date of 2026-09-01."},
      {"joined before the cut-off", cut_off, {member}, std::nullopt, true, ""},
      {"joined after the open",
       members,
       {member},
       false,
       false,
       "You were not on the list of voters when the ballot opened."},
      {"lapsed",
       members,
       {lapsed},
       std::nullopt,
       false,
       "Your membership of Leith Branch has lapsed, so you cannot vote. Ask one of its officers "
       "to renew it."},
      {"stranger",
       cut_off,
       {},
       std::nullopt,
       false,
       "Only members of Leith Branch and its sub-groups who joined on or before 1 Sep 2026 can "
       "vote."},
      {"one good membership is enough", cut_off, {late, member}, std::nullopt, true, ""},
  };
  for (const auto& c : cases) {
    const auto check = check_elector(c.rule, "Leith Branch", c.memberships, c.on_list);
    EXPECT_EQ(check.eligible, c.eligible) << c.what;
    EXPECT_EQ(check.reason, c.reason) << c.what;
  }
}

TEST(VotesEligibility, TheExplanationNamesScopeRoleAndDate) {
  EXPECT_EQ(eligibility_explanation({true, false, "2026-09-01"}, "Leith Branch"),
            "Members of Leith Branch and its sub-groups who joined on or before 1 Sep 2026");
  EXPECT_EQ(eligibility_explanation({false, true, std::nullopt}, "Leith Branch"),
            "Members and supporters of Leith Branch");
}

// ---- Marks
// ------------------------------------------------------------------------------------------

TEST(VotesMarks, EachMethodTakesItsOwnShapeOfBallot) {
  const std::vector<BallotOption> options = {
      {1, "Ann", "", false}, {2, "Bob", "", false}, {3, "Cat", "", true}};
  struct Case {
    VoteMethod method;
    Marks marks;
    bool valid;
  };
  const std::vector<Case> cases = {
      {VoteMethod::single_choice, {1}, true},
      {VoteMethod::single_choice, {}, false},
      {VoteMethod::single_choice, {1, 2}, false},
      {VoteMethod::yes_no, {2}, true},
      {VoteMethod::approval, {}, true},
      {VoteMethod::approval, {2, 1}, true},
      {VoteMethod::approval, {1, 1}, false},
      {VoteMethod::irv, {2, 1}, true},
      {VoteMethod::irv, {}, false},
      {VoteMethod::meek_stv, {1, 3}, false},
      {VoteMethod::scottish_stv, {4}, false},
      {VoteMethod::scottish_stv, {0}, false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(!marks_problem(c.method, options, c.marks), c.valid)
        << method_name(c.method) << " " << ::testing::PrintToString(c.marks);
  }
  EXPECT_EQ(marks_problem(VoteMethod::irv, options, {3}),
            "Cat has been withdrawn and cannot be chosen.");
}

TEST(VotesRuleExplanation, SaysThresholdAbstentionsQuorumAndTies) {
  const auto yes_no = rule_explanation(VoteMethod::yes_no, 1, Threshold::two_thirds, 20);
  EXPECT_NE(yes_no.find("two-thirds"), std::string::npos);
  EXPECT_NE(yes_no.find("Abstentions do not count towards the threshold"), std::string::npos);
  EXPECT_NE(yes_no.find("20%"), std::string::npos);
  const auto stv = rule_explanation(VoteMethod::scottish_stv, 3, std::nullopt, 0);
  EXPECT_NE(stv.find("3 seats"), std::string::npos);
  EXPECT_NE(stv.find("tie order"), std::string::npos);
  EXPECT_NE(stv.find("no turnout quorum"), std::string::npos);
}

}  // namespace
}  // namespace plenary::votes
