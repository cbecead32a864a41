#pragma once
// Sessions this process has read lately, so that a request does not read its session again
// while nothing about it changed. A revoked session must stop working in every process, and
// several processes share one database: an entry is dropped when any event in the person's room
// arrives through LISTEN/NOTIFY (accounts publishes one whenever it revokes a session or changes
// what an Actor carries), and the process that made the change drops it at once. An entry lives
// at most `max_age`, and never past the session's own expiry, so the database still has the last
// word about idle expiry and last-seen times.
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/actor.hpp"
#include "core/clock.hpp"

namespace plenary::accounts {

struct SessionCacheLimits {
  std::size_t max_entries = 100'000;
  std::chrono::seconds max_age{60};
};

class SessionCache {
 public:
  using Limits = SessionCacheLimits;
  explicit SessionCache(Limits limits = {});

  std::optional<Actor> find(std::string_view token_hash, TimePoint now) const;

  // Taken before the database is read; store() keeps what was read only when the person was not
  // forgotten meanwhile (what was read may predate a revocation).
  std::uint64_t generation() const;
  void store(std::string token_hash, const Actor& actor, TimePoint now, TimePoint expires_at,
             std::uint64_t read_at);

  void forget_person(std::int64_t person_id);
  void forget_all();
  // A live event from any process: anything in a person's room may concern their sessions.
  void forget_for(std::string_view room, std::string_view kind);

  std::size_t size() const;

 private:
  struct Entry {
    Actor actor;
    TimePoint valid_until;
  };
  void erase_person(std::int64_t person_id);

  Limits limits_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::unordered_map<std::int64_t, std::vector<std::string>> tokens_of_person_;
  // Each forget takes the next number; a person's stripe (their id's remainder) and `all_` remember
  // the latest that concerned them, which a store compares with the number it started at.
  static constexpr std::size_t stripes = 256;
  std::atomic<std::uint64_t> latest_{0};
  std::uint64_t all_ = 0;
  std::array<std::uint64_t, stripes> forgotten_at_{};
};

}  // namespace plenary::accounts
