#include "groups/csv.hpp"

#include <algorithm>
#include <cctype>

#include "groups/rules.hpp"
#include "http/json_input.hpp"

namespace plenary::groups {
namespace csv {

Parsed parse(std::string_view text) {
  Parsed parsed;
  if (text.starts_with("\xEF\xBB\xBF"))
    text.remove_prefix(3);
  if (text.empty())
    return parsed;

  enum class State { field_start, unquoted, quoted, after_quote };
  State state = State::field_start;
  std::size_t line = 1;
  std::size_t quote_opened_on = 0;
  Record record{line, {}};
  std::string field;

  auto end_field = [&] {
    record.fields.push_back(std::move(field));
    field.clear();
  };
  // Consumes a line break at text[i] (CRLF counts once) and starts the next record.
  auto end_record = [&](std::size_t& i) {
    end_field();
    parsed.records.push_back(std::move(record));
    i += (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
    ++line;
    record = Record{line, {}};
    state = State::field_start;
  };
  auto fail = [&](std::size_t at, std::string message) {
    parsed.error = ParseError{at, "Line " + std::to_string(at) + ": " + std::move(message)};
    return parsed;
  };

  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    switch (state) {
      case State::field_start:
      case State::unquoted:
        if (c == '"') {
          if (state == State::unquoted) {
            return fail(line,
                        "a quote mark appears inside a value that does not start with one. Put "
                        "the whole value in quotes and write the quote mark twice (\"\").");
          }
          state = State::quoted;
          quote_opened_on = line;
          ++i;
        } else if (c == ',') {
          end_field();
          state = State::field_start;
          ++i;
        } else if (c == '\r' || c == '\n') {
          end_record(i);
        } else {
          field += c;
          state = State::unquoted;
          ++i;
        }
        break;
      case State::quoted:
        if (c == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
          } else {
            state = State::after_quote;
            ++i;
          }
        } else {
          if (c == '\n' || (c == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n')))
            ++line;
          field += c;
          ++i;
        }
        break;
      case State::after_quote:
        if (c == ',') {
          end_field();
          state = State::field_start;
          ++i;
        } else if (c == '\r' || c == '\n') {
          end_record(i);
        } else {
          return fail(line,
                      "there is text after the closing quote mark of a value. Put the whole value "
                      "in quotes, or separate it from the next one with a comma.");
        }
        break;
    }
  }
  if (state == State::quoted) {
    return fail(quote_opened_on, "a value that starts with a quote mark is never closed.");
  }
  // The last record needs no line break after it.
  if (state != State::field_start || !record.fields.empty()) {
    end_field();
    parsed.records.push_back(std::move(record));
  }
  return parsed;
}

}  // namespace csv

namespace {

std::string trim(std::string_view text) {
  auto is_space = [](unsigned char c) { return std::isspace(c) != 0; };
  while (!text.empty() && is_space(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && is_space(text.back()))
    text.remove_suffix(1);
  return std::string(text);
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// A value quoted back to the person, cut short so one bad cell cannot make a huge report.
std::string shown(std::string_view value) {
  constexpr std::size_t longest = 60;
  std::string text(value.substr(0, longest));
  // Do not cut a UTF-8 sequence in half.
  while (!text.empty() && !http::valid_utf8(text))
    text.pop_back();
  return "'" + text + (value.size() > longest ? "…'" : "'");
}

Error file_problem(std::string message) {
  return invalid_field("file", std::move(message));
}

bool has_control_characters(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](unsigned char c) { return c < 0x20 || c == 0x7F; });
}

const std::string header_help =
    "The first row must name the columns: " + std::string(import_columns_hint) +
    " (only email is required).";

}  // namespace

Result<ImportColumns> read_import_header(const csv::Record& header) {
  ImportColumns columns;
  columns.count = header.fields.size();
  std::optional<std::size_t> email;
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string name = lower(trim(header.fields[i]));
    std::optional<std::size_t>* slot = nullptr;
    if (name == "email") {
      slot = &email;
    } else if (name == "name") {
      slot = &columns.name;
    } else if (name == "group") {
      slot = &columns.group;
    } else if (name == "role") {
      slot = &columns.role;
    } else if (name == "joined_at") {
      slot = &columns.joined_at;
    } else if (name.empty()) {
      return file_problem("Column " + std::to_string(i + 1) + " of the first row has no name. " +
                          header_help);
    } else {
      return file_problem("The column " + shown(header.fields[i]) +
                          " is not one the import knows. " + header_help);
    }
    if (*slot) {
      return file_problem("The column '" + name + "' appears twice in the first row.");
    }
    *slot = i;
  }
  if (!email)
    return file_problem("The first row has no 'email' column. " + header_help);
  columns.email = *email;
  return columns;
}

ImportRows check_import_rows(const std::vector<csv::Record>& records, const ImportColumns& columns,
                             std::string_view today) {
  ImportRows result;
  for (const auto& record : records) {
    const bool blank = std::all_of(record.fields.begin(), record.fields.end(),
                                   [](const std::string& f) { return trim(f).empty(); });
    if (blank)
      continue;
    if (record.fields.size() != columns.count) {
      result.rejected.push_back({record.line, "This row has " +
                                                  std::to_string(record.fields.size()) +
                                                  " values, but the first row names " +
                                                  std::to_string(columns.count) + " columns."});
      continue;
    }
    auto value = [&](const std::optional<std::size_t>& column) {
      return column ? trim(record.fields[*column]) : std::string();
    };
    std::vector<std::string> problems;
    ImportRow row;
    row.line = record.line;

    const std::string email = value(columns.email);
    if (email.empty()) {
      problems.push_back("The email address is missing.");
    } else if (!http::plausible_email(email)) {
      problems.push_back(shown(email) + " is not an email address.");
    } else {
      row.email = http::normalise_email(email);
    }

    row.name = value(columns.name);
    if (row.name.find_first_of("\r\n") != std::string::npos) {
      problems.push_back("The name must be on one line.");
    } else if (has_control_characters(row.name)) {
      problems.push_back("The name contains characters that are not allowed.");
    } else if (http::utf8_length(row.name) > 100) {
      problems.push_back("The name is longer than 100 characters.");
    }

    row.group = value(columns.group);
    if (has_control_characters(row.group)) {
      problems.push_back("The group contains characters that are not allowed.");
    }

    const std::string role = lower(value(columns.role));
    if (!role.empty()) {
      if (auto parsed = parse_role(role)) {
        row.role = *parsed;
      } else {
        problems.push_back(shown(value(columns.role)) +
                           " is not a role. Use supporter, member, moderator, officer or admin.");
      }
    }

    const std::string joined = value(columns.joined_at);
    if (!joined.empty()) {
      if (!valid_iso_date(joined)) {
        problems.push_back(shown(joined) +
                           " is not a date. Write dates as YYYY-MM-DD, like 2024-03-31.");
      } else if (joined > today) {
        problems.push_back("The joining date " + joined + " is in the future.");
      } else {
        row.joined_at = joined;
      }
    }

    if (problems.empty()) {
      result.rows.push_back(std::move(row));
    } else {
      std::string reason;
      for (const auto& problem : problems)
        reason += (reason.empty() ? "" : " ") + problem;
      result.rejected.push_back({record.line, std::move(reason)});
    }
  }
  return result;
}

Result<ImportRows> read_import_file(std::string_view text, std::string_view today) {
  if (!http::valid_utf8(text)) {
    return file_problem(
        "The file is not UTF-8 text. Save it as \"CSV UTF-8\" from your spreadsheet and try "
        "again.");
  }
  if (text.find('\0') != std::string_view::npos) {
    return file_problem("The file contains a zero byte; it does not look like a CSV file.");
  }
  auto parsed = csv::parse(text);
  if (parsed.error)
    return file_problem(parsed.error->message);
  if (parsed.records.empty())
    return file_problem("The file is empty. " + header_help);
  auto columns = read_import_header(parsed.records.front());
  if (!columns)
    return columns.error();
  std::vector<csv::Record> rows(std::make_move_iterator(parsed.records.begin() + 1),
                                std::make_move_iterator(parsed.records.end()));
  return check_import_rows(rows, *columns, today);
}

}  // namespace plenary::groups
