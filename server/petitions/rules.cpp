#include "petitions/rules.hpp"

#include <algorithm>
#include <cctype>

#include "http/json_input.hpp"
#include "votes/rules.hpp"

namespace plenary::petitions {
namespace {

bool is_alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

char upper(char c) {
  return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
}

// A UK inward code: a digit and two letters ("1AA").
bool uk_inward_code(std::string_view text) {
  return text.size() == 3 && std::isdigit(static_cast<unsigned char>(text[0])) &&
         std::isalpha(static_cast<unsigned char>(text[1])) &&
         std::isalpha(static_cast<unsigned char>(text[2]));
}

std::string csv_cell(const std::string& value) {
  std::string text = value;
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@'))
    text.insert(text.begin(), '\'');
  if (text.find_first_of(",\"\r\n") == std::string::npos)
    return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"')
      quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

}  // namespace

std::vector<FieldError> signature_problems(const SignatureInput& input) {
  std::vector<FieldError> problems;
  const auto name_length = http::utf8_length(input.name);
  if (name_length == 0) {
    problems.push_back({"name", "Enter your name."});
  } else if (name_length > max_name_length) {
    problems.push_back({"name", "Your name can be at most 100 characters."});
  }
  if (!http::plausible_email(input.email)) {
    problems.push_back(
        {"email", "Enter an email address in the right format, like name@example.org."});
  }
  const auto postcode = normalise_postcode(input.postcode);
  const bool postcode_characters =
      std::all_of(postcode.begin(), postcode.end(), [](char c) { return is_alnum(c) || c == ' '; });
  if (postcode.size() < min_postcode_length || postcode.size() > max_postcode_length ||
      !postcode_characters) {
    problems.push_back(
        {"postcode", "Enter your postcode: 2 to 10 letters and digits, like SW1A 1AA."});
  }
  return problems;
}

std::vector<FieldError> petition_problems(const NewPetition& petition, const std::string& slug) {
  std::vector<FieldError> problems;
  const auto title_length = http::utf8_length(petition.title);
  if (title_length == 0 || title_length > max_title_length)
    problems.push_back({"title", "Give the petition a title of 1 to 200 characters."});
  const auto target_length = http::utf8_length(petition.target);
  if (target_length == 0 || target_length > max_target_length) {
    problems.push_back({"target", "Say who the petition is addressed to, in 1 to 200 characters."});
  }
  const auto statement_length = http::utf8_length(petition.statement);
  if (statement_length == 0 || statement_length > max_statement_length) {
    problems.push_back(
        {"statement", "Write what the petition asks for, in 1 to 20000 characters."});
  }
  if (!valid_slug(slug)) {
    problems.push_back({"slug",
                        "The address of the petition is lower-case letters, digits and single "
                        "hyphens, at most 80 characters, like save-riverside-library."});
  }
  if (petition.closes_at && !votes::parse_iso8601(*petition.closes_at)) {
    problems.push_back(
        {"closes_at", "Give the time in ISO 8601 with its offset, e.g. 2026-11-21T18:00:00Z."});
  }
  return problems;
}

std::string slug_from_title(std::string_view title) {
  std::string slug;
  bool hyphen_due = false;
  for (char c : title) {
    if (is_alnum(c) && static_cast<unsigned char>(c) < 0x80) {
      if (hyphen_due && !slug.empty())
        slug += '-';
      hyphen_due = false;
      slug += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      hyphen_due = true;
    }
    if (slug.size() >= max_slug_length)
      break;
  }
  while (!slug.empty() && slug.back() == '-')
    slug.pop_back();
  return slug;
}

bool valid_slug(std::string_view slug) {
  if (slug.empty() || slug.size() > max_slug_length || slug.front() == '-' || slug.back() == '-')
    return false;
  char previous = 0;
  for (char c : slug) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!allowed || (c == '-' && previous == '-'))
      return false;
    previous = c;
  }
  return true;
}

std::string normalise_postcode(std::string_view postcode) {
  std::string result;
  bool space_due = false;
  for (char c : postcode) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space_due = true;
      continue;
    }
    if (space_due && !result.empty())
      result += ' ';
    space_due = false;
    result += upper(c);
  }
  return result;
}

std::string postcode_area(std::string_view postcode) {
  const auto normal = normalise_postcode(postcode);
  const auto space = normal.find(' ');
  if (space != std::string::npos)
    return normal.substr(0, space);
  if (normal.size() >= 5 && normal.size() <= 7 &&
      uk_inward_code(std::string_view(normal).substr(normal.size() - 3))) {
    return normal.substr(0, normal.size() - 3);
  }
  return normal;
}

bool accepting_signatures(const Petition& petition, TimePoint now) {
  if (petition.status != PetitionStatus::open)
    return false;
  if (petition.closes_at) {
    const auto closes = votes::parse_iso8601(*petition.closes_at);
    if (closes && now >= *closes)
      return false;
  }
  return true;
}

std::vector<PublicSigner> public_signers(const std::vector<SignatureRecord>& signatures) {
  std::vector<PublicSigner> shown;
  for (const auto& signature : signatures) {
    if (signature.status == SignatureStatus::confirmed && !signature.hide_name)
      shown.push_back({signature.name, signature.signed_at});
  }
  return shown;
}

std::vector<std::string> csv_row(const SignatureRecord& signature) {
  return {signature.name,
          signature.keep_updated ? signature.email : std::string(),
          signature.postcode,
          signature.group_name.value_or(""),
          std::string(signature_status_words.name(signature.status)),
          signature.signed_at,
          signature.confirmed_at.value_or(""),
          signature.keep_updated ? "yes" : "no"};
}

std::string csv_text(const std::vector<SignatureRecord>& signatures) {
  std::string text;
  auto add_line = [&text](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i > 0)
        text += ',';
      text += csv_cell(cells[i]);
    }
    text += "\r\n";
  };
  add_line(csv_header());
  for (const auto& signature : signatures)
    add_line(csv_row(signature));
  return text;
}

}  // namespace plenary::petitions
