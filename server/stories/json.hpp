#pragma once
// Stories as the API shows them (see /api/v1/stories in openapi.json). The contact line, the
// Markdown source, the editor's message and the history appear only in a view whose
// private_parts is set: the author's and the editors'.
#include <nlohmann/json.hpp>

#include "stories/service.hpp"

namespace plenary::stories {

nlohmann::json story_json(const StoryView& view);
nlohmann::json can_json(const StoryCan& can);
nlohmann::json summary_json(const StorySummary& summary);
nlohmann::json editor_json(const Editor& editor);
nlohmann::json person_json(const PersonRef& person);

}  // namespace plenary::stories
