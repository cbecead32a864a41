#include "votes/counting/blt.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <set>
#include <utility>

namespace plenary::votes::counting {
namespace {

constexpr int max_candidates = 10'000;

struct Token {
  std::string text;
  bool quoted = false;
};

struct Line {
  int number = 0;   // 1-based, as an editor shows it
  std::string raw;  // without the line end
  std::vector<Token> tokens;
};

Error error_at(int line, const std::string& message) {
  Error error{ErrorKind::unprocessable, "line " + std::to_string(line) + ": " + message};
  error.code = "invalid_blt";
  return error;
}

Error error_without_line(const std::string& message) {
  Error error{ErrorKind::unprocessable, message};
  error.code = "invalid_blt";
  return error;
}

// The length of the UTF-8 sequence starting at text[i], or 0 if it is not valid UTF-8
// (overlong forms, surrogates and code points above U+10FFFF included).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) {
    return 1;
  }
  std::size_t length = 0;
  unsigned char min_second = 0x80;
  unsigned char max_second = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) {
      min_second = 0xA0;
    }
    if (lead == 0xED) {
      max_second = 0x9F;
    }
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) {
      min_second = 0x90;
    }
    if (lead == 0xF4) {
      max_second = 0x8F;
    }
  } else {
    return 0;
  }
  if (i + length > text.size()) {
    return 0;
  }
  if (byte(i + 1) < min_second || byte(i + 1) > max_second) {
    return 0;
  }
  for (std::size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) {
      return 0;
    }
  }
  return length;
}

Status check_utf8(std::string_view text) {
  int line = 1;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      return error_at(line, "the text is not valid UTF-8");
    }
    if (text[i] == '\n') {
      ++line;
    }
    i += length;
  }
  return ok();
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

Result<Line> tokenize(int number, std::string_view raw) {
  Line line{number, std::string(raw), {}};
  std::size_t i = 0;
  while (i < raw.size()) {
    if (is_space(raw[i])) {
      ++i;
      continue;
    }
    if (raw[i] == '#') {
      break;  // a comment runs to the end of the line
    }
    if (raw[i] == '"') {
      const std::size_t close = raw.find('"', i + 1);
      if (close == std::string_view::npos) {
        return error_at(number, "a quoted string is not closed on this line");
      }
      if (close + 1 < raw.size() && !is_space(raw[close + 1]) && raw[close + 1] != '#') {
        return error_at(number, "unexpected text right after a closing quote");
      }
      line.tokens.push_back({std::string(raw.substr(i + 1, close - i - 1)), true});
      i = close + 1;
      continue;
    }
    std::size_t end = i;
    while (end < raw.size() && !is_space(raw[end]) && raw[end] != '#') {
      if (raw[end] == '"') {
        return error_at(
            number, "unexpected quote inside \"" + std::string(raw.substr(i, end - i + 1)) + "\"");
      }
      ++end;
    }
    line.tokens.push_back({std::string(raw.substr(i, end - i)), false});
    i = end;
  }
  return line;
}

// A whole decimal number with an optional leading minus, and nothing else.
std::optional<std::int64_t> parse_integer(std::string_view text) {
  if (text.empty() || text.front() == '+') {
    return std::nullopt;
  }
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

bool is_all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

class Parser {
 public:
  explicit Parser(std::vector<Line> lines) : lines_(std::move(lines)) {}

  Result<Election> parse() {
    if (auto status = parse_header(); !status) {
      return status.error();
    }
    if (auto status = parse_preamble(); !status) {
      return status.error();
    }
    if (auto status = parse_ballots(); !status) {
      return status.error();
    }
    if (auto status = parse_names_and_title(); !status) {
      return status.error();
    }
    parse_title_notes_and_trailing_lines();
    std::sort(election_.withdrawn.begin(), election_.withdrawn.end());
    election_.withdrawn.erase(std::unique(election_.withdrawn.begin(), election_.withdrawn.end()),
                              election_.withdrawn.end());
    return std::move(election_);
  }

 private:
  // The next line with at least one token, or nullptr at the end of the text.
  const Line* next_line() {
    while (position_ < lines_.size()) {
      const Line& line = lines_[position_];
      if (!line.tokens.empty()) {
        return &line;
      }
      ++position_;
    }
    return nullptr;
  }

  int last_line_number() const { return lines_.empty() ? 1 : lines_.back().number; }

  Status parse_header() {
    const Line* line = next_line();
    if (line == nullptr) {
      return error_at(last_line_number(), "the file is empty; expected \"<candidates> <seats>\"");
    }
    const auto& tokens = line->tokens;
    std::optional<std::int64_t> candidates;
    std::optional<std::int64_t> seats;
    if (tokens.size() == 2 && !tokens[0].quoted && !tokens[1].quoted) {
      candidates = parse_integer(tokens[0].text);
      seats = parse_integer(tokens[1].text);
    }
    if (!candidates || !seats) {
      return error_at(line->number,
                      "expected \"<number of candidates> <number of seats>\" as the first line");
    }
    if (*candidates < 1 || *candidates > max_candidates) {
      return error_at(line->number, "the number of candidates must be between 1 and " +
                                        std::to_string(max_candidates));
    }
    if (*seats < 1 || *seats > *candidates) {
      return error_at(line->number,
                      "the number of seats must be between 1 and the number of "
                      "candidates (" +
                          std::to_string(*candidates) + ")");
    }
    candidate_count_ = static_cast<int>(*candidates);
    election_.seats = static_cast<int>(*seats);
    ++position_;
    return ok();
  }

  // Withdrawn-candidate lines and [option] lines, up to the first ballot.
  Status parse_preamble() {
    while (const Line* line = next_line()) {
      const Token& first = line->tokens.front();
      if (!first.quoted && first.text.starts_with('[')) {
        if (auto status = parse_option(*line); !status) {
          return status;
        }
      } else if (!first.quoted && first.text.starts_with('-') && first.text != "-") {
        for (const Token& token : line->tokens) {
          const auto number = token.quoted ? std::nullopt : parse_integer(token.text);
          if (!number || *number >= 0) {
            return error_at(line->number,
                            "a line of withdrawn candidates must hold only "
                            "negative candidate numbers, found \"" +
                                token.text + "\"");
          }
          auto candidate = candidate_from_number(line->number, -*number);
          if (!candidate) {
            return candidate.error();
          }
          election_.withdrawn.push_back(*candidate);
        }
      } else {
        return ok();
      }
      ++position_;
    }
    return ok();
  }

  Status parse_option(const Line& line) {
    std::vector<std::string> words;
    for (const Token& token : line.tokens) {
      if (token.quoted) {
        return error_at(line.number, "quoted text is not allowed in an option line");
      }
      words.push_back(token.text);
    }
    words.front().erase(0, 1);
    if (!words.back().ends_with(']')) {
      return error_at(line.number, "an option must end with ']' on the same line");
    }
    words.back().pop_back();
    words.erase(std::remove(words.begin(), words.end(), std::string()), words.end());
    for (const std::string& word : words) {
      if (word.find_first_of("[]") != std::string::npos) {
        return error_at(line.number, "unexpected bracket in \"" + word + "\"");
      }
    }
    if (words.empty()) {
      return error_at(line.number, "an option needs a name, e.g. [tie 2 1 3]");
    }
    const std::string name = words.front();
    words.erase(words.begin());
    if (name == "nick") {
      return parse_nick_option(line.number, words);
    }
    if (name == "withdrawn") {
      for (const std::string& word : words) {
        auto candidate = resolve_candidate(line.number, word);
        if (!candidate) {
          return candidate.error();
        }
        election_.withdrawn.push_back(*candidate);
      }
      return ok();
    }
    if (name == "tie") {
      return parse_tie_option(line.number, words);
    }
    return error_at(line.number, "unsupported option [" + name +
                                     "]; this counter understands [nick], [withdrawn] and [tie]");
  }

  Status parse_nick_option(int line_number, const std::vector<std::string>& words) {
    if (!election_.nicknames.empty()) {
      return error_at(line_number, "[nick] is given twice");
    }
    if (static_cast<int>(words.size()) != candidate_count_) {
      return error_at(line_number, "[nick] must give one short name for each of the " +
                                       std::to_string(candidate_count_) + " candidates, found " +
                                       std::to_string(words.size()));
    }
    std::set<std::string> seen;
    for (const std::string& word : words) {
      if (is_all_digits(word) || word == "-" || word.find('=') != std::string::npos) {
        return error_at(line_number, "the short name \"" + word +
                                         "\" could be mistaken for a rank; use letters");
      }
      if (!seen.insert(word).second) {
        return error_at(line_number, "the short name \"" + word + "\" is used twice");
      }
    }
    election_.nicknames = words;
    return ok();
  }

  Status parse_tie_option(int line_number, const std::vector<std::string>& words) {
    if (!election_.tie_order.empty()) {
      return error_at(line_number, "[tie] is given twice");
    }
    std::vector<CandidateIndex> order;
    std::set<CandidateIndex> seen;
    for (const std::string& word : words) {
      auto candidate = resolve_candidate(line_number, word);
      if (!candidate) {
        return candidate.error();
      }
      if (!seen.insert(*candidate).second) {
        return error_at(line_number, "[tie] lists \"" + word + "\" twice");
      }
      order.push_back(*candidate);
    }
    if (static_cast<int>(order.size()) != candidate_count_) {
      return error_at(line_number, "[tie] must list every one of the " +
                                       std::to_string(candidate_count_) +
                                       " candidates exactly once");
    }
    election_.tie_order = std::move(order);
    return ok();
  }

  Result<CandidateIndex> candidate_from_number(int line_number, std::int64_t number) const {
    if (number < 1 || number > candidate_count_) {
      return error_at(line_number, "candidate " + std::to_string(number) +
                                       " does not exist (the file has " +
                                       std::to_string(candidate_count_) + " candidates)");
    }
    return static_cast<CandidateIndex>(number - 1);
  }

  // A candidate number (1-based) or a short name from [nick].
  Result<CandidateIndex> resolve_candidate(int line_number, const std::string& word) const {
    const auto nick = std::find(election_.nicknames.begin(), election_.nicknames.end(), word);
    if (nick != election_.nicknames.end()) {
      return static_cast<CandidateIndex>(nick - election_.nicknames.begin());
    }
    if (is_all_digits(word)) {
      const auto number = parse_integer(word);
      return candidate_from_number(line_number, number.value_or(0));
    }
    return error_at(line_number, "\"" + word +
                                     "\" is neither a candidate number nor a short "
                                     "name from [nick]");
  }

  Status parse_ballots() {
    std::int64_t total = 0;
    while (const Line* line = next_line()) {
      const auto& tokens = line->tokens;
      const Token& first = tokens.front();
      if (first.quoted) {
        return error_at(line->number,
                        "expected a ballot line or the single 0 that ends the "
                        "ballots, found a quoted name");
      }
      if (first.text.starts_with('(')) {
        return error_at(line->number,
                        "ballot identifiers such as \"" + first.text + "\" are not supported");
      }
      if (first.text.starts_with('[')) {
        return error_at(line->number,
                        "options such as " + first.text + " must come before the first ballot");
      }
      const auto weight = parse_integer(first.text);
      if (!weight || *weight < 0) {
        return error_at(line->number,
                        "a ballot line must start with its weight (a whole "
                        "number of ballots), found \"" +
                            first.text + "\"");
      }
      ++position_;
      if (*weight == 0) {
        if (tokens.size() != 1) {
          return error_at(line->number,
                          "a ballot line cannot have weight 0 (a line holding "
                          "only 0 ends the ballots)");
        }
        return ok();
      }
      if (*weight > max_total_ballots - total) {
        return error_at(line->number,
                        "more than " + std::to_string(max_total_ballots) + " ballots in all");
      }
      total += *weight;
      auto ballot = parse_ballot(*line);
      if (!ballot) {
        return ballot.error();
      }
      ballot->weight = *weight;
      election_.ballots.push_back(std::move(*ballot));
    }
    return error_at(last_line_number(),
                    "the ballots are not followed by a line holding a "
                    "single 0");
  }

  Result<Ballot> parse_ballot(const Line& line) const {
    const auto& tokens = line.tokens;
    if (tokens.size() < 2 || tokens.back().quoted || tokens.back().text != "0") {
      return error_at(line.number,
                      "the ballot does not end with 0 (each ballot must be on one "
                      "line, ending with 0)");
    }
    Ballot ballot;
    std::set<CandidateIndex> seen;
    for (std::size_t i = 1; i + 1 < tokens.size(); ++i) {
      const Token& token = tokens[i];
      if (token.quoted) {
        return error_at(line.number, "unexpected quoted text in a ballot");
      }
      if (token.text == "-") {
        ballot.ranks.emplace_back();  // a skipped rank
        continue;
      }
      if (token.text == "0") {
        return error_at(line.number, "0 in the middle of a ballot; a ballot ends at its 0");
      }
      Rank rank;
      std::size_t start = 0;
      while (true) {
        const std::size_t equals = token.text.find('=', start);
        const std::string part = token.text.substr(start, equals - start);
        if (part.empty()) {
          return error_at(line.number, "malformed equal preference \"" + token.text + "\"");
        }
        auto candidate = resolve_candidate(line.number, part);
        if (!candidate) {
          return candidate.error();
        }
        if (!seen.insert(*candidate).second) {
          return error_at(line.number, "candidate \"" + part + "\" appears twice on one ballot");
        }
        rank.push_back(*candidate);
        if (equals == std::string::npos) {
          break;
        }
        start = equals + 1;
      }
      ballot.ranks.push_back(std::move(rank));
    }
    return ballot;
  }

  std::string expected_name_or_title() const {
    const std::size_t read = election_.candidates.size();
    if (static_cast<int>(read) == candidate_count_) {
      return "the quoted title of the election";
    }
    return "the quoted name of candidate " + std::to_string(read + 1);
  }

  Status parse_names_and_title() {
    while (true) {
      const Line* line = next_line();
      if (line == nullptr) {
        return error_at(last_line_number(),
                        "the file ends where " + expected_name_or_title() + " should be");
      }
      for (const Token& token : line->tokens) {
        if (title_read_) {
          return error_at(line->number, "unexpected text after the title on the same line");
        }
        if (!token.quoted) {
          return error_at(line->number, "expected " + expected_name_or_title() + ", found \"" +
                                            token.text + "\"");
        }
        if (static_cast<int>(election_.candidates.size()) == candidate_count_) {
          election_.title = token.text;
          title_read_ = true;
        } else if (token.text.empty()) {
          return error_at(line->number, "candidate " +
                                            std::to_string(election_.candidates.size() + 1) +
                                            " has an empty name");
        } else {
          election_.candidates.push_back(token.text);
        }
      }
      ++position_;
      if (title_read_) {
        return ok();
      }
    }
  }

  void parse_title_notes_and_trailing_lines() {
    while (election_.title_notes.size() < 2) {
      const Line* line = next_line();
      if (line == nullptr || line->tokens.size() != 1 || !line->tokens.front().quoted) {
        break;
      }
      election_.title_notes.push_back(line->tokens.front().text);
      ++position_;
    }
    // Whatever follows has no meaning in the format; it is kept, not interpreted.
    if (next_line() == nullptr) {
      return;
    }
    for (std::size_t i = position_; i < lines_.size(); ++i) {
      election_.trailing_lines.push_back(lines_[i].raw);
    }
    while (!election_.trailing_lines.empty() &&
           std::all_of(election_.trailing_lines.back().begin(),
                       election_.trailing_lines.back().end(), is_space)) {
      election_.trailing_lines.pop_back();
    }
  }

  std::vector<Line> lines_;
  std::size_t position_ = 0;
  int candidate_count_ = 0;
  bool title_read_ = false;
  Election election_;
};

}  // namespace

Result<Election> parse_blt(std::string_view text) {
  constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";
  if (text.starts_with(byte_order_mark)) {
    text.remove_prefix(byte_order_mark.size());
  }
  if (auto status = check_utf8(text); !status) {
    return status.error();
  }
  std::vector<Line> lines;
  std::size_t start = 0;
  int number = 1;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view raw = text.substr(start, end - start);
    if (raw.ends_with('\r')) {
      raw.remove_suffix(1);
    }
    auto line = tokenize(number, raw);
    if (!line) {
      return line.error();
    }
    lines.push_back(std::move(*line));
    start = end + 1;
    ++number;
  }
  return Parser(std::move(lines)).parse();
}

namespace {

std::string rank_text(const Rank& rank) {
  if (rank.empty()) {
    return "-";
  }
  std::string text;
  for (std::size_t i = 0; i < rank.size(); ++i) {
    if (i > 0) {
      text += '=';
    }
    text += std::to_string(rank[i] + 1);
  }
  return text;
}

bool writable_in_quotes(const std::string& text) {
  return text.find_first_of("\"\r\n") == std::string::npos;
}

}  // namespace

Result<std::string> write_blt(const Election& election) {
  const int n = election.candidate_count();
  for (const std::string& name : election.candidates) {
    if (!writable_in_quotes(name)) {
      return error_without_line("the candidate name \"" + name +
                                "\" holds a double quote or a line break, which BLT cannot hold");
    }
  }
  for (const std::string& note : election.title_notes) {
    if (!writable_in_quotes(note)) {
      return error_without_line("a note after the title holds a double quote or a line break");
    }
  }
  if (!writable_in_quotes(election.title)) {
    return error_without_line("the title holds a double quote or a line break");
  }
  std::string text = std::to_string(n) + " " + std::to_string(election.seats) + "\n";
  if (!election.nicknames.empty()) {
    text += "[nick";
    for (const std::string& nick : election.nicknames) {
      text += " " + nick;
    }
    text += "]\n";
  }
  if (!election.withdrawn.empty()) {
    text += "[withdrawn";
    for (CandidateIndex candidate : election.withdrawn) {
      text += " " + std::to_string(candidate + 1);
    }
    text += "]\n";
  }
  if (!election.tie_order.empty()) {
    text += "[tie";
    for (CandidateIndex candidate : election.tie_order) {
      text += " " + std::to_string(candidate + 1);
    }
    text += "]\n";
  }
  for (const Ballot& ballot : election.ballots) {
    text += std::to_string(ballot.weight);
    for (const Rank& rank : ballot.ranks) {
      text += " " + rank_text(rank);
    }
    text += " 0\n";
  }
  text += "0\n";
  for (const std::string& name : election.candidates) {
    text += "\"" + name + "\"\n";
  }
  text += "\"" + election.title + "\"\n";
  for (const std::string& note : election.title_notes) {
    text += "\"" + note + "\"\n";
  }
  for (const std::string& line : election.trailing_lines) {
    if (line.find_first_of("\r\n") != std::string::npos) {
      return error_without_line("a trailing line holds a line break");
    }
    text += line + "\n";
  }
  // Reading the text back is the one check that covers every way a hand-built Election could
  // fail to survive the trip (unsorted withdrawals, bad short names, ranks out of range, ...).
  auto reread = parse_blt(text);
  if (!reread) {
    return error_without_line("this election cannot be written as BLT: " + reread.error().detail);
  }
  if (!(*reread == election)) {
    return error_without_line(
        "this election cannot be written as BLT exactly (check the "
        "order of withdrawn candidates, the notes and trailing lines)");
  }
  return text;
}

}  // namespace plenary::votes::counting
