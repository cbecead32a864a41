#include "stories/json.hpp"

namespace plenary::stories {
namespace {

nlohmann::json optional_json(const std::optional<std::string>& text) {
  return text ? nlohmann::json(*text) : nlohmann::json(nullptr);
}

nlohmann::json group_json(const std::optional<GroupRef>& group) {
  if (!group)
    return nullptr;
  return {{"id", group->id}, {"name", group->name}};
}

nlohmann::json history_json(const std::vector<HistoryEntry>& history) {
  auto list = nlohmann::json::array();
  for (const auto& entry : history) {
    list.push_back({{"at", entry.at},
                    {"by", entry.actor ? person_json(*entry.actor) : nlohmann::json(nullptr)},
                    {"action", story_action_words.name(entry.action)},
                    {"note", entry.note}});
  }
  return list;
}

}  // namespace

nlohmann::json person_json(const PersonRef& person) {
  return {{"id", person.id}, {"display_name", person.display_name}};
}

nlohmann::json story_json(const StoryView& view) {
  const auto& story = view.story;
  nlohmann::json json{
      {"id", story.id},
      {"title", story.title},
      {"body_html", story.body_html},
      {"place", story.place},
      {"what_worked_html", story.what_worked_html},
      {"group", group_json(story.group)},
      {"author", person_json(story.author)},
      {"status", story_status_words.name(story.status)},
      {"published_at", optional_json(story.published_at)},
      {"thread_id", story.thread_id ? nlohmann::json(*story.thread_id) : nlohmann::json(nullptr)}};
  if (view.private_parts) {
    json["body_markdown"] = story.body_markdown;
    json["what_worked"] = story.what_worked;
    json["contact"] = story.contact;
    json["review_message"] = optional_json(story.review_message);
    json["reviewed_by"] =
        story.reviewed_by ? person_json(*story.reviewed_by) : nlohmann::json(nullptr);
    json["reviewed_at"] = optional_json(story.reviewed_at);
    json["submitted_at"] = story.submitted_at;
    json["updated_at"] = story.updated_at;
    json["history"] = history_json(view.history);
    json["can"] = can_json(view.can);
  }
  return json;
}

nlohmann::json can_json(const StoryCan& can) {
  return {{"edit", can.edit}, {"review", can.review}, {"withdraw", can.withdraw}};
}

nlohmann::json summary_json(const StorySummary& summary) {
  return {{"id", summary.id},
          {"title", summary.title},
          {"place", summary.place},
          {"group", group_json(summary.group)},
          {"author", person_json(summary.author)},
          {"published_at", summary.published_at},
          {"excerpt", summary.excerpt}};
}

nlohmann::json editor_json(const Editor& editor) {
  return {{"person", person_json(editor.person)},
          {"appointed_by",
           editor.appointed_by ? person_json(*editor.appointed_by) : nlohmann::json(nullptr)},
          {"appointed_at", editor.appointed_at}};
}

}  // namespace plenary::stories
