#include "notifications/recipients.hpp"

#include <map>

namespace plenary::notifications {

std::string_view reason_kind(Reason reason) {
  switch (reason) {
    case Reason::reply:
      return "reply";
    case Reason::mention:
      return "mention";
    case Reason::watched_thread:
      return "watched_thread";
    case Reason::watched_category:
      return "watched_category";
  }
  return "watched_category";
}

std::vector<Recipient> plan_recipients(const Interested& interested) {
  std::map<std::int64_t, Reason> strongest;
  auto consider = [&](std::int64_t person_id, Reason reason) {
    if (person_id == interested.author_id)
      return;
    auto [place, inserted] = strongest.emplace(person_id, reason);
    // Reasons are declared strongest first.
    if (!inserted && reason < place->second)
      place->second = reason;
  };
  if (interested.parent_author_id)
    consider(*interested.parent_author_id, Reason::reply);
  for (auto id : interested.mentioned)
    consider(id, Reason::mention);
  for (auto id : interested.thread_watchers)
    consider(id, Reason::watched_thread);
  for (auto id : interested.category_watchers)
    consider(id, Reason::watched_category);

  std::vector<Recipient> recipients;
  recipients.reserve(strongest.size());
  for (const auto& [person_id, reason] : strongest)
    recipients.push_back({person_id, reason});
  return recipients;
}

}  // namespace plenary::notifications
