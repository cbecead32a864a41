#include "stories/policy.hpp"

#include "stories/rules.hpp"

namespace plenary::stories {

bool is_editor(const EditorFacts& facts) {
  return facts.signed_in &&
         (facts.site_admin || facts.officer_of_top_level_group || facts.appointed);
}

groups::Decision can_submit(const groups::ViewerIdentity& viewer) {
  if (!viewer.signed_in)
    return groups::Decision::deny("Sign in to send in a story.", groups::sign_in_required);
  if (!viewer.email_verified) {
    return groups::Decision::deny(
        "Verify your email address before you send in a story: open the link we mailed you.",
        "email_not_verified");
  }
  return groups::Decision::allow();
}

groups::Decision can_review(const EditorFacts& facts) {
  if (!facts.signed_in)
    return groups::Decision::deny("Sign in to review stories.", groups::sign_in_required);
  if (!is_editor(facts)) {
    return groups::Decision::deny(
        "Only story editors review stories: site admins, officers of the organisation's "
        "top-level groups and the people they appoint.",
        "not_an_editor");
  }
  return groups::Decision::allow();
}

bool can_read(const Story& story, std::int64_t viewer_id, bool editor) {
  return story.status == StoryStatus::published || sees_private_parts(story, viewer_id, editor);
}

bool sees_private_parts(const Story& story, std::int64_t viewer_id, bool editor) {
  return editor || (viewer_id != 0 && viewer_id == story.author.id);
}

StoryCan story_flags(const Story& story, std::int64_t viewer_id, bool editor) {
  const bool author = viewer_id != 0 && viewer_id == story.author.id;
  return {.edit = author && next_status(story.status, Step::edit).has_value(),
          .review = editor && next_status(story.status, Step::accept).has_value(),
          .withdraw = author && next_status(story.status, Step::withdraw).has_value()};
}

}  // namespace plenary::stories
