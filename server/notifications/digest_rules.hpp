#pragma once
// The rules of notification digests, free of I/O: when a person's digest is due, and the mail
// that tells them what they have not read.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "mail/outbox.hpp"
#include "notifications/store.hpp"

namespace plenary::notifications {

enum class DigestChoice { off, daily, weekly };

std::optional<DigestChoice> parse_digest_choice(std::string_view text);
std::string_view digest_choice_name(DigestChoice choice);
std::vector<std::string> digest_choice_names();

// How long a digest waits after the previous one; nothing when there is no digest.
std::optional<std::chrono::seconds> digest_period(DigestChoice choice);

// A digest is due once its period has passed since the previous one, and at once when there has
// been none since it was chosen.
bool digest_due(DigestChoice choice, const std::optional<TimePoint>& last_digest_at, TimePoint now);

// Turning a digest on (from off) starts it afresh: the first comes the next time digests are
// sent. Changing between daily and weekly keeps the time of the previous one.
bool digest_restarts(DigestChoice before, DigestChoice after);

// A digest lists at most this many notifications and says how many more there are.
inline constexpr std::size_t max_listed_in_digest = 50;

// The sentence a digest shows for a notification ("Ada replied to your post in "Budget"").
std::string digest_sentence(const store::Notification& notification);

// Where a notification leads: its post, its thread, the page it names, or the notification list.
std::string digest_link(const store::Notification& notification, std::string_view base_url);

struct DigestRecipient {
  std::string email;
  std::string name;
};

// `listed` are the unread notifications, oldest first (at most max_listed_in_digest are shown);
// `unread_total` counts all of them.
mail::OutgoingMail digest_mail(const DigestRecipient& recipient, DigestChoice choice,
                               const std::vector<store::Notification>& listed,
                               std::int64_t unread_total, std::string_view base_url);

}  // namespace plenary::notifications
