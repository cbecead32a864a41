#pragma once
// Story use cases. Each runs in one transaction: load, ask the policy, apply the pure rule,
// write, and tell the people concerned (notifications and mail in the same transaction).
// Returns values or an Error; never sees HTTP.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "db/database.hpp"
#include "stories/model.hpp"

namespace plenary::stories {

inline constexpr int stories_per_page = 20;
// The public category of the root group where published stories are discussed.
inline constexpr const char* discussion_category = "Stories";

// A story as one viewer may see it: what is not public is left empty unless `private_parts`.
struct StoryView {
  Story story;
  std::vector<HistoryEntry> history;
  bool private_parts = false;
  StoryCan can;
};

struct PublicPage {
  std::vector<StorySummary> stories;
  std::optional<std::string> next_cursor;
  bool can_review = false;
};

struct EditorList {
  std::vector<Editor> appointed;
  std::vector<PersonRef> by_office;
};

enum class Verdict { accept, request_changes, decline };

class Service {
 public:
  // `site` ("https://host") is where the links in mails point.
  explicit Service(const Clock& clock) : clock_(clock) {}

  Result<StoryView> submit(db::Connection& db, const Actor& actor, const StoryInput& input);
  Result<StoryView> edit(db::Connection& db, const Actor& actor, std::int64_t story_id,
                         const StoryChanges& changes);
  Status withdraw(db::Connection& db, const Actor& actor, std::int64_t story_id);
  Result<StoryView> view(db::Connection& db, const Actor* actor, std::int64_t story_id);
  Result<std::vector<StoryView>> mine(db::Connection& db, const Actor& actor);
  Result<PublicPage> published(db::Connection& db, const Actor* actor,
                               std::optional<std::int64_t> after_id);

  Result<std::vector<StoryView>> review_queue(db::Connection& db, const Actor& actor);
  // `message`: the note (accept, optional), the message (changes, required) or the reason
  // (decline, required).
  Result<StoryView> review(db::Connection& db, const Actor& actor, std::int64_t story_id,
                           Verdict verdict, const std::string& message, const std::string& site);

  Result<EditorList> editors(db::Connection& db, const Actor& actor);
  Result<Editor> appoint(db::Connection& db, const Actor& actor, std::int64_t person_id);
  Status dismiss(db::Connection& db, const Actor& actor, std::int64_t person_id);

 private:
  const Clock& clock_;
};

}  // namespace plenary::stories
