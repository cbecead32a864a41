// The pure rules of proposals: the state machine as a table, the support threshold and its
// sentence, word-level amendment diffs and applying accepted amendments in order.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <tuple>

#include "proposals/rules.hpp"

namespace plenary::proposals {
namespace {

// ---- The state machine ------------------------------------------------------------------------

const std::vector<State> all_states = {
    State::draft,  State::gathering_support, State::qualified, State::scheduled, State::voting,
    State::passed, State::rejected,          State::no_quorum, State::withdrawn};
const std::vector<Event> all_events = {
    Event::publish,          Event::reach_support,    Event::schedule,
    Event::ballot_opened,    Event::ballot_passed,    Event::ballot_rejected,
    Event::ballot_no_quorum, Event::ballot_cancelled, Event::withdraw};

constexpr Standing author{.author = true};
constexpr Standing member{.member = true};
constexpr Standing officer{.officer = true};
constexpr Standing system_{.system = true};
const std::vector<std::pair<const char*, Standing>> everyone = {
    {"author", author}, {"member", member}, {"officer", officer}, {"system", system_}};

struct Expected {
  State to;
  std::set<std::string> who;  // of author, member, officer, system
};

// The whole machine written out once more, independently of transitions(): every pair not
// listed here must be refused, every listed one allowed to exactly these people.
const std::map<std::pair<State, Event>, Expected>& expected_machine() {
  using S = State;
  using E = Event;
  static const std::map<std::pair<State, Event>, Expected> machine = {
      {{S::draft, E::publish}, {S::gathering_support, {"author"}}},
      {{S::draft, E::withdraw}, {S::withdrawn, {"author"}}},
      {{S::gathering_support, E::reach_support}, {S::qualified, {"member"}}},
      {{S::gathering_support, E::schedule}, {S::scheduled, {"officer"}}},
      {{S::gathering_support, E::withdraw}, {S::withdrawn, {"author", "officer"}}},
      {{S::qualified, E::schedule}, {S::scheduled, {"officer"}}},
      {{S::qualified, E::withdraw}, {S::withdrawn, {"author", "officer"}}},
      {{S::scheduled, E::ballot_opened}, {S::voting, {"system"}}},
      {{S::scheduled, E::ballot_cancelled}, {S::qualified, {"system"}}},
      {{S::scheduled, E::ballot_passed}, {S::passed, {"system"}}},
      {{S::scheduled, E::ballot_rejected}, {S::rejected, {"system"}}},
      {{S::scheduled, E::ballot_no_quorum}, {S::no_quorum, {"system"}}},
      {{S::scheduled, E::withdraw}, {S::withdrawn, {"author", "officer"}}},
      {{S::voting, E::ballot_passed}, {S::passed, {"system"}}},
      {{S::voting, E::ballot_rejected}, {S::rejected, {"system"}}},
      {{S::voting, E::ballot_no_quorum}, {S::no_quorum, {"system"}}},
      {{S::voting, E::ballot_cancelled}, {S::qualified, {"system"}}},
  };
  return machine;
}

TEST(ProposalsStateMachine, EveryStateEventAndPersonAsTheTableSays) {
  int allowed = 0;
  int refused = 0;
  for (const auto state : all_states) {
    for (const auto event : all_events) {
      const auto found = expected_machine().find({state, event});
      for (const auto& [who_name, who] : everyone) {
        const auto result = next_state(state, event, who);
        const std::string where = std::string(state_name(state)) + " + " +
                                  std::string(event_name(event)) + " by " + who_name;
        if (found == expected_machine().end()) {
          ASSERT_FALSE(result.ok()) << where;
          EXPECT_EQ(result.error().kind, ErrorKind::conflict) << where;
          EXPECT_EQ(result.error().code, "wrong_state") << where;
          ++refused;
        } else if (found->second.who.contains(who_name)) {
          ASSERT_TRUE(result.ok()) << where << ": " << result.error().detail;
          EXPECT_EQ(*result, found->second.to) << where;
          ++allowed;
        } else {
          ASSERT_FALSE(result.ok()) << where;
          EXPECT_EQ(result.error().kind, ErrorKind::forbidden) << where;
          EXPECT_EQ(result.error().code, "not_allowed") << where;
          EXPECT_FALSE(result.error().detail.empty()) << where;
          ++refused;
        }
      }
    }
  }
  EXPECT_EQ(allowed, 20);
  EXPECT_EQ(allowed + refused, 9 * 9 * 4);
}

TEST(ProposalsStateMachine, ThePublishedTableHasNoDuplicateOrUnlistedRows) {
  std::set<std::pair<State, Event>> seen;
  for (const auto& transition : transitions()) {
    EXPECT_TRUE(seen.insert({transition.from, transition.event}).second)
        << state_name(transition.from) << " + " << event_name(transition.event);
    EXPECT_TRUE(expected_machine().contains({transition.from, transition.event}));
  }
  EXPECT_EQ(seen.size(), expected_machine().size());
}

TEST(ProposalsStateMachine, SomeoneWhoIsBothAuthorAndOfficerMayDoWhatEitherMay) {
  const Standing author_officer{.author = true, .member = true, .officer = true};
  EXPECT_EQ(*next_state(State::draft, Event::publish, author_officer), State::gathering_support);
  EXPECT_EQ(*next_state(State::qualified, Event::schedule, author_officer), State::scheduled);
  EXPECT_FALSE(next_state(State::scheduled, Event::ballot_opened, author_officer).ok());
}

TEST(ProposalsStateMachine, RefusalsSayWhyInWords) {
  auto late = next_state(State::voting, Event::withdraw, author);
  ASSERT_FALSE(late.ok());
  EXPECT_NE(late.error().detail.find("voting has started"), std::string::npos)
      << late.error().detail;
  auto not_theirs = next_state(State::qualified, Event::schedule, member);
  ASSERT_FALSE(not_theirs.ok());
  EXPECT_EQ(not_theirs.error().detail, "Only officers of the group can do that.");
}

TEST(ProposalsStateMachine, DecidedAndOpenStatesAreNamedOnce) {
  for (const auto state : all_states) {
    const bool is_decided =
        state == State::passed || state == State::rejected || state == State::no_quorum;
    EXPECT_EQ(decided(state), is_decided) << state_name(state);
    const bool open = state == State::gathering_support || state == State::qualified;
    EXPECT_EQ(open_for_support(state), open) << state_name(state);
    EXPECT_EQ(open_for_amendments(state), open) << state_name(state);
    EXPECT_EQ(parse_state(state_name(state)), state);
    EXPECT_FALSE(state_label(state).empty());
  }
  EXPECT_EQ(parse_state("Draft"), std::nullopt);
}

// ---- Support threshold ------------------------------------------------------------------------

TEST(ProposalsSupportThreshold, ACountAlone) {
  const auto threshold = support_threshold({.support_count = 10}, 240);
  EXPECT_EQ(threshold.needed, 10);
  EXPECT_EQ(threshold.explanation,
            "The group's threshold is a fixed number: 10 supporters needed.");
}

TEST(ProposalsSupportThreshold, APercentAloneThatDividesExactly) {
  const auto threshold = support_threshold({.support_percent = 5}, 240);
  EXPECT_EQ(threshold.needed, 12);
  EXPECT_EQ(threshold.explanation, "5% of the 240 members (12): 12 supporters needed.");
}

TEST(ProposalsSupportThreshold, APercentIsRoundedUpAndTheExactShareShown) {
  auto threshold = support_threshold({.support_percent = 5}, 30);
  EXPECT_EQ(threshold.needed, 2);
  EXPECT_EQ(threshold.explanation,
            "5% of the 30 members (1.5, rounded up to 2): 2 supporters needed.");
  threshold = support_threshold({.support_percent = 7}, 5);
  EXPECT_EQ(threshold.needed, 1);
  EXPECT_EQ(threshold.explanation,
            "7% of the 5 members (0.35, rounded up to 1): 1 supporter needed.");
  threshold = support_threshold({.support_percent = 10}, 201);
  EXPECT_EQ(threshold.needed, 21);
  EXPECT_EQ(threshold.explanation,
            "10% of the 201 members (20.1, rounded up to 21): 21 supporters needed.");
  threshold = support_threshold({.support_percent = 3}, 3);
  EXPECT_EQ(threshold.needed, 1);
  EXPECT_EQ(threshold.explanation,
            "3% of the 3 members (0.09, rounded up to 1): 1 supporter needed.");
}

TEST(ProposalsSupportThreshold, BothSetTheSmallerWins) {
  auto threshold = support_threshold({.support_count = 10, .support_percent = 5}, 240);
  EXPECT_EQ(threshold.needed, 10);
  EXPECT_EQ(
      threshold.explanation,
      "10 supporters or 5% of the 240 members (12), whichever is fewer: 10 supporters needed.");
  threshold = support_threshold({.support_count = 10, .support_percent = 5}, 100);
  EXPECT_EQ(threshold.needed, 5);
  EXPECT_EQ(threshold.explanation,
            "10 supporters or 5% of the 100 members (5), whichever is fewer: 5 supporters needed.");
}

TEST(ProposalsSupportThreshold, NothingSetMeansTheDefaultShare) {
  const auto threshold = support_threshold({}, 240);
  EXPECT_EQ(threshold.needed, 240 * default_support_percent / 100);
  EXPECT_EQ(threshold.explanation,
            "The group has set no threshold, so the default applies: 5% of the 240 members (12): "
            "12 supporters needed.");
}

TEST(ProposalsSupportThreshold, AtLeastOneSupporterIsAlwaysNeeded) {
  auto threshold = support_threshold({}, 0);
  EXPECT_EQ(threshold.needed, 1);
  EXPECT_EQ(threshold.explanation,
            "The group has set no threshold, so the default applies: 5% of the 0 members (0); at "
            "least 1 supporter is always needed: 1 supporter needed.");
  threshold = support_threshold({.support_count = 4, .support_percent = 50}, 0);
  EXPECT_EQ(threshold.needed, 1);
  EXPECT_NE(threshold.explanation.find("at least 1 supporter is always needed"), std::string::npos);
  EXPECT_EQ(support_threshold({}, 1).needed, 1);
  EXPECT_EQ(support_threshold({}, -3).needed, 1);
}

TEST(ProposalsSupportThreshold, MatchesCeilingArithmeticForManySizes) {
  for (int percent = 1; percent <= 100; percent += 3) {
    for (std::int64_t members = 0; members <= 500; members += 7) {
      const auto threshold = support_threshold({.support_percent = percent}, members);
      std::int64_t ceiling = 0;
      while (ceiling * 100 < members * percent)
        ++ceiling;
      EXPECT_EQ(threshold.needed, std::max<std::int64_t>(1, ceiling))
          << percent << "% of " << members;
    }
  }
}

// ---- Amendment diff ---------------------------------------------------------------------------

std::string side(const std::vector<DiffPiece>& pieces, DiffOp leave_out) {
  std::string text;
  for (const auto& piece : pieces) {
    if (piece.op != leave_out)
      text += piece.text;
  }
  return text;
}

TEST(ProposalsWordDiff, SplittingIntoWordsLosesNothing) {
  const std::string text = "  We  call\tfor a\n\nfour-day week.  ";
  const auto words = split_words(text);
  EXPECT_EQ(words, (std::vector<std::string>{"  ", "We", "  ", "call", "\t", "for", " ", "a",
                                             "\n\n", "four-day", " ", "week.", "  "}));
  std::string joined;
  for (const auto& word : words)
    joined += word;
  EXPECT_EQ(joined, text);
  EXPECT_TRUE(split_words("").empty());
}

TEST(ProposalsWordDiff, AReplacedWordIsDeletedThenInserted) {
  const auto pieces = word_diff("We call for a four-day week.", "We call for a three-day week.");
  EXPECT_EQ(pieces, (std::vector<DiffPiece>{{DiffOp::equal, "We call for a "},
                                            {DiffOp::remove, "four-day"},
                                            {DiffOp::insert, "three-day"},
                                            {DiffOp::equal, " week."}}));
}

TEST(ProposalsWordDiff, InsertedAndDeletedWords) {
  auto pieces = word_diff("Members elect the chair.", "Members elect the chair every year.");
  EXPECT_EQ(pieces, (std::vector<DiffPiece>{{DiffOp::equal, "Members elect the "},
                                            {DiffOp::remove, "chair."},
                                            {DiffOp::insert, "chair every year."}}));
  pieces = word_diff("All members may vote now", "All members vote now");
  EXPECT_EQ(pieces, (std::vector<DiffPiece>{{DiffOp::equal, "All members "},
                                            {DiffOp::remove, "may "},
                                            {DiffOp::equal, "vote now"}}));
  pieces = word_diff("vote now", "all members vote now");
  EXPECT_EQ(pieces, (std::vector<DiffPiece>{{DiffOp::insert, "all members "},
                                            {DiffOp::equal, "vote now"}}));
}

TEST(ProposalsWordDiff, IdenticalTextsAreOneEqualPiece) {
  const std::string text = "Nothing changes here.\n\nOr here.";
  EXPECT_EQ(word_diff(text, text), (std::vector<DiffPiece>{{DiffOp::equal, text}}));
  EXPECT_TRUE(word_diff("", "").empty());
}

TEST(ProposalsWordDiff, FromAndToNothing) {
  EXPECT_EQ(word_diff("", "New text"), (std::vector<DiffPiece>{{DiffOp::insert, "New text"}}));
  EXPECT_EQ(word_diff("Old text", ""), (std::vector<DiffPiece>{{DiffOp::remove, "Old text"}}));
}

TEST(ProposalsWordDiff, UnicodeWordsStayWhole) {
  const std::string before = "Le café à Montréal ouvre à 8 h — ça suffit.";
  const std::string after = "Le café à Zürich ouvre à 7 h — ça suffit 😀.";
  const auto pieces = word_diff(before, after);
  EXPECT_EQ(pieces, (std::vector<DiffPiece>{{DiffOp::equal, "Le café à "},
                                            {DiffOp::remove, "Montréal"},
                                            {DiffOp::insert, "Zürich"},
                                            {DiffOp::equal, " ouvre à "},
                                            {DiffOp::remove, "8"},
                                            {DiffOp::insert, "7"},
                                            {DiffOp::equal, " h — ça "},
                                            {DiffOp::remove, "suffit."},
                                            {DiffOp::insert, "suffit 😀."}}));
  EXPECT_EQ(side(pieces, DiffOp::insert), before);
  EXPECT_EQ(side(pieces, DiffOp::remove), after);
}

TEST(ProposalsWordDiff, BothSidesAreRebuiltFromTheDiffForMixedEdits) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"a b c d e f g", "a x c d y z g h"},
      {"one two three", "three two one"},
      {"line one\nline two\n\nline three", "line one\n\nline 2\nline three\n"},
      {"  leading and trailing  ", "leading and  trailing"},
  };
  for (const auto& [before, after] : cases) {
    const auto pieces = word_diff(before, after);
    EXPECT_EQ(side(pieces, DiffOp::insert), before) << before << " → " << after;
    EXPECT_EQ(side(pieces, DiffOp::remove), after) << before << " → " << after;
    for (std::size_t i = 1; i < pieces.size(); ++i) {
      EXPECT_NE(pieces[i].op, pieces[i - 1].op) << "neighbours are merged";
    }
  }
  EXPECT_EQ(diff_op_name(DiffOp::remove), "delete");
  EXPECT_EQ(diff_op_name(DiffOp::insert), "insert");
  EXPECT_EQ(diff_op_name(DiffOp::equal), "equal");
}

// ---- Applying amendments ----------------------------------------------------------------------

const std::string original =
    "The branch meets monthly. Dues are 5 pounds. Officers serve one year.";

TEST(ProposalsApplyAmendments, OneAmendmentOnTheUnchangedTextGivesItsText) {
  const std::string amended =
      "The branch meets weekly. Dues are 5 pounds. Officers serve one year.";
  EXPECT_EQ(apply_amendment(original, original, amended), amended);
  const auto result = apply_amendments(original, {{1, original, amended}});
  EXPECT_EQ(result.text, amended);
  EXPECT_TRUE(result.not_applied.empty());
}

TEST(ProposalsApplyAmendments, TwoAmendmentsOfTheSameTextAreBothApplied) {
  const std::string first = "The branch meets weekly. Dues are 5 pounds. Officers serve one year.";
  const std::string second =
      "The branch meets monthly. Dues are 5 pounds. Officers serve two years.";
  const auto result = apply_amendments(original, {{1, original, first}, {2, original, second}});
  EXPECT_EQ(result.text, "The branch meets weekly. Dues are 5 pounds. Officers serve two years.");
  EXPECT_TRUE(result.not_applied.empty());
}

TEST(ProposalsApplyAmendments, InOrderAnAmendmentMadeAfterAnotherBuildsOnIt) {
  const std::string first = "The branch meets weekly. Dues are 5 pounds. Officers serve one year.";
  const std::string second =
      "The branch meets weekly on Mondays. Dues are 5 pounds. Officers serve one year.";
  const auto result = apply_amendments(original, {{1, original, first}, {2, first, second}});
  EXPECT_EQ(result.text, second);
  EXPECT_TRUE(result.not_applied.empty());
}

TEST(ProposalsApplyAmendments, AClashWithAnEarlierAmendmentIsReportedNotGuessed) {
  const std::string first = "The branch meets weekly. Dues are 5 pounds. Officers serve one year.";
  const std::string clashing =
      "The branch meets yearly. Dues are 5 pounds. Officers serve one year.";
  const std::string later = "The branch meets monthly. Dues are 6 pounds. Officers serve one year.";
  const auto result = apply_amendments(
      original, {{1, original, first}, {2, original, clashing}, {3, original, later}});
  EXPECT_EQ(result.text, "The branch meets weekly. Dues are 6 pounds. Officers serve one year.");
  EXPECT_EQ(result.not_applied, (std::vector<int>{2}));
  EXPECT_EQ(apply_amendment(first, original, clashing), std::nullopt);
}

TEST(ProposalsApplyAmendments, OrderDecidesTheTextWhenAmendmentsBuildOnEachOther) {
  const std::string a = "The branch meets weekly. Dues are 5 pounds. Officers serve one year.";
  const std::string b =
      "The branch meets weekly. Dues are 5 pounds. Officers serve one year. Amen.";
  // b was made on a's text and its own change is the added word. Applied first it brings only
  // that word onto the original; a then brings "weekly": the same text either way.
  EXPECT_EQ(apply_amendments(original, {{1, original, a}, {2, a, b}}).text, b);
  const auto reversed = apply_amendments(original, {{2, a, b}, {1, original, a}});
  EXPECT_EQ(reversed.text, b);
  EXPECT_TRUE(reversed.not_applied.empty());
}

TEST(ProposalsApplyAmendments, NoAcceptedAmendmentsLeaveTheTextAlone) {
  const auto result = apply_amendments(original, {});
  EXPECT_EQ(result.text, original);
  EXPECT_TRUE(result.not_applied.empty());
}

}  // namespace
}  // namespace plenary::proposals
