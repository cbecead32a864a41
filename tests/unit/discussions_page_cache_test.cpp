#include "discussions/page_cache.hpp"

#include <gtest/gtest.h>

namespace plenary::discussions {
namespace {

using namespace std::chrono_literals;

struct FakeTime {
  std::chrono::steady_clock::time_point now{};
  PageCache::Now function() {
    return [this] { return now; };
  }
};

std::shared_ptr<const std::string> bytes(std::string text) {
  return std::make_shared<const std::string>(std::move(text));
}

TEST(DiscussionsPageCache, KeepsAPageByThreadCursorAndLimit) {
  PageCache cache;
  cache.store({7, "", 50}, bytes("first page"), cache.generation(7));
  ASSERT_NE(cache.find({7, "", 50}), nullptr);
  EXPECT_EQ(*cache.find({7, "", 50}), "first page");
  EXPECT_EQ(cache.find({7, "", 20}), nullptr);
  EXPECT_EQ(cache.find({7, "000000000001", 50}), nullptr);
  EXPECT_EQ(cache.find({8, "", 50}), nullptr);
  EXPECT_EQ(cache.find({7, "", 50, true}), nullptr);  // the gzip copy is a page of its own
}

TEST(DiscussionsPageCache, AThreadEventForgetsOnlyThatThread) {
  PageCache cache;
  cache.store({7, "", 50}, bytes("seven"), cache.generation(7));
  cache.store({7, "000000000009", 50}, bytes("seven, page two"), cache.generation(7));
  cache.store({7, "", 50, true}, bytes("seven, gzipped"), cache.generation(7));
  cache.store({8, "", 50}, bytes("eight"), cache.generation(8));
  cache.forget_for("thread:7", "post.created");
  EXPECT_EQ(cache.find({7, "", 50}), nullptr);
  EXPECT_EQ(cache.find({7, "000000000009", 50}), nullptr);
  EXPECT_EQ(cache.find({7, "", 50, true}), nullptr);
  EXPECT_NE(cache.find({8, "", 50}), nullptr);
  EXPECT_EQ(cache.bytes(), std::string("eight").size());
}

TEST(DiscussionsPageCache, VisibilityAndNameChangesForgetEverything) {
  for (const auto& [room, kind] :
       std::vector<std::pair<std::string, std::string>>{{"category:3", "access.changed"},
                                                        {"category:3", "category.updated"},
                                                        {"group:2", "group.updated"}}) {
    PageCache cache;
    cache.store({8, "", 50}, bytes("eight"), cache.generation(8));
    cache.forget_for(room, kind);
    EXPECT_EQ(cache.find({8, "", 50}), nullptr) << room << " " << kind;
    EXPECT_EQ(cache.entries(), 0u);
  }
}

TEST(DiscussionsPageCache, EventsThatChangeNoThreadPageKeepIt) {
  PageCache cache;
  cache.store({8, "", 50}, bytes("eight"), cache.generation(8));
  // Every reply also announces its thread in the category room: the thread room covers it.
  cache.forget_for("category:3", "thread.updated");
  cache.forget_for("category:3", "thread.created");
  cache.forget_for("group:2", "member.added");
  cache.forget_for("person:5", "notification.created");
  cache.forget_for("ballot:4", "ballot.updated");
  EXPECT_NE(cache.find({8, "", 50}), nullptr);
}

TEST(DiscussionsPageCache, APageReadBeforeAChangeIsNotKept) {
  PageCache cache;
  const auto before = cache.generation(7);
  // The reply commits and its event arrives while the reader is still building its page.
  cache.forget_for("thread:7", "post.created");
  cache.store({7, "", 50}, bytes("without the reply"), before);
  EXPECT_EQ(cache.find({7, "", 50}), nullptr);
  cache.store({7, "", 50}, bytes("with the reply"), cache.generation(7));
  EXPECT_EQ(*cache.find({7, "", 50}), "with the reply");
}

TEST(DiscussionsPageCache, AChangeElsewhereDoesNotStopAReaderStoring) {
  PageCache cache;
  const auto before = cache.generation(7);
  cache.forget_for("thread:8", "post.created");
  cache.store({7, "", 50}, bytes("seven"), before);
  EXPECT_NE(cache.find({7, "", 50}), nullptr);

  const auto again = cache.generation(7);
  cache.forget_for("category:3", "access.changed");
  cache.store({7, "", 50}, bytes("seven"), again);
  EXPECT_EQ(cache.find({7, "", 50}), nullptr);
}

TEST(DiscussionsPageCache, PagesExpireAfterTheMaximumAge) {
  FakeTime time;
  PageCache cache({.max_age = 5s}, time.function());
  cache.store({7, "", 50}, bytes("seven"), cache.generation(7));
  time.now += 4s;
  EXPECT_NE(cache.find({7, "", 50}), nullptr);
  time.now += 2s;
  EXPECT_EQ(cache.find({7, "", 50}), nullptr);
}

TEST(DiscussionsPageCache, MemoryStaysWithinItsBound) {
  PageCache cache({.max_bytes = 100});
  for (int thread = 1; thread <= 50; ++thread)
    cache.store({thread, "", 50}, bytes(std::string(30, 'x')), cache.generation(thread));
  EXPECT_LE(cache.bytes(), 100u);
  EXPECT_NE(cache.find({50, "", 50}), nullptr);
  cache.store({51, "", 50}, bytes(std::string(101, 'x')), cache.generation(51));
  EXPECT_EQ(cache.find({51, "", 50}), nullptr);
}

TEST(DiscussionsPageCache, ReplacingAPageCountsItsBytesOnce) {
  PageCache cache;
  cache.store({7, "", 50}, bytes("12345"), cache.generation(7));
  cache.store({7, "", 50}, bytes("123"), cache.generation(7));
  EXPECT_EQ(cache.bytes(), 3u);
  EXPECT_EQ(cache.entries(), 1u);
}

// ---- Pages as one signed-in reader sees them ---------------------------------------------------

TEST(DiscussionsPageCache, KeepsAReadersPageForThatReaderOnly) {
  PageCache cache;
  cache.store_reader({7, "", 50}, 41, bytes("as 41 sees it"), cache.reader_generation(7, 41));
  ASSERT_NE(cache.find_reader({7, "", 50}, 41), nullptr);
  EXPECT_EQ(*cache.find_reader({7, "", 50}, 41), "as 41 sees it");
  EXPECT_EQ(cache.find_reader({7, "", 50}, 42), nullptr);
  EXPECT_EQ(cache.find_reader({7, "", 20}, 41), nullptr);
  EXPECT_EQ(cache.find({7, "", 50}), nullptr);  // never served to someone signed out
  EXPECT_EQ(cache.reader_bytes(), std::string("as 41 sees it").size());
  EXPECT_EQ(cache.bytes(), 0u);
}

TEST(DiscussionsPageCache, AReadersPagesGoWithTheThreadAndWithTheirMembershipsOrAccount) {
  PageCache cache;
  auto keep = [&](std::int64_t thread, std::int64_t person) {
    cache.store_reader({thread, "", 50}, person, bytes("page"),
                       cache.reader_generation(thread, person));
  };
  keep(7, 41);
  keep(8, 41);
  keep(8, 42);
  cache.forget_for("thread:7", "post.created");
  EXPECT_EQ(cache.find_reader({7, "", 50}, 41), nullptr);
  EXPECT_NE(cache.find_reader({8, "", 50}, 41), nullptr);

  cache.forget_for("person:41", "membership.changed");
  EXPECT_EQ(cache.find_reader({8, "", 50}, 41), nullptr);
  EXPECT_NE(cache.find_reader({8, "", 50}, 42), nullptr);

  keep(8, 41);
  cache.forget_for("person:41", "notification.created");  // changes no page
  EXPECT_NE(cache.find_reader({8, "", 50}, 41), nullptr);
  cache.forget_for("person:41", "account.updated");
  EXPECT_EQ(cache.find_reader({8, "", 50}, 41), nullptr);

  keep(8, 41);
  cache.forget_person(41);  // they read or watched through this process
  EXPECT_EQ(cache.find_reader({8, "", 50}, 41), nullptr);
}

TEST(DiscussionsPageCache, AReadersPageReadBeforeTheirChangeIsNotKept) {
  PageCache cache;
  const auto before_change = cache.reader_generation(7, 41);
  cache.forget_person(41);
  cache.store_reader({7, "", 50}, 41, bytes("stale"), before_change);
  EXPECT_EQ(cache.find_reader({7, "", 50}, 41), nullptr);

  const auto before_thread_change = cache.reader_generation(7, 41);
  cache.forget_thread(7);
  cache.store_reader({7, "", 50}, 41, bytes("stale"), before_thread_change);
  EXPECT_EQ(cache.find_reader({7, "", 50}, 41), nullptr);
}

TEST(DiscussionsPageCache, ReadersPagesExpireAfterTheMaximumAge) {
  FakeTime time;
  PageCache cache({.max_age = 5s}, time.function());
  cache.store_reader({7, "", 50}, 41, bytes("page"), cache.reader_generation(7, 41));
  time.now += 4s;
  EXPECT_NE(cache.find_reader({7, "", 50}, 41), nullptr);
  time.now += 2s;
  EXPECT_EQ(cache.find_reader({7, "", 50}, 41), nullptr);
}

TEST(DiscussionsPageCache, ManyReadersNeverPushTheSharedPagesOut) {
  PageCache cache({.max_bytes = 1000, .max_reader_bytes = 100});
  cache.store({7, "", 50}, bytes("the signed-out page"), cache.generation(7));
  for (std::int64_t person = 1; person <= 50; ++person)
    cache.store_reader({7, "", 50}, person, bytes(std::string(30, 'x')),
                       cache.reader_generation(7, person));
  EXPECT_LE(cache.reader_bytes(), 100u);
  EXPECT_NE(cache.find_reader({7, "", 50}, 50), nullptr);
  EXPECT_NE(cache.find({7, "", 50}), nullptr);
  EXPECT_EQ(cache.bytes(), std::string("the signed-out page").size());
}

}  // namespace
}  // namespace plenary::discussions
