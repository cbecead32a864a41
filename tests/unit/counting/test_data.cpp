#include "test_data.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "votes/counting/blt.hpp"

namespace plenary::votes::counting::testing {

std::filesystem::path elections_dir() {
  if (const char* configured = std::getenv("PLENARY_TEST_DATA"); configured && *configured) {
    return configured;
  }
  return std::filesystem::path("tests") / "data" / "elections";
}

std::string read_data_file(const std::string& relative_path) {
  const std::filesystem::path path = elections_dir() / relative_path;
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw std::runtime_error("cannot open " + path.string() +
                             " (run from the project root or "
                             "set PLENARY_TEST_DATA)");
  }
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

Election load_election(const std::string& relative_path) {
  auto election = parse_blt(read_data_file(relative_path));
  if (!election) {
    throw std::runtime_error(relative_path + ": " + election.error().detail);
  }
  return std::move(*election);
}

CandidateIndex candidate_named(const Election& election, const std::string& name) {
  const auto found = std::find(election.candidates.begin(), election.candidates.end(), name);
  if (found == election.candidates.end()) {
    throw std::runtime_error("no candidate named \"" + name + "\"");
  }
  return static_cast<CandidateIndex>(found - election.candidates.begin());
}

}  // namespace plenary::votes::counting::testing
