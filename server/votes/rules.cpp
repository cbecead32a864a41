#include "votes/rules.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <set>

#include "votes/counting/count_json.hpp"
#include "votes/counting/irv.hpp"
#include "votes/counting/meek_stv.hpp"
#include "votes/counting/scottish_stv.hpp"
#include "votes/counting/tie_break.hpp"

namespace plenary::votes {
namespace {

using groups::MembershipStatus;
using groups::Role;

constexpr std::string_view crockford_digits = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

std::size_t utf8_length(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos)
    return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Reads exactly `count` digits at `at`, advancing it.
std::optional<int> digits(std::string_view text, std::size_t& at, std::size_t count) {
  if (at + count > text.size())
    return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = text[at + i];
    if (c < '0' || c > '9')
      return std::nullopt;
    value = value * 10 + (c - '0');
  }
  at += count;
  return value;
}

bool expect(std::string_view text, std::size_t& at, char c) {
  if (at < text.size() && text[at] == c) {
    ++at;
    return true;
  }
  return false;
}

std::optional<std::chrono::year_month_day> parse_date_at(std::string_view text, std::size_t& at) {
  auto year = digits(text, at, 4);
  if (!year || !expect(text, at, '-'))
    return std::nullopt;
  auto month = digits(text, at, 2);
  if (!month || !expect(text, at, '-'))
    return std::nullopt;
  auto day = digits(text, at, 2);
  if (!day)
    return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(*year),
                                         std::chrono::month(static_cast<unsigned>(*month)),
                                         std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok())
    return std::nullopt;
  return date;
}

std::string plural(std::int64_t count, std::string_view one, std::string_view many) {
  return std::to_string(count) + " " + std::string(count == 1 ? one : many);
}

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0)
      out += i + 1 == words.size() ? " and " : ", ";
    out += words[i];
  }
  return out;
}

std::string seats_words(int seats) {
  return seats == 1 ? "one seat" : std::to_string(seats) + " seats";
}

// BLT names are quoted strings on one line: a double quote or line break cannot be written.
std::string blt_safe(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '"')
      out += '\'';
    else if (c == '\n' || c == '\r' || c == '\t')
      out += ' ';
    else
      out += c;
  }
  return out;
}

nlohmann::json quorum_json(std::int64_t cast, std::int64_t eligible, int percent) {
  return {{"percent", percent},
          {"required", quorum_required(eligible, percent)},
          {"met", quorum_met(cast, eligible, percent)}};
}

std::string no_quorum_sentence(std::int64_t cast, std::int64_t eligible, int percent) {
  return "No quorum: " + std::to_string(cast) + " of " +
         plural(eligible, "eligible voter", "eligible voters") + " voted; " +
         std::to_string(quorum_required(eligible, percent)) + " were needed.";
}

const BallotOption* option_numbered(const std::vector<BallotOption>& options, int number) {
  if (number < 1 || number > static_cast<int>(options.size()))
    return nullptr;
  return &options[static_cast<std::size_t>(number - 1)];
}

std::int64_t position_in(const std::vector<int>& order, int number) {
  auto at = std::find(order.begin(), order.end(), number);
  return at == order.end() ? static_cast<std::int64_t>(order.size()) + number
                           : static_cast<std::int64_t>(at - order.begin());
}

Result<CountedResult> count_yes_no(const CountInput& input) {
  std::int64_t yes = 0, no = 0, abstain = 0;
  for (const auto& marks : input.ballots) {
    if (marks.size() != 1)
      continue;
    if (marks[0] == 1)
      ++yes;
    else if (marks[0] == 2)
      ++no;
    else if (marks[0] == 3)
      ++abstain;
  }
  const auto cast = static_cast<std::int64_t>(input.ballots.size());
  const Threshold threshold = input.threshold.value_or(Threshold::simple_majority);
  const bool quorate = quorum_met(cast, input.eligible, input.quorum_percent);
  const std::string figures = plural(yes, "yes", "yes") + ", " + plural(no, "no", "no") + ", " +
                              plural(abstain, "abstention", "abstentions");
  std::string outcome;
  std::string summary;
  if (!quorate) {
    outcome = "no_quorum";
    summary = no_quorum_sentence(cast, input.eligible, input.quorum_percent) + " " + figures + ".";
  } else if (threshold_met(threshold, yes, no)) {
    outcome = "passed";
    summary = "Passed: " + figures + ".";
  } else {
    outcome = "rejected";
    summary = "Rejected: " + figures + ".";
  }
  nlohmann::json result = {
      {"method", "yes_no"},
      {"cast", cast},
      {"eligible", input.eligible},
      {"yes", yes},
      {"no", no},
      {"abstain", abstain},
      {"quorum", quorum_json(cast, input.eligible, input.quorum_percent)},
      {"threshold",
       {{"name", threshold_name(threshold)}, {"explanation", threshold_explanation(threshold)}}},
      {"outcome", outcome},
      {"summary", summary}};
  return CountedResult{outcome, std::move(result)};
}

// Single choice and approval: the options with the most votes take the seats; a tie for the
// last seats is settled by the tie order (the option listed first loses).
Result<CountedResult> count_plurality(const CountInput& input) {
  std::vector<std::int64_t> votes(input.options.size() + 1, 0);
  for (const auto& marks : input.ballots) {
    for (int number : marks) {
      if (number >= 1 && number <= static_cast<int>(input.options.size()))
        ++votes[static_cast<std::size_t>(number)];
    }
  }
  const auto cast = static_cast<std::int64_t>(input.ballots.size());
  const bool quorate = quorum_met(cast, input.eligible, input.quorum_percent);

  std::vector<int> contenders;  // options with at least one vote, most votes first
  for (const auto& option : input.options) {
    if (!option.withdrawn && votes[static_cast<std::size_t>(option.number)] > 0)
      contenders.push_back(option.number);
  }
  std::stable_sort(contenders.begin(), contenders.end(), [&](int a, int b) {
    return votes[static_cast<std::size_t>(a)] > votes[static_cast<std::size_t>(b)];
  });
  std::vector<int> elected;
  auto ties = nlohmann::json::array();
  const auto seats = static_cast<std::size_t>(std::max(input.seats, 1));
  if (contenders.size() <= seats) {
    elected = contenders;
  } else {
    const auto boundary_votes = votes[static_cast<std::size_t>(contenders[seats - 1])];
    std::vector<int> tied;
    for (int number : contenders) {
      if (votes[static_cast<std::size_t>(number)] > boundary_votes)
        elected.push_back(number);
      else if (votes[static_cast<std::size_t>(number)] == boundary_votes)
        tied.push_back(number);
    }
    const std::size_t places_left = seats - elected.size();
    if (tied.size() == places_left) {
      elected.insert(elected.end(), tied.begin(), tied.end());
    } else {
      std::vector<int> by_lot = tied;
      std::sort(by_lot.begin(), by_lot.end(), [&](int a, int b) {
        return position_in(input.tie_order, a) > position_in(input.tie_order, b);
      });
      std::vector<int> chosen(by_lot.begin(),
                              by_lot.begin() + static_cast<std::ptrdiff_t>(places_left));
      elected.insert(elected.end(), chosen.begin(), chosen.end());
      std::sort(tied.begin(), tied.end());
      ties.push_back({{"tied", tied}, {"chosen", chosen}, {"by", "lot order"}});
    }
  }

  auto options = nlohmann::json::array();
  for (const auto& option : input.options) {
    options.push_back({{"number", option.number},
                       {"label", option.label},
                       {"votes", votes[static_cast<std::size_t>(option.number)]}});
  }
  std::vector<std::string> names;
  for (int number : elected) {
    names.push_back(input.options[static_cast<std::size_t>(number - 1)].label + " (" +
                    plural(votes[static_cast<std::size_t>(number)], "vote", "votes") + ")");
  }
  std::string outcome = quorate ? "decided" : "no_quorum";
  std::string summary;
  if (!quorate) {
    summary = no_quorum_sentence(cast, input.eligible, input.quorum_percent);
    elected.clear();
  } else if (names.empty()) {
    summary = "No option received a vote.";
  } else {
    summary = (input.seats == 1 ? "Chosen: " : "Elected: ") + join_words(names) + ".";
  }
  nlohmann::json result = {{"method", method_name(input.method)},
                           {"cast", cast},
                           {"eligible", input.eligible},
                           {"quorum", quorum_json(cast, input.eligible, input.quorum_percent)},
                           {"options", options},
                           {"elected", elected},
                           {"ties", ties},
                           {"outcome", outcome},
                           {"summary", summary}};
  return CountedResult{outcome, std::move(result)};
}

Result<CountedResult> count_ranked(const CountInput& input) {
  const auto election = election_from_marks(input);
  const auto cast = static_cast<std::int64_t>(input.ballots.size());
  const bool quorate = quorum_met(cast, input.eligible, input.quorum_percent);
  std::vector<int> elected;
  nlohmann::json count_json = nullptr;
  std::string summary;
  if (input.ballots.empty()) {
    summary = "No ballots were cast.";
  } else {
    Result<counting::Count> count = [&]() -> Result<counting::Count> {
      switch (input.method) {
        case VoteMethod::irv:
          return counting::count_irv(election);
        case VoteMethod::scottish_stv:
          return counting::count_scottish_stv(election);
        default:
          return counting::count_meek_stv(election);
      }
    }();
    if (!count)
      return count.error();
    for (auto candidate : count->elected)
      elected.push_back(candidate + 1);
    count_json = nlohmann::json::parse(counting::count_to_json(*count).dump());
    std::vector<std::string> names;
    for (int number : elected)
      names.push_back(input.options[static_cast<std::size_t>(number - 1)].label);
    summary = "Elected: " + join_words(names) + ".";
  }
  if (!quorate) {
    summary = no_quorum_sentence(cast, input.eligible, input.quorum_percent);
    elected.clear();
  }
  const std::string outcome = quorate ? "decided" : "no_quorum";
  nlohmann::json result = {{"method", method_name(input.method)},
                           {"cast", cast},
                           {"eligible", input.eligible},
                           {"quorum", quorum_json(cast, input.eligible, input.quorum_percent)},
                           {"elected", elected},
                           {"outcome", outcome},
                           {"summary", summary},
                           {"count", count_json}};
  return CountedResult{outcome, std::move(result)};
}

}  // namespace

// ---- Times and dates ----------------------------------------------------------------------------

std::optional<TimePoint> parse_iso8601(std::string_view text) {
  std::size_t at = 0;
  auto date = parse_date_at(text, at);
  if (!date || at >= text.size() || (text[at] != 'T' && text[at] != 't' && text[at] != ' '))
    return std::nullopt;
  ++at;
  auto hour = digits(text, at, 2);
  if (!hour || !expect(text, at, ':'))
    return std::nullopt;
  auto minute = digits(text, at, 2);
  if (!minute)
    return std::nullopt;
  int second = 0;
  std::int64_t microseconds = 0;
  if (expect(text, at, ':')) {
    auto whole = digits(text, at, 2);
    if (!whole)
      return std::nullopt;
    second = *whole;
    if (expect(text, at, '.')) {
      std::int64_t scale = 100000;
      const std::size_t start = at;
      while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
        microseconds += (text[at] - '0') * scale;
        scale /= 10;
        ++at;
      }
      if (at == start)
        return std::nullopt;
    }
  }
  if (*hour > 23 || *minute > 59 || second > 60)
    return std::nullopt;
  int offset_minutes = 0;
  if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    ++at;
  } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    const int sign = text[at] == '-' ? -1 : 1;
    ++at;
    auto offset_hours = digits(text, at, 2);
    if (!offset_hours || !expect(text, at, ':'))
      return std::nullopt;
    auto offset_mins = digits(text, at, 2);
    if (!offset_mins || *offset_hours > 23 || *offset_mins > 59)
      return std::nullopt;
    offset_minutes = sign * (*offset_hours * 60 + *offset_mins);
  } else {
    return std::nullopt;  // a time without a zone means different instants to different readers
  }
  if (at != text.size())
    return std::nullopt;
  using namespace std::chrono;
  const auto local = sys_days(*date) + hours(*hour) + minutes(*minute) + seconds(second) +
                     std::chrono::microseconds(microseconds);
  return time_point_cast<TimePoint::duration>(local - minutes(offset_minutes));
}

bool valid_date(std::string_view text) {
  std::size_t at = 0;
  return parse_date_at(text, at).has_value() && at == text.size();
}

std::string long_date(std::string_view date) {
  static constexpr std::array<std::string_view, 12> months = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::size_t at = 0;
  auto parsed = parse_date_at(date, at);
  if (!parsed || at != date.size())
    return std::string(date);
  return std::to_string(static_cast<unsigned>(parsed->day())) + " " +
         std::string(months[static_cast<unsigned>(parsed->month()) - 1]) + " " +
         std::to_string(static_cast<int>(parsed->year()));
}

// ---- Trackers -----------------------------------------------------------------------------------

std::optional<std::string> normalise_tracker(std::string_view text) {
  std::string out;
  for (char raw : text) {
    if (raw == '-' || raw == ' ')
      continue;
    char c = static_cast<char>(std::toupper(static_cast<unsigned char>(raw)));
    if (c == 'I' || c == 'L')
      c = '1';
    else if (c == 'O')
      c = '0';
    if (crockford_digits.find(c) == std::string_view::npos)
      return std::nullopt;
    out += c;
    if (out.size() > tracker_length)
      return std::nullopt;
  }
  if (out.size() != tracker_length)
    return std::nullopt;
  return out;
}

std::string format_tracker(std::string_view normalised) {
  std::string out;
  for (std::size_t i = 0; i < normalised.size(); ++i) {
    if (i > 0 && i % 5 == 0)
      out += '-';
    out += normalised[i];
  }
  return out;
}

std::string tracker_from_random(const std::array<unsigned char, tracker_random_bytes>& random) {
  std::string out;
  for (std::size_t i = 0; i < tracker_length; ++i) {
    // Bits 5i .. 5i+4 of the byte string, most significant first.
    int value = 0;
    for (std::size_t bit = 5 * i; bit < 5 * i + 5; ++bit) {
      value = (value << 1) | ((random[bit / 8] >> (7 - bit % 8)) & 1);
    }
    out += crockford_digits[static_cast<std::size_t>(value)];
  }
  return out;
}

// ---- A ballot's specification -----------------------------------------------------------------

Result<ValidSpec> validate_spec(const NewBallot& spec, TimePoint now) {
  std::vector<FieldError> errors;
  auto problem = [&](std::string field, std::string message) {
    errors.push_back({std::move(field), std::move(message)});
  };
  ValidSpec valid;

  valid.title = trimmed(spec.title);
  if (valid.title.empty())
    problem("title", "Give the ballot a title.");
  else if (utf8_length(valid.title) > max_title_length)
    problem("title",
            "A title can be at most " + std::to_string(max_title_length) + " characters long.");
  valid.description = spec.description;
  if (valid.description.size() > max_description_bytes)
    problem("description", "The description can be at most 20,000 bytes long.");

  auto method = parse_method(spec.method);
  if (!method) {
    problem("method",
            "Choose one of: yes_no, single_choice, approval, irv, scottish_stv, meek_stv.");
  } else {
    valid.method = *method;
  }

  if (method == VoteMethod::yes_no) {
    if (!spec.options.empty()) {
      problem("options",
              "A yes/no ballot has the options Yes, No and Abstain; leave the options out.");
    }
    valid.options = {{1, "Yes", "", false}, {2, "No", "", false}, {3, "Abstain", "", false}};
    auto threshold = parse_threshold(spec.threshold);
    if (!threshold)
      problem("threshold", "Choose one of: simple_majority, two_thirds, three_quarters.");
    valid.threshold = threshold;
  } else if (method) {
    const auto count = static_cast<int>(spec.options.size());
    if (count < min_options || count > max_options) {
      problem("options", "Give between " + std::to_string(min_options) + " and " +
                             std::to_string(max_options) + " options.");
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < spec.options.size(); ++i) {
      const std::string field = "options[" + std::to_string(i) + "]";
      std::string label = trimmed(spec.options[i].first);
      if (label.empty()) {
        problem(field + ".label", "Every option needs a label.");
      } else if (utf8_length(label) > max_option_label_length) {
        problem(field + ".label", "An option's label can be at most " +
                                      std::to_string(max_option_label_length) +
                                      " characters long.");
      } else if (!seen.insert(lowercase(label)).second) {
        problem(field + ".label", "Two options are called \"" + label + "\": labels must differ.");
      }
      if (utf8_length(spec.options[i].second) > max_option_description_length) {
        problem(field + ".description",
                "An option's description can be at most 2,000 characters long.");
      }
      valid.options.push_back(
          {static_cast<int>(i) + 1, label, trimmed(spec.options[i].second), false});
    }
  }

  valid.seats = spec.seats;
  if (spec.seats < 1) {
    problem("seats", "There must be at least one seat.");
  } else if (spec.seats > 1 && method && *method != VoteMethod::approval &&
             *method != VoteMethod::scottish_stv && *method != VoteMethod::meek_stv) {
    problem("seats",
            "Only approval, Scottish STV and Meek STV ballots can fill more than one seat.");
  } else if (spec.seats > 1 && spec.seats >= static_cast<int>(valid.options.size())) {
    problem("seats", "There must be more options than seats.");
  }

  valid.quorum_percent = spec.quorum_percent;
  if (spec.quorum_percent < 0 || spec.quorum_percent > 100)
    problem("quorum_percent", "The quorum is a percentage from 0 to 100.");
  valid.secret = spec.secret;
  valid.eligibility = {spec.include_subgroups, spec.include_supporters, spec.joined_on_or_before};
  if (spec.explicit_electors) {
    valid.explicit_electors = spec.explicit_electors;
    valid.eligibility.named_list = spec.explicit_electors_are;
    if (spec.explicit_electors_are.empty())
      problem("eligibility", "Say who the named voters are.");
  }
  if (spec.joined_on_or_before && !valid_date(*spec.joined_on_or_before)) {
    problem("eligibility.joined_on_or_before",
            "Write the cut-off date as YYYY-MM-DD, e.g. 2026-09-01.");
  }

  valid.manual = spec.manual;
  if (spec.manual) {
    if (spec.opens_at || spec.closes_at) {
      problem(spec.opens_at ? "opens_at" : "closes_at",
              "A ballot that an officer opens and closes has no set times; leave them out.");
    }
  } else {
    valid.opens_at = spec.opens_at.value_or(now);
    valid.closes_at = spec.closes_at;
    if (!spec.closes_at) {
      problem("closes_at", "Say when voting closes (or let an officer open and close it by hand).");
    } else if (*spec.closes_at <= *valid.opens_at) {
      problem("closes_at", "Voting must close after it opens.");
    } else if (*spec.closes_at <= now) {
      problem("closes_at", "The closing time has already passed.");
    }
  }

  if (!errors.empty())
    return invalid(std::move(errors));
  return valid;
}

// ---- Explanations -------------------------------------------------------------------------------

std::string eligibility_explanation(const EligibilityRule& rule, const std::string& group_name) {
  if (rule.named_list && !rule.named_list->empty()) {
    std::string text = *rule.named_list;
    text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    return text;
  }
  std::string text = rule.include_supporters ? "Members and supporters of " : "Members of ";
  text += group_name;
  if (rule.include_subgroups)
    text += " and its sub-groups";
  if (rule.joined_on_or_before)
    text += " who joined on or before " + long_date(*rule.joined_on_or_before);
  return text;
}

std::string threshold_explanation(Threshold threshold) {
  switch (threshold) {
    case Threshold::simple_majority:
      return "Passes with more yes votes than no votes.";
    case Threshold::two_thirds:
      return "Passes when at least two-thirds of the votes for or against are yes.";
    case Threshold::three_quarters:
      return "Passes when at least three-quarters of the votes for or against are yes.";
  }
  return {};
}

std::string rule_explanation(VoteMethod method, int seats, std::optional<Threshold> threshold,
                             int quorum_percent) {
  std::string text;
  switch (method) {
    case VoteMethod::yes_no:
      text = "Each voter answers Yes, No or Abstain. " +
             threshold_explanation(threshold.value_or(Threshold::simple_majority)) +
             " Abstentions do not count towards the threshold, but they do count towards "
             "turnout. At least one yes vote is needed to pass.";
      break;
    case VoteMethod::single_choice:
      text = "Each voter chooses one option. The option with the most votes is chosen.";
      break;
    case VoteMethod::approval:
      text = "Each voter may approve any number of options. The " +
             (seats == 1 ? std::string("option") : std::to_string(seats) + " options") +
             " with the most approvals " + (seats == 1 ? "is" : "are") + " chosen.";
      break;
    case VoteMethod::irv:
      text =
          "Voters rank the options in order of preference (instant run-off). If no option has "
          "more than half of the votes, the one with the fewest is excluded and its ballots "
          "pass to their next preference, until one option has a majority.";
      break;
    case VoteMethod::scottish_stv:
      text =
          "Voters rank the candidates in order of preference. The single transferable vote "
          "fills " +
          seats_words(seats) +
          " under the rules of the Scottish Local Government Elections Order 2007: Droop "
          "quota, surpluses transferred at a fractional value truncated to five decimal "
          "places, the candidate with the fewest votes excluded when no surplus is left.";
      break;
    case VoteMethod::meek_stv:
      text = "Voters rank the candidates in order of preference. Meek STV fills " +
             seats_words(seats) +
             " under the Proportional Representation Foundation's reference rule: each "
             "elected candidate keeps only the share of every ballot needed to reach the quota, "
             "and passes the rest on.";
      break;
  }
  if (quorum_percent > 0) {
    text += " At least " + std::to_string(quorum_percent) +
            "% of the eligible voters (counted when voting opens) must vote, or nothing is "
            "decided for lack of a quorum.";
  } else {
    text += " There is no turnout quorum.";
  }
  if (method == VoteMethod::yes_no) {
    // A tie between yes and no needs no lot: it is simply not a majority.
  } else if (is_ranked(method)) {
    text +=
        " Ties the rule cannot settle from earlier rounds are broken by the tie order drawn "
        "at random when voting opens: the option listed first is excluded first.";
  } else {
    text +=
        " A tie for the last place is broken by the tie order drawn at random when voting "
        "opens: the option listed first loses the tie.";
  }
  return text;
}

// ---- Eligibility --------------------------------------------------------------------------------

ElectorCheck check_elector(const EligibilityRule& rule, const std::string& group_name,
                           const std::vector<ScopeMembership>& memberships,
                           std::optional<bool> on_frozen_list) {
  // Named voters: the list alone decides, memberships say nothing about it.
  if (rule.named_list) {
    if (on_frozen_list.value_or(false))
      return {true, {}};
    return {false, "Only " + *rule.named_list + " can vote."};
  }
  const Role lowest_role = rule.include_supporters ? Role::supporter : Role::member;
  const auto role_ok = [&](const ScopeMembership& m) { return m.role >= lowest_role; };
  const auto in_time = [&](const ScopeMembership& m) {
    return !rule.joined_on_or_before || m.joined_at <= *rule.joined_on_or_before;
  };
  const auto active = [](const ScopeMembership& m) { return m.status == MembershipStatus::active; };
  const bool qualifies_today =
      std::any_of(memberships.begin(), memberships.end(),
                  [&](const auto& m) { return active(m) && role_ok(m) && in_time(m); });

  if (on_frozen_list) {
    if (*on_frozen_list)
      return {true, {}};
    if (qualifies_today)
      return {false, "You were not on the list of voters when the ballot opened."};
  } else if (qualifies_today) {
    return {true, {}};
  }

  for (const auto& m : memberships) {
    if (active(m) && role_ok(m) && !in_time(m)) {
      return {false, "You joined " + m.group_name + " on " + m.joined_at +
                         ", after the cut-off date of " + *rule.joined_on_or_before + "."};
    }
  }
  for (const auto& m : memberships) {
    if (active(m) && !role_ok(m))
      return {false, "Only members can vote; you are a supporter of " + m.group_name + "."};
  }
  for (const auto& m : memberships) {
    if (m.status == MembershipStatus::lapsed) {
      return {false, "Your membership of " + m.group_name +
                         " has lapsed, so you cannot vote. Ask one of its officers to renew it."};
    }
  }
  std::string who = eligibility_explanation(rule, group_name);
  who[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(who[0])));
  return {false, "Only " + who + " can vote."};
}

// ---- Marks --------------------------------------------------------------------------------------

std::optional<std::string> marks_problem(VoteMethod method,
                                         const std::vector<BallotOption>& options,
                                         const Marks& marks) {
  std::set<int> seen;
  for (int number : marks) {
    const auto* option = option_numbered(options, number);
    if (!option)
      return "There is no option " + std::to_string(number) + " on this ballot.";
    if (option->withdrawn)
      return option->label + " has been withdrawn and cannot be chosen.";
    if (!seen.insert(number).second)
      return "Each option can be marked only once.";
  }
  switch (method) {
    case VoteMethod::yes_no:
    case VoteMethod::single_choice:
      if (marks.size() != 1)
        return std::string("Choose exactly one option.");
      break;
    case VoteMethod::approval:
      break;  // approving none is a valid, counted ballot
    case VoteMethod::irv:
    case VoteMethod::scottish_stv:
    case VoteMethod::meek_stv:
      if (marks.empty())
        return std::string("Rank at least one option.");
      break;
  }
  return std::nullopt;
}

// ---- Quorum and thresholds ----------------------------------------------------------------------

std::int64_t quorum_required(std::int64_t eligible, int percent) {
  return (eligible * percent + 99) / 100;
}

bool quorum_met(std::int64_t cast, std::int64_t eligible, int percent) {
  return cast >= quorum_required(eligible, percent);
}

bool threshold_met(Threshold threshold, std::int64_t yes, std::int64_t no) {
  if (yes == 0)
    return false;
  switch (threshold) {
    case Threshold::simple_majority:
      return yes > no;
    case Threshold::two_thirds:
      return 3 * yes >= 2 * (yes + no);
    case Threshold::three_quarters:
      return 4 * yes >= 3 * (yes + no);
  }
  return false;
}

// ---- Counting -----------------------------------------------------------------------------------

std::vector<int> tie_order_for(int option_count, std::uint64_t seed) {
  std::vector<int> order;
  for (auto candidate : counting::tie_order_from_seed(option_count, seed))
    order.push_back(candidate + 1);
  return order;
}

void sort_canonically(std::vector<Marks>& ballots) {
  std::sort(ballots.begin(), ballots.end());
}

counting::Election election_from_marks(const CountInput& input) {
  counting::Election election;
  election.seats = input.seats;
  election.title = blt_safe(input.title);
  for (const auto& option : input.options) {
    election.candidates.push_back(blt_safe(option.label));
    if (option.withdrawn)
      election.withdrawn.push_back(option.number - 1);
  }
  for (int number : input.tie_order)
    election.tie_order.push_back(number - 1);
  std::vector<Marks> ballots = input.ballots;
  sort_canonically(ballots);
  for (const auto& marks : ballots) {
    counting::Ballot ballot;
    for (int number : marks)
      ballot.ranks.push_back({number - 1});
    if (!election.ballots.empty() && election.ballots.back().ranks == ballot.ranks) {
      ++election.ballots.back().weight;
    } else {
      election.ballots.push_back(std::move(ballot));
    }
  }
  return election;
}

Result<CountedResult> count_ballots(const CountInput& input) {
  switch (input.method) {
    case VoteMethod::yes_no:
      return count_yes_no(input);
    case VoteMethod::single_choice:
    case VoteMethod::approval:
      return count_plurality(input);
    case VoteMethod::irv:
    case VoteMethod::scottish_stv:
    case VoteMethod::meek_stv:
      return count_ranked(input);
  }
  return bad_request("Unknown counting method.");
}

}  // namespace plenary::votes
