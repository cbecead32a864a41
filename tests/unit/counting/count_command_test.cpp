#include "votes/counting/count_command.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include <unistd.h>

#include "election_text.hpp"
#include "test_data.hpp"
#include "votes/counting/count_json.hpp"
#include "votes/counting/scottish_stv.hpp"

namespace plenary::votes::counting {
namespace {

struct CommandRun {
  int status = -1;
  std::string out;
  std::string err;
};

CommandRun run(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  CommandRun result;
  result.status = run_count_command(args, out, err);
  result.out = out.str();
  result.err = err.str();
  return result;
}

std::string data_path(const std::string& relative) {
  return (testing::elections_dir() / relative).string();
}

// A ballot file of its own for the test, removed afterwards.
class TemporaryFile {
 public:
  explicit TemporaryFile(const std::string& text)
      : path_(std::filesystem::temp_directory_path() /
              ("plenary-count-test-" + std::to_string(::getpid()) + "-" +
               std::to_string(counter_++) + ".blt")) {
    std::ofstream(path_, std::ios::binary) << text;
  }
  ~TemporaryFile() { std::filesystem::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

TEST(CountJson, CarriesEveryRoundWithExactDecimalStrings) {
  const Election election = testing::load_election("meek/SC.blt");
  const auto count = count_scottish_stv(election);
  ASSERT_TRUE(count.ok());
  const nlohmann::ordered_json json = count_to_json(*count);
  EXPECT_EQ(json["method"], "scottish-stv");
  EXPECT_EQ(json["title"], "GPUS Steering Committee Election 2005-07-24");
  EXPECT_EQ(json["quota"], "19.00000");
  EXPECT_EQ(json["ballots"]["valid"], 94);
  EXPECT_EQ(json["candidates"].size(), 13u);
  ASSERT_EQ(json["rounds"].size(), count->rounds.size());
  const auto& second = json["rounds"][1];
  EXPECT_EQ(second["action"], "surplus_transfer");
  EXPECT_EQ(second["subjects"][0]["name"], "Rebecca Rotzler");
  EXPECT_EQ(second["transferred_surplus"], "14.00000");
  EXPECT_EQ(second["rounding_loss"], "0.00008");
  EXPECT_EQ(second["candidates"][7]["name"], "Kristen Olsen");
  EXPECT_EQ(second["candidates"][7]["votes"], "12.45448");
  EXPECT_EQ(second["candidates"][7]["change"], "11.45448");
  EXPECT_EQ(second["candidates"][7]["status"], "hopeful");
  EXPECT_EQ(second["candidates"][7]["number"], 8);
  const auto& ties = json["rounds"][3]["ties"];
  ASSERT_EQ(ties.size(), 1u);
  EXPECT_EQ(ties[0]["resolution"], "lot");
  EXPECT_EQ(ties[0]["chosen"]["name"], "Write-In 2");
  ASSERT_EQ(json["elected"].size(), 4u);
  EXPECT_EQ(json["elected"][0]["name"], "Rebecca Rotzler");
  EXPECT_EQ(json["elected"][0]["round"], 1);
  EXPECT_EQ(json["elected"][0]["reason"], "quota");
  EXPECT_TRUE(json["options"].contains("ties"));
}

TEST(CountCommand, PrintsTheCountAsJson) {
  const CommandRun result =
      run({"count", "--method", "irv", "--overvote", "burlington", "--batch-elimination",
           data_path("irv/2009-Burlington-Mayor.blt")});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_TRUE(result.err.empty());
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["method"], "irv");
  EXPECT_EQ(json["options"]["overvote"], "burlington");
  EXPECT_EQ(json["options"]["overvote_default"], "exhaust");
  EXPECT_EQ(json["options"]["elimination"], "batch");
  EXPECT_EQ(json["elected"][0]["name"], "Bob Kiss");
  EXPECT_EQ(json["rounds"].size(), 3u);
  EXPECT_EQ(json["rounds"][2]["candidates"][0]["votes"], "4313");
  EXPECT_EQ(json["rounds"][2]["candidates"][4]["votes"], "4061");
}

TEST(CountCommand, UsesTheDefaultOverVoteRuleAndSaysSo) {
  const CommandRun result = run({"--method=irv", data_path("irv/2009-Burlington-Mayor.blt")});
  ASSERT_EQ(result.status, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["options"]["overvote"], "exhaust");
  EXPECT_EQ(json["options"]["elimination"], "single");
}

TEST(CountCommand, CountsMeekWithEitherVariant) {
  for (const std::string variant : {"prf-reference", "droop-parametric"}) {
    const CommandRun result = run({"count", "--method", "meek-stv", "--meek-variant", variant,
                                   data_path("meek/vegetables.blt")});
    ASSERT_EQ(result.status, 0) << result.err;
    const auto json = nlohmann::json::parse(result.out);
    EXPECT_EQ(json["options"]["variant"], variant);
    EXPECT_EQ(json["precision"], 9);
    EXPECT_EQ(json["elected"].size(), 4u);
  }
}

TEST(CountCommand, NotesLinesItDidNotCount) {
  const CommandRun result = run({"--method", "scottish-stv", data_path("meek/M135.blt")});
  ASSERT_EQ(result.status, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  bool noted = false;
  for (const auto& note : json["notes"]) {
    noted = noted || note.get<std::string>().find("3 line(s) after the title") != std::string::npos;
  }
  EXPECT_TRUE(noted) << json["notes"].dump();
}

TEST(CountCommand, ReportsFormatErrorsWithTheLine) {
  TemporaryFile file("2 1\n3 1 2\n0\n\"A\"\n\"B\"\n\"T\"\n");
  const CommandRun result = run({"--method", "scottish-stv", file.path()});
  EXPECT_EQ(result.status, 1);
  EXPECT_TRUE(result.out.empty());
  EXPECT_NE(result.err.find("line 2: the ballot does not end with 0"), std::string::npos)
      << result.err;
}

TEST(CountCommand, ReportsRuleErrors) {
  TemporaryFile file("3 2\n3 1=2 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n");
  const CommandRun meek = run({"--method", "meek-stv", file.path()});
  EXPECT_EQ(meek.status, 1);
  EXPECT_NE(meek.err.find("equal preference"), std::string::npos) << meek.err;
  const CommandRun irv = run({"--method", "irv", file.path()});
  EXPECT_EQ(irv.status, 1);
  EXPECT_NE(irv.err.find("one seat"), std::string::npos) << irv.err;
}

TEST(CountCommand, RefusesBadUsage) {
  const std::string blt = data_path("edge-cases/42.blt");
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{blt}, "--method is required"},
      {{"--method", "borda", blt}, "unknown method \"borda\""},
      {{"--method", "irv"}, "give the ballot file"},
      {{"--method", "irv", blt, blt}, "one ballot file"},
      {{"--method", "scottish-stv", "--overvote", "skip", blt}, "apply to --method irv only"},
      {{"--method", "irv", "--overvote", "maybe", blt}, "unknown over-vote rule"},
      {{"--method", "irv", "--meek-variant", "prf-reference", blt}, "meek-stv only"},
      {{"--method", "irv", "--verbose", blt}, "unknown option --verbose"},
      {{"--method"}, "--method needs a value"},
  };
  for (const auto& [args, message] : cases) {
    const CommandRun result = run(args);
    EXPECT_EQ(result.status, 2) << message;
    EXPECT_NE(result.err.find(message), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("usage: plenary count"), std::string::npos);
  }
  const CommandRun missing = run({"--method", "irv", "/nonexistent/ballots.blt"});
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find("cannot open /nonexistent/ballots.blt"), std::string::npos);
}

TEST(CountCommand, PrintsHelp) {
  const CommandRun result = run({"count", "--help"});
  EXPECT_EQ(result.status, 0);
  EXPECT_NE(result.out.find(
                "--overvote exhaust      an over-voted rank exhausts the ballot (the default)"),
            std::string::npos);
}

}  // namespace
}  // namespace plenary::votes::counting
