#pragma once
// The BLT ballot file format (Hill, Wichmann & Woodall 1987) with the extensions met in practice:
//
//   <candidates> <seats>
//   -2 -5                          withdrawn candidates as negative numbers (optional)
//   [nick a b c]                   short names usable on ballot lines instead of numbers
//   [withdrawn 2 5]                withdrawn candidates, by number or short name
//   [tie 3 1 2]                    the tie-breaking order (every candidate once)
//   <weight> <rank> <rank> ... 0   one line per group of identical ballots
//   0                              end of ballots
//   "Name of candidate 1"          one quoted name per candidate, in number order
//   "Title"
//   "Source" "Comment"             optional (Wichmann), each on its own line
//
// A rank is a candidate number or short name, several joined by '=' for an equal preference,
// or '-' for a rank the voter skipped. '#' starts a comment that runs to the end of the line;
// a UTF-8 byte order mark and CRLF line ends are accepted. Lines after the title block are kept
// verbatim in Election::trailing_lines and never counted.
//
// Anything else is an error naming the line: the parser never guesses. Unlike the original
// format, each ballot must sit on one line and end with 0 there, so that a missing 0 cannot
// silently merge two ballots.
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "votes/counting/election.hpp"

namespace plenary::votes::counting {

Result<Election> parse_blt(std::string_view text);

// Writes `election` so that parse_blt gives it back unchanged. Ballots use candidate numbers
// (short names, if any, are kept in a [nick] line). Fails if a name or note cannot be written
// in BLT (a double quote or a line break in it) or the election is inconsistent.
Result<std::string> write_blt(const Election& election);

}  // namespace plenary::votes::counting
