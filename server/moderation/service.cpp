#include "moderation/service.hpp"

#include "core/time.hpp"
#include "discussions/policy.hpp"
#include "groups/repo.hpp"
#include "moderation/log.hpp"
#include "moderation/posting_rules.hpp"
#include "moderation/repo.hpp"
#include "notifications/notify.hpp"
#include "search/readable.hpp"

namespace plenary::moderation {
namespace {

groups::ViewerIdentity identity_of(const Actor* actor) {
  if (!actor)
    return {};
  return {true, actor->site_admin, actor->email_verified};
}

groups::Viewer load_viewer(db::Tx& tx, const Actor* actor, std::int64_t group_id) {
  if (!actor)
    return groups::make_viewer({}, {});
  return groups::make_viewer(identity_of(actor),
                             groups::repo::chain_memberships(tx, group_id, actor->person_id));
}

groups::Viewer load_viewer_of_person(db::Tx& tx, std::int64_t person_id, std::int64_t group_id) {
  // Only the role matters for "does this person moderate here"; the identity flags do not.
  return groups::make_viewer({true, false, true},
                             groups::repo::chain_memberships(tx, group_id, person_id));
}

Error no_post(std::int64_t post_id) {
  return not_found("There is no post " + std::to_string(post_id) + ".");
}

Error no_group(std::int64_t group_id) {
  return not_found("There is no group " + std::to_string(group_id) + ".");
}

// The group as a place, for rules that are about the group rather than one category.
discussions::Place group_place(const groups::Group& group) {
  return {group.name, group.archived, discussions::Visibility::members};
}

// Moderating a post needs both: the right to moderate the group and to read the category.
Status require_moderation_of(const groups::Viewer& viewer, const discussions::Place& place) {
  if (auto allowed = groups::require(discussions::can_moderate(viewer, place)); !allowed) {
    return allowed;
  }
  return groups::require(discussions::can_view(viewer, place));
}

}  // namespace

Result<std::int64_t> Service::flag(db::Connection& db, const Actor& actor, std::int64_t post_id,
                                   const NewFlag& input) {
  const auto at = iso8601(clock_.now());
  return db::transact(db, [&](db::Tx& tx) -> Result<std::int64_t> {
    auto post = repo::find_post_place(tx, post_id);
    if (!post)
      return no_post(post_id);
    const auto viewer = load_viewer(tx, &actor, post->group_id);
    if (auto allowed = groups::require(discussions::can_flag(viewer, post->place)); !allowed) {
      return allowed.error();
    }
    if (post->deleted) {
      return conflict("This post has been deleted; there is nothing left to report.",
                      "post_deleted");
    }
    if (post->author_id == actor.person_id) {
      return invalid_field("reason", "You cannot report your own post.");
    }
    if (repo::has_open_flag(tx, post_id, actor.person_id)) {
      return conflict("You have already reported this post; moderators will look at it.",
                      "already_flagged");
    }
    return repo::insert_flag(tx, post_id, actor.person_id, input.reason, input.detail, at);
  });
}

Result<QueuePage> Service::queue(db::Connection& db, const Actor& actor, std::int64_t group_id,
                                 const std::optional<QueueCursor>& after, int limit) {
  return db::transact(db, [&](db::Tx& tx) -> Result<QueuePage> {
    auto group = groups::repo::find_group(tx, group_id);
    if (!group)
      return no_group(group_id);
    const auto viewer = load_viewer(tx, &actor, group_id);
    if (auto allowed = groups::require(discussions::can_moderate(viewer, group_place(*group)));
        !allowed) {
      return allowed.error();
    }
    // Even a moderator sees only the flagged posts of categories they may read.
    const auto readable = search::readable_categories(tx, &actor);
    QueuePage page;
    page.items =
        repo::queue_page(tx, {group_id, readable.public_open, readable.ids}, after, limit + 1);
    if (static_cast<int>(page.items.size()) > limit) {
      page.items.resize(static_cast<std::size_t>(limit));
      page.next = page.items.back().position;
    }
    return page;
  });
}

Status Service::resolve(db::Connection& db, const Actor& actor, std::int64_t flag_id,
                        const FlagResolution& input) {
  const auto at = iso8601(clock_.now());
  return db::transact(db, [&](db::Tx& tx) -> Status {
    auto flag = repo::find_flag(tx, flag_id);
    if (!flag)
      return not_found("There is no flag " + std::to_string(flag_id) + ".");
    const auto viewer = load_viewer(tx, &actor, flag->post.group_id);
    if (auto allowed = require_moderation_of(viewer, flag->post.place); !allowed)
      return allowed;
    if (flag->resolved || !repo::resolve_flag(tx, flag_id, actor.person_id, input.resolution, at)) {
      return conflict("This report has already been dealt with.", "already_resolved");
    }
    log_action(tx, {flag->post.group_id, actor.person_id, "resolve_flag", "flag", flag_id,
                    input.resolution + ": " + input.reason});
    return ok();
  });
}

Result<Suspension> Service::suspend(db::Connection& db, const Actor& actor, std::int64_t group_id,
                                    const NewSuspension& input) {
  const auto now = clock_.now();
  const auto at = iso8601(now);
  return db::transact(db, [&](db::Tx& tx) -> Result<Suspension> {
    auto group = groups::repo::find_group(tx, group_id);
    if (!group)
      return no_group(group_id);
    const auto place = group_place(*group);
    const auto viewer = load_viewer(tx, &actor, group_id);
    if (auto allowed = groups::require(discussions::can_moderate(viewer, place)); !allowed) {
      return allowed.error();
    }
    auto person = repo::find_person(tx, input.person_id);
    if (!person)
      return invalid_field("person_id", "There is no such person.");
    const bool target_moderates =
        discussions::can_moderate(load_viewer_of_person(tx, input.person_id, group_id), place)
            .allowed;
    if (auto allowed = check_suspension(input.ends_at, now, target_moderates, group->name,
                                        input.person_id == actor.person_id);
        !allowed) {
      return allowed.error();
    }
    auto suspension = repo::insert_suspension(tx, group_id, input.person_id, input.reason, at,
                                              iso8601(input.ends_at), actor.person_id, at);
    log_action(tx, {group_id, actor.person_id, "suspend", "person", input.person_id, input.reason});
    notifications::notify(
        tx, {.person_id = input.person_id,
             .kind = "suspended",
             .actor_id = actor.person_id,
             .thread_id = std::nullopt,
             .post_id = std::nullopt,
             .detail = "You are suspended from posting in " + group->name + " until " +
                       readable_time(input.ends_at) + ": " + input.reason});
    return suspension;
  });
}

Result<std::vector<Suspension>> Service::suspensions(db::Connection& db, const Actor& actor,
                                                     std::int64_t group_id) {
  const auto at = iso8601(clock_.now());
  return db::transact(db, [&](db::Tx& tx) -> Result<std::vector<Suspension>> {
    auto group = groups::repo::find_group(tx, group_id);
    if (!group)
      return no_group(group_id);
    const auto viewer = load_viewer(tx, &actor, group_id);
    if (auto allowed = groups::require(discussions::can_moderate(viewer, group_place(*group)));
        !allowed) {
      return allowed.error();
    }
    return repo::list_suspensions(tx, group_id, at, max_suspension_list);
  });
}

Status Service::lift(db::Connection& db, const Actor& actor, std::int64_t suspension_id,
                     const std::string& reason) {
  const auto at = iso8601(clock_.now());
  return db::transact(db, [&](db::Tx& tx) -> Status {
    auto suspension = repo::find_suspension(tx, suspension_id, at);
    if (!suspension) {
      return not_found("There is no suspension " + std::to_string(suspension_id) + ".");
    }
    auto group = groups::repo::find_group(tx, suspension->group.id);
    if (!group)
      return no_group(suspension->group.id);
    const auto viewer = load_viewer(tx, &actor, group->id);
    if (auto allowed = groups::require(discussions::can_moderate(viewer, group_place(*group)));
        !allowed) {
      return allowed;
    }
    if (!repo::lift_suspension(tx, suspension_id, actor.person_id, at)) {
      return conflict("This suspension has already been lifted.", "already_lifted");
    }
    log_action(tx, {group->id, actor.person_id, "lift_suspension", "person", suspension->person.id,
                    reason});
    notifications::notify(
        tx, {.person_id = suspension->person.id,
             .kind = "suspended",
             .actor_id = actor.person_id,
             .thread_id = std::nullopt,
             .post_id = std::nullopt,
             .detail = "Your suspension from posting in " + group->name + " has been lifted" +
                       (reason.empty() ? "." : ": " + reason)});
    return ok();
  });
}

Result<LogPage> Service::log(db::Connection& db, const Actor* actor, std::int64_t group_id,
                             const std::optional<std::int64_t>& before_id, int limit) {
  return db::transact(db, [&](db::Tx& tx) -> Result<LogPage> {
    auto group = groups::repo::find_group(tx, group_id);
    if (!group)
      return no_group(group_id);
    const auto viewer = load_viewer(tx, actor, group_id);
    if (auto allowed =
            groups::require(discussions::can_read_moderation_log(viewer, group_place(*group)));
        !allowed) {
      return allowed.error();
    }
    LogPage page;
    page.entries = repo::log_page(tx, group_id, before_id, limit + 1);
    if (static_cast<int>(page.entries.size()) > limit) {
      page.entries.resize(static_cast<std::size_t>(limit));
      page.next_after_id = page.entries.back().id;
    }
    return page;
  });
}

}  // namespace plenary::moderation
