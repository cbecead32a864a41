#include "accounts/session_cache.hpp"

#include <gtest/gtest.h>

namespace plenary::accounts {
namespace {

using namespace std::chrono_literals;

const TimePoint start{std::chrono::seconds(1'800'000'000)};

Actor actor_of(std::int64_t person_id, std::int64_t session_id) {
  Actor actor;
  actor.person_id = person_id;
  actor.session_id = session_id;
  actor.display_name = "Person " + std::to_string(person_id);
  actor.csrf_token = "csrf-" + std::to_string(session_id);
  return actor;
}

TEST(AccountsSessionCache, FindsAStoredSessionByItsTokenHash) {
  SessionCache cache;
  cache.store("hash-a", actor_of(7, 70), start, start + 14 * 24h, cache.generation());
  auto found = cache.find("hash-a", start + 1s);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->person_id, 7);
  EXPECT_EQ(found->session_id, 70);
  EXPECT_EQ(found->csrf_token, "csrf-70");
  EXPECT_FALSE(cache.find("hash-b", start + 1s));
}

TEST(AccountsSessionCache, AnEntryLivesAtMostItsMaximumAge) {
  SessionCache cache({.max_entries = 10, .max_age = 60s});
  cache.store("hash-a", actor_of(7, 70), start, start + 14 * 24h, cache.generation());
  EXPECT_TRUE(cache.find("hash-a", start + 59s));
  EXPECT_FALSE(cache.find("hash-a", start + 60s));
}

TEST(AccountsSessionCache, AnEntryNeverOutlivesItsSession) {
  SessionCache cache;
  cache.store("hash-a", actor_of(7, 70), start, start + 20s, cache.generation());
  EXPECT_TRUE(cache.find("hash-a", start + 19s));
  EXPECT_FALSE(cache.find("hash-a", start + 20s));
  cache.store("hash-b", actor_of(8, 80), start, start - 1s, cache.generation());
  EXPECT_FALSE(cache.find("hash-b", start));
}

TEST(AccountsSessionCache, AnyEventInThePersonsRoomForgetsAllTheirSessions) {
  SessionCache cache;
  cache.store("laptop", actor_of(7, 70), start, start + 24h, cache.generation());
  cache.store("phone", actor_of(7, 71), start, start + 24h, cache.generation());
  cache.store("other", actor_of(8, 80), start, start + 24h, cache.generation());
  cache.forget_for("thread:7", "post.created");  // not a person's room
  EXPECT_TRUE(cache.find("laptop", start));
  cache.forget_for("person:7", "session.revoked");
  EXPECT_FALSE(cache.find("laptop", start));
  EXPECT_FALSE(cache.find("phone", start));
  EXPECT_TRUE(cache.find("other", start));
  EXPECT_EQ(cache.size(), 1u);
}

TEST(AccountsSessionCache, ASessionReadBeforeItsPersonWasForgottenIsNotKept) {
  SessionCache cache;
  const auto read_at = cache.generation();
  cache.forget_person(7);  // e.g. revoked while the request was reading the session
  cache.store("laptop", actor_of(7, 70), start, start + 24h, read_at);
  EXPECT_FALSE(cache.find("laptop", start));
  // Someone else's change does not stop it (unless they share a stripe: 7 + 256 does).
  const auto later = cache.generation();
  cache.forget_person(8);
  cache.store("laptop", actor_of(7, 70), start, start + 24h, later);
  EXPECT_TRUE(cache.find("laptop", start));
  const auto again = cache.generation();
  cache.forget_person(7 + 256);
  cache.store("phone", actor_of(7, 71), start, start + 24h, again);
  EXPECT_FALSE(cache.find("phone", start));
}

TEST(AccountsSessionCache, ForgettingEverythingStopsStoresThatStartedBefore) {
  SessionCache cache;
  cache.store("laptop", actor_of(7, 70), start, start + 24h, cache.generation());
  const auto read_at = cache.generation();
  cache.forget_all();
  EXPECT_FALSE(cache.find("laptop", start));
  cache.store("phone", actor_of(9, 90), start, start + 24h, read_at);
  EXPECT_FALSE(cache.find("phone", start));
}

TEST(AccountsSessionCache, MemoryStaysWithinItsBound) {
  SessionCache cache({.max_entries = 3, .max_age = 60s});
  for (int i = 1; i <= 10; ++i) {
    cache.store("hash-" + std::to_string(i), actor_of(i, i * 10), start, start + 24h,
                cache.generation());
    EXPECT_LE(cache.size(), 3u);
  }
  EXPECT_TRUE(cache.find("hash-10", start));
}

}  // namespace
}  // namespace plenary::accounts
