#include "accounts/session_cache.hpp"

#include <algorithm>
#include <mutex>

#include "events/rooms.hpp"

namespace plenary::accounts {

SessionCache::SessionCache(Limits limits) : limits_(limits) {}

std::optional<Actor> SessionCache::find(std::string_view token_hash, TimePoint now) const {
  std::shared_lock lock(mutex_);
  auto found = entries_.find(std::string(token_hash));
  if (found == entries_.end() || now >= found->second.valid_until)
    return std::nullopt;
  return found->second.actor;
}

std::uint64_t SessionCache::generation() const {
  return latest_.load(std::memory_order_acquire);
}

void SessionCache::store(std::string token_hash, const Actor& actor, TimePoint now,
                         TimePoint expires_at, std::uint64_t read_at) {
  const auto valid_until = std::min(expires_at, now + limits_.max_age);
  if (valid_until <= now)
    return;
  std::unique_lock lock(mutex_);
  const auto stripe = static_cast<std::uint64_t>(actor.person_id) % stripes;
  if (all_ > read_at || forgotten_at_[stripe] > read_at)
    return;
  // Bounded memory: when full, start again rather than track recency on every hit.
  if (entries_.size() >= limits_.max_entries) {
    entries_.clear();
    tokens_of_person_.clear();
  }
  auto [slot, inserted] = entries_.insert_or_assign(token_hash, Entry{actor, valid_until});
  if (inserted)
    tokens_of_person_[actor.person_id].push_back(std::move(token_hash));
}

void SessionCache::erase_person(std::int64_t person_id) {
  auto tokens = tokens_of_person_.find(person_id);
  if (tokens == tokens_of_person_.end())
    return;
  for (const auto& token : tokens->second)
    entries_.erase(token);
  tokens_of_person_.erase(tokens);
}

void SessionCache::forget_person(std::int64_t person_id) {
  std::unique_lock lock(mutex_);
  const auto now = latest_.fetch_add(1, std::memory_order_acq_rel) + 1;
  forgotten_at_[static_cast<std::uint64_t>(person_id) % stripes] = now;
  erase_person(person_id);
}

void SessionCache::forget_all() {
  std::unique_lock lock(mutex_);
  all_ = latest_.fetch_add(1, std::memory_order_acq_rel) + 1;
  entries_.clear();
  tokens_of_person_.clear();
}

void SessionCache::forget_for(std::string_view room, std::string_view /*kind*/) {
  if (auto person = events::room_id(room, "person:"))
    forget_person(*person);
}

std::size_t SessionCache::size() const {
  std::shared_lock lock(mutex_);
  return entries_.size();
}

}  // namespace plenary::accounts
