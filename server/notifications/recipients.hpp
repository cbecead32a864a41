#pragma once
// Who hears of a new post, and why: one notification per person, for the strongest reason
// (a reply to you, then a mention of you, then a thread you watch, then a category you watch),
// never to the author. Whether each may read the post is asked of the policy afterwards. Pure.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace plenary::notifications {

enum class Reason { reply, mention, watched_thread, watched_category };

std::string_view reason_kind(Reason reason);

struct Interested {
  std::int64_t author_id = 0;
  std::optional<std::int64_t> parent_author_id;
  std::vector<std::int64_t> mentioned;
  std::vector<std::int64_t> thread_watchers;
  std::vector<std::int64_t> category_watchers;
};

struct Recipient {
  std::int64_t person_id = 0;
  Reason reason = Reason::reply;
  bool operator==(const Recipient&) const = default;
};

// Ordered by person id, so that the same post always produces the same notifications.
std::vector<Recipient> plan_recipients(const Interested& interested);

}  // namespace plenary::notifications
