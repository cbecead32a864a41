// What a valid story is, which review step may follow which, the public excerpt and the opening
// post of a published story's discussion.
#include <gtest/gtest.h>

#include <string>

#include "stories/mails.hpp"
#include "stories/rules.hpp"

namespace plenary::stories {
namespace {

StoryInput good_story() {
  return {.title = "How we kept the library open",
          .body = "We collected 2,000 signatures in a fortnight.",
          .place = "Riverside",
          .what_worked = "Stalls outside the library on Saturdays.",
          .contact = "07700 900123",
          .group_id = std::nullopt};
}

bool has_field(const std::vector<FieldError>& problems, const std::string& field) {
  for (const auto& problem : problems) {
    if (problem.field == field)
      return true;
  }
  return false;
}

TEST(StoriesRules, AGoodStoryHasNoProblems) {
  EXPECT_TRUE(story_problems(good_story()).empty());
  auto minimal = good_story();
  minimal.place.clear();
  minimal.what_worked.clear();
  minimal.contact.clear();
  EXPECT_TRUE(story_problems(minimal).empty());
}

TEST(StoriesRules, TitleAndBodyAreRequired) {
  auto story = good_story();
  story.title.clear();
  story.body.clear();
  const auto problems = story_problems(story);
  EXPECT_EQ(problems.size(), 2u);
  EXPECT_TRUE(has_field(problems, "title"));
  EXPECT_TRUE(has_field(problems, "body"));
}

TEST(StoriesRules, LengthsAreCountedInCharactersNotBytes) {
  auto story = good_story();
  std::string title;
  for (std::size_t i = 0; i < max_title_length; ++i)
    title += "é";  // two bytes each
  story.title = title;
  EXPECT_TRUE(story_problems(story).empty());
  story.title += "é";
  EXPECT_TRUE(has_field(story_problems(story), "title"));
}

TEST(StoriesRules, EveryOptionalFieldHasItsLimit) {
  auto story = good_story();
  story.place = std::string(max_place_length + 1, 'p');
  story.what_worked = std::string(max_what_worked_length + 1, 'w');
  story.contact = std::string(max_contact_length + 1, 'c');
  story.body = std::string(max_body_length + 1, 'b');
  const auto problems = story_problems(story);
  EXPECT_TRUE(has_field(problems, "place"));
  EXPECT_TRUE(has_field(problems, "what_worked"));
  EXPECT_TRUE(has_field(problems, "contact"));
  EXPECT_TRUE(has_field(problems, "body"));
  EXPECT_FALSE(has_field(problems, "title"));
}

TEST(StoriesRules, ChangesKeepWhatIsNotGiven) {
  StoryChanges changes;
  changes.title = "A new title";
  changes.group_id = std::optional<std::int64_t>{7};
  auto changed = apply_changes(good_story(), changes);
  EXPECT_EQ(changed.title, "A new title");
  EXPECT_EQ(changed.body, good_story().body);
  EXPECT_EQ(changed.contact, good_story().contact);
  EXPECT_EQ(changed.group_id, std::optional<std::int64_t>(7));

  StoryChanges clear;
  clear.group_id = std::optional<std::int64_t>{};
  EXPECT_FALSE(apply_changes(changed, clear).group_id.has_value());
  EXPECT_EQ(apply_changes(changed, StoryChanges{}).group_id, std::optional<std::int64_t>(7));
}

TEST(StoriesRules, AuthorsEditWhileTheStoryWaitsAndEditingSendsItBack) {
  EXPECT_EQ(next_status(StoryStatus::submitted, Step::edit), StoryStatus::submitted);
  EXPECT_EQ(next_status(StoryStatus::changes_requested, Step::edit), StoryStatus::submitted);
  EXPECT_FALSE(next_status(StoryStatus::declined, Step::edit));
  EXPECT_FALSE(next_status(StoryStatus::published, Step::edit));
}

TEST(StoriesRules, WithdrawingIsPossibleUntilPublished) {
  EXPECT_TRUE(next_status(StoryStatus::submitted, Step::withdraw));
  EXPECT_TRUE(next_status(StoryStatus::changes_requested, Step::withdraw));
  EXPECT_TRUE(next_status(StoryStatus::declined, Step::withdraw));
  EXPECT_FALSE(next_status(StoryStatus::published, Step::withdraw));
}

TEST(StoriesRules, ReviewStepsApplyOnlyToWaitingStories) {
  EXPECT_EQ(next_status(StoryStatus::submitted, Step::accept), StoryStatus::published);
  EXPECT_EQ(next_status(StoryStatus::changes_requested, Step::accept), StoryStatus::published);
  EXPECT_EQ(next_status(StoryStatus::submitted, Step::request_changes),
            StoryStatus::changes_requested);
  EXPECT_FALSE(next_status(StoryStatus::changes_requested, Step::request_changes));
  EXPECT_EQ(next_status(StoryStatus::submitted, Step::decline), StoryStatus::declined);
  EXPECT_EQ(next_status(StoryStatus::changes_requested, Step::decline), StoryStatus::declined);
  for (auto step : {Step::accept, Step::request_changes, Step::decline}) {
    EXPECT_FALSE(next_status(StoryStatus::published, step));
    EXPECT_FALSE(next_status(StoryStatus::declined, step));
  }
}

TEST(StoriesRules, WrongStateMessagesSayWhereTheStoryIs) {
  EXPECT_NE(wrong_state_message(StoryStatus::published, Step::edit).find("published"),
            std::string::npos);
  EXPECT_NE(wrong_state_message(StoryStatus::declined, Step::accept).find("declined"),
            std::string::npos);
}

TEST(StoriesRules, ReviewMessagesAreRequiredAndBounded) {
  EXPECT_TRUE(has_field(review_message_problems("message", ""), "message"));
  EXPECT_TRUE(has_field(review_message_problems("reason", ""), "reason"));
  EXPECT_TRUE(review_message_problems("reason", "Not about a campaign.").empty());
  EXPECT_FALSE(
      review_message_problems("message", std::string(max_review_message_length + 1, 'm')).empty());
}

TEST(StoriesRules, ShortTextIsItsOwnExcerpt) {
  EXPECT_EQ(excerpt_of("  We   won.\n\nReally. "), "We won. Really.");
  EXPECT_EQ(excerpt_of(""), "");
}

TEST(StoriesRules, LongTextIsCutAtAWordWithAnEllipsis) {
  const std::string text = "one two three four five six";
  EXPECT_EQ(excerpt_of(text, 12), "one two…");
  EXPECT_EQ(excerpt_of(text, 13), "one two three…");
  // A first word longer than the limit is cut inside it, never into half a character.
  EXPECT_EQ(excerpt_of("ééééééé", 3), "ééé…");
}

TEST(StoriesRules, MarkdownLiteralEscapesMarkup) {
  EXPECT_EQ(markdown_literal("[a](b)"), "\\[a\\]\\(b\\)");
  EXPECT_EQ(markdown_literal("*bold* <b>"), "\\*bold\\* \\<b\\>");
  EXPECT_EQ(markdown_literal("line\nbreak"), "line break");
}

TEST(StoriesRules, TheDiscussionOpensWithALinkBackToTheStory) {
  Story story;
  story.id = 42;
  story.title = "We [won]";
  story.author.display_name = "Farah";
  story.place = "Riverside";
  story.body_text = "It took a year.";
  const auto opening = discussion_opening(story);
  EXPECT_NE(opening.find("](/stories/42)"), std::string::npos);
  EXPECT_NE(opening.find("We \\[won\\]"), std::string::npos);
  EXPECT_NE(opening.find("Farah"), std::string::npos);
  EXPECT_NE(opening.find("It took a year\\."), std::string::npos);
}

TEST(StoriesMails, TheReviewedMailCarriesTheMessageAndTheLink) {
  const auto changes = reviewed_mail({.email = "farah@example.org",
                                      .author_name = "Farah",
                                      .title = "Library",
                                      .outcome = StoryStatus::changes_requested,
                                      .message = "Please add the date.",
                                      .link = "https://plenary.example/stories/mine"});
  EXPECT_EQ(changes.kind, "story_reviewed");
  EXPECT_EQ(changes.to_address, "farah@example.org");
  EXPECT_NE(changes.body_text.find("Please add the date."), std::string::npos);
  EXPECT_NE(changes.body_text.find("https://plenary.example/stories/mine"), std::string::npos);

  const auto published = reviewed_mail({.email = "farah@example.org",
                                        .author_name = "Farah",
                                        .title = "Library",
                                        .outcome = StoryStatus::published,
                                        .message = "",
                                        .link = "https://plenary.example/stories/3"});
  EXPECT_NE(published.subject.find("published"), std::string::npos);
  EXPECT_EQ(published.body_text.find("The editor added"), std::string::npos);

  const auto declined = reviewed_mail({.email = "farah@example.org",
                                       .author_name = "Farah",
                                       .title = "Library",
                                       .outcome = StoryStatus::declined,
                                       .message = "Not a campaign story.",
                                       .link = "https://plenary.example/stories/mine"});
  EXPECT_NE(declined.body_text.find("Not a campaign story."), std::string::npos);
  EXPECT_NE(declined.subject.find("not published"), std::string::npos);
}

}  // namespace
}  // namespace plenary::stories
