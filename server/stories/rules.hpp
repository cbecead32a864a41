#pragma once
// The story rules that need no database: what a valid story is, which review step may follow
// which, and the excerpt shown in the public list. Pure, and unit-tested alone.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "stories/model.hpp"

namespace plenary::stories {

inline constexpr std::size_t max_title_length = 150;
inline constexpr std::size_t max_body_length = 20000;
inline constexpr std::size_t max_place_length = 120;
inline constexpr std::size_t max_what_worked_length = 4000;
inline constexpr std::size_t max_contact_length = 200;
inline constexpr std::size_t max_review_message_length = 4000;
inline constexpr std::size_t excerpt_length = 200;

// Every problem with the story as it would be saved, field by field; empty when it is fine.
// Expects the text already trimmed (the routes trim).
std::vector<FieldError> story_problems(const StoryInput& input);

// The story after the changes (fields not given keep their values).
StoryInput apply_changes(const StoryInput& current, const StoryChanges& changes);

// What the author or an editor asks to do to a story in its present state.
enum class Step { edit, withdraw, accept, request_changes, decline };

// The status after the step, or nothing when the step does not apply in that state (the caller
// answers 409 wrong_state). Withdrawing removes the story, so it "leads" to the state it was in.
std::optional<StoryStatus> next_status(StoryStatus current, Step step);

// Why a step does not apply, in words a person can act on.
std::string wrong_state_message(StoryStatus current, Step step);

// An editor's message asking for changes, or the reason for declining: required, bounded.
std::vector<FieldError> review_message_problems(std::string_view field, std::string_view message);

// The first words of the text, at most `limit` characters (code points), cut at a word boundary
// with "…" when cut; white space runs become single spaces.
std::string excerpt_of(std::string_view text, std::size_t limit = excerpt_length);

}  // namespace plenary::stories

namespace plenary::stories {

// The address of a story's page in the web app.
std::string story_path(std::int64_t story_id);

// Text set in Markdown exactly as written: every punctuation mark that could start markup is
// escaped with a backslash.
std::string markdown_literal(std::string_view text);

// The opening post of a published story's discussion: it names the story, links back to its page
// and quotes the excerpt, so the thread makes sense when found on its own.
std::string discussion_opening(const Story& story);

}  // namespace plenary::stories
