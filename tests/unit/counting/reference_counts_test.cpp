// Every election in tests/data/elections counted with its rule and compared with the published
// or reference count: official results (Edinburgh 2017, Burlington 2009) and Droop's reports.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "droop_report.hpp"
#include "reference_compare.hpp"
#include "test_data.hpp"
#include "votes/counting/decimal.hpp"
#include "votes/counting/irv.hpp"
#include "votes/counting/meek_stv.hpp"
#include "votes/counting/scottish_stv.hpp"

namespace plenary::votes::counting::testing {
namespace {

struct ReferenceCase {
  std::string ballots;  // relative to tests/data/elections
  std::string report;
  MeekVariant variant = MeekVariant::prf_reference;
};

// Shown when a case fails, instead of the struct's bytes.
void PrintTo(const ReferenceCase& reference, std::ostream* out) {
  *out << reference.ballots << " vs " << reference.report;
}

std::string test_name(const ::testing::TestParamInfo<ReferenceCase>& info) {
  std::string name;
  for (char c : info.param.ballots) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      name += c;
    }
  }
  return name;
}

const std::vector<ReferenceCase> scottish_cases = {
    {"meek/M135.blt", "meek/M135.reference-scottish.txt"},
    {"meek/SC.blt", "meek/SC.reference-scottish.txt"},
    {"meek/SC-Vm-12.blt", "meek/SC-Vm-12.reference-scottish.txt"},
    {"edge-cases/42.blt", "edge-cases/42.reference-scottish.txt"},
    {"edge-cases/42t.blt", "edge-cases/42t.reference-scottish.txt"},
    {"edge-cases/513.blt", "edge-cases/513.reference-scottish.txt"},
    {"edge-cases/SCw.blt", "edge-cases/SCw.reference-scottish.txt"},
    {"edge-cases/SCwopt.blt", "edge-cases/SCwopt.reference-scottish.txt"},
    {"edge-cases/weak-defeat.blt", "edge-cases/weak-defeat.reference-scottish.txt"},
    {"edge-cases/weak-surplus.blt", "edge-cases/weak-surplus.reference-scottish.txt"},
};

const std::vector<ReferenceCase> meek_cases = {
    {"meek/M135.blt", "meek/M135.reference-meek-prf.txt"},
    {"meek/SC.blt", "meek/SC.reference-meek-prf.txt"},
    {"meek/SC-Vm-12.blt", "meek/SC-Vm-12.reference-meek-prf.txt"},
    // Counted with Droop's "Meek Parametric" rule (see the report's "Rule:" line), not the
    // PRF reference rule, so it is checked against that variant.
    {"meek/vegetables.blt", "meek/vegetables.reference-meek-prf.txt",
     MeekVariant::droop_parametric},
    {"edge-cases/42.blt", "edge-cases/42.reference-meek-prf.txt"},
    {"edge-cases/42t.blt", "edge-cases/42t.reference-meek-prf.txt"},
    {"edge-cases/513.blt", "edge-cases/513.reference-meek-prf.txt"},
    {"edge-cases/SCw.blt", "edge-cases/SCw.reference-meek-prf.txt"},
    {"edge-cases/SCwopt.blt", "edge-cases/SCwopt.reference-meek-prf.txt"},
};

const std::string edinburgh = "scottish-stv/edinburgh-2017/";
const std::string burlington = "irv/2009-Burlington-Mayor.blt";

class ScottishReference : public ::testing::TestWithParam<ReferenceCase> {};

TEST_P(ScottishReference, MatchesDroopStageByStage) {
  const Election election = load_election(GetParam().ballots);
  const auto count = count_scottish_stv(election);
  ASSERT_TRUE(count.ok()) << count.error().detail;
  const DroopReport report = parse_droop_report(read_data_file(GetParam().report));
  ASSERT_EQ(report.header.at("Rule"), "Scottish STV");
  expect_matches_scottish_report(*count, report);
}

INSTANTIATE_TEST_SUITE_P(Droop, ScottishReference, ::testing::ValuesIn(scottish_cases), test_name);

class MeekReference : public ::testing::TestWithParam<ReferenceCase> {};

TEST_P(MeekReference, MatchesDroopRoundByRound) {
  const Election election = load_election(GetParam().ballots);
  const auto count = count_meek_stv(election, GetParam().variant);
  ASSERT_TRUE(count.ok()) << count.error().detail;
  const DroopReport report = parse_droop_report(read_data_file(GetParam().report));
  ASSERT_EQ(report.header.at("Rule"), GetParam().variant == MeekVariant::prf_reference
                                          ? "PR Foundation Meek Reference"
                                          : "Meek Parametric (omega = 1/10^6)");
  ASSERT_EQ(report.header.at("Omega"), "0.000001000");
  expect_matches_meek_report(*count, report);
}

INSTANTIATE_TEST_SUITE_P(Droop, MeekReference, ::testing::ValuesIn(meek_cases), test_name);

TEST(MeekReference, VegetablesUnderThePrfRuleAgreesUntilTheRulesDiffer) {
  // The two Meek variants round differently; on this election they agree exactly for the two
  // rounds that need no keep-factor iteration below 1 and elect the same candidates.
  const Election election = load_election("meek/vegetables.blt");
  const auto prf = count_meek_stv(election, MeekVariant::prf_reference);
  const auto parametric = count_meek_stv(election, MeekVariant::droop_parametric);
  ASSERT_TRUE(prf.ok() && parametric.ok());
  EXPECT_EQ(prf->rounds[0].votes, parametric->rounds[0].votes);
  EXPECT_EQ(prf->rounds[1].votes, parametric->rounds[1].votes);
  EXPECT_NE(prf->rounds[2].votes, parametric->rounds[2].votes);
  EXPECT_EQ(prf->elected, parametric->elected);
}

TEST(ScottishReference, ByteOrderMarkAndUtf8NamesCountLike42) {
  const Election plain = load_election("edge-cases/42.blt");
  const Election marked = load_election("edge-cases/42ubom.blt");
  EXPECT_EQ(marked.candidates,
            (std::vector<std::string>{"C\xC3\xA5stor", "P\xC3\xB8ll\xC3\xBCx", "H\xC3\xA9len"}));
  EXPECT_EQ(marked.ballots, plain.ballots);
  EXPECT_EQ(marked.seats, plain.seats);
  for (const bool meek : {false, true}) {
    SCOPED_TRACE(meek ? "meek" : "scottish");
    auto count = meek ? count_meek_stv(marked) : count_scottish_stv(marked);
    ASSERT_TRUE(count.ok());
    // The reference reports name the ASCII candidates; the numbers must be identical.
    count->candidates = plain.candidates;
    count->title = plain.title;
    const DroopReport report = parse_droop_report(read_data_file(
        meek ? "edge-cases/42.reference-meek-prf.txt" : "edge-cases/42.reference-scottish.txt"));
    if (meek) {
      expect_matches_meek_report(*count, report);
    } else {
      expect_matches_scottish_report(*count, report);
    }
  }
}

TEST(ScottishReference, WithdrawnAsNegativeNumberOrOptionIsTheSameElection) {
  const Election negative = load_election("edge-cases/SCw.blt");
  const Election option = load_election("edge-cases/SCwopt.blt");
  EXPECT_EQ(negative.withdrawn, std::vector<CandidateIndex>{3});
  EXPECT_EQ(negative, option);
}

nlohmann::json official_edinburgh_results() {
  return nlohmann::json::parse(read_data_file(edinburgh + "official-results.json"));
}

TEST(EdinburghCouncil2017, OfficialResultsListEveryWardFile) {
  std::set<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(elections_dir() / edinburgh)) {
    if (entry.path().extension() == ".blt") {
      files.insert(entry.path().filename().string());
    }
  }
  std::set<std::string> listed;
  const nlohmann::json official = official_edinburgh_results();
  for (const auto& [file, result] : official.items()) {
    listed.insert(file);
  }
  EXPECT_EQ(files.size(), 17u);
  EXPECT_EQ(files, listed);
}

TEST(EdinburghCouncil2017, EveryWardElectsTheOfficialCouncillors) {
  int wards = 0;
  int staged = 0;
  const nlohmann::json official = official_edinburgh_results();
  for (const auto& [file, result] : official.items()) {
    SCOPED_TRACE(file);
    ASSERT_EQ(result.at("rule"), "scottish-stv-2007");
    const Election election = load_election(edinburgh + file);
    const auto count = count_scottish_stv(election);
    ASSERT_TRUE(count.ok()) << count.error().detail;
    EXPECT_EQ(count->quota, (count->valid_ballots / (election.seats + 1) + 1) * units_per_vote(5));
    std::set<std::string> elected;
    for (CandidateIndex c : count->elected) {
      elected.insert(election.candidates[c]);
    }
    const auto official = result.at("elected_set").get<std::set<std::string>>();
    EXPECT_EQ(elected, official);
    EXPECT_EQ(count->elected.size(), static_cast<std::size_t>(election.seats));
    if (result.contains("elected_at_stage")) {
      std::map<std::string, int> stages;
      for (const Round& round : count->rounds) {
        for (const Outcome& outcome : round.elected) {
          stages[election.candidates[outcome.candidate]] = round.number;
        }
      }
      EXPECT_EQ(stages, (result.at("elected_at_stage").get<std::map<std::string, int>>()));
      ++staged;
    }
    ++wards;
  }
  EXPECT_EQ(wards, 17);
  EXPECT_EQ(staged, 1);
}

TEST(EdinburghCouncil2017, MeekCountsTheLargeWardsToo) {
  // No reference exists for these; the point is that Meek handles 14,000 real ballots quickly
  // and keeps every vote accounted for.
  const nlohmann::json official = official_edinburgh_results();
  for (const auto& [file, result] : official.items()) {
    SCOPED_TRACE(file);
    const Election election = load_election(edinburgh + file);
    const auto count = count_meek_stv(election);
    ASSERT_TRUE(count.ok()) << count.error().detail;
    EXPECT_EQ(count->elected.size(), static_cast<std::size_t>(election.seats));
    for (const Round& round : count->rounds) {
      std::int64_t held = round.exhausted;
      for (std::int64_t v : round.votes) {
        held += v;
      }
      EXPECT_EQ(held, count->valid_ballots * units_per_vote(9)) << "round " << round.number;
    }
  }
}

// --- Burlington 2009 -----------------------------------------------------------------------

struct BurlingtonOfficial {
  std::int64_t valid = 0;
  std::int64_t invalid = 0;
  std::int64_t threshold = 0;
  std::map<std::string, std::int64_t> first_round;  // short name -> votes
  std::int64_t first_round_exhausted = 0;
  std::int64_t montroll_best = 0;
  std::int64_t final_kiss = 0;
  std::int64_t final_wright = 0;
  std::pair<std::int64_t, std::int64_t> exhaust_rule_final;
  std::pair<std::int64_t, std::int64_t> skip_rule_final;
};

// The rest of the line after `phrase`; throws if the official text lacks it.
std::string after(const std::string& text, const std::string& phrase) {
  const std::size_t at = text.find(phrase);
  if (at == std::string::npos) {
    throw std::runtime_error("the official result lacks \"" + phrase + "\"");
  }
  const std::size_t from = at + phrase.size();
  return text.substr(from, text.find('\n', from) - from);
}

// The number (thousands separators allowed) at the start of `text`.
std::int64_t leading_number(const std::string& text) {
  std::string digits;
  for (char c : text) {
    if (c == ',') {
      continue;
    }
    if (c < '0' || c > '9') {
      break;
    }
    digits += c;
  }
  if (digits.empty()) {
    throw std::runtime_error("no number at \"" + text + "\"");
  }
  return std::stoll(digits);
}

// "4313-4060" -> {4313, 4060}
std::pair<std::int64_t, std::int64_t> number_pair(const std::string& text) {
  return {leading_number(text), leading_number(text.substr(text.find('-') + 1))};
}

BurlingtonOfficial read_burlington_official() {
  const std::string text = read_data_file("irv/2009-Burlington-Mayor.official.txt");
  BurlingtonOfficial official;
  const std::string processed = after(text, "threshold ");
  official.threshold = leading_number(processed);
  // "8,980 valid + 4 invalid"
  const std::size_t valid = text.find(" valid + ");
  std::size_t digits = valid;
  while (digits > 0 &&
         (std::isdigit(static_cast<unsigned char>(text[digits - 1])) || text[digits - 1] == ',')) {
    --digits;
  }
  official.valid = leading_number(text.substr(digits, valid - digits));
  official.invalid = leading_number(after(text, " valid + "));
  // "Wright 2951, Kiss 2585, ..., exhausted 4"
  std::string round = after(text, "Round 1: ") + ",";
  for (std::size_t start = 0, comma; (comma = round.find(',', start)) != std::string::npos;
       start = comma + 1) {
    std::string pair = round.substr(start, comma - start);
    pair.erase(0, pair.find_first_not_of(' '));
    const std::size_t space = pair.rfind(' ');
    const std::string name = pair.substr(0, space);
    const std::int64_t votes = leading_number(pair.substr(space + 1));
    if (name == "exhausted") {
      official.first_round_exhausted = votes;
    } else {
      official.first_round[name] = votes;
    }
  }
  official.montroll_best = leading_number(after(text, "Montroll best round "));
  official.final_kiss = leading_number(after(text, "Final: Kiss "));
  official.final_wright = leading_number(after(text, ", Wright "));
  official.exhaust_rule_final = number_pair(after(text, "\"exhaust at first overvote\" gives "));
  official.skip_rule_final = number_pair(after(text, "\"skip overvoted rank\" gives "));
  return official;
}

// The candidate whose name is `short_name` or ends with " short_name".
CandidateIndex by_short_name(const Election& election, const std::string& short_name) {
  for (CandidateIndex c = 0; c < election.candidate_count(); ++c) {
    const std::string& name = election.candidates[c];
    if (name == short_name || name.ends_with(" " + short_name)) {
      return c;
    }
  }
  throw std::runtime_error("no candidate called " + short_name);
}

TEST(Burlington2009, BurlingtonRuleReproducesTheOfficialRounds) {
  const BurlingtonOfficial official = read_burlington_official();
  ASSERT_EQ(official.first_round.size(), 6u);
  const Election election = load_election(burlington);
  const auto count = count_irv(election, {OverVoteRule::burlington, true});
  ASSERT_TRUE(count.ok()) << count.error().detail;

  EXPECT_EQ(count->valid_ballots, official.valid);
  EXPECT_EQ(count->invalid_ballots, official.invalid);
  EXPECT_EQ(count->quota, official.threshold);
  ASSERT_EQ(count->rounds.size(), 3u);

  const Round& first = count->rounds[0];
  for (const auto& [name, votes] : official.first_round) {
    EXPECT_EQ(first.votes[by_short_name(election, name)], votes) << name;
  }
  EXPECT_EQ(first.exhausted, official.first_round_exhausted);
  std::set<CandidateIndex> dropped;
  for (const Outcome& outcome : first.excluded) {
    EXPECT_EQ(outcome.reason, Reason::batch);
    dropped.insert(outcome.candidate);
  }
  EXPECT_EQ(dropped, (std::set<CandidateIndex>{by_short_name(election, "Smith"),
                                               by_short_name(election, "Write-in"),
                                               by_short_name(election, "Simpson")}));

  const CandidateIndex montroll = by_short_name(election, "Montroll");
  std::int64_t best = 0;
  for (const Round& round : count->rounds) {
    best = std::max(best, round.votes[montroll]);
  }
  EXPECT_EQ(best, official.montroll_best);
  EXPECT_EQ(count->rounds[1].votes[montroll], official.montroll_best);
  EXPECT_EQ(count->rounds[1].excluded, (std::vector<Outcome>{{montroll, Reason::lowest_votes}}));

  const CandidateIndex kiss = by_short_name(election, "Kiss");
  const CandidateIndex wright = by_short_name(election, "Wright");
  const Round& last = count->rounds.back();
  EXPECT_EQ(last.votes[kiss], official.final_kiss);
  EXPECT_EQ(last.votes[wright], official.final_wright);
  EXPECT_EQ(count->elected, std::vector<CandidateIndex>{kiss});
  EXPECT_EQ(last.elected, (std::vector<Outcome>{{kiss, Reason::majority}}));
  // Every valid ballot is either with a finalist or exhausted.
  EXPECT_EQ(last.votes[kiss] + last.votes[wright] + last.exhausted, official.valid);
}

TEST(Burlington2009, OtherOverVoteRulesGiveTheStatedDifferentTotals) {
  const BurlingtonOfficial official = read_burlington_official();
  const Election election = load_election(burlington);
  const CandidateIndex kiss = by_short_name(election, "Kiss");
  const CandidateIndex wright = by_short_name(election, "Wright");
  for (const auto& [rule, expected] :
       {std::pair{OverVoteRule::exhaust, official.exhaust_rule_final},
        std::pair{OverVoteRule::skip, official.skip_rule_final}}) {
    SCOPED_TRACE(std::string(overvote_rule_name(rule)));
    const auto count = count_irv(election, {rule, true});
    ASSERT_TRUE(count.ok());
    const Round& last = count->rounds.back();
    EXPECT_EQ(std::pair(last.votes[kiss], last.votes[wright]), expected);
    // The count says which rule it used, and which is the default.
    const std::map<std::string, std::string> options(count->options.begin(), count->options.end());
    EXPECT_EQ(options.at("overvote"), overvote_rule_name(rule));
    EXPECT_EQ(options.at("overvote_default"), "exhaust");
  }
}

TEST(Burlington2009, OneExclusionPerRoundReachesTheSameFinalUnderBurlingtonRule) {
  const BurlingtonOfficial official = read_burlington_official();
  const Election election = load_election(burlington);
  const auto count = count_irv(election, {OverVoteRule::burlington, false});
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->rounds.size(), 5u);
  const Round& last = count->rounds.back();
  EXPECT_EQ(last.votes[by_short_name(election, "Kiss")], official.final_kiss);
  EXPECT_EQ(last.votes[by_short_name(election, "Wright")], official.final_wright);
}

// --- Nothing left out ----------------------------------------------------------------------

TEST(ReferenceData, EveryBallotFileIsCountedAgainstItsReference) {
  std::set<std::string> covered = {burlington};
  for (const auto& cases : {scottish_cases, meek_cases}) {
    for (const ReferenceCase& reference : cases) {
      covered.insert(reference.ballots);
    }
  }
  covered.insert("edge-cases/42ubom.blt");
  const nlohmann::json official = official_edinburgh_results();
  for (const auto& [file, result] : official.items()) {
    covered.insert(edinburgh + file);
  }
  std::set<std::string> present;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(elections_dir())) {
    if (entry.path().extension() == ".blt") {
      present.insert(std::filesystem::relative(entry.path(), elections_dir()).generic_string());
    }
  }
  EXPECT_EQ(present.size(), 30u);
  EXPECT_EQ(present, covered);
}

TEST(ReferenceData, EveryReferenceReportIsUsed) {
  std::set<std::string> used;
  for (const auto& cases : {scottish_cases, meek_cases}) {
    for (const ReferenceCase& reference : cases) {
      used.insert(reference.report);
    }
  }
  std::set<std::string> present;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(elections_dir())) {
    const std::string name = entry.path().filename().string();
    if (name.find(".reference-") != std::string::npos) {
      present.insert(std::filesystem::relative(entry.path(), elections_dir()).generic_string());
    }
  }
  EXPECT_EQ(present, used);
}

}  // namespace
}  // namespace plenary::votes::counting::testing
