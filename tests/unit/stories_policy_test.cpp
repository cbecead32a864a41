// Who edits stories, who sends them in, and who reads what before a story is published.
#include <gtest/gtest.h>

#include "stories/policy.hpp"

namespace plenary::stories {
namespace {

constexpr std::int64_t author_id = 10;
constexpr std::int64_t someone_else = 11;

Story story_in(StoryStatus status) {
  Story story;
  story.id = 1;
  story.author = {author_id, "Author"};
  story.status = status;
  return story;
}

TEST(StoriesPolicy, EditorsAreAdminsTopLevelOfficersAndAppointees) {
  EXPECT_FALSE(is_editor({}));
  EXPECT_FALSE(is_editor({.signed_in = true}));
  EXPECT_TRUE(is_editor({.signed_in = true, .site_admin = true}));
  EXPECT_TRUE(is_editor({.signed_in = true, .officer_of_top_level_group = true}));
  EXPECT_TRUE(is_editor({.signed_in = true, .appointed = true}));
  // Facts about nobody make nobody an editor.
  EXPECT_FALSE(is_editor({.signed_in = false, .site_admin = true}));
}

TEST(StoriesPolicy, ReviewingNeedsAnEditorAndSaysWhy) {
  const auto signed_out = can_review({});
  EXPECT_FALSE(signed_out.allowed);
  EXPECT_EQ(signed_out.code, groups::sign_in_required);
  const auto member = can_review({.signed_in = true});
  EXPECT_FALSE(member.allowed);
  EXPECT_EQ(member.code, "not_an_editor");
  EXPECT_FALSE(member.reason.empty());
  EXPECT_TRUE(can_review({.signed_in = true, .appointed = true}).allowed);
}

TEST(StoriesPolicy, SendingInNeedsAVerifiedAddress) {
  EXPECT_EQ(can_submit({}).code, groups::sign_in_required);
  EXPECT_EQ(can_submit({.signed_in = true}).code, "email_not_verified");
  EXPECT_TRUE(can_submit({.signed_in = true, .email_verified = true}).allowed);
}

TEST(StoriesPolicy, UnpublishedStoriesAreTheAuthorsAndTheEditors) {
  for (auto status :
       {StoryStatus::submitted, StoryStatus::changes_requested, StoryStatus::declined}) {
    const auto story = story_in(status);
    EXPECT_TRUE(can_read(story, author_id, false));
    EXPECT_TRUE(can_read(story, someone_else, true));
    EXPECT_FALSE(can_read(story, someone_else, false));
    EXPECT_FALSE(can_read(story, 0, false));
  }
  const auto published = story_in(StoryStatus::published);
  EXPECT_TRUE(can_read(published, 0, false));
  EXPECT_TRUE(can_read(published, someone_else, false));
}

TEST(StoriesPolicy, PrivatePartsAreNeverForTheSignedOutOrOtherMembers) {
  const auto published = story_in(StoryStatus::published);
  EXPECT_FALSE(sees_private_parts(published, 0, false));
  EXPECT_FALSE(sees_private_parts(published, someone_else, false));
  EXPECT_TRUE(sees_private_parts(published, author_id, false));
  EXPECT_TRUE(sees_private_parts(published, someone_else, true));
  // A story whose author id is unknown (0) is not shown as "mine" to the signed out.
  auto orphan = published;
  orphan.author.id = 0;
  EXPECT_FALSE(sees_private_parts(orphan, 0, false));
}

TEST(StoriesPolicy, FlagsFollowTheStateAndTheViewer) {
  const auto waiting = story_in(StoryStatus::submitted);
  const auto author_flags = story_flags(waiting, author_id, false);
  EXPECT_TRUE(author_flags.edit);
  EXPECT_TRUE(author_flags.withdraw);
  EXPECT_FALSE(author_flags.review);
  const auto editor_flags = story_flags(waiting, someone_else, true);
  EXPECT_FALSE(editor_flags.edit);
  EXPECT_FALSE(editor_flags.withdraw);
  EXPECT_TRUE(editor_flags.review);

  const auto published = story_flags(story_in(StoryStatus::published), author_id, true);
  EXPECT_FALSE(published.edit);
  EXPECT_FALSE(published.withdraw);
  EXPECT_FALSE(published.review);

  const auto declined = story_flags(story_in(StoryStatus::declined), author_id, false);
  EXPECT_FALSE(declined.edit);
  EXPECT_TRUE(declined.withdraw);
}

}  // namespace
}  // namespace plenary::stories
