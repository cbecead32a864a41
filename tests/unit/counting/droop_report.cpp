#include "droop_report.hpp"

#include <stdexcept>

namespace plenary::votes::counting::testing {
namespace {

std::vector<std::string> split_names(const std::string& list) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = list.find(", ", start);
    names.push_back(list.substr(start, comma - start));
    if (comma == std::string::npos) {
      return names;
    }
    start = comma + 2;
  }
}

std::string trim(std::string text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) {
    return "";
  }
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

}  // namespace

std::pair<std::string, std::string> split_action(const std::string& text) {
  // Names never contain ": " in these files; ties and defeats may hold ':' in their prefix.
  const std::size_t colon = text.rfind(": ");
  if (colon == std::string::npos) {
    return {text, ""};
  }
  return {text.substr(0, colon), text.substr(colon + 2)};
}

ReportTie parse_tie(const std::string& text) {
  const std::size_t open = text.find('[');
  const std::size_t close = text.find("] -> ");
  if (open == std::string::npos || close == std::string::npos) {
    throw std::runtime_error("not a tie: " + text);
  }
  ReportTie tie;
  tie.kind = trim(text.substr(0, text.rfind(':', open)));
  tie.tied = split_names(text.substr(open + 1, close - open - 1));
  tie.chosen = text.substr(close + 5);
  return tie;
}

DroopReport parse_droop_report(std::string_view text) {
  DroopReport report;
  int round = 0;
  int line_number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string line(text.substr(start, end - start));
    start = end + 1;
    ++line_number;
    const auto fail = [&](const std::string& why) {
      throw std::runtime_error("report line " + std::to_string(line_number) + ": " + why + ": " +
                               line);
    };
    if (line.empty()) {
      continue;
    }
    if (line.starts_with("Election: ")) {
      report.title = line.substr(10);
    } else if (line.starts_with("Round ")) {
      round = std::stoi(line.substr(6));
      report.last_round = round;
    } else if (line.starts_with("Action: ")) {
      report.actions.push_back({round, line.substr(8), {}, {}});
    } else if (line.front() == '\t') {
      const std::string body = line.substr(1);
      const std::size_t colon = body.find(':');
      if (colon == std::string::npos) {
        if (report.actions.empty()) {
          fail("unexpected line");
        }
        continue;  // a log line such as "Stable state detected (...)"
      }
      const std::string key = body.substr(0, colon);
      const std::string rest = trim(body.substr(colon + 1));
      if (report.actions.empty()) {
        if (key == "Add eligible") {
          report.eligible.push_back(rest);
        } else if (key == "Add withdrawn") {
          report.withdrawn.push_back(rest);
        } else {
          report.header[key] = rest;
        }
        continue;
      }
      ReportAction& action = report.actions.back();
      if (key == "Elected" || key == "Pending" || key == "Hopeful" || key == "Defeated") {
        const std::size_t open = rest.rfind(" (");
        if (open == std::string::npos || !rest.ends_with(')')) {
          fail("no value");
        }
        const std::string value = rest.substr(open + 2, rest.size() - open - 3);
        for (const std::string& name : split_names(rest.substr(0, open))) {
          action.entries.push_back({key, name, value});
        }
      } else {
        action.figures[key] = rest;
      }
    } else if (report.actions.empty()) {
      report.header[line] = "";  // Wichmann's source and comment lines
    } else {
      fail("unrecognised line");
    }
  }
  if (report.actions.empty()) {
    throw std::runtime_error("the report holds no actions");
  }
  return report;
}

}  // namespace plenary::votes::counting::testing
