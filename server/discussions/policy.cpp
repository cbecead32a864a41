#include "discussions/policy.hpp"

namespace plenary::discussions {
namespace {
using groups::Role;

std::optional<Role> role_here(const Viewer& viewer) {
  return groups::acting_role(viewer);
}

bool at_least(const Viewer& viewer, Role minimum) {
  auto role = role_here(viewer);
  return viewer.site_admin || (role && *role >= minimum);
}

Decision must_sign_in(std::string reason) {
  return Decision::deny(std::move(reason), groups::sign_in_required);
}

Role minimum_role(Visibility visibility) {
  switch (visibility) {
    case Visibility::public_:
    case Visibility::supporters:
      return Role::supporter;
    case Visibility::members:
      return Role::member;
    case Visibility::officers:
      return Role::officer;
  }
  return Role::officer;
}

}  // namespace

std::optional<Visibility> parse_visibility(std::string_view text) {
  if (text == "public")
    return Visibility::public_;
  if (text == "supporters")
    return Visibility::supporters;
  if (text == "members")
    return Visibility::members;
  if (text == "officers")
    return Visibility::officers;
  return std::nullopt;
}

std::string_view visibility_name(Visibility visibility) {
  switch (visibility) {
    case Visibility::public_:
      return "public";
    case Visibility::supporters:
      return "supporters";
    case Visibility::members:
      return "members";
    case Visibility::officers:
      return "officers";
  }
  return "officers";
}

std::string_view visibility_description(Visibility visibility) {
  switch (visibility) {
    case Visibility::public_:
      return "Anyone, signed in or not";
    case Visibility::supporters:
      return "Supporters and members of the group";
    case Visibility::members:
      return "Members of the group";
    case Visibility::officers:
      return "Officers of the group";
  }
  return "Officers of the group";
}

Decision can_view(const Viewer& viewer, const Place& place) {
  if (place.visibility == Visibility::public_)
    return Decision::allow();
  if (!viewer.signed_in)
    return must_sign_in("Sign in to read the discussions of " + place.group_name + ".");
  if (at_least(viewer, minimum_role(place.visibility)))
    return Decision::allow();
  switch (place.visibility) {
    case Visibility::supporters:
      return Decision::deny("Only supporters and members of " + place.group_name +
                                " can read this. Join the group to take part.",
                            "not_a_supporter");
    case Visibility::members:
      return Decision::deny("Only members of " + place.group_name + " can read this.",
                            "not_a_member");
    default:
      return Decision::deny("Only officers of " + place.group_name + " can read this.",
                            "not_an_officer");
  }
}

Decision can_post(const Viewer& viewer, const Place& place, const ThreadState& thread) {
  if (!viewer.signed_in)
    return must_sign_in("Sign in to take part in the discussion.");
  if (auto view = can_view(viewer, place); !view)
    return view;
  if (!viewer.email_verified) {
    return Decision::deny("Verify your email address before you post.", "email_not_verified");
  }
  // Public categories are readable by anyone but written by the group's own people.
  if (!at_least(viewer, std::max(minimum_role(place.visibility), Role::supporter))) {
    return Decision::deny("Join " + place.group_name + " to post in its discussions.",
                          "not_a_supporter");
  }
  const bool moderator = at_least(viewer, Role::moderator);
  if (place.group_archived && !moderator) {
    return Decision::deny(place.group_name + " is archived; its discussions are read-only.",
                          "group_archived");
  }
  if (thread.archived) {
    return Decision::deny("This thread is archived and can no longer be replied to.",
                          "thread_archived");
  }
  if (thread.locked && !moderator) {
    return Decision::deny("This thread is locked: moderators have closed it to new replies.",
                          "thread_locked");
  }
  return Decision::allow();
}

Decision can_moderate(const Viewer& viewer, const Place& place) {
  if (!viewer.signed_in)
    return must_sign_in("Sign in to moderate.");
  if (at_least(viewer, Role::moderator))
    return Decision::allow();
  return Decision::deny("Only moderators and officers of " + place.group_name + " can do that.",
                        "not_a_moderator");
}

Decision can_manage_categories(const Viewer& viewer, const Place& place) {
  if (!viewer.signed_in)
    return must_sign_in("Sign in to manage categories.");
  if (at_least(viewer, Role::officer))
    return Decision::allow();
  return Decision::deny("Only officers of " + place.group_name + " can manage its categories.",
                        "not_an_officer");
}

Decision can_flag(const Viewer& viewer, const Place& place) {
  if (!viewer.signed_in)
    return must_sign_in("Sign in to report a post.");
  return can_view(viewer, place);
}

Decision can_read_moderation_log(const Viewer& viewer, const Place& place) {
  // The log is the group's own record: its members read it, whatever the category.
  return can_view(viewer, {place.group_name, place.group_archived, Visibility::members});
}

Decision can_edit_post(const Viewer& viewer, const Place& place, const ThreadState& thread,
                       const PostFacts& post) {
  if (!viewer.signed_in)
    return must_sign_in("Sign in to edit posts.");
  if (auto view = can_view(viewer, place); !view)
    return view;
  if (post.deleted) {
    return Decision::deny("This post was deleted and can no longer be edited.", "post_deleted");
  }
  const bool moderator = at_least(viewer, Role::moderator);
  if (!post.own) {
    if (moderator)
      return Decision::allow();
    return Decision::deny("You can only edit your own posts.", "not_your_post");
  }
  if (moderator)
    return Decision::allow();
  if (post.hidden) {
    return Decision::deny("A moderator hid this post; it cannot be edited while hidden.",
                          "post_hidden");
  }
  if (place.group_archived) {
    return Decision::deny(place.group_name + " is archived; its discussions are read-only.",
                          "group_archived");
  }
  if (thread.archived) {
    return Decision::deny("This thread is archived; its posts can no longer be changed.",
                          "thread_archived");
  }
  if (thread.locked) {
    return Decision::deny("This thread is locked: moderators have closed it to changes.",
                          "thread_locked");
  }
  return Decision::allow();
}

Decision can_delete_post(const Viewer& viewer, const Place& place, const ThreadState& thread,
                         const PostFacts& post) {
  if (!viewer.signed_in)
    return must_sign_in("Sign in to delete your posts.");
  if (auto view = can_view(viewer, place); !view)
    return view;
  if (!post.own) {
    return Decision::deny(
        "You can only delete your own posts. Moderators hide posts instead, with a reason.",
        "not_your_post");
  }
  if (post.deleted)
    return Decision::deny("This post is already deleted.", "post_deleted");
  if (post.hidden) {
    return Decision::deny("A moderator hid this post; it stays as they left it.", "post_hidden");
  }
  if (thread.archived || place.group_archived) {
    return Decision::deny("This thread is archived; its posts can no longer be changed.",
                          "thread_archived");
  }
  return Decision::allow();
}

Decision can_thank(const Viewer& viewer, const Place& place, const PostFacts& post) {
  if (!viewer.signed_in)
    return must_sign_in("Sign in to thank people for their posts.");
  if (auto view = can_view(viewer, place); !view)
    return view;
  if (post.deleted || post.hidden) {
    return Decision::deny("This post cannot be thanked: it was deleted or hidden.",
                          "post_unavailable");
  }
  if (post.own)
    return Decision::deny("You cannot thank yourself for your own post.", "own_post");
  return Decision::allow();
}

Decision can_reply_to(const Viewer& viewer, const Place& place, const ThreadState& thread,
                      const PostFacts& post) {
  if (auto posting = can_post(viewer, place, thread); !posting)
    return posting;
  if (post.deleted) {
    return Decision::deny("This post was deleted. Reply to the thread instead.", "post_deleted");
  }
  if (post.hidden && !at_least(viewer, Role::moderator)) {
    return Decision::deny("A moderator hid this post. Reply to the thread instead.", "post_hidden");
  }
  return Decision::allow();
}

Decision can_flag_post(const Viewer& viewer, const Place& place, const PostFacts& post) {
  if (auto flag = can_flag(viewer, place); !flag)
    return flag;
  if (post.own)
    return Decision::deny("You cannot report your own post.", "own_post");
  if (post.deleted || post.hidden) {
    return Decision::deny("This post is already gone from the discussion.", "post_unavailable");
  }
  return Decision::allow();
}

Decision can_hide(const Viewer& viewer, const Place& place, const PostFacts& post) {
  if (auto moderate = can_moderate(viewer, place); !moderate)
    return moderate;
  if (post.deleted) {
    return Decision::deny("This post was deleted by its author; there is nothing to hide.",
                          "post_deleted");
  }
  if (post.hidden)
    return Decision::deny("This post is already hidden.", "already_hidden");
  return Decision::allow();
}

Decision can_restore(const Viewer& viewer, const Place& place, const PostFacts& post) {
  if (auto moderate = can_moderate(viewer, place); !moderate)
    return moderate;
  if (!post.hidden)
    return Decision::deny("This post is not hidden.", "not_hidden");
  return Decision::allow();
}

bool sees_hidden_content(const Viewer& viewer, const Place& place) {
  return can_moderate(viewer, place).allowed;
}

PostCan post_flags(const Viewer& viewer, const Place& place, const ThreadState& thread,
                   const PostFacts& post) {
  return {
      .edit = can_edit_post(viewer, place, thread, post).allowed,
      .delete_ = can_delete_post(viewer, place, thread, post).allowed,
      .thank = can_thank(viewer, place, post).allowed,
      .flag = can_flag_post(viewer, place, post).allowed,
      .hide = can_hide(viewer, place, post).allowed,
      .restore = can_restore(viewer, place, post).allowed,
      .reply = can_reply_to(viewer, place, thread, post).allowed,
  };
}

ThreadCan thread_flags(const Viewer& viewer, const Place& place, const ThreadState& thread) {
  return {
      .reply = can_post(viewer, place, thread).allowed,
      .moderate = can_moderate(viewer, place).allowed,
      .watch = can_watch(viewer, place).allowed,
  };
}

CategoryCan category_flags(const Viewer& viewer, const Place& place) {
  return {
      .create_thread = can_post(viewer, place, {}).allowed,
      .moderate = can_moderate(viewer, place).allowed,
      .manage = can_manage_categories(viewer, place).allowed,
      .watch = can_watch(viewer, place).allowed,
  };
}

Decision can_watch(const Viewer& viewer, const Place& place) {
  if (!viewer.signed_in)
    return must_sign_in("Sign in to follow discussions.");
  return can_view(viewer, place);
}

Viewer plain_member() {
  return groups::make_viewer({.signed_in = true, .site_admin = false, .email_verified = true},
                             {{0, Role::member, groups::MembershipStatus::active}});
}

}  // namespace plenary::discussions
