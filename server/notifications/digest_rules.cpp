#include "notifications/digest_rules.hpp"

#include <algorithm>

#include "core/words.hpp"

namespace plenary::notifications {
namespace {

constexpr Words<DigestChoice, 3> digest_choices{{"off", "daily", "weekly"}};

std::string without_trailing_slashes(std::string_view base_url) {
  while (base_url.ends_with('/'))
    base_url.remove_suffix(1);
  return std::string(base_url);
}

std::string actor_name(const store::Notification& notification) {
  return notification.actor ? notification.actor->display_name : "Someone";
}

std::string in_thread(const store::Notification& notification) {
  return notification.thread ? " in \"" + notification.thread->title + "\"" : "";
}

// Keeps a multi-line detail under its item.
std::string indented(std::string_view text) {
  std::string out;
  for (char c : text) {
    out += c;
    if (c == '\n')
      out += "   ";
  }
  return out;
}

std::string count_phrase(std::int64_t count) {
  return std::to_string(count) + (count == 1 ? " unread notification" : " unread notifications");
}

}  // namespace

std::optional<DigestChoice> parse_digest_choice(std::string_view text) {
  return digest_choices.parse(text);
}

std::string_view digest_choice_name(DigestChoice choice) {
  return digest_choices.name(choice);
}

std::vector<std::string> digest_choice_names() {
  return digest_choices.all();
}

std::optional<std::chrono::seconds> digest_period(DigestChoice choice) {
  switch (choice) {
    case DigestChoice::daily:
      return std::chrono::hours(24);
    case DigestChoice::weekly:
      return std::chrono::hours(24 * 7);
    case DigestChoice::off:
      break;
  }
  return std::nullopt;
}

bool digest_due(DigestChoice choice, const std::optional<TimePoint>& last_digest_at,
                TimePoint now) {
  const auto period = digest_period(choice);
  if (!period)
    return false;
  return !last_digest_at || *last_digest_at + *period <= now;
}

bool digest_restarts(DigestChoice before, DigestChoice after) {
  return before == DigestChoice::off && after != DigestChoice::off;
}

std::string digest_sentence(const store::Notification& notification) {
  const auto& kind = notification.kind;
  const auto actor = actor_name(notification);
  if (kind == "reply")
    return actor + " replied to your post" + in_thread(notification);
  if (kind == "mention")
    return actor + " mentioned you" + in_thread(notification);
  if (kind == "watched_thread")
    return actor + " posted" + in_thread(notification) + ", a thread you watch";
  if (kind == "watched_category")
    return actor + " posted" + in_thread(notification) + ", in a category you watch";
  if (kind == "post_hidden")
    return "A moderator hid your post" + in_thread(notification);
  if (kind == "suspended")
    return "You have been suspended from posting";
  if (kind == "story_submitted")
    return actor + " sent in a story for review";
  if (kind == "story_reviewed")
    return "An editor has reviewed your story";
  if (kind == "offer_received")
    return actor + " offered to help";
  if (kind == "offer_escalated")
    return "An offer to help is still waiting for an answer and has been passed to you";
  if (kind == "offer_answered")
    return "Your offer to help has been answered";
  return actor + " did something that concerns you" + in_thread(notification);
}

std::string digest_link(const store::Notification& notification, std::string_view base_url) {
  const auto base = without_trailing_slashes(base_url);
  if (notification.thread) {
    auto url = base + "/threads/" + std::to_string(notification.thread->id);
    if (notification.post_id)
      url += "?post=" + std::to_string(*notification.post_id);
    return url;
  }
  if (notification.link)
    return base + *notification.link;
  return base + "/notifications";
}

mail::OutgoingMail digest_mail(const DigestRecipient& recipient, DigestChoice choice,
                               const std::vector<store::Notification>& listed,
                               std::int64_t unread_total, std::string_view base_url) {
  const auto base = without_trailing_slashes(base_url);
  const bool weekly = choice == DigestChoice::weekly;
  const auto total = std::max<std::int64_t>(unread_total, static_cast<std::int64_t>(listed.size()));
  const auto shown = std::min(listed.size(), max_listed_in_digest);

  std::string body =
      "Hello " + recipient.name + ",\n\nYou have " + count_phrase(total) + " on Plenary:\n";
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& notification = listed[i];
    body += "\n" + std::to_string(i + 1) + ". " + digest_sentence(notification) + ".\n";
    if (!notification.detail.empty()) {
      body += "   " + std::string(notification.kind == "post_hidden" ? "Reason: " : "") +
              indented(notification.detail) + "\n";
    }
    body += "   " + digest_link(notification, base) + "\n";
  }
  const auto more = total - static_cast<std::int64_t>(shown);
  if (more > 0)
    body += "\n... and " + std::to_string(more) + " more.\n";
  body += "\nAll your notifications: " + base + "/notifications\n\n";
  body += std::string("You get this mail ") + (weekly ? "once a week" : "once a day") +
          " when you have unread notifications, because you chose a " +
          (weekly ? "weekly" : "daily") +
          " digest. To change that or stop these mails, choose under \"Notifications by email\" "
          "on your account page: " +
          base + "/profile\n";
  return {.kind = "notification_digest",
          .to_address = recipient.email,
          .to_name = recipient.name,
          .subject = "Plenary: " + count_phrase(total) + " (your " + (weekly ? "weekly" : "daily") +
                     " digest)",
          .body_text = std::move(body)};
}

}  // namespace plenary::notifications
