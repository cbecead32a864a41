// The pure rules of discussions: tree paths, reply-tree order and drawing, cursors, tags.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <random>

#include "discussions/rules.hpp"

namespace plenary::discussions {
namespace {

TEST(DiscussionsTreePath, AnOpeningPostIsItsIdZeroPadded) {
  EXPECT_EQ(child_path(std::nullopt, 12), "000000000012");
  EXPECT_EQ(depth_of_path("000000000012"), 0);
}

TEST(DiscussionsTreePath, AReplyExtendsItsParentsPath) {
  const auto parent = child_path(std::nullopt, 12);
  const auto reply = child_path(parent, 15);
  EXPECT_EQ(reply, "000000000012.000000000015");
  EXPECT_EQ(depth_of_path(reply), 1);
  EXPECT_EQ(depth_of_path(child_path(reply, 999'999'999'999)), 2);
}

TEST(DiscussionsTreePath, IdsOutsideTheFixedWidthAreRefused) {
  EXPECT_THROW(child_path(std::nullopt, 0), std::out_of_range);
  EXPECT_THROW(child_path(std::nullopt, 1'000'000'000'000), std::out_of_range);
}

TEST(DiscussionsTreePath, OnlyWellFormedPathsAreValid) {
  EXPECT_TRUE(valid_path("000000000012"));
  EXPECT_TRUE(valid_path("000000000012.000000000015"));
  for (const char* bad :
       {"", "12", "000000000012.", ".000000000012", "00000000001a", "000000000012..000000000015",
        "000000000012.0000000000150", "000000000012;000000000015"}) {
    EXPECT_FALSE(valid_path(bad)) << bad;
  }
}

// Byte order of the paths is the depth-first order of the tree, children oldest first, for any
// tree: the property a thread page relies on when it sorts by tree_path.
TEST(DiscussionsTreePath, SortingByPathIsDepthFirstOrderForRandomTrees) {
  std::mt19937 random(20240611);
  for (int round = 0; round < 50; ++round) {
    std::map<std::int64_t, std::optional<std::int64_t>> parent_of;
    std::map<std::int64_t, std::string> path_of;
    std::map<std::int64_t, std::vector<std::int64_t>> children;
    // Ids grow but skip values, as ids from a shared sequence do; 9 and 10 cross a digit.
    std::int64_t id = 1 + static_cast<std::int64_t>(random() % 5);
    const std::int64_t root = id;
    path_of[root] = child_path(std::nullopt, root);
    std::vector<std::int64_t> ids{root};
    for (int n = 0; n < 200; ++n) {
      id += 1 + static_cast<std::int64_t>(random() % (round % 2 ? 3 : 1000));
      const auto parent = ids[random() % ids.size()];
      parent_of[id] = parent;
      path_of[id] = child_path(path_of[parent], id);
      children[parent].push_back(id);
      ids.push_back(id);
    }
    std::vector<std::int64_t> depth_first;
    std::function<void(std::int64_t)> visit = [&](std::int64_t node) {
      depth_first.push_back(node);
      for (auto child : children[node])
        visit(child);
    };
    visit(root);

    std::vector<std::int64_t> by_path = ids;
    std::sort(by_path.begin(), by_path.end(),
              [&](auto a, auto b) { return path_of[a] < path_of[b]; });
    ASSERT_EQ(by_path, depth_first) << "round " << round;
    for (auto node : ids) {
      const int expected_depth = parent_of.contains(node) && parent_of[node]
                                     ? depth_of_path(path_of[*parent_of[node]]) + 1
                                     : 0;
      EXPECT_EQ(depth_of_path(path_of[node]), expected_depth);
    }
  }
}

TEST(DiscussionsDrawing, RepliesAreIndentedUpToFiveLevels) {
  const std::vector<std::pair<int, int>> table = {{0, 0}, {1, 1},  {4, 4}, {5, 5},
                                                  {6, 5}, {40, 5}, {-1, 0}};
  for (auto [depth, indent] : table)
    EXPECT_EQ(indent_for(depth), indent) << depth;
}

TEST(DiscussionsDrawing, InReplyToAppearsWhereIndentationCannotShowTheParent) {
  struct Case {
    int depth;
    bool parent_above;
    bool expected;
  };
  const Case table[] = {
      {0, false, false},  // the opening post
      {1, false, false},  // a reply to the opening post: the thread itself is its context
      {1, true, false},  {2, true, false},
      {5, true, false},  {2, false, true},  // its parent is on an earlier page
      {5, false, true},  {6, true, true},   // beyond the indentation limit
      {12, true, true},
  };
  for (const auto& c : table) {
    EXPECT_EQ(needs_reply_context(c.depth, c.parent_above), c.expected)
        << "depth " << c.depth << (c.parent_above ? " parent above" : " parent elsewhere");
  }
}

TEST(DiscussionsDrawing, APageContinuingAConversationNamesTheParentsItDoesNotShow) {
  // A page that starts in the middle of a conversation: 20 and 21 answer posts on the previous
  // page; 22 answers 21 on this page; 30 sits at depth 6 under 22's chain.
  const std::vector<TreeEntry> page = {
      {20, 11, 2}, {21, 11, 2}, {22, 21, 3}, {23, 22, 4}, {24, 23, 5}, {30, 24, 6}, {31, 1, 1},
  };
  const std::vector<bool> expected = {true, true, false, false, false, true, false};
  EXPECT_EQ(reply_context_for_page(page), expected);
}

TEST(DiscussionsCursors, APostCursorRoundTripsAndHidesThePath) {
  const std::string path = "000000000012.000000000015";
  const auto cursor = encode_post_cursor(path);
  EXPECT_EQ(cursor.find('.'), std::string::npos);
  EXPECT_EQ(cursor.find('='), std::string::npos);
  EXPECT_EQ(decode_post_cursor(cursor), path);
}

TEST(DiscussionsCursors, DamagedPostCursorsDecodeToNothing) {
  for (const char* bad : {"", "!!!", "MDAw", "a", "MDAwMDAwMDAwMDEy.", "MDAwMDAwMDAwMDEyX"}) {
    EXPECT_FALSE(decode_post_cursor(bad)) << bad;
  }
  EXPECT_FALSE(decode_post_cursor(base64url_encode("000000000012' OR 1=1 --")));
  EXPECT_FALSE(decode_post_cursor(std::string(5000, 'A')));
}

TEST(DiscussionsCursors, Base64UrlMatchesKnownVectors) {
  const std::vector<std::pair<std::string, std::string>> vectors = {
      {"", ""},        {"f", "Zg"},        {"fo", "Zm8"},
      {"foo", "Zm9v"}, {"foob", "Zm9vYg"}, {"\xfb\xff", "-_8"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(base64url_encode(plain), encoded);
    EXPECT_EQ(base64url_decode(encoded), plain);
  }
  EXPECT_FALSE(base64url_decode("Zh"));  // non-zero padding bits: not a canonical encoding
  EXPECT_FALSE(base64url_decode("Z"));
  EXPECT_FALSE(base64url_decode("Zm9v+"));
}

TEST(DiscussionsCursors, AThreadCursorRoundTrips) {
  for (bool pinned : {true, false}) {
    const ThreadCursor cursor{pinned, "2026-11-21T05:54:37.123456+00:00", 42};
    auto decoded = decode_thread_cursor(encode_thread_cursor(cursor));
    ASSERT_TRUE(decoded);
    EXPECT_EQ(decoded->pinned, pinned);
    EXPECT_EQ(decoded->last_post_at, cursor.last_post_at);
    EXPECT_EQ(decoded->thread_id, 42);
  }
}

TEST(DiscussionsCursors, DamagedThreadCursorsDecodeToNothing) {
  for (const std::string plain : {"x|1|2026-01-01", "p|0|2026-01-01", "p|-3|2026-01-01", "p|1|",
                                  "p|1|2026'; DROP", "p1|2026-01-01", "u|12a|2026-01-01"}) {
    EXPECT_FALSE(decode_thread_cursor(base64url_encode(plain))) << plain;
  }
  EXPECT_FALSE(decode_thread_cursor("not base64!"));
}

TEST(DiscussionsTags, TagsAreTrimmedLowerCasedAndDeduplicated) {
  auto check = normalise_tags({" Housing ", "housing", "HOUSING", "Rent strike"});
  EXPECT_FALSE(check.problem);
  EXPECT_EQ(check.tags, (std::vector<std::string>{"housing", "rent strike"}));
}

TEST(DiscussionsTags, AtMostFiveTagsOfOneToThirtyCharacters) {
  EXPECT_FALSE(normalise_tags({"a", "b", "c", "d", "e"}).problem);
  EXPECT_TRUE(normalise_tags({"a", "b", "c", "d", "e", "f"}).problem);
  // Six given, five after duplicates are dropped: fine.
  EXPECT_FALSE(normalise_tags({"a", "b", "c", "d", "e", "E"}).problem);
  EXPECT_TRUE(normalise_tags({"   "}).problem);
  EXPECT_FALSE(normalise_tags({std::string(30, 'x')}).problem);
  EXPECT_TRUE(normalise_tags({std::string(31, 'x')}).problem);
  // Length counts characters, not bytes.
  EXPECT_FALSE(normalise_tags({"ü" + std::string(29, 'x')}).problem);
  EXPECT_TRUE(normalise_tags({"two\nlines"}).problem);
}

}  // namespace
}  // namespace plenary::discussions
