// A signed-in reader's thread page spliced from the cached shared text must be the very bytes
// the page's JSON tree would give, whatever the reader's part.
#include <gtest/gtest.h>

#include "discussions/json.hpp"
#include "discussions/page_cache.hpp"

namespace plenary::discussions {
namespace {

Thread sample_thread() {
  Thread thread;
  thread.id = 7;
  thread.category = {3, {2, "Harbour \"Quay\" Branch", false}, "Rent", "", Visibility::members};
  thread.author = {11, "Ada"};
  thread.title = "A title with \"posts\":[] in it";
  thread.tags = {"rent"};
  thread.post_count = 4;
  thread.created_at = "2026-01-01T10:00:00+00:00";
  thread.last_post_at = "2026-01-02T10:00:00+00:00";
  thread.opening_post_id = 100;
  return thread;
}

Post sample_post(std::int64_t id, std::int64_t author, int depth) {
  Post post;
  post.id = id;
  post.thread_id = 7;
  if (depth > 0) {
    post.parent_id = 100;
    post.parent_author = PersonRef{11, "Ada"};
  }
  post.depth = depth;
  post.tree_path = "x" + std::to_string(id);
  post.author = {author, "Person " + std::to_string(author)};
  post.body_source = "Some **words** with \"quotes\" and \xC3\xA9";
  post.body_html = "<p>Some <strong>words</strong> with \"quotes\" and \xC3\xA9</p>";
  post.created_at = "2026-01-01T10:00:00+00:00";
  post.thanks_count = id % 3;
  post.revision_count = 1;
  return post;
}

// The page with every kind of post: plain, edited with a note, deleted, hidden, nested.
SharedThreadPage sample_shared() {
  ThreadPage page;
  page.thread = sample_thread();
  page.next_after = "x104";
  std::vector<Post> posts = {sample_post(100, 11, 0), sample_post(101, 12, 1),
                             sample_post(102, 13, 1), sample_post(103, 12, 1),
                             sample_post(104, 14, 2)};
  posts[1].edited_at = "2026-01-01T11:00:00+00:00";
  posts[1].moderator_note = "Tidied";
  posts[2].deleted = true;
  posts[3].hidden = Hidden{"Off topic", {11, "Ada"}, "2026-01-01T12:00:00+00:00"};
  posts[4].body_html = "<p>bad \xFF byte</p>";  // replaced as the API replaces it
  for (std::size_t i = 0; i < posts.size(); ++i)
    page.posts.push_back(PostView{posts[i], {}, false, i == 4});
  auto shared = shared_part(page);
  serialize_shared(shared);
  return shared;
}

// What thread_page_json gives for the same reader: the page the uncached path sends.
std::string expected_text(const SharedThreadPage& shared, const ReaderPart& reader) {
  ThreadPage page;
  page.thread = shared.thread;
  page.next_after = shared.next_after;
  page.read = reader.read;
  page.can = reader.can;
  for (std::size_t i = 0; i < shared.posts.size(); ++i) {
    PostView view{shared.posts[i], reader.post_can[i], reader.show_hidden_body[i],
                  shared.reply_context[i]};
    view.post.thanked_by_me = reader.thanked[i];
    page.posts.push_back(view);
  }
  return json_text(thread_page_json(page));
}

ReaderPart reader_of(const SharedThreadPage& shared, PostCan can, bool moderator) {
  ReaderPart reader;
  reader.can = {true, moderator, true};
  for (std::size_t i = 0; i < shared.posts.size(); ++i) {
    reader.post_can.push_back(can);
    reader.thanked.push_back(i % 2 == 1);
    reader.show_hidden_body.push_back(moderator && shared.posts[i].hidden);
  }
  return reader;
}

TEST(DiscussionsPageText, AMembersPageIsTheBytesOfItsJsonTree) {
  const auto shared = sample_shared();
  auto reader = reader_of(shared, {.thank = true, .flag = true, .reply = true}, false);
  reader.post_can[1].edit = true;  // their own post: they get its source
  reader.post_can[1].delete_ = true;
  reader.read = {101, 103, true};
  const auto text = thread_page_text(shared, reader);
  EXPECT_EQ(text, expected_text(shared, reader));
  EXPECT_NE(text.find("\"body_source\""), std::string::npos);
}

TEST(DiscussionsPageText, AModeratorsPageShowsWhatWasHiddenAsTheTreeDoes) {
  const auto shared = sample_shared();
  PostCan everything{true, true, true, true, true, true, true};
  auto reader = reader_of(shared, everything, true);
  const auto text = thread_page_text(shared, reader);
  EXPECT_EQ(text, expected_text(shared, reader));
  EXPECT_NE(text.find("original_html"), std::string::npos);
}

TEST(DiscussionsPageText, AReaderWithNoRightsGetsTheSameBytesAsTheTree) {
  const auto shared = sample_shared();
  auto reader = reader_of(shared, {}, false);
  reader.can = {};
  EXPECT_EQ(thread_page_text(shared, reader), expected_text(shared, reader));
}

TEST(DiscussionsPageText, AnEmptyPageIsTheTreesToo) {
  ThreadPage page;
  page.thread = sample_thread();
  auto shared = shared_part(page);
  serialize_shared(shared);
  ReaderPart reader;
  EXPECT_EQ(thread_page_text(shared, reader), expected_text(shared, reader));
}

TEST(DiscussionsPageCache, KeepsTheSharedPartOfSignedInPagesBesideTheBytes) {
  PageCache cache;
  auto shared = std::make_shared<const SharedThreadPage>(sample_shared());
  cache.store_shared({7, "", 50}, shared, cache.generation(7));
  cache.store({7, "", 50}, std::make_shared<const std::string>("{}"), cache.generation(7));
  EXPECT_EQ(cache.find_shared({7, "", 50}), shared);
  EXPECT_EQ(cache.find_shared({7, "", 20}), nullptr);
  EXPECT_EQ(cache.entries(), 2u);
  EXPECT_GT(cache.bytes(), 2u);
  cache.forget_for("thread:7", "post.created");
  EXPECT_EQ(cache.find_shared({7, "", 50}), nullptr);
  EXPECT_EQ(cache.bytes(), 0u);
}

}  // namespace
}  // namespace plenary::discussions
