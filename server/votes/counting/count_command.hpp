#pragma once
// `plenary count --method irv|scottish-stv|meek-stv [--overvote exhaust|skip|burlington]
//                [--batch-elimination] FILE.blt`
// Counts a BLT file and prints the count as JSON (count_json.hpp) on `out`; on a usage, file,
// format or counting problem prints a clear message on `err` instead. `args` are the words after
// the program name; a leading "count" is accepted and skipped.
#include <ostream>
#include <string>
#include <vector>

namespace plenary::votes::counting {

// 0 on success, 1 if the file cannot be read, parsed or counted, 2 for a usage error.
int run_count_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace plenary::votes::counting
