#include "reference_compare.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "votes/counting/decimal.hpp"

namespace plenary::votes::counting::testing {
namespace {

class Comparison {
 public:
  Comparison(const Count& count, const DroopReport& report) : count_(count), report_(report) {
    for (CandidateIndex c = 0; c < static_cast<CandidateIndex>(count.candidates.size()); ++c) {
      index_[count.candidates[c]] = c;
    }
    for (const ReportAction& action : report.actions) {
      by_round_[action.round].push_back(&action);
    }
  }

  CandidateIndex candidate(const std::string& name) const {
    const auto found = index_.find(name);
    if (found == index_.end()) {
      ADD_FAILURE() << "the report names an unknown candidate \"" << name << "\"";
      return -1;
    }
    return found->second;
  }

  std::int64_t units(const std::string& value) const {
    const auto parsed = parse_decimal(value, count_.precision);
    EXPECT_TRUE(parsed.has_value())
        << "\"" << value << "\" is not a decimal with " << count_.precision << " places";
    return parsed.value_or(-1);
  }

  std::int64_t figure(const ReportAction& action, const std::string& key) const {
    const auto found = action.figures.find(key);
    if (found == action.figures.end()) {
      ADD_FAILURE() << "action \"" << action.text << "\" has no figure \"" << key << "\"";
      return -1;
    }
    return units(found->second);
  }

  void expect_header() const {
    EXPECT_EQ(count_.title, report_.title);
    EXPECT_EQ(std::to_string(count_.seats), report_.header.at("Seats"));
    EXPECT_EQ(std::to_string(count_.valid_ballots), report_.header.at("Ballots"));
    EXPECT_EQ(count_.quota, units(report_.header.at("Quota")));
    std::vector<std::string> withdrawn;
    for (CandidateIndex c : count_.withdrawn) {
      withdrawn.push_back(count_.candidates[c]);
    }
    EXPECT_EQ(withdrawn, report_.withdrawn);
    std::vector<std::string> eligible;
    for (CandidateIndex c = 0; c < static_cast<CandidateIndex>(count_.candidates.size()); ++c) {
      if (std::find(count_.withdrawn.begin(), count_.withdrawn.end(), c) ==
          count_.withdrawn.end()) {
        eligible.push_back(count_.candidates[c]);
      }
    }
    EXPECT_EQ(eligible, report_.eligible);
  }

  // Every listed candidate's value equals `expected` (votes per candidate), and the listing
  // names every candidate who is not withdrawn.
  void expect_listing(const ReportAction& action, const std::vector<std::int64_t>& expected) const {
    SCOPED_TRACE("listing of \"" + action.text + "\"");
    std::set<CandidateIndex> listed;
    for (const ReportEntry& entry : action.entries) {
      const CandidateIndex c = candidate(entry.name);
      if (c < 0) {
        continue;
      }
      listed.insert(c);
      EXPECT_EQ(format_decimal(expected[c], count_.precision), entry.value)
          << "votes of " << entry.name;
    }
    EXPECT_EQ(listed.size(), count_.candidates.size() - count_.withdrawn.size());
  }

  // The statuses in the listing agree with `status`.
  void expect_statuses(const ReportAction& action,
                       const std::vector<CandidateStatus>& status) const {
    SCOPED_TRACE("statuses in \"" + action.text + "\"");
    for (const ReportEntry& entry : action.entries) {
      const CandidateIndex c = candidate(entry.name);
      if (c < 0) {
        continue;
      }
      const CandidateStatus expected = entry.status == "Hopeful" ? CandidateStatus::hopeful
                                       : entry.status == "Defeated"
                                           ? CandidateStatus::excluded
                                           : CandidateStatus::elected;  // Elected or Pending
      EXPECT_EQ(status_name(expected), status_name(status[c])) << entry.name;
    }
  }

  const std::vector<const ReportAction*>& round_actions(int round) const {
    static const std::vector<const ReportAction*> none;
    const auto found = by_round_.find(round);
    return found == by_round_.end() ? none : found->second;
  }

  static const ReportAction* last_listing(const std::vector<const ReportAction*>& actions) {
    const ReportAction* last = nullptr;
    for (const ReportAction* action : actions) {
      if (!action->entries.empty() && action->text != "Count Complete") {
        last = action;
      }
    }
    return last;
  }

  // "Elect remaining", "Defeat remaining" and "Count Complete": the last round's decisions.
  void expect_closing(const ReportAction& action, const std::string& elect_remaining,
                      const std::string& defeat_remaining,
                      std::set<CandidateIndex>& report_elected) const {
    const Round& last = count_.rounds.back();
    const auto [kind, name] = split_action(action.text);
    if (kind == elect_remaining || kind == defeat_remaining) {
      const CandidateIndex c = candidate(name);
      const auto& decisions = kind == elect_remaining ? last.elected : last.excluded;
      const Reason reason = kind == elect_remaining ? Reason::last_vacancies : Reason::seats_filled;
      EXPECT_NE(std::find(decisions.begin(), decisions.end(), Outcome{c, reason}), decisions.end())
          << action.text;
      if (kind == elect_remaining) {
        report_elected.insert(c);
      }
    }
  }

  void expect_complete(const ReportAction& action, const std::vector<std::int64_t>& votes) const {
    const Round& last = count_.rounds.back();
    expect_listing(action, votes);
    expect_statuses(action, last.status);
    for (const ReportEntry& entry : action.entries) {
      EXPECT_NE(entry.status, "Hopeful") << "the count ended with hopeful candidates";
    }
  }

  void expect_elected(const std::set<CandidateIndex>& report_elected) const {
    const std::set<CandidateIndex> elected(count_.elected.begin(), count_.elected.end());
    EXPECT_EQ(elected, report_elected);
    EXPECT_EQ(count_.elected.size(), elected.size()) << "someone was elected twice";
  }

  const Count& count_;
  const DroopReport& report_;
  std::map<std::string, CandidateIndex> index_;
  std::map<int, std::vector<const ReportAction*>> by_round_;
};

std::set<std::string> names_of(const Count& count, const std::vector<CandidateIndex>& list) {
  std::set<std::string> names;
  for (CandidateIndex c : list) {
    names.insert(count.candidates[c]);
  }
  return names;
}

void expect_ties(const Count& count, const Round& round,
                 const std::vector<const ReportAction*>& actions, bool scottish) {
  std::vector<ReportTie> report_ties;
  for (const ReportAction* action : actions) {
    if (action->text.starts_with("Break tie")) {
      report_ties.push_back(parse_tie(action->text));
    }
  }
  ASSERT_EQ(report_ties.size(), round.ties.size()) << "ties in round " << round.number;
  for (std::size_t i = 0; i < report_ties.size(); ++i) {
    const ReportTie& expected = report_ties[i];
    const TieBreak& tie = round.ties[i];
    EXPECT_EQ(std::set<std::string>(expected.tied.begin(), expected.tied.end()),
              names_of(count, tie.tied));
    EXPECT_EQ(expected.chosen, count.candidates[tie.chosen]);
    if (scottish) {
      const bool by_prior_stage = expected.kind.starts_with("Break tie by prior stage");
      EXPECT_EQ(by_prior_stage ? "earlier_round" : "lot", resolution_name(tie.resolution))
          << expected.kind;
      EXPECT_EQ(expected.kind.find("largest surplus") != std::string::npos ? "surplus order"
                                                                           : "exclusion",
                tie.purpose);
    } else {
      EXPECT_EQ("lot", resolution_name(tie.resolution));
    }
  }
}

}  // namespace

void expect_matches_scottish_report(const Count& count, const DroopReport& report) {
  ASSERT_FALSE(count.rounds.empty());
  Comparison compare(count, report);
  compare.expect_header();
  std::map<std::size_t, std::set<CandidateIndex>> expected_elected;  // by index of stage
  std::size_t stage = 0;  // index into count.rounds of the stage matched so far

  for (int round = 0; round <= report.last_round; ++round) {
    SCOPED_TRACE("report round " + std::to_string(round));
    const auto& actions = compare.round_actions(round);
    ASSERT_FALSE(actions.empty());
    bool no_op = false;

    if (round == 0) {
      ASSERT_EQ(actions.front()->text, "Begin Count");
      compare.expect_listing(*actions.front(), count.rounds[0].votes);
      EXPECT_EQ(compare.figure(*actions.front(), "Nontransferable votes"), 0);
      EXPECT_EQ(compare.figure(*actions.front(), "Residual"), 0);
    } else {
      const ReportAction* main = nullptr;
      const ReportAction* transferred = nullptr;
      for (const ReportAction* action : actions) {
        const std::string kind = split_action(action->text).first;
        if (kind == "Transfer high surplus" || kind == "Defeat low candidate") {
          main = action;
        }
        if (kind == "Surplus transferred" || kind == "Transfer defeated") {
          transferred = action;
        }
      }
      ASSERT_NE(main, nullptr) << "no transfer in this round";
      ASSERT_NE(transferred, nullptr) << "no transfer listing in this round";
      const auto [kind, subject] = split_action(main->text);
      const bool surplus = kind == "Transfer high surplus";
      std::int64_t moved = 0;
      if (surplus) {
        const std::string after = split_action(transferred->text).second;
        const std::size_t open = after.rfind(" (");
        ASSERT_NE(open, std::string::npos);
        EXPECT_EQ(after.substr(0, open), subject);
        moved = compare.units(after.substr(open + 2, after.size() - open - 3));
      }
      if (surplus && moved == 0) {
        // Droop's stage for a surplus of exactly zero: nothing may change.
        no_op = true;
        compare.expect_listing(*transferred, count.rounds[stage].votes);
        EXPECT_EQ(compare.figure(*transferred, "Nontransferable votes"),
                  count.rounds[stage].exhausted);
        EXPECT_EQ(compare.figure(*transferred, "Residual"), count.rounds[stage].rounding_loss);
      } else {
        ++stage;
        expected_elected[stage];  // this stage elects no one unless the report says so
        ASSERT_LT(stage, count.rounds.size()) << "the report has more stages than the count";
        const Round& now = count.rounds[stage];
        const Round& before = count.rounds[stage - 1];
        SCOPED_TRACE("stage " + std::to_string(now.number));
        EXPECT_EQ(surplus ? "surplus_transfer" : "exclusion", action_name(now.action));
        ASSERT_EQ(now.subjects.size(), 1u);
        EXPECT_EQ(subject, count.candidates[now.subjects.front()]);
        EXPECT_EQ(compare.figure(*main, "Surplus"), before.surplus);
        if (surplus) {
          EXPECT_EQ(moved, now.transferred_surplus);
        } else {
          compare.expect_listing(*main, before.votes);
        }
        compare.expect_listing(*transferred, now.votes);
        EXPECT_EQ(compare.figure(*transferred, "Nontransferable votes"), now.exhausted);
        EXPECT_EQ(compare.figure(*transferred, "Residual"), now.rounding_loss);
        EXPECT_EQ(compare.figure(*transferred, "Total"),
                  count.valid_ballots * units_per_vote(count.precision));
        expect_ties(count, now, actions, true);
      }
    }

    // Who is elected at the end of this stage. Droop tests rule 52 before rule 47 after an
    // exclusion, so it may call "remaining" a candidate who has just reached the quota; the
    // count gives the reason rule 47 gives, and the stage is the same either way.
    for (const ReportAction* action : actions) {
      const auto [kind, name] = split_action(action->text);
      if (kind == "Elect, transfer pending" || kind == "Elect remaining candidates") {
        EXPECT_FALSE(no_op && kind == "Elect, transfer pending")
            << "a zero transfer elected " << name;
        expected_elected[stage].insert(compare.candidate(name));
      }
      if (kind == "Defeat remaining candidates") {
        const CandidateIndex c = compare.candidate(name);
        const auto& excluded = count.rounds.back().excluded;
        EXPECT_NE(std::find(excluded.begin(), excluded.end(), Outcome{c, Reason::seats_filled}),
                  excluded.end())
            << action->text;
      }
      if (action->text == "Count Complete") {
        EXPECT_EQ(stage + 1, count.rounds.size()) << "the count has stages the report lacks";
        compare.expect_complete(*action, count.rounds.back().votes);
        EXPECT_EQ(compare.figure(*action, "Nontransferable votes"), count.rounds.back().exhausted);
        EXPECT_EQ(compare.figure(*action, "Residual"), count.rounds.back().rounding_loss);
      }
    }
    if (const ReportAction* last = Comparison::last_listing(actions)) {
      compare.expect_statuses(*last, count.rounds[stage].status);
    }
  }
  EXPECT_EQ(report.actions.back().text, "Count Complete");
  std::set<CandidateIndex> report_elected;
  for (std::size_t i = 0; i < count.rounds.size(); ++i) {
    const Round& round = count.rounds[i];
    std::set<CandidateIndex> elected;
    for (const Outcome& outcome : round.elected) {
      elected.insert(outcome.candidate);
      const bool reached = round.votes[outcome.candidate] >= round.quota;
      EXPECT_EQ(reason_name(reached ? Reason::quota : Reason::last_vacancies),
                reason_name(outcome.reason))
          << count.candidates[outcome.candidate] << " at stage " << round.number;
    }
    EXPECT_EQ(elected, expected_elected[i]) << "elected at stage " << round.number;
    report_elected.insert(elected.begin(), elected.end());
  }
  compare.expect_elected(report_elected);
}

void expect_matches_meek_report(const Count& count, const DroopReport& report) {
  ASSERT_FALSE(count.rounds.empty());
  Comparison compare(count, report);
  compare.expect_header();
  EXPECT_EQ(report.last_round, static_cast<int>(count.rounds.size()));
  std::set<CandidateIndex> report_elected;

  const auto& begin = compare.round_actions(0);
  ASSERT_EQ(begin.size(), 1u);
  ASSERT_EQ(begin.front()->text, "Begin Count");
  compare.expect_listing(*begin.front(), count.rounds[0].votes);
  EXPECT_EQ(compare.figure(*begin.front(), "Quota"), count.quota);
  EXPECT_EQ(compare.figure(*begin.front(), "Votes"),
            count.valid_ballots * units_per_vote(count.precision));
  EXPECT_EQ(compare.figure(*begin.front(), "Residual"), 0);
  EXPECT_EQ(compare.figure(*begin.front(), "Surplus"), 0);

  for (int number = 1; number <= report.last_round; ++number) {
    SCOPED_TRACE("round " + std::to_string(number));
    ASSERT_LE(number, static_cast<int>(count.rounds.size()));
    const Round& round = count.rounds[number - 1];
    const auto& actions = compare.round_actions(number);
    std::vector<std::int64_t> shown = round.votes;  // what a listing shows at this point
    std::set<CandidateIndex> elected_here;
    std::set<CandidateIndex> defeated_here;

    for (const ReportAction* action : actions) {
      SCOPED_TRACE("action \"" + action->text + "\"");
      const auto [kind, name] = split_action(action->text);
      const bool complete = action->text == "Count Complete";
      if (complete) {
        for (CandidateIndex c = 0; c < static_cast<CandidateIndex>(shown.size()); ++c) {
          if (round.status[c] != CandidateStatus::elected) {
            shown[c] = 0;
          }
        }
      }
      if (!action->entries.empty()) {
        compare.expect_listing(*action, shown);
      }
      std::int64_t votes = 0;
      for (std::int64_t v : shown) {
        votes += v;
      }
      EXPECT_EQ(compare.figure(*action, "Quota"), round.quota);
      EXPECT_EQ(compare.figure(*action, "Votes"), votes);
      const std::int64_t residual =
          complete ? count.valid_ballots * units_per_vote(count.precision) - votes
                   : round.exhausted;
      EXPECT_EQ(compare.figure(*action, "Residual"), residual);
      EXPECT_EQ(compare.figure(*action, "Total"), votes + residual);

      // Droop logs an election as it happens, before the iteration's surplus is worked out:
      // that line shows the surplus of the iteration before.
      std::int64_t surplus = round.surplus;
      if (kind == "Elect") {
        const auto& iterations = round.iteration_surpluses;
        surplus = iterations.size() >= 2 ? iterations[iterations.size() - 2]
                  : number >= 2          ? count.rounds[number - 2].surplus
                                         : 0;
      }
      EXPECT_EQ(compare.figure(*action, "Surplus"), surplus);

      if (kind == "Elect") {
        const CandidateIndex c = compare.candidate(name);
        elected_here.insert(c);
        report_elected.insert(c);
      } else if (kind.starts_with("Defeat (")) {
        const CandidateIndex c = compare.candidate(name);
        defeated_here.insert(c);
        const std::string shown_surplus = kind.substr(kind.find("surplus ") + 8);
        EXPECT_EQ(compare.units(shown_surplus.substr(0, shown_surplus.find_first_of(" )"))),
                  round.surplus);
        EXPECT_EQ(kind.starts_with("Defeat (stable") ? "stable" : "omega", round.termination);
        if (c >= 0) {
          shown[c] = 0;
        }
      } else if (kind.starts_with("Iterate (")) {
        EXPECT_EQ(kind, "Iterate (" + round.termination + ")");
      } else if (kind == "Elect remaining" || kind == "Defeat remaining") {
        compare.expect_closing(*action, "Elect remaining", "Defeat remaining", report_elected);
        if (kind == "Defeat remaining") {
          shown[compare.candidate(name)] = 0;
        }
      } else if (complete) {
        compare.expect_complete(*action, shown);
      } else if (!kind.starts_with("Break tie")) {
        ADD_FAILURE() << "unknown action";
      }
    }
    std::set<CandidateIndex> by_quota;
    std::set<CandidateIndex> lowest;
    for (const Outcome& outcome : round.elected) {
      if (outcome.reason == Reason::quota) {
        by_quota.insert(outcome.candidate);
      }
    }
    for (const Outcome& outcome : round.excluded) {
      if (outcome.reason == Reason::lowest_votes) {
        lowest.insert(outcome.candidate);
      }
    }
    EXPECT_EQ(elected_here, by_quota);
    EXPECT_EQ(defeated_here, lowest);
    expect_ties(count, round, actions, false);
    if (const ReportAction* last = Comparison::last_listing(actions)) {
      compare.expect_statuses(*last, round.status);
    }
  }
  EXPECT_EQ(report.actions.back().text, "Count Complete");
  compare.expect_elected(report_elected);
}

}  // namespace plenary::votes::counting::testing
