#include "stories/service.hpp"

#include "core/time.hpp"
#include "discussions/module.hpp"
#include "groups/policy.hpp"
#include "mail/outbox.hpp"
#include "markdown/render.hpp"
#include "notifications/notify.hpp"
#include "stories/mails.hpp"
#include "stories/policy.hpp"
#include "stories/repo.hpp"
#include "stories/rules.hpp"

namespace plenary::stories {
namespace {

constexpr std::size_t max_source_bytes = 80 * 1024;
constexpr const char* review_link = "/stories/review";
constexpr const char* mine_link = "/stories/mine";

Error no_story(std::int64_t story_id) {
  return not_found("There is no story " + std::to_string(story_id) + ".");
}

EditorFacts facts_of(db::Tx& tx, const Actor* actor) {
  if (!actor)
    return {};
  return repo::editor_facts(tx, actor->person_id);
}

std::int64_t id_of(const Actor* actor) {
  return actor ? actor->person_id : 0;
}

StoryView view_of(db::Tx& tx, Story story, std::int64_t viewer_id, bool editor) {
  StoryView view;
  view.private_parts = sees_private_parts(story, viewer_id, editor);
  view.can = story_flags(story, viewer_id, editor);
  if (view.private_parts)
    view.history = repo::history(tx, story.id);
  view.story = std::move(story);
  return view;
}

Result<markdown::Rendered> render_field(const std::string& source, const char* field) {
  if (source.empty())
    return markdown::Rendered{};
  auto rendered =
      markdown::render(source, markdown::RenderOptions{.max_source_bytes = max_source_bytes});
  if (!rendered)
    return invalid_field(field, rendered.error().detail);
  return rendered;
}

// Checks the story as it would be saved and renders its Markdown.
Result<repo::StoryText> prepared(db::Tx& tx, const StoryInput& input) {
  if (auto problems = story_problems(input); !problems.empty())
    return invalid(std::move(problems));
  if (input.group_id && !repo::find_group(tx, *input.group_id))
    return invalid_field("group_id", "Choose a group from the list, or none.");
  auto body = render_field(input.body, "body");
  if (!body)
    return body.error();
  auto what_worked = render_field(input.what_worked, "what_worked");
  if (!what_worked)
    return what_worked.error();
  return repo::StoryText{.input = input,
                         .body_html = body->html,
                         .body_text = body->plain_text,
                         .what_worked_html = what_worked->html};
}

StoryInput input_of(const Story& story) {
  return {.title = story.title,
          .body = story.body_markdown,
          .place = story.place,
          .what_worked = story.what_worked,
          .contact = story.contact,
          .group_id = story.group ? std::optional(story.group->id) : std::nullopt};
}

// Editors hear of a story waiting for them; the author is not told of their own story.
void tell_editors(db::Tx& tx, const Story& story) {
  for (const auto editor : repo::editor_ids(tx)) {
    if (editor == story.author.id)
      continue;
    notifications::notify(tx, {.person_id = editor,
                               .kind = "story_submitted",
                               .actor_id = story.author.id,
                               .thread_id = std::nullopt,
                               .post_id = std::nullopt,
                               .detail = story.title,
                               .link = review_link});
  }
}

std::string reviewed_detail(StoryStatus outcome, const std::string& title) {
  switch (outcome) {
    case StoryStatus::published:
      return "Your story \"" + title + "\" is published.";
    case StoryStatus::changes_requested:
      return "Changes are asked for your story \"" + title + "\".";
    case StoryStatus::declined:
    case StoryStatus::submitted:
      break;
  }
  return "Your story \"" + title + "\" was declined.";
}

Status tell_author(db::Tx& tx, const Story& story, const Actor& editor, StoryStatus outcome,
                   const std::string& message, const std::string& site, TimePoint now) {
  const std::string link =
      outcome == StoryStatus::published ? story_path(story.id) : std::string(mine_link);
  if (editor.person_id != story.author.id) {
    notifications::notify(tx, {.person_id = story.author.id,
                               .kind = "story_reviewed",
                               .actor_id = editor.person_id,
                               .thread_id = std::nullopt,
                               .post_id = std::nullopt,
                               .detail = reviewed_detail(outcome, story.title),
                               .link = link});
  }
  const auto email = repo::email_of(tx, story.author.id);
  if (email.empty())
    return ok();
  auto queued = mail::enqueue(tx,
                              reviewed_mail({.email = email,
                                             .author_name = story.author.display_name,
                                             .title = story.title,
                                             .outcome = outcome,
                                             .message = message,
                                             .link = site + link}),
                              now);
  if (!queued)
    return queued.error();
  return ok();
}

// Opens the published story's discussion in the public "Stories" category of the root group.
Result<std::int64_t> open_discussion(db::Tx& tx, const Story& story, TimePoint now) {
  auto root = repo::root_group(tx, story.group ? std::optional(story.group->id) : std::nullopt);
  if (!root) {
    return conflict(
        "There is no group to hold the story's discussion: create the organisation's "
        "top-level group first.",
        "no_group");
  }
  auto category = discussions::find_or_create_category_in(tx, *root, discussion_category,
                                                          discussions::Visibility::public_);
  if (!category)
    return category.error();
  return discussions::open_thread_in(tx, story.author.id, *category, story.title,
                                     discussion_opening(story), now);
}

Step step_of(Verdict verdict) {
  switch (verdict) {
    case Verdict::accept:
      return Step::accept;
    case Verdict::request_changes:
      return Step::request_changes;
    case Verdict::decline:
      break;
  }
  return Step::decline;
}

StoryAction action_of(StoryStatus outcome) {
  switch (outcome) {
    case StoryStatus::published:
      return StoryAction::published;
    case StoryStatus::changes_requested:
      return StoryAction::changes_requested;
    case StoryStatus::declined:
    case StoryStatus::submitted:
      break;
  }
  return StoryAction::declined;
}

// The author's own story, locked; others get 404 when they may not read it, 403 when they may.
Result<Story> own_story(db::Tx& tx, const Actor& actor, std::int64_t story_id, const char* what) {
  auto story = repo::find_story(tx, story_id, true);
  if (!story)
    return no_story(story_id);
  if (story->author.id != actor.person_id) {
    const bool editor = is_editor(facts_of(tx, &actor));
    if (!can_read(*story, actor.person_id, editor))
      return no_story(story_id);
    return forbidden(std::string("Only the author of a story can ") + what + " it.",
                     "not_the_author");
  }
  return std::move(*story);
}

}  // namespace

Result<StoryView> Service::submit(db::Connection& db, const Actor& actor, const StoryInput& input) {
  if (auto allowed = groups::require(can_submit({true, actor.site_admin, actor.email_verified}));
      !allowed) {
    return allowed.error();
  }
  const auto now = iso8601(clock_.now());
  return db::transact(db, [&](db::Tx& tx) -> Result<StoryView> {
    auto text = prepared(tx, input);
    if (!text)
      return text.error();
    const auto id = repo::insert_story(tx, actor.person_id, *text, now);
    repo::add_history(tx, id, actor.person_id, StoryAction::submitted, "", now);
    auto story = repo::find_story(tx, id);
    if (!story)
      return no_story(id);
    tell_editors(tx, *story);
    return view_of(tx, std::move(*story), actor.person_id, is_editor(facts_of(tx, &actor)));
  });
}

Result<StoryView> Service::edit(db::Connection& db, const Actor& actor, std::int64_t story_id,
                                const StoryChanges& changes) {
  const auto now = iso8601(clock_.now());
  return db::transact(db, [&](db::Tx& tx) -> Result<StoryView> {
    auto story = own_story(tx, actor, story_id, "change");
    if (!story)
      return story.error();
    const auto next = next_status(story->status, Step::edit);
    if (!next)
      return conflict(wrong_state_message(story->status, Step::edit), "wrong_state");
    auto text = prepared(tx, apply_changes(input_of(*story), changes));
    if (!text)
      return text.error();
    const bool resubmitted = story->status == StoryStatus::changes_requested;
    repo::update_story(tx, story_id, *text, *next, now);
    repo::add_history(tx, story_id, actor.person_id,
                      resubmitted ? StoryAction::resubmitted : StoryAction::edited, "", now);
    auto updated = repo::find_story(tx, story_id);
    if (!updated)
      return no_story(story_id);
    if (resubmitted)
      tell_editors(tx, *updated);
    return view_of(tx, std::move(*updated), actor.person_id, is_editor(facts_of(tx, &actor)));
  });
}

Status Service::withdraw(db::Connection& db, const Actor& actor, std::int64_t story_id) {
  return db::transact(db, [&](db::Tx& tx) -> Status {
    auto story = own_story(tx, actor, story_id, "withdraw");
    if (!story)
      return story.error();
    if (!next_status(story->status, Step::withdraw))
      return conflict(wrong_state_message(story->status, Step::withdraw), "wrong_state");
    repo::delete_story(tx, story_id);
    return ok();
  });
}

Result<StoryView> Service::view(db::Connection& db, const Actor* actor, std::int64_t story_id) {
  return db::transact(db, [&](db::Tx& tx) -> Result<StoryView> {
    auto story = repo::find_story(tx, story_id);
    if (!story)
      return no_story(story_id);
    const bool editor = is_editor(facts_of(tx, actor));
    if (!can_read(*story, id_of(actor), editor))
      return no_story(story_id);
    return view_of(tx, std::move(*story), id_of(actor), editor);
  });
}

Result<std::vector<StoryView>> Service::mine(db::Connection& db, const Actor& actor) {
  return db::transact(db, [&](db::Tx& tx) -> Result<std::vector<StoryView>> {
    const bool editor = is_editor(facts_of(tx, &actor));
    std::vector<StoryView> views;
    for (auto& story : repo::by_author(tx, actor.person_id))
      views.push_back(view_of(tx, std::move(story), actor.person_id, editor));
    return views;
  });
}

Result<PublicPage> Service::published(db::Connection& db, const Actor* actor,
                                      std::optional<std::int64_t> after_id) {
  return db::transact(db, [&](db::Tx& tx) -> Result<PublicPage> {
    auto rows = repo::published(tx, after_id, stories_per_page + 1);
    PublicPage page;
    if (rows.size() > static_cast<std::size_t>(stories_per_page)) {
      rows.resize(stories_per_page);
      page.next_cursor = std::to_string(rows.back().id);
    }
    for (const auto& story : rows) {
      page.stories.push_back({.id = story.id,
                              .title = story.title,
                              .place = story.place,
                              .group = story.group,
                              .author = story.author,
                              .published_at = story.published_at.value_or(story.updated_at),
                              .excerpt = excerpt_of(story.body_text)});
    }
    page.can_review = is_editor(facts_of(tx, actor));
    return page;
  });
}

Result<std::vector<StoryView>> Service::review_queue(db::Connection& db, const Actor& actor) {
  return db::transact(db, [&](db::Tx& tx) -> Result<std::vector<StoryView>> {
    if (auto allowed = groups::require(can_review(facts_of(tx, &actor))); !allowed)
      return allowed.error();
    std::vector<StoryView> views;
    for (auto& story : repo::review_queue(tx))
      views.push_back(view_of(tx, std::move(story), actor.person_id, true));
    return views;
  });
}

Result<StoryView> Service::review(db::Connection& db, const Actor& actor, std::int64_t story_id,
                                  Verdict verdict, const std::string& message,
                                  const std::string& site) {
  const auto step = step_of(verdict);
  if (verdict != Verdict::accept) {
    const char* field = verdict == Verdict::decline ? "reason" : "message";
    if (auto problems = review_message_problems(field, message); !problems.empty())
      return invalid(std::move(problems));
  } else if (message.size() > max_review_message_length * 4) {
    return invalid_field("note", "Keep the note to " + std::to_string(max_review_message_length) +
                                     " characters or fewer.");
  }
  const auto now = clock_.now();
  const auto at = iso8601(now);
  return db::transact(db, [&](db::Tx& tx) -> Result<StoryView> {
    if (auto allowed = groups::require(can_review(facts_of(tx, &actor))); !allowed)
      return allowed.error();
    auto story = repo::find_story(tx, story_id, true);
    if (!story)
      return no_story(story_id);
    const auto next = next_status(story->status, step);
    if (!next)
      return conflict(wrong_state_message(story->status, step), "wrong_state");
    std::optional<std::int64_t> thread_id;
    if (*next == StoryStatus::published) {
      auto opened = open_discussion(tx, *story, now);
      if (!opened)
        return opened.error();
      thread_id = *opened;
    }
    std::optional<std::string> stored_message;
    if (!message.empty())
      stored_message = message;
    repo::record_review(tx, story_id,
                        {.status = *next,
                         .message = stored_message,
                         .reviewer_id = actor.person_id,
                         .thread_id = thread_id,
                         .now = at});
    repo::add_history(tx, story_id, actor.person_id, action_of(*next), message, at);
    if (auto told = tell_author(tx, *story, actor, *next, message, site, now); !told)
      return told.error();
    auto updated = repo::find_story(tx, story_id);
    if (!updated)
      return no_story(story_id);
    return view_of(tx, std::move(*updated), actor.person_id, true);
  });
}

Result<EditorList> Service::editors(db::Connection& db, const Actor& actor) {
  return db::transact(db, [&](db::Tx& tx) -> Result<EditorList> {
    if (auto allowed = groups::require(can_review(facts_of(tx, &actor))); !allowed)
      return allowed.error();
    return EditorList{repo::appointed_editors(tx), repo::editors_by_office(tx)};
  });
}

Result<Editor> Service::appoint(db::Connection& db, const Actor& actor, std::int64_t person_id) {
  const auto now = iso8601(clock_.now());
  return db::transact(db, [&](db::Tx& tx) -> Result<Editor> {
    if (auto allowed = groups::require(can_review(facts_of(tx, &actor))); !allowed)
      return allowed.error();
    auto person = repo::find_person(tx, person_id);
    if (!person)
      return invalid_field("person_id", "There is no person " + std::to_string(person_id) + ".");
    if (!repo::appoint_editor(tx, person_id, actor.person_id, now)) {
      return conflict(person->display_name + " is already an editor of stories.", "already_editor");
    }
    for (auto& editor : repo::appointed_editors(tx)) {
      if (editor.person.id == person_id)
        return std::move(editor);
    }
    return Editor{.person = *person, .appointed_by = std::nullopt, .appointed_at = now};
  });
}

Status Service::dismiss(db::Connection& db, const Actor& actor, std::int64_t person_id) {
  return db::transact(db, [&](db::Tx& tx) -> Status {
    if (auto allowed = groups::require(can_review(facts_of(tx, &actor))); !allowed)
      return allowed.error();
    if (!repo::remove_editor(tx, person_id)) {
      return not_found("Person " + std::to_string(person_id) +
                       " is not an appointed editor (site admins and officers of top-level "
                       "groups are editors by office and cannot be removed here).");
    }
    return ok();
  });
}

}  // namespace plenary::stories
