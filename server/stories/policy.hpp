#pragma once
// Who may do what with stories: the one place these rules are written. Pure. Reading a published
// story needs no permission; everything before publication is the author's and the editors'.
#include <cstdint>

#include "groups/policy.hpp"
#include "stories/model.hpp"

namespace plenary::stories {

// Site admins, officers and admins of a top-level group, and the people they appointed.
bool is_editor(const EditorFacts& facts);

// Anyone signed in with a verified email address sends in stories.
groups::Decision can_submit(const groups::ViewerIdentity& viewer);

// The review queue, the review steps and appointing editors.
groups::Decision can_review(const EditorFacts& facts);

// Published stories are public; the others only for their author and the editors.
bool can_read(const Story& story, std::int64_t viewer_id, bool editor);

// What the story page may offer this viewer (the state rules are applied too).
StoryCan story_flags(const Story& story, std::int64_t viewer_id, bool editor);

// Whether the viewer sees what is not public: the markdown source, the editor's message, the
// contact line, the history.
bool sees_private_parts(const Story& story, std::int64_t viewer_id, bool editor);

}  // namespace plenary::stories
