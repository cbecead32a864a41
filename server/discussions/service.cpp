#include "discussions/service.hpp"

#include <algorithm>
#include <cctype>

#include "core/time.hpp"
#include "discussions/json.hpp"
#include "discussions/repo.hpp"
#include "events/outbox.hpp"
#include "groups/repo.hpp"
#include "markdown/render.hpp"
#include "moderation/guard.hpp"
#include "moderation/log.hpp"
#include "moderation/posting_rules.hpp"
#include "notifications/notify.hpp"

namespace plenary::discussions {
namespace {

std::int64_t person_of(const Actor* actor) {
  return actor ? actor->person_id : 0;
}

Viewer load_viewer(db::Tx& tx, const Actor* actor, std::int64_t group_id) {
  if (!actor)
    return groups::make_viewer({}, {});
  return groups::make_viewer({true, actor->site_admin, actor->email_verified},
                             groups::repo::chain_memberships(tx, group_id, actor->person_id));
}

Error no_group(std::int64_t id) {
  return not_found("There is no group with the number " + std::to_string(id) + ".");
}
Error no_category(std::int64_t id) {
  return not_found("There is no category with the number " + std::to_string(id) + ".");
}
Error no_thread(std::int64_t id) {
  return not_found("There is no thread with the number " + std::to_string(id) + ".");
}
Error no_post(std::int64_t id) {
  return not_found("There is no post with the number " + std::to_string(id) + ".");
}

std::string thread_room(std::int64_t id) {
  return "thread:" + std::to_string(id);
}
std::string category_room(std::int64_t id) {
  return "category:" + std::to_string(id);
}

struct WrittenThread {
  std::int64_t thread_id = 0;
  std::int64_t post_id = 0;
};

// A new thread and its opening post, announced in the category's room and to watchers. The
// caller has decided that the author may start it.
WrittenThread write_thread(db::Tx& tx, const Category& category, std::int64_t author_id,
                           const std::string& title, const std::vector<std::string>& tags,
                           const std::string& source, const RenderedBody& rendered,
                           const std::string& at) {
  const auto thread_id = repo::insert_thread(tx, category.id, author_id, title, tags, at);
  const auto post_id = repo::next_post_id(tx);
  repo::insert_post(tx, {.id = post_id,
                         .thread_id = thread_id,
                         .parent_id = std::nullopt,
                         .author_id = author_id,
                         .tree_path = child_path(std::nullopt, post_id),
                         .depth = 0,
                         .body_source = source,
                         .body_html = rendered.html,
                         .body_text = rendered.text,
                         .created_at = at});
  repo::count_new_post(tx, thread_id, at);
  if (auto thread = repo::find_thread(tx, thread_id)) {
    events::publish(tx, category_room(category.id), "thread.created",
                    {{"thread", thread_json(*thread)}});
  }
  notifications::on_post_created(tx, {.post_id = post_id,
                                      .thread_id = thread_id,
                                      .category_id = category.id,
                                      .group_id = category.group.id,
                                      .place = category.place(),
                                      .author_id = author_id,
                                      .parent_author_id = std::nullopt,
                                      .mention_handles = rendered.mentions,
                                      .opens_thread = true});
  return {thread_id, post_id};
}

PostFacts facts_of(const Post& post, const Actor* actor) {
  return {actor && post.author.id == actor->person_id, post.deleted, post.hidden.has_value()};
}

PostView view_of(Post post, const Viewer& viewer, const Actor* actor, const Thread& thread,
                 bool reply_context) {
  const auto place = thread.category.place();
  PostView view;
  view.can = post_flags(viewer, place, thread.state(), facts_of(post, actor));
  view.show_hidden_body = post.hidden && sees_hidden_content(viewer, place);
  view.reply_context = reply_context;
  view.post = std::move(post);
  return view;
}

// A post alone (a permalink, a reply just written): nothing is drawn above it.
PostView single_view(Post post, const Viewer& viewer, const Actor* actor, const Thread& thread) {
  const bool context = needs_reply_context(post.depth, false);
  return view_of(std::move(post), viewer, actor, thread, context);
}

// Everyone in a room gets the same message, so posts travel as a member who is no moderator sees
// them: a hidden post's body never leaves the server this way.
nlohmann::json post_for_room(const Post& post, const Thread& thread) {
  Post shown = post;
  shown.thanked_by_me = false;
  return post_json(single_view(std::move(shown), plain_member(), nullptr, thread));
}

void publish_thread_updated(db::Tx& tx, const Thread& thread,
                            std::optional<std::int64_t> former_category = std::nullopt) {
  const nlohmann::json payload = {{"thread", thread_json(thread)}};
  events::publish(tx, thread_room(thread.id), "thread.updated", payload);
  events::publish(tx, category_room(thread.category.id), "thread.updated", payload);
  if (former_category && *former_category != thread.category.id) {
    events::publish(tx, category_room(*former_category), "thread.updated", payload);
    // The new category may be closed to some who follow the thread live (see ws/live.hpp).
    events::publish(tx, thread_room(thread.id), "access.changed", nlohmann::json::object());
  }
}

// A post together with its thread, and the viewer's standing in the thread's group.
struct PostInPlace {
  Post post;
  Thread thread;
  Viewer viewer;
};

Result<PostInPlace> load_post(db::Tx& tx, const Actor* actor, std::int64_t post_id,
                              bool lock_thread = false) {
  auto post = repo::find_post(tx, post_id, person_of(actor));
  if (!post)
    return no_post(post_id);
  auto thread = repo::find_thread(tx, post->thread_id, lock_thread);
  if (!thread)
    return no_post(post_id);
  auto viewer = load_viewer(tx, actor, thread->category.group.id);
  if (auto view = groups::require(can_view(viewer, thread->category.place())); !view) {
    return view.error();
  }
  return PostInPlace{std::move(*post), std::move(*thread), std::move(viewer)};
}

Error unprocessable(std::string detail, std::string code) {
  return Error{ErrorKind::unprocessable, std::move(detail), {}, 0, std::move(code)};
}

}  // namespace

std::string lower_ascii(std::string_view text) {
  std::string lowered(text);
  for (auto& c : lowered)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lowered;
}

// Mentions that name one person become links to that person's page. Rendering does no I/O, so
// the handles the first rendering found are looked up here and the body is rendered once more.
void link_mentions(db::Tx& tx, const std::string& source, RenderedBody& rendered) {
  if (rendered.mentions.empty())
    return;
  const auto people = notifications::people_named(tx, rendered.mentions);
  if (people.empty())
    return;
  auto linked = markdown::render(
      source,
      markdown::RenderOptions{
          .max_source_bytes = max_body_bytes,
          .resolve_mention = [&people](std::string_view handle) -> std::optional<std::string> {
            auto found = people.find(lower_ascii(handle));
            if (found == people.end())
              return std::nullopt;
            return "/people/" + std::to_string(found->second);
          }});
  if (linked)
    rendered.html = std::move(linked->html);
}

Result<RenderedBody> render_body(const std::string& source) {
  auto rendered =
      markdown::render(source, markdown::RenderOptions{.max_source_bytes = max_body_bytes});
  if (!rendered)
    return rendered.error();
  return RenderedBody{std::move(rendered->html), std::move(rendered->plain_text),
                      std::move(rendered->mentions)};
}

std::string Service::now_text() const {
  return iso8601(clock_.now());
}

// ---- Categories -----------------------------------------------------------------------------

Result<CategoryList> Service::categories(db::Connection& db, const Actor* actor,
                                         std::int64_t group_id) {
  return db::transact(db, [&](db::Tx& tx) -> Result<CategoryList> {
    auto group = repo::find_group(tx, group_id);
    if (!group)
      return no_group(group_id);
    const auto viewer = load_viewer(tx, actor, group_id);
    CategoryList list;
    for (auto& summary : repo::list_categories(tx, group_id, person_of(actor))) {
      if (can_view(viewer, summary.category.place())) {
        list.categories.push_back(std::move(summary));
      }
    }
    const Place group_place{group->name, group->archived, Visibility::officers};
    list.can_manage = can_manage_categories(viewer, group_place).allowed;
    list.can_moderate = can_moderate(viewer, group_place).allowed;
    return list;
  });
}

Result<CategorySummary> Service::create_category(db::Connection& db, const Actor& actor,
                                                 std::int64_t group_id, const NewCategory& input) {
  return db::transact(db, [&](db::Tx& tx) -> Result<CategorySummary> {
    auto group = repo::find_group(tx, group_id);
    if (!group)
      return no_group(group_id);
    const auto viewer = load_viewer(tx, &actor, group_id);
    if (auto allowed = groups::require(
            can_manage_categories(viewer, {group->name, group->archived, input.visibility}));
        !allowed) {
      return allowed.error();
    }
    if (repo::category_name_taken(tx, group_id, input.name, std::nullopt)) {
      const std::string message =
          group->name + " already has a category called " + input.name + ". Choose another name.";
      return Error{ErrorKind::conflict, message, {{"name", message}}, 0, "name_taken"};
    }
    const auto id =
        repo::insert_category(tx, group_id, input.name, input.description, input.visibility);
    auto category = repo::find_category(tx, id);
    if (!category)
      return no_category(id);
    return CategorySummary{*category, 0, 0, false};
  });
}

Result<CategorySummary> Service::update_category(db::Connection& db, const Actor& actor,
                                                 std::int64_t category_id,
                                                 const CategoryChanges& changes) {
  return db::transact(db, [&](db::Tx& tx) -> Result<CategorySummary> {
    auto category = repo::find_category(tx, category_id);
    if (!category)
      return no_category(category_id);
    const auto viewer = load_viewer(tx, &actor, category->group.id);
    if (auto allowed = groups::require(can_manage_categories(viewer, category->place()));
        !allowed) {
      return allowed.error();
    }
    const auto name = changes.name.value_or(category->name);
    if (name != category->name &&
        repo::category_name_taken(tx, category->group.id, name, category_id)) {
      const std::string message = category->group.name + " already has a category called " + name +
                                  ". Choose another name.";
      return Error{ErrorKind::conflict, message, {{"name", message}}, 0, "name_taken"};
    }
    repo::update_category(tx, category_id, name,
                          changes.description.value_or(category->description),
                          changes.visibility.value_or(category->visibility));
    if (changes.visibility && *changes.visibility != category->visibility) {
      // Live followers of the category and its threads are asked again (see ws/live.hpp).
      events::publish(tx, category_room(category_id), "access.changed", nlohmann::json::object());
    }
    if (name != category->name) {
      // Thread pages name their category: cached ones are dropped in every process.
      events::publish(tx, category_room(category_id), "category.updated",
                      {{"category", {{"id", category_id}, {"name", name}}}});
    }
    for (auto& summary : repo::list_categories(tx, category->group.id, actor.person_id)) {
      if (summary.category.id == category_id)
        return summary;
    }
    return no_category(category_id);
  });
}

Result<CategoryView> Service::category(db::Connection& db, const Actor* actor,
                                       std::int64_t category_id) {
  return db::transact(db, [&](db::Tx& tx) -> Result<CategoryView> {
    auto category = repo::find_category(tx, category_id);
    if (!category)
      return no_category(category_id);
    const auto viewer = load_viewer(tx, actor, category->group.id);
    const auto place = category->place();
    if (auto allowed = groups::require(can_view(viewer, place)); !allowed)
      return allowed.error();
    CategoryView view{*category, {*category, 0, 0, false}, category_flags(viewer, place)};
    for (auto& summary : repo::list_categories(tx, category->group.id, person_of(actor))) {
      if (summary.category.id == category_id)
        view.summary = std::move(summary);
    }
    return view;
  });
}

Result<ThreadList> Service::threads(db::Connection& db, const Actor* actor,
                                    std::int64_t category_id,
                                    const std::optional<ThreadCursor>& after, int limit) {
  limit = std::clamp(limit, 1, max_page_size);
  return db::transact(db, [&](db::Tx& tx) -> Result<ThreadList> {
    auto category = repo::find_category(tx, category_id);
    if (!category)
      return no_category(category_id);
    const auto viewer = load_viewer(tx, actor, category->group.id);
    if (auto allowed = groups::require(can_view(viewer, category->place())); !allowed) {
      return allowed.error();
    }
    ThreadList list;
    list.threads = repo::list_threads(tx, category_id, person_of(actor), after, limit + 1);
    if (static_cast<int>(list.threads.size()) > limit) {
      list.threads.resize(limit);
      const auto& last = list.threads.back();
      list.next = ThreadCursor{last.thread.pinned, last.cursor_time, last.thread.id};
    }
    return list;
  });
}

Status Service::watch_category(db::Connection& db, const Actor& actor, std::int64_t category_id,
                               bool watching) {
  return db::transact(db, [&](db::Tx& tx) -> Status {
    auto category = repo::find_category(tx, category_id);
    if (!category)
      return no_category(category_id);
    const auto viewer = load_viewer(tx, &actor, category->group.id);
    if (auto allowed = groups::require(can_watch(viewer, category->place())); !allowed) {
      return allowed;
    }
    repo::watch_category(tx, category_id, actor.person_id, watching);
    return ok();
  });
}

// ---- Threads and posts ----------------------------------------------------------------------

Result<CreatedThread> Service::create_thread(db::Connection& db, const Actor& actor,
                                             std::int64_t category_id, const NewThread& input) {
  auto rendered = render_body(input.body);
  if (!rendered)
    return rendered.error();
  const auto now = clock_.now();
  const auto at = iso8601(now);
  return db::transact(db, [&](db::Tx& tx) -> Result<CreatedThread> {
    auto category = repo::find_category(tx, category_id);
    if (!category)
      return no_category(category_id);
    const auto viewer = load_viewer(tx, &actor, category->group.id);
    const auto place = category->place();
    if (auto allowed = groups::require(can_post(viewer, place, {})); !allowed) {
      return allowed.error();
    }
    if (auto guard = moderation::check_posting(tx,
                                               {.person_id = actor.person_id,
                                                .group_id = category->group.id,
                                                .thread_id = std::nullopt,
                                                .slow_mode_seconds = 0,
                                                .moderator = can_moderate(viewer, place).allowed},
                                               now);
        !guard) {
      return guard.error();
    }
    link_mentions(tx, input.body, *rendered);
    const auto written = write_thread(tx, *category, actor.person_id, input.title, input.tags,
                                      input.body, *rendered, at);
    auto thread = repo::find_thread(tx, written.thread_id);
    auto post = repo::find_post(tx, written.post_id, actor.person_id);
    if (!thread || !post)
      return no_thread(written.thread_id);
    auto view = single_view(std::move(*post), viewer, &actor, *thread);
    return CreatedThread{std::move(*thread), std::move(view)};
  });
}

Result<ThreadPage> Service::thread_page(db::Connection& db, const Actor* actor,
                                        std::int64_t thread_id,
                                        const std::optional<std::string>& after_path, int limit) {
  limit = std::clamp(limit, 1, max_page_size);
  return db::transact(db, [&](db::Tx& tx) -> Result<ThreadPage> {
    auto thread = repo::find_thread(tx, thread_id);
    if (!thread)
      return no_thread(thread_id);
    const auto viewer = load_viewer(tx, actor, thread->category.group.id);
    const auto place = thread->category.place();
    if (auto allowed = groups::require(can_view(viewer, place)); !allowed)
      return allowed.error();

    auto posts =
        repo::page_posts(tx, thread_id, person_of(actor), after_path.value_or(""), limit + 1);
    ThreadPage page;
    if (static_cast<int>(posts.size()) > limit) {
      posts.resize(limit);
      page.next_after = posts.back().tree_path;
    }
    std::vector<TreeEntry> entries;
    entries.reserve(posts.size());
    for (const auto& post : posts)
      entries.push_back({post.id, post.parent_id, post.depth});
    const auto context = reply_context_for_page(entries);
    page.posts.reserve(posts.size());
    for (std::size_t i = 0; i < posts.size(); ++i) {
      page.posts.push_back(view_of(std::move(posts[i]), viewer, actor, *thread, context[i]));
    }
    if (actor)
      page.read = repo::read_state(tx, thread_id, actor->person_id);
    page.can = thread_flags(viewer, place, thread->state());
    page.thread = std::move(*thread);
    return page;
  });
}

SharedThreadPage shared_part(const ThreadPage& page) {
  SharedThreadPage shared{page.thread, {}, {}, page.next_after};
  shared.posts.reserve(page.posts.size());
  shared.reply_context.reserve(page.posts.size());
  for (const auto& view : page.posts) {
    shared.posts.push_back(view.post);
    shared.posts.back().thanked_by_me = false;
    shared.reply_context.push_back(view.reply_context);
  }
  return shared;
}

ReaderFacts Service::reader_facts(db::Connection& db, const Actor& actor,
                                  const SharedThreadPage& shared) {
  std::vector<std::int64_t> post_ids;
  post_ids.reserve(shared.posts.size());
  for (const auto& post : shared.posts)
    post_ids.push_back(post.id);
  auto facts = repo::viewer_facts(db, shared.thread.category.group.id, shared.thread.id,
                                  actor.person_id, post_ids);
  std::sort(facts.thanked.begin(), facts.thanked.end());
  return facts;
}

Result<ReaderPart> Service::reader_part(const Actor& actor, const SharedThreadPage& shared,
                                        const ReaderFacts& facts) {
  const auto& thread = shared.thread;
  const auto viewer =
      groups::make_viewer({true, actor.site_admin, actor.email_verified}, facts.chain);
  const auto place = thread.category.place();
  if (auto allowed = groups::require(can_view(viewer, place)); !allowed)
    return allowed.error();
  ReaderPart part;
  part.read = facts.read;
  part.can = thread_flags(viewer, place, thread.state());
  const bool sees_hidden = sees_hidden_content(viewer, place);
  for (const auto& post : shared.posts) {
    part.post_can.push_back(post_flags(viewer, place, thread.state(), facts_of(post, &actor)));
    part.thanked.push_back(std::binary_search(facts.thanked.begin(), facts.thanked.end(), post.id));
    part.show_hidden_body.push_back(post.hidden && sees_hidden);
  }
  return part;
}

Result<PostView> Service::reply(db::Connection& db, const Actor& actor, std::int64_t thread_id,
                                const NewReply& input) {
  auto rendered = render_body(input.body);
  if (!rendered)
    return rendered.error();
  const auto now = clock_.now();
  const auto at = iso8601(now);
  return db::transact(db, [&](db::Tx& tx) -> Result<PostView> {
    // Every read the decision needs comes with the lock, in one round trip; read again (the lock
    // now held) when the lock waited for someone else's reply to the thread.
    auto context = repo::reply_context(tx, thread_id, actor.person_id, input.parent_id, at,
                                       moderation::default_posting_limits);
    if (context && !context->fresh) {
      context = repo::reply_context(tx, thread_id, actor.person_id, input.parent_id, at,
                                    moderation::default_posting_limits);
    }
    if (!context)
      return no_thread(thread_id);
    const auto& thread = context->thread;
    const auto viewer =
        groups::make_viewer({true, actor.site_admin, actor.email_verified}, context->chain);
    const auto place = thread.category.place();
    if (auto allowed = groups::require(can_view(viewer, place)); !allowed)
      return allowed.error();

    const auto& parent = context->parent;
    if (!parent || parent->thread_id != thread_id) {
      return invalid_field("parent_id", "The post you are replying to is not in this thread.");
    }
    const auto allowed =
        input.parent_id
            ? can_reply_to(viewer, place, thread.state(),
                           {parent->author.id == actor.person_id, parent->deleted, parent->hidden})
            : can_post(viewer, place, thread.state());
    if (auto permitted = groups::require(allowed); !permitted)
      return permitted.error();
    if (parent->depth + 1 > max_reply_depth) {
      return invalid_field("parent_id",
                           "This conversation is nested too deeply. Reply to a post further up.");
    }
    if (auto guard = moderation::decide_posting({.person_id = actor.person_id,
                                                 .group_id = thread.category.group.id,
                                                 .thread_id = thread_id,
                                                 .slow_mode_seconds = thread.slow_mode_seconds,
                                                 .moderator = can_moderate(viewer, place).allowed},
                                                context->posting, now);
        !guard) {
      return guard.error();
    }

    link_mentions(tx, input.body, *rendered);
    // The post and the thread as find_post and find_thread would read them once written: what
    // the statement writes is known here, so nothing is read back.
    Post post;
    post.id = context->post_id;
    post.thread_id = thread_id;
    post.parent_id = parent->id;
    post.parent_author = parent->author;
    post.depth = parent->depth + 1;
    post.tree_path = child_path(parent->tree_path, post.id);
    post.author = {actor.person_id, context->author_name};
    post.body_source = input.body;
    post.body_html = rendered->html;
    post.created_at = context->created_at;
    Thread updated = thread;
    updated.post_count += 1;
    updated.last_post_at = context->thread_last_post_at;

    const auto notified = notifications::addressees_of(tx,
                                                       {.post_id = post.id,
                                                        .thread_id = thread_id,
                                                        .category_id = updated.category.id,
                                                        .group_id = updated.category.group.id,
                                                        .place = place,
                                                        .author_id = actor.person_id,
                                                        .parent_author_id = parent->author.id,
                                                        .mention_handles = rendered->mentions,
                                                        .opens_thread = false},
                                                       context->audience);
    repo::insert_reply(
        tx,
        {.id = post.id,
         .thread_id = thread_id,
         .parent_id = post.parent_id,
         .author_id = actor.person_id,
         .tree_path = post.tree_path,
         .depth = post.depth,
         .body_source = input.body,
         .body_html = rendered->html,
         .body_text = rendered->text,
         .created_at = at},
        {.thread_room = thread_room(thread_id),
         .post_created = nlohmann::json{{"post", post_for_room(post, updated)}}.dump(),
         .category_room = category_room(updated.category.id),
         .thread_updated = nlohmann::json{{"thread", thread_json(updated)}}.dump()},
        notified);
    return single_view(std::move(post), viewer, &actor, updated);
  });
}

Status Service::mark_read(db::Connection& db, const Actor& actor, std::int64_t thread_id,
                          std::int64_t last_read_post_id) {
  return db::transact(db, [&](db::Tx& tx) -> Status {
    auto thread = repo::find_thread(tx, thread_id);
    if (!thread)
      return no_thread(thread_id);
    const auto viewer = load_viewer(tx, &actor, thread->category.group.id);
    if (auto allowed = groups::require(can_view(viewer, thread->category.place())); !allowed) {
      return allowed;
    }
    auto post = repo::find_post(tx, last_read_post_id, actor.person_id);
    if (!post || post->thread_id != thread_id) {
      return invalid_field("last_read_post_id", "That post is not in this thread.");
    }
    repo::advance_read_state(tx, thread_id, actor.person_id, last_read_post_id);
    return ok();
  });
}

Status Service::watch_thread(db::Connection& db, const Actor& actor, std::int64_t thread_id,
                             bool watching) {
  return db::transact(db, [&](db::Tx& tx) -> Status {
    auto thread = repo::find_thread(tx, thread_id);
    if (!thread)
      return no_thread(thread_id);
    const auto viewer = load_viewer(tx, &actor, thread->category.group.id);
    if (auto allowed = groups::require(can_watch(viewer, thread->category.place())); !allowed) {
      return allowed;
    }
    repo::watch_thread(tx, thread_id, actor.person_id, watching);
    return ok();
  });
}

Result<Permalink> Service::permalink(db::Connection& db, const Actor* actor, std::int64_t post_id) {
  return db::transact(db, [&](db::Tx& tx) -> Result<Permalink> {
    auto loaded = load_post(tx, actor, post_id);
    if (!loaded)
      return loaded.error();
    auto before = repo::path_before(tx, loaded->thread.id, loaded->post.tree_path);
    return Permalink{single_view(std::move(loaded->post), loaded->viewer, actor, loaded->thread),
                     std::move(before)};
  });
}

Result<PostView> Service::edit_post(db::Connection& db, const Actor& actor, std::int64_t post_id,
                                    const PostEdit& edit) {
  auto rendered = render_body(edit.body);
  if (!rendered)
    return rendered.error();
  const auto at = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<PostView> {
    auto loaded = load_post(tx, &actor, post_id);
    if (!loaded)
      return loaded.error();
    auto& [post, thread, viewer] = *loaded;
    const auto facts = facts_of(post, &actor);
    if (auto allowed =
            groups::require(can_edit_post(viewer, thread.category.place(), thread.state(), facts));
        !allowed) {
      return allowed.error();
    }
    const bool by_moderator = !facts.own;
    const std::string note = edit.note.value_or("");
    if (by_moderator && note.empty()) {
      return invalid_field("note",
                           "Say why you are changing someone else's post: the note is shown "
                           "with the post and in the moderation log.");
    }
    if (edit.body == post.body_source)
      return single_view(std::move(post), viewer, &actor, thread);

    link_mentions(tx, edit.body, *rendered);
    repo::insert_revision(tx, post_id, actor.person_id, post.body_source, note, by_moderator, at);
    repo::update_post_body(tx, post_id, edit.body, rendered->html, rendered->text, at,
                           by_moderator ? std::optional<std::string>(note) : std::nullopt);
    if (by_moderator) {
      moderation::log_action(tx, {.group_id = thread.category.group.id,
                                  .moderator_id = actor.person_id,
                                  .action = "edit_post",
                                  .target_kind = "post",
                                  .target_id = post_id,
                                  .reason = note});
    }
    auto updated = repo::find_post(tx, post_id, actor.person_id);
    if (!updated)
      return no_post(post_id);
    events::publish(tx, thread_room(thread.id), "post.updated",
                    {{"post", post_for_room(*updated, thread)}});
    return single_view(std::move(*updated), viewer, &actor, thread);
  });
}

Result<std::vector<Revision>> Service::revisions(db::Connection& db, const Actor* actor,
                                                 std::int64_t post_id) {
  return db::transact(db, [&](db::Tx& tx) -> Result<std::vector<Revision>> {
    auto loaded = load_post(tx, actor, post_id);
    if (!loaded)
      return loaded.error();
    const auto& post = loaded->post;
    if ((post.hidden || post.deleted) &&
        !sees_hidden_content(loaded->viewer, loaded->thread.category.place())) {
      return forbidden(post.deleted ? "This post was deleted; its history is no longer shown."
                                    : "A moderator hid this post; its history is shown only to "
                                      "moderators.",
                       post.deleted ? "post_deleted" : "post_hidden");
    }
    return repo::list_revisions(tx, post_id);
  });
}

Status Service::delete_post(db::Connection& db, const Actor& actor, std::int64_t post_id) {
  const auto at = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Status {
    auto loaded = load_post(tx, &actor, post_id);
    if (!loaded)
      return loaded.error();
    auto& [post, thread, viewer] = *loaded;
    const auto facts = facts_of(post, &actor);
    // Deleting twice leaves the same tombstone.
    if (facts.own && post.deleted)
      return ok();
    if (auto allowed = groups::require(
            can_delete_post(viewer, thread.category.place(), thread.state(), facts));
        !allowed) {
      return allowed;
    }
    repo::mark_deleted(tx, post_id, at);
    events::publish(tx, thread_room(thread.id), "post.deleted", {{"post_id", post_id}});
    return ok();
  });
}

Result<std::int64_t> Service::thank(db::Connection& db, const Actor& actor, std::int64_t post_id) {
  const auto at = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<std::int64_t> {
    auto loaded = load_post(tx, &actor, post_id);
    if (!loaded)
      return loaded.error();
    auto& [post, thread, viewer] = *loaded;
    const auto decision = can_thank(viewer, thread.category.place(), facts_of(post, &actor));
    if (!decision && decision.code == "own_post")
      return unprocessable(decision.reason, "own_post");
    if (auto allowed = groups::require(decision); !allowed)
      return allowed.error();
    if (!repo::insert_thanks(tx, post_id, actor.person_id, at)) {
      return conflict("You have already thanked " + post.author.display_name + " for this post.",
                      "already_thanked");
    }
    const auto count = repo::adjust_thanks_count(tx, post_id, +1);
    events::publish(tx, thread_room(thread.id), "post.thanked",
                    {{"post_id", post_id}, {"thanks_count", count}});
    return count;
  });
}

Result<std::int64_t> Service::unthank(db::Connection& db, const Actor& actor,
                                      std::int64_t post_id) {
  return db::transact(db, [&](db::Tx& tx) -> Result<std::int64_t> {
    auto loaded = load_post(tx, &actor, post_id);
    if (!loaded)
      return loaded.error();
    if (!repo::delete_thanks(tx, post_id, actor.person_id))
      return loaded->post.thanks_count;
    const auto count = repo::adjust_thanks_count(tx, post_id, -1);
    events::publish(tx, thread_room(loaded->thread.id), "post.thanked",
                    {{"post_id", post_id}, {"thanks_count", count}});
    return count;
  });
}

Result<std::vector<PersonRef>> Service::thankers(db::Connection& db, const Actor* actor,
                                                 std::int64_t post_id) {
  return db::transact(db, [&](db::Tx& tx) -> Result<std::vector<PersonRef>> {
    auto loaded = load_post(tx, actor, post_id);
    if (!loaded)
      return loaded.error();
    return repo::thankers(tx, post_id);
  });
}

// ---- Moderation -----------------------------------------------------------------------------

Result<PostView> Service::hide(db::Connection& db, const Actor& actor, std::int64_t post_id,
                               const std::string& reason) {
  const auto at = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<PostView> {
    auto loaded = load_post(tx, &actor, post_id);
    if (!loaded)
      return loaded.error();
    auto& [post, thread, viewer] = *loaded;
    if (auto allowed =
            groups::require(can_hide(viewer, thread.category.place(), facts_of(post, &actor)));
        !allowed) {
      return allowed.error();
    }
    repo::hide_post(tx, post_id, reason, actor.person_id, at);
    repo::resolve_open_flags(tx, post_id, actor.person_id, at);
    moderation::log_action(tx, {.group_id = thread.category.group.id,
                                .moderator_id = actor.person_id,
                                .action = "hide",
                                .target_kind = "post",
                                .target_id = post_id,
                                .reason = reason});
    if (post.author.id != actor.person_id) {
      notifications::notify(tx, {.person_id = post.author.id,
                                 .kind = "post_hidden",
                                 .actor_id = actor.person_id,
                                 .thread_id = thread.id,
                                 .post_id = post_id,
                                 .detail = reason});
    }
    events::publish(tx, thread_room(thread.id), "post.hidden",
                    {{"post_id", post_id}, {"reason", reason}});
    auto updated = repo::find_post(tx, post_id, actor.person_id);
    if (!updated)
      return no_post(post_id);
    return single_view(std::move(*updated), viewer, &actor, thread);
  });
}

Result<PostView> Service::restore(db::Connection& db, const Actor& actor, std::int64_t post_id,
                                  const std::string& reason) {
  return db::transact(db, [&](db::Tx& tx) -> Result<PostView> {
    auto loaded = load_post(tx, &actor, post_id);
    if (!loaded)
      return loaded.error();
    auto& [post, thread, viewer] = *loaded;
    if (auto allowed =
            groups::require(can_restore(viewer, thread.category.place(), facts_of(post, &actor)));
        !allowed) {
      return allowed.error();
    }
    repo::restore_post(tx, post_id);
    moderation::log_action(tx, {.group_id = thread.category.group.id,
                                .moderator_id = actor.person_id,
                                .action = "restore",
                                .target_kind = "post",
                                .target_id = post_id,
                                .reason = reason});
    auto updated = repo::find_post(tx, post_id, actor.person_id);
    if (!updated)
      return no_post(post_id);
    events::publish(tx, thread_room(thread.id), "post.restored",
                    {{"post", post_for_room(*updated, thread)}});
    return single_view(std::move(*updated), viewer, &actor, thread);
  });
}

Result<Thread> Service::moderate_thread(db::Connection& db, const Actor& actor,
                                        std::int64_t thread_id, const ThreadChanges& changes) {
  const auto at = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<Thread> {
    auto thread = repo::find_thread(tx, thread_id, true);
    if (!thread)
      return no_thread(thread_id);
    const auto viewer = load_viewer(tx, &actor, thread->category.group.id);
    if (auto allowed = groups::require(can_moderate(viewer, thread->category.place())); !allowed) {
      return allowed.error();
    }
    repo::ThreadModeration next{
        .category_id = changes.category_id.value_or(thread->category.id),
        .pinned = changes.pinned.value_or(thread->pinned),
        .locked = changes.locked.value_or(thread->locked),
        .archived = changes.archived.value_or(thread->archived),
        .slow_mode_seconds = changes.slow_mode_seconds.value_or(thread->slow_mode_seconds),
    };
    if (next.category_id != thread->category.id) {
      auto target = repo::find_category(tx, next.category_id);
      if (!target) {
        return invalid_field("category_id", "There is no category with the number " +
                                                std::to_string(next.category_id) + ".");
      }
      const auto chain = groups::repo::chain_ids(tx, target->group.id);
      if (std::find(chain.begin(), chain.end(), thread->category.group.id) == chain.end()) {
        return invalid_field("category_id", "A thread can move only to a category of " +
                                                thread->category.group.name +
                                                " or of a group inside it.");
      }
      const auto target_viewer = load_viewer(tx, &actor, target->group.id);
      if (auto allowed = groups::require(can_moderate(target_viewer, target->place())); !allowed) {
        return allowed.error();
      }
    }

    std::vector<std::string> actions;
    if (next.locked != thread->locked)
      actions.push_back(next.locked ? "lock" : "unlock");
    if (next.pinned != thread->pinned)
      actions.push_back(next.pinned ? "pin" : "unpin");
    if (next.category_id != thread->category.id)
      actions.push_back("move");
    if (next.slow_mode_seconds != thread->slow_mode_seconds)
      actions.push_back("slow_mode");
    if (next.archived != thread->archived) {
      actions.push_back(next.archived ? "archive" : "unarchive");
    }
    if (actions.empty())
      return std::move(*thread);

    repo::update_thread_moderation(tx, thread_id, next, at);
    for (const auto& action : actions) {
      moderation::log_action(tx, {.group_id = thread->category.group.id,
                                  .moderator_id = actor.person_id,
                                  .action = action,
                                  .target_kind = "thread",
                                  .target_id = thread_id,
                                  .reason = changes.reason});
    }
    auto updated = repo::find_thread(tx, thread_id);
    if (!updated)
      return no_thread(thread_id);
    publish_thread_updated(tx, *updated, thread->category.id);
    return std::move(*updated);
  });
}

Status authorize_live(db::Connection& db, const std::optional<Actor>& actor, RoomKind kind,
                      std::int64_t id) {
  return db::transact(db, [&](db::Tx& tx) -> Status {
    std::optional<Category> category;
    if (kind == RoomKind::thread) {
      auto thread = repo::find_thread(tx, id);
      if (!thread)
        return no_thread(id);
      category = thread->category;
    } else {
      category = repo::find_category(tx, id);
      if (!category)
        return no_category(id);
    }
    const auto viewer = load_viewer(tx, actor ? &*actor : nullptr, category->group.id);
    return groups::require(can_view(viewer, category->place()));
  });
}

// ---- For other modules (module.hpp) --------------------------------------------------------

Result<std::int64_t> open_thread_in(db::Tx& tx, std::int64_t author_id, std::int64_t category_id,
                                    const std::string& title, const std::string& body_markdown,
                                    TimePoint now) {
  auto rendered = render_body(body_markdown);
  if (!rendered)
    return rendered.error();
  auto category = repo::find_category(tx, category_id);
  if (!category)
    return no_category(category_id);
  link_mentions(tx, body_markdown, *rendered);
  return write_thread(tx, *category, author_id, title, {}, body_markdown, *rendered, iso8601(now))
      .thread_id;
}

Result<std::int64_t> find_or_create_category_in(db::Tx& tx, std::int64_t group_id,
                                                const std::string& name, Visibility visibility) {
  if (auto existing = repo::category_named(tx, group_id, name))
    return *existing;
  if (!repo::find_group(tx, group_id))
    return no_group(group_id);
  return repo::insert_category(tx, group_id, name, "", visibility);
}

}  // namespace plenary::discussions
