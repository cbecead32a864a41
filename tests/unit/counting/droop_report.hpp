#pragma once
// Reads the text reports of the Droop counting program (jklundell/droop), the reference counts
// in tests/data/elections. Only the layout is interpreted here; the tests decide what to compare.
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace plenary::votes::counting::testing {

struct ReportEntry {
  std::string status;  // "Elected", "Pending", "Hopeful" or "Defeated"
  std::string name;
  std::string value;  // as printed, e.g. "19.00000"
};

struct ReportAction {
  int round = 0;                               // 0 before the first "Round 1:" line
  std::string text;                            // after "Action: "
  std::vector<ReportEntry> entries;            // the candidate listing, if the action has one
  std::map<std::string, std::string> figures;  // "Quota", "Surplus", "Nontransferable votes", ...
};

struct DroopReport {
  std::string title;
  std::map<std::string, std::string> header;  // "Rule", "Seats", "Ballots", "Quota", ...
  std::vector<std::string> eligible;
  std::vector<std::string> withdrawn;
  std::vector<ReportAction> actions;
  int last_round = 0;
};

// Throws std::runtime_error naming the line for anything it does not recognise.
DroopReport parse_droop_report(std::string_view text);

// "Elect, transfer pending: Jim CAMPBELL" -> {"Elect, transfer pending", "Jim CAMPBELL"}.
std::pair<std::string, std::string> split_action(const std::string& text);

// "Break tie by lot (defeat low candidate): [A, B] -> A" -> tied {"A", "B"}, chosen "A".
struct ReportTie {
  std::string kind;  // the text before the colon
  std::vector<std::string> tied;
  std::string chosen;
};
ReportTie parse_tie(const std::string& text);

}  // namespace plenary::votes::counting::testing
