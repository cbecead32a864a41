#pragma once
// Where the reference elections live: $PLENARY_TEST_DATA if set, else tests/data/elections
// relative to the working directory (ctest runs the tests from the project root).
#include <filesystem>
#include <string>

#include "votes/counting/election.hpp"

namespace plenary::votes::counting::testing {

std::filesystem::path elections_dir();

// The file's bytes; throws std::runtime_error (failing the test) if it cannot be read.
std::string read_data_file(const std::string& relative_path);

// Parses the file as BLT; throws std::runtime_error with the parser's message on failure.
Election load_election(const std::string& relative_path);

CandidateIndex candidate_named(const Election& election, const std::string& name);

}  // namespace plenary::votes::counting::testing
