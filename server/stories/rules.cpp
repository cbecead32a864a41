#include "stories/rules.hpp"

#include "http/json_input.hpp"

namespace plenary::stories {
namespace {

void check_length(std::vector<FieldError>& problems, const char* field, std::string_view text,
                  std::size_t max, const char* what, bool required) {
  const auto length = http::utf8_length(text);
  if (required && length == 0) {
    problems.push_back({field, std::string("Write ") + what + "."});
  } else if (length > max) {
    problems.push_back({field, std::string("Keep ") + what + " to " + std::to_string(max) +
                                   " characters or fewer (it has " + std::to_string(length) +
                                   ")."});
  }
}

bool is_space(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v';
}

bool is_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

std::string collapse_spaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space)
      out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

const char* status_phrase(StoryStatus status) {
  switch (status) {
    case StoryStatus::submitted:
      return "waiting for review";
    case StoryStatus::changes_requested:
      return "waiting for your changes";
    case StoryStatus::declined:
      return "declined";
    case StoryStatus::published:
      return "published";
  }
  return "in another state";
}

}  // namespace

std::vector<FieldError> story_problems(const StoryInput& input) {
  std::vector<FieldError> problems;
  check_length(problems, "title", input.title, max_title_length, "a title", true);
  check_length(problems, "body", input.body, max_body_length, "the story", true);
  check_length(problems, "place", input.place, max_place_length, "the place", false);
  check_length(problems, "what_worked", input.what_worked, max_what_worked_length, "what worked",
               false);
  check_length(problems, "contact", input.contact, max_contact_length, "the contact details",
               false);
  return problems;
}

StoryInput apply_changes(const StoryInput& current, const StoryChanges& changes) {
  StoryInput result = current;
  if (changes.title)
    result.title = *changes.title;
  if (changes.body)
    result.body = *changes.body;
  if (changes.place)
    result.place = *changes.place;
  if (changes.what_worked)
    result.what_worked = *changes.what_worked;
  if (changes.contact)
    result.contact = *changes.contact;
  if (changes.group_id)
    result.group_id = *changes.group_id;
  return result;
}

std::optional<StoryStatus> next_status(StoryStatus current, Step step) {
  const bool waiting =
      current == StoryStatus::submitted || current == StoryStatus::changes_requested;
  switch (step) {
    case Step::edit:
      // Editing what an editor asked to change sends it back to them.
      return waiting ? std::optional(StoryStatus::submitted) : std::nullopt;
    case Step::withdraw:
      return current == StoryStatus::published ? std::nullopt : std::optional(current);
    case Step::accept:
      return waiting ? std::optional(StoryStatus::published) : std::nullopt;
    case Step::request_changes:
      // Asking again while the author has not answered would only stack messages up.
      return current == StoryStatus::submitted ? std::optional(StoryStatus::changes_requested)
                                               : std::nullopt;
    case Step::decline:
      return waiting ? std::optional(StoryStatus::declined) : std::nullopt;
  }
  return std::nullopt;
}

std::string wrong_state_message(StoryStatus current, Step step) {
  const std::string state = status_phrase(current);
  switch (step) {
    case Step::edit:
      return "This story is " + state + ": it can no longer be changed.";
    case Step::withdraw:
      return "This story is " + state + ": it can no longer be withdrawn.";
    case Step::accept:
      return "This story is " + state + ": only a story waiting for review can be published.";
    case Step::request_changes:
      return "This story is " + state +
             ": changes can be asked for only while it is waiting for review.";
    case Step::decline:
      return "This story is " + state + ": only a story waiting for review can be declined.";
  }
  return "This story is " + state + ".";
}

std::vector<FieldError> review_message_problems(std::string_view field, std::string_view message) {
  std::vector<FieldError> problems;
  const auto length = http::utf8_length(message);
  if (length == 0) {
    problems.push_back({std::string(field),
                        field == "reason" ? "Say why the story is declined: the author reads it."
                                          : "Say what should change: the author reads it."});
  } else if (length > max_review_message_length) {
    problems.push_back(
        {std::string(field),
         "Keep it to " + std::to_string(max_review_message_length) + " characters or fewer."});
  }
  return problems;
}

std::string excerpt_of(std::string_view text, std::size_t limit) {
  const std::string collapsed = collapse_spaces(text);
  if (http::utf8_length(collapsed) <= limit)
    return collapsed;
  // The byte where the code point after `limit` characters starts.
  std::size_t end = 0;
  std::size_t counted = 0;
  while (end < collapsed.size() && counted < limit) {
    ++end;
    while (end < collapsed.size() && is_continuation_byte(collapsed[end]))
      ++end;
    ++counted;
  }
  std::size_t cut = end;
  // Back to the last space, unless the first word alone is longer than the limit.
  if (collapsed[cut] != ' ') {
    const auto space = collapsed.rfind(' ', cut);
    if (space != std::string::npos && space > 0)
      cut = space;
  }
  std::string result = collapsed.substr(0, cut);
  while (!result.empty() && (result.back() == ' ' || result.back() == ',' || result.back() == ';' ||
                             result.back() == ':'))
    result.pop_back();
  return result + "…";
}

}  // namespace plenary::stories

namespace plenary::stories {

std::string story_path(std::int64_t story_id) {
  return "/stories/" + std::to_string(story_id);
}

std::string markdown_literal(std::string_view text) {
  static constexpr std::string_view special = "\\`*_{}[]()#+-.!<>|~&\"'";
  std::string out;
  out.reserve(text.size() + 8);
  for (char c : text) {
    if (special.find(c) != std::string_view::npos)
      out.push_back('\\');
    out.push_back(c == '\n' || c == '\r' ? ' ' : c);
  }
  return out;
}

std::string discussion_opening(const Story& story) {
  const auto path = story_path(story.id);
  std::string text = "This is the discussion of the story [" + markdown_literal(story.title) +
                     "](" + path + "), sent in by " + markdown_literal(story.author.display_name);
  if (!story.place.empty())
    text += " (" + markdown_literal(story.place) + ")";
  text += ".\n\n";
  const auto excerpt = excerpt_of(story.body_text.empty() ? story.body_markdown : story.body_text);
  if (!excerpt.empty())
    text += "> " + markdown_literal(excerpt) + "\n\n";
  text += "[Read the whole story](" + path +
          "), then say below what you think, or what your group could learn from it.";
  return text;
}

}  // namespace plenary::stories
