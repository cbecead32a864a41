#include "votes/counting/blt.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "test_data.hpp"

namespace plenary::votes::counting {
namespace {

Election parse_ok(std::string_view text) {
  auto election = parse_blt(text);
  EXPECT_TRUE(election.ok()) << (election.ok() ? "" : election.error().detail);
  return election.ok() ? *election : Election{};
}

// The parser's message for text it must refuse.
std::string parse_error(std::string_view text) {
  auto election = parse_blt(text);
  EXPECT_FALSE(election.ok()) << "accepted:\n" << text;
  return election.ok() ? "" : election.error().detail;
}

TEST(BltParse, ReadsThePlainFormat) {
  const Election election = parse_ok(
      "4 2\n"
      "3 1 3 4 0\n"
      "4 1 3 2 0\n"
      "1 0\n"
      "0\n"
      "\"Adam\"\n\"Basil\"\n\"Charlotte\"\n\"Donald\"\n"
      "\"Title\"\n");
  EXPECT_EQ(election.seats, 2);
  EXPECT_EQ(election.candidates,
            (std::vector<std::string>{"Adam", "Basil", "Charlotte", "Donald"}));
  EXPECT_EQ(election.title, "Title");
  ASSERT_EQ(election.ballots.size(), 3u);
  EXPECT_EQ(election.ballots[0], (Ballot{3, {{0}, {2}, {3}}}));
  EXPECT_EQ(election.ballots[1], (Ballot{4, {{0}, {2}, {1}}}));
  EXPECT_EQ(election.ballots[2], (Ballot{1, {}}));  // a blank ballot is kept, not dropped
  EXPECT_TRUE(election.withdrawn.empty());
  EXPECT_TRUE(election.tie_order.empty());
}

TEST(BltParse, ReadsEqualPreferencesAndSkippedRanks) {
  const Election election =
      parse_ok("4 1\n2 1=3 - 4 0\n1 - 2 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"D\"\n\"T\"\n");
  EXPECT_EQ(election.ballots[0], (Ballot{2, {{0, 2}, {}, {3}}}));
  EXPECT_EQ(election.ballots[1], (Ballot{1, {{}, {1}}}));
}

TEST(BltParse, ReadsWithdrawnCandidatesEitherWay) {
  const std::string tail = "1 1 2 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n";
  EXPECT_EQ(parse_ok("3 1\n-3 -1\n" + tail).withdrawn, (std::vector<CandidateIndex>{0, 2}));
  EXPECT_EQ(parse_ok("3 1\n[withdrawn 3 1]\n" + tail).withdrawn,
            (std::vector<CandidateIndex>{0, 2}));
  EXPECT_EQ(parse_ok("3 1\n-2\n[withdrawn 2 3]\n" + tail).withdrawn,
            (std::vector<CandidateIndex>{1, 2}));
}

TEST(BltParse, ReadsShortNamesOnBallotsAndOptions) {
  const Election election = testing::load_election("meek/vegetables.blt");
  EXPECT_EQ(election.nicknames.size(), 9u);
  EXPECT_EQ(election.nicknames[0], "apple");
  EXPECT_EQ(election.withdrawn, (std::vector<CandidateIndex>{1, 5}));  // banana, fig
  EXPECT_EQ(election.ballots[0], (Ballot{1, {{0}, {1}}}));             // apple banana
  EXPECT_EQ(election.ballots[8], (Ballot{9, {{8}, {0}}}));             // jalapeno apple
  // Numbers still work next to short names.
  const Election mixed = parse_ok("2 1\n[nick x y]\n1 x 2 0\n1 2=x 0\n0\n\"X\"\n\"Y\"\n\"T\"\n");
  EXPECT_EQ(mixed.ballots[0].ranks, (std::vector<Rank>{{0}, {1}}));
  EXPECT_EQ(mixed.ballots[1].ranks, (std::vector<Rank>{{1, 0}}));
}

TEST(BltParse, ReadsTheTieOrder) {
  const Election election = testing::load_election("edge-cases/42t.blt");
  EXPECT_EQ(election.tie_order, (std::vector<CandidateIndex>{2, 1, 0}));
}

TEST(BltParse, AcceptsByteOrderMarkCarriageReturnsAndComments) {
  const Election election = parse_ok(
      "\xEF\xBB\xBF# made by hand\r\n"
      "2 1   # two candidates, one seat\r\n"
      "\r\n"
      "5 1 2 0 # five ballots\r\n"
      "0\r\n"
      "\"Candidate #1\"\r\n"
      "\"B\"\r\n"
      "\"Title\" # the end\r\n");
  EXPECT_EQ(election.candidates, (std::vector<std::string>{"Candidate #1", "B"}));
  EXPECT_EQ(election.ballots, (std::vector<Ballot>{{5, {{0}, {1}}}}));
  EXPECT_EQ(election.title, "Title");
  EXPECT_TRUE(election.trailing_lines.empty());
}

TEST(BltParse, KeepsNamesExactlyIncludingInnerSpaces) {
  const Election election = parse_ok("2 1\n1 1 0\n0\n\"Kevin  LANG\" \"B\"\n\"T\"\n");
  EXPECT_EQ(election.candidates, (std::vector<std::string>{"Kevin  LANG", "B"}));
}

TEST(BltParse, KeepsWichmannNotesAndTrailingLinesWithoutCountingThem) {
  const Election election = testing::load_election("meek/M135.blt");
  EXPECT_EQ(election.title, "M135: Gen v1.1 1 3 45");
  EXPECT_EQ(election.title_notes,
            (std::vector<std::string>{"Brian Wichmann, email: brian.wichmann@bcs.org.uk",
                                      "The validation of the STV programs for ERBS, 1st "
                                      "September 1999."}));
  ASSERT_EQ(election.trailing_lines.size(), 3u);
  EXPECT_EQ(election.trailing_lines[0], "First Prefs");
  std::int64_t ballots = 0;
  for (const Ballot& ballot : election.ballots) {
    ballots += ballot.weight;
  }
  EXPECT_EQ(ballots, 679);
}

TEST(BltParse, ReadsEveryReferenceFile) {
  int files = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(testing::elections_dir())) {
    if (entry.path().extension() != ".blt") {
      continue;
    }
    SCOPED_TRACE(entry.path().string());
    const std::string relative =
        std::filesystem::relative(entry.path(), testing::elections_dir()).string();
    EXPECT_NO_THROW(testing::load_election(relative));
    ++files;
  }
  EXPECT_EQ(files, 30);
}

struct BadFile {
  std::string text;
  std::string message;  // a part of the expected error
};

class BltRejects : public ::testing::TestWithParam<BadFile> {};

TEST_P(BltRejects, WithAMessageNamingTheLine) {
  const std::string message = parse_error(GetParam().text);
  EXPECT_NE(message.find(GetParam().message), std::string::npos) << message;
}

const std::string names3 = "\"A\"\n\"B\"\n\"C\"\n\"T\"\n";

INSTANTIATE_TEST_SUITE_P(
    BltParse, BltRejects,
    ::testing::Values(
        BadFile{"", "line 1: the file is empty"},
        BadFile{"3\n1 1 0\n0\n" + names3, "line 1: expected \"<number of candidates>"},
        BadFile{"3 4\n1 1 0\n0\n" + names3, "line 1: the number of seats must be between 1"},
        BadFile{"3 1\n1 1 2\n0\n" + names3, "line 2: the ballot does not end with 0"},
        BadFile{"3 1\n1 1 2\n3 0\n0\n" + names3, "line 2: the ballot does not end with 0"},
        BadFile{"3 1\n1 4 0\n0\n" + names3, "line 2: candidate 4 does not exist"},
        BadFile{"3 1\n1 1 2 1 0\n0\n" + names3, "line 2: candidate \"1\" appears twice"},
        BadFile{"3 1\n1 1=2 2 0\n0\n" + names3, "line 2: candidate \"2\" appears twice"},
        BadFile{"3 1\n1 1 0 2 0\n0\n" + names3, "line 2: 0 in the middle of a ballot"},
        BadFile{"3 1\n1 1== 0\n0\n" + names3, "line 2: malformed equal preference"},
        BadFile{"3 1\n1 x 0\n0\n" + names3, "line 2: \"x\" is neither a candidate number"},
        BadFile{"3 1\n-1 1 0\n0\n" + names3, "line 2: a line of withdrawn candidates"},
        BadFile{"3 1\n-4\n1 1 0\n0\n" + names3, "line 2: candidate 4 does not exist"},
        BadFile{"3 1\n(7) 1 1 0\n0\n" + names3, "line 2: ballot identifiers"},
        BadFile{"3 1\n1.5 1 0\n0\n" + names3, "line 2: a ballot line must start with its weight"},
        BadFile{"3 1\n[droop rule=meek]\n1 1 0\n0\n" + names3,
                "line 2: unsupported option [droop]"},
        BadFile{"3 1\n[tie 1 2]\n1 1 0\n0\n" + names3, "line 2: [tie] must list every one"},
        BadFile{"3 1\n[tie 1 2 2]\n1 1 0\n0\n" + names3, "line 2: [tie] lists \"2\" twice"},
        BadFile{"3 1\n[nick a b]\n1 a 0\n0\n" + names3, "line 2: [nick] must give one short name"},
        BadFile{"3 1\n[nick a 2 c]\n1 a 0\n0\n" + names3, "could be mistaken for a rank"},
        BadFile{"3 1\n[nick a a c]\n1 a 0\n0\n" + names3, "\"a\" is used twice"},
        BadFile{"3 1\n[tie 1 2 3\n1 1 0\n0\n" + names3, "line 2: an option must end with ']'"},
        BadFile{"3 1\n1 1 0\n[tie 1 2 3]\n0\n" + names3, "line 3: options such as [tie"},
        BadFile{"3 1\n1 1 0\n" + names3, "line 3: expected a ballot line"},
        BadFile{"3 1\n1 1 0\n0\n\"A\"\nB\n\"C\"\n\"T\"\n",
                "line 5: expected the quoted name of candidate 2"},
        BadFile{"3 1\n1 1 0\n0\n\"A\"\n\"B\n", "line 5: a quoted string is not closed"},
        BadFile{"3 1\n1 1 0\n0\n\"A\"\n\"B\"\n\"C\"\n",
                "the quoted title of the election should be"},
        BadFile{"3 1\n1 1 0\n0\n\"A\"\n\"\"\n\"C\"\n\"T\"\n",
                "line 5: candidate 2 has an empty name"},
        BadFile{"3 1\n1 1 0\n0\n\"A\" \"B\" \"C\" \"T\" \"more\"\n",
                "line 4: unexpected text after the title"},
        BadFile{"3 1\n1 1 0\n0\n\"A\"\n\"B\"\n\"C\"x\n\"T\"\n",
                "line 6: unexpected text right after a closing quote"},
        BadFile{"3 1\n1 1 0\n0\n\"A\"\n\"B\xFF\"\n\"C\"\n\"T\"\n",
                "line 5: the text is not valid UTF-8"},
        BadFile{"3 1\n1 1 0\n0\n\"A\"\n\"B\xC0\xAF\"\n\"C\"\n\"T\"\n",
                "line 5: the text is not valid UTF-8"},
        BadFile{"3 1\n2000000000 1 0\n0\n" + names3, "more than 1000000000 ballots"}));

TEST(BltWrite, ParseOfWriteGivesBackEveryReferenceElection) {
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(testing::elections_dir())) {
    if (entry.path().extension() != ".blt") {
      continue;
    }
    SCOPED_TRACE(entry.path().string());
    const Election election = testing::load_election(
        std::filesystem::relative(entry.path(), testing::elections_dir()).string());
    const auto text = write_blt(election);
    ASSERT_TRUE(text.ok()) << text.error().detail;
    const auto again = parse_blt(*text);
    ASSERT_TRUE(again.ok()) << again.error().detail;
    EXPECT_EQ(*again, election);
  }
}

TEST(BltWrite, WritesEveryFeature) {
  Election election;
  election.seats = 2;
  election.candidates = {"Ann", "Bo \xC3\xA9", "Cy"};
  election.nicknames = {"ann", "bo", "cy"};
  election.withdrawn = {1};
  election.tie_order = {2, 0, 1};
  election.ballots = {{3, {{0}, {1, 2}}}, {1, {{2}, {}, {0}}}, {2, {}}};
  election.title = "All of it";
  election.title_notes = {"a source"};
  const auto text = write_blt(election);
  ASSERT_TRUE(text.ok()) << text.error().detail;
  EXPECT_NE(text->find("[withdrawn 2]"), std::string::npos) << *text;
  EXPECT_NE(text->find("3 1 2=3 0\n"), std::string::npos) << *text;
  EXPECT_NE(text->find("1 3 - 1 0\n"), std::string::npos) << *text;
  const auto again = parse_blt(*text);
  ASSERT_TRUE(again.ok()) << again.error().detail;
  EXPECT_EQ(*again, election);
}

TEST(BltWrite, RefusesWhatBltCannotHold) {
  Election election;
  election.candidates = {"Say \"hi\"", "B"};
  election.ballots = {{1, {{0}}}};
  election.title = "T";
  EXPECT_FALSE(write_blt(election).ok());
  election.candidates = {"A", "B"};
  election.title = "two\nlines";
  EXPECT_FALSE(write_blt(election).ok());
  election.title = "T";
  election.withdrawn = {1, 0};  // not sorted: would not come back the same
  EXPECT_FALSE(write_blt(election).ok());
  election.withdrawn = {};
  election.ballots = {{1, {{5}}}};  // no such candidate
  EXPECT_FALSE(write_blt(election).ok());
  election.ballots = {{1, {{0}}}};
  EXPECT_TRUE(write_blt(election).ok());
}

}  // namespace
}  // namespace plenary::votes::counting
