// Who may read, write and moderate what in a group's discussions: tables over role × visibility
// × action, then the rules about single posts.
#include <gtest/gtest.h>

#include <map>

#include "discussions/policy.hpp"

namespace plenary::discussions {
namespace {

using groups::MembershipStatus;
using groups::Role;

const groups::ViewerIdentity verified{
    .signed_in = true, .site_admin = false, .email_verified = true};

// The people of the integration test's matrix, as the policy sees them.
enum class Who {
  signed_out,
  no_membership,
  supporter,
  member,
  moderator,
  officer,
  parent_officer,
  site_admin
};

Viewer viewer_for(Who who) {
  switch (who) {
    case Who::signed_out:
      return groups::make_viewer({}, {});
    case Who::no_membership:
      return groups::make_viewer(verified, {});
    case Who::supporter:
      return groups::make_viewer(verified, {{0, Role::supporter}});
    case Who::member:
      return groups::make_viewer(verified, {{0, Role::member}});
    case Who::moderator:
      return groups::make_viewer(verified, {{0, Role::moderator}});
    case Who::officer:
      return groups::make_viewer(verified, {{0, Role::officer}});
    case Who::parent_officer:
      return groups::make_viewer(verified, {{1, Role::officer}});
    case Who::site_admin:
      return groups::make_viewer({true, true, true}, {});
  }
  return groups::make_viewer({}, {});
}

const char* name_of(Who who) {
  switch (who) {
    case Who::signed_out:
      return "signed out";
    case Who::no_membership:
      return "no membership";
    case Who::supporter:
      return "supporter";
    case Who::member:
      return "member";
    case Who::moderator:
      return "moderator";
    case Who::officer:
      return "officer";
    case Who::parent_officer:
      return "officer of the parent";
    case Who::site_admin:
      return "site admin";
  }
  return "?";
}

Place place(Visibility visibility) {
  return {"Riverside Branch", false, visibility};
}

const Visibility all_visibilities[] = {Visibility::public_, Visibility::supporters,
                                       Visibility::members, Visibility::officers};
const Who everyone[] = {Who::signed_out, Who::no_membership, Who::supporter,      Who::member,
                        Who::moderator,  Who::officer,       Who::parent_officer, Who::site_admin};

// The expected outcome: "" allowed, otherwise the denial's code.
struct Expectation {
  Who who;
  const char* view[4];  // public, supporters, members, officers
  const char* post[4];
};

const Expectation matrix[] = {
    {Who::signed_out,
     {"", "sign_in_required", "sign_in_required", "sign_in_required"},
     {"sign_in_required", "sign_in_required", "sign_in_required", "sign_in_required"}},
    {Who::no_membership,
     {"", "not_a_supporter", "not_a_member", "not_an_officer"},
     {"not_a_supporter", "not_a_supporter", "not_a_member", "not_an_officer"}},
    {Who::supporter,
     {"", "", "not_a_member", "not_an_officer"},
     {"", "", "not_a_member", "not_an_officer"}},
    {Who::member, {"", "", "", "not_an_officer"}, {"", "", "", "not_an_officer"}},
    {Who::moderator, {"", "", "", "not_an_officer"}, {"", "", "", "not_an_officer"}},
    {Who::officer, {"", "", "", ""}, {"", "", "", ""}},
    {Who::parent_officer, {"", "", "", ""}, {"", "", "", ""}},
    {Who::site_admin, {"", "", "", ""}, {"", "", "", ""}},
};

TEST(DiscussionsPolicy, VisibilityMatrixForReadingAndPosting) {
  for (const auto& row : matrix) {
    const auto viewer = viewer_for(row.who);
    for (int v = 0; v < 4; ++v) {
      const auto where = place(all_visibilities[v]);
      const auto view = can_view(viewer, where);
      EXPECT_EQ(view.allowed ? "" : view.code, std::string(row.view[v]))
          << name_of(row.who) << " reading " << visibility_name(all_visibilities[v]);
      const auto post = can_post(viewer, where, {});
      EXPECT_EQ(post.allowed ? "" : post.code, std::string(row.post[v]))
          << name_of(row.who) << " posting in " << visibility_name(all_visibilities[v]);
      if (!view.allowed || !post.allowed) {
        EXPECT_FALSE((view.allowed ? post : view).reason.empty());
      }
      // A live room is open exactly to those who can read the place.
      const auto flags = category_flags(viewer, where);
      EXPECT_EQ(flags.create_thread, post.allowed);
      EXPECT_EQ(flags.watch, view.allowed && row.who != Who::signed_out);
    }
  }
}

TEST(DiscussionsPolicy, SupportersAndMembersOfAParentGroupSeeNothingRestrictedBelow) {
  for (Role role : {Role::supporter, Role::member}) {
    const auto viewer = groups::make_viewer(verified, {{1, role}});
    EXPECT_TRUE(can_view(viewer, place(Visibility::public_)));
    EXPECT_FALSE(can_view(viewer, place(Visibility::supporters)));
    EXPECT_FALSE(can_view(viewer, place(Visibility::members)));
  }
  const auto parent_moderator = groups::make_viewer(verified, {{2, Role::moderator}});
  EXPECT_TRUE(can_view(parent_moderator, place(Visibility::members)));
  EXPECT_TRUE(can_moderate(parent_moderator, place(Visibility::members)));
  EXPECT_FALSE(can_view(parent_moderator, place(Visibility::officers)));
}

TEST(DiscussionsPolicy, ModerationMatrix) {
  const std::map<Who, bool> moderates = {{Who::signed_out, false},    {Who::no_membership, false},
                                         {Who::supporter, false},     {Who::member, false},
                                         {Who::moderator, true},      {Who::officer, true},
                                         {Who::parent_officer, true}, {Who::site_admin, true}};
  const PostFacts someone_elses{.own = false, .deleted = false, .hidden = false};
  const PostFacts hidden{.own = false, .deleted = false, .hidden = true};
  for (Who who : everyone) {
    const auto viewer = viewer_for(who);
    const auto where = place(Visibility::members);
    EXPECT_EQ(can_moderate(viewer, where).allowed, moderates.at(who)) << name_of(who);
    EXPECT_EQ(can_hide(viewer, where, someone_elses).allowed, moderates.at(who)) << name_of(who);
    EXPECT_EQ(can_restore(viewer, where, hidden).allowed, moderates.at(who)) << name_of(who);
    EXPECT_EQ(can_edit_post(viewer, where, {}, someone_elses).allowed, moderates.at(who))
        << name_of(who);
    EXPECT_EQ(sees_hidden_content(viewer, where), moderates.at(who)) << name_of(who);
    EXPECT_EQ(can_manage_categories(viewer, where).allowed,
              who == Who::officer || who == Who::parent_officer || who == Who::site_admin)
        << name_of(who);
  }
}

TEST(DiscussionsPolicy, LockedThreadsRefuseMembersRepliesButNotModerators) {
  const ThreadState locked{.locked = true, .archived = false};
  const auto decision = can_post(viewer_for(Who::member), place(Visibility::members), locked);
  EXPECT_FALSE(decision);
  EXPECT_EQ(decision.code, "thread_locked");
  EXPECT_TRUE(can_post(viewer_for(Who::moderator), place(Visibility::members), locked));
  EXPECT_FALSE(thread_flags(viewer_for(Who::member), place(Visibility::members), locked).reply);
}

TEST(DiscussionsPolicy, ArchivedThreadsTakeNoRepliesFromAnyone) {
  const ThreadState archived{.locked = false, .archived = true};
  for (Who who : {Who::member, Who::moderator, Who::site_admin}) {
    EXPECT_EQ(can_post(viewer_for(who), place(Visibility::members), archived).code,
              "thread_archived")
        << name_of(who);
  }
}

TEST(DiscussionsPolicy, PostingNeedsAVerifiedEmail) {
  const auto unverified =
      groups::make_viewer({.signed_in = true, .email_verified = false}, {{0, Role::member}});
  EXPECT_EQ(can_post(unverified, place(Visibility::members), {}).code, "email_not_verified");
}

TEST(DiscussionsPolicy, LapsedMembersReadOnlyWhatIsPublic) {
  const auto lapsed = groups::make_viewer(verified, {{0, Role::member, MembershipStatus::lapsed}});
  EXPECT_TRUE(can_view(lapsed, place(Visibility::public_)));
  EXPECT_FALSE(can_view(lapsed, place(Visibility::members)));
}

TEST(DiscussionsPolicy, AuthorsEditAndDeleteTheirOwnPostsWhileTheThreadIsOpen) {
  const auto member = viewer_for(Who::member);
  const auto where = place(Visibility::members);
  const PostFacts mine{.own = true};
  EXPECT_TRUE(can_edit_post(member, where, {}, mine));
  EXPECT_TRUE(can_delete_post(member, where, {}, mine));
  EXPECT_EQ(can_edit_post(member, where, {.locked = true}, mine).code, "thread_locked");
  EXPECT_EQ(can_edit_post(member, where, {.archived = true}, mine).code, "thread_archived");
  EXPECT_EQ(can_edit_post(member, where, {}, {.own = true, .hidden = true}).code, "post_hidden");
  EXPECT_EQ(can_edit_post(member, where, {}, {.own = true, .deleted = true}).code, "post_deleted");
  EXPECT_EQ(can_edit_post(member, where, {}, {.own = false}).code, "not_your_post");
  EXPECT_EQ(can_delete_post(member, where, {}, {.own = false}).code, "not_your_post");
  EXPECT_EQ(can_delete_post(member, where, {}, {.own = true, .hidden = true}).code, "post_hidden");
  // Moderators hide, they do not delete other people's posts.
  EXPECT_EQ(can_delete_post(viewer_for(Who::moderator), where, {}, {.own = false}).code,
            "not_your_post");
}

TEST(DiscussionsPolicy, ThanksGoToOtherPeoplesVisiblePosts) {
  const auto member = viewer_for(Who::member);
  const auto where = place(Visibility::members);
  EXPECT_TRUE(can_thank(member, where, {}));
  EXPECT_EQ(can_thank(member, where, {.own = true}).code, "own_post");
  EXPECT_EQ(can_thank(member, where, {.hidden = true}).code, "post_unavailable");
  EXPECT_EQ(can_thank(member, where, {.deleted = true}).code, "post_unavailable");
  EXPECT_EQ(can_thank(viewer_for(Who::signed_out), place(Visibility::public_), {}).code,
            "sign_in_required");
  EXPECT_EQ(can_thank(viewer_for(Who::supporter), where, {}).code, "not_a_member");
}

TEST(DiscussionsPolicy, HidingAndRestoringFollowThePostsState) {
  const auto moderator = viewer_for(Who::moderator);
  const auto where = place(Visibility::members);
  EXPECT_EQ(can_hide(moderator, where, {.hidden = true}).code, "already_hidden");
  EXPECT_EQ(can_hide(moderator, where, {.deleted = true}).code, "post_deleted");
  EXPECT_EQ(can_restore(moderator, where, {}).code, "not_hidden");
  EXPECT_EQ(can_hide(viewer_for(Who::member), where, {}).code, "not_a_moderator");
}

TEST(DiscussionsPolicy, RepliesToGonePostsAreRefusedExceptModeratorsToHiddenOnes) {
  const auto where = place(Visibility::members);
  EXPECT_EQ(can_reply_to(viewer_for(Who::member), where, {}, {.deleted = true}).code,
            "post_deleted");
  EXPECT_EQ(can_reply_to(viewer_for(Who::member), where, {}, {.hidden = true}).code, "post_hidden");
  EXPECT_TRUE(can_reply_to(viewer_for(Who::moderator), where, {}, {.hidden = true}));
}

TEST(DiscussionsPolicy, PostFlagsAgreeWithTheDecisions) {
  const auto where = place(Visibility::members);
  const auto author = post_flags(viewer_for(Who::member), where, {}, {.own = true});
  EXPECT_TRUE(author.edit);
  EXPECT_TRUE(author.delete_);
  EXPECT_FALSE(author.thank);
  EXPECT_FALSE(author.flag);
  EXPECT_FALSE(author.hide);
  EXPECT_TRUE(author.reply);

  const auto moderator = post_flags(viewer_for(Who::moderator), where, {}, {.hidden = true});
  EXPECT_TRUE(moderator.edit);
  EXPECT_FALSE(moderator.delete_);
  EXPECT_FALSE(moderator.hide);
  EXPECT_TRUE(moderator.restore);

  const auto stranger = post_flags(viewer_for(Who::signed_out), where, {}, {});
  EXPECT_FALSE(stranger.edit || stranger.delete_ || stranger.thank || stranger.flag ||
               stranger.hide || stranger.restore || stranger.reply);
}

TEST(DiscussionsPolicy, ThePlainMemberOfLiveEventsIsNeitherModeratorNorOfficer) {
  const auto viewer = plain_member();
  EXPECT_TRUE(can_view(viewer, place(Visibility::members)));
  EXPECT_FALSE(can_view(viewer, place(Visibility::officers)));
  EXPECT_FALSE(sees_hidden_content(viewer, place(Visibility::members)));
}

}  // namespace
}  // namespace plenary::discussions
