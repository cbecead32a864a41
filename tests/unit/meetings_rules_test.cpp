// The pure rules of meetings: the quorum, the speakers list, agenda timing and validation.
#include <gtest/gtest.h>

#include "meetings/policy.hpp"
#include "meetings/rules.hpp"
#include "votes/rules.hpp"

namespace plenary::meetings {
namespace {

TimePoint at(const char* iso) {
  return *votes::parse_iso8601(iso);
}

TEST(MeetingsQuorum, NeitherSetNeedsNobody) {
  EXPECT_EQ(quorum_required({}, 40), 0);
  EXPECT_TRUE(quorum_met({}, 40, 0));
}

TEST(MeetingsQuorum, CountAlone) {
  const QuorumRule rule{12, std::nullopt};
  EXPECT_EQ(quorum_required(rule, 40), 12);
  EXPECT_FALSE(quorum_met(rule, 40, 11));
  EXPECT_TRUE(quorum_met(rule, 40, 12));
}

TEST(MeetingsQuorum, PercentRoundsUp) {
  const QuorumRule rule{std::nullopt, 10};
  EXPECT_EQ(quorum_required(rule, 30), 3);  // exactly 3
  EXPECT_EQ(quorum_required(rule, 31), 4);  // 3.1 → 4
  EXPECT_EQ(quorum_required(rule, 0), 0);
  EXPECT_EQ(quorum_required({std::nullopt, 33}, 3), 1);  // 0.99 → 1
  EXPECT_EQ(quorum_required({std::nullopt, 100}, 7), 7);
  EXPECT_FALSE(quorum_met(rule, 31, 3));
  EXPECT_TRUE(quorum_met(rule, 31, 4));
}

TEST(MeetingsQuorum, BothTakeTheLarger) {
  EXPECT_EQ(quorum_required({5, 10}, 30), 5);   // 3 by share, 5 by count
  EXPECT_EQ(quorum_required({5, 50}, 30), 15);  // 15 by share
  EXPECT_EQ(quorum_required({5, 50}, 31), 16);  // 15.5 → 16
}

TEST(MeetingsQuorum, ObserversAreNotCountedByTheCaller) {
  // The service passes members checked in; observers never reach the count. With 10 members
  // and a half needed, 4 members and 3 observers do not make a quorum.
  const QuorumRule rule{std::nullopt, 50};
  const std::int64_t members_checked_in = 4;
  const std::int64_t observers_checked_in = 3;
  EXPECT_EQ(observers_checked_in, 3);
  EXPECT_FALSE(quorum_met(rule, 10, members_checked_in));
  EXPECT_TRUE(quorum_met(rule, 10, members_checked_in + 1));
}

Speaker request(std::int64_t id, std::int64_t person, SpeakerKind kind = SpeakerKind::speak,
                SpeakerState state = SpeakerState::waiting) {
  Speaker s;
  s.id = id;
  s.person = {person, "Person " + std::to_string(person)};
  s.kind = kind;
  s.state = state;
  return s;
}

std::vector<std::int64_t> ids(const std::vector<Speaker>& speakers) {
  std::vector<std::int64_t> out;
  for (const auto& s : speakers)
    out.push_back(s.id);
  return out;
}

TEST(MeetingsSpeakers, InOrderOfRequest) {
  const std::vector<Speaker> list{request(3, 30), request(1, 10), request(2, 20)};
  EXPECT_EQ(ids(speaking_order(list, false)), (std::vector<std::int64_t>{1, 2, 3}));
}

TEST(MeetingsSpeakers, PointsOfOrderJumpTheQueue) {
  const std::vector<Speaker> list{request(1, 10), request(2, 20),
                                  request(3, 30, SpeakerKind::point_of_order), request(4, 40),
                                  request(5, 50, SpeakerKind::point_of_order)};
  EXPECT_EQ(ids(speaking_order(list, false)), (std::vector<std::int64_t>{3, 5, 1, 2, 4}));
  EXPECT_EQ(ids(speaking_order(list, true)), (std::vector<std::int64_t>{3, 5, 1, 2, 4}));
}

TEST(MeetingsSpeakers, FirstTimeFirstPutsNewVoicesAhead) {
  // 10 has spoken already and asks again before 20 and 30, who have not spoken.
  const std::vector<Speaker> list{request(1, 10, SpeakerKind::speak, SpeakerState::done),
                                  request(2, 10), request(3, 20), request(4, 30)};
  EXPECT_EQ(ids(speaking_order(list, true)), (std::vector<std::int64_t>{3, 4, 2}));
  EXPECT_EQ(ids(speaking_order(list, false)), (std::vector<std::int64_t>{2, 3, 4}));
}

TEST(MeetingsSpeakers, TheCurrentSpeakerHasSpokenAndIsNotWaiting) {
  const std::vector<Speaker> list{request(1, 10, SpeakerKind::speak, SpeakerState::speaking),
                                  request(2, 10), request(3, 20)};
  EXPECT_EQ(ids(speaking_order(list, true)), (std::vector<std::int64_t>{3, 2}));
  ASSERT_TRUE(current_speaker(list));
  EXPECT_EQ(current_speaker(list)->id, 1);
  EXPECT_FALSE(current_speaker({request(2, 10)}));
}

TEST(MeetingsSpeakers, WithdrawnAndFinishedAreNotListed) {
  const std::vector<Speaker> list{request(1, 10, SpeakerKind::speak, SpeakerState::withdrawn),
                                  request(2, 20, SpeakerKind::speak, SpeakerState::done),
                                  request(3, 30)};
  EXPECT_EQ(ids(speaking_order(list, false)), (std::vector<std::int64_t>{3}));
}

TEST(MeetingsSpeakers, APointOfOrderDoesNotUseUpAFirstTurn) {
  const std::vector<Speaker> list{request(1, 10, SpeakerKind::point_of_order, SpeakerState::done),
                                  request(2, 20), request(3, 10)};
  EXPECT_EQ(ids(speaking_order(list, true)), (std::vector<std::int64_t>{2, 3}));
}

TEST(MeetingsAgenda, PublishedAndSuggestionsCloseBeforeTheStart) {
  const auto starts = at("2026-11-21T18:00:00Z");
  EXPECT_EQ(agenda_publication_time(starts, 72), at("2026-11-18T18:00:00Z"));
  EXPECT_FALSE(agenda_due(starts, 72, at("2026-11-18T17:59:59Z")));
  EXPECT_TRUE(agenda_due(starts, 72, at("2026-11-18T18:00:00Z")));

  Meeting meeting;
  meeting.agenda_notice_hours = 72;
  EXPECT_FALSE(suggestion_problem(meeting, starts, at("2026-11-18T17:00:00Z")));
  EXPECT_TRUE(suggestion_problem(meeting, starts, at("2026-11-18T18:00:00Z")));
  meeting.agenda_published_at = "2026-11-10T00:00:00Z";  // officers published early
  EXPECT_TRUE(suggestion_problem(meeting, starts, at("2026-11-11T00:00:00Z")));
  meeting.agenda_published_at.reset();
  meeting.status = MeetingStatus::cancelled;
  EXPECT_TRUE(suggestion_problem(meeting, starts, at("2026-11-11T00:00:00Z")));
}

TEST(MeetingsValidation, ANewMeetingNeedsTitleAndTimesInOrder) {
  MeetingFields fields;
  fields.title = " ";
  fields.starts_at = "2026-11-21T18:00:00Z";
  fields.ends_at = "2026-11-21T17:00:00Z";
  fields.online_url = "http://example.org/call";
  fields.quorum_percent = std::optional<int>(120);
  auto result = validate_meeting(fields, std::nullopt);
  ASSERT_FALSE(result);
  std::vector<std::string> names;
  for (const auto& e : result.error().fields)
    names.push_back(e.field);
  EXPECT_EQ(names, (std::vector<std::string>{"title", "ends_at", "online_url", "quorum_percent"}));

  fields.title = "Branch meeting";
  fields.ends_at = "2026-11-21T20:00:00Z";
  fields.online_url = "https://meet.example.org/branch";
  fields.quorum_percent = std::optional<int>(10);
  auto valid = validate_meeting(fields, std::nullopt);
  ASSERT_TRUE(valid);
  EXPECT_EQ(valid->agenda_notice_hours, 72);
  EXPECT_EQ(valid->quorum.percent, 10);
}

TEST(MeetingsValidation, AChangeKeepsWhatItLeavesOut) {
  Meeting current;
  current.title = "AGM";
  current.starts_at = "2026-11-21T18:00:00Z";
  current.ends_at = "2026-11-21T20:00:00Z";
  current.quorum = {20, std::nullopt};
  MeetingFields change;
  change.place = "Leith Community Centre";
  change.quorum_count = std::optional<int>();  // null clears it
  auto valid = validate_meeting(change, current);
  ASSERT_TRUE(valid);
  EXPECT_EQ(valid->title, "AGM");
  EXPECT_EQ(valid->place, "Leith Community Centre");
  EXPECT_FALSE(valid->quorum.count);
}

TEST(MeetingsValidation, OnlyDecisionsLinkProposalsOrApproveMinutes) {
  ItemFields item;
  item.kind = "discussion";
  item.title = "Budget";
  item.approves_minutes_of = std::optional<std::int64_t>(4);
  EXPECT_FALSE(validate_item(item, std::nullopt));
  item.kind = "decision";
  EXPECT_TRUE(validate_item(item, std::nullopt));
  item.proposal_id = std::optional<std::int64_t>(9);
  EXPECT_FALSE(validate_item(item, std::nullopt));
}

TEST(MeetingsCheckIn, CodesAreSixDigitsAndForgiving) {
  EXPECT_EQ(check_in_code_from(42), "000042");
  EXPECT_EQ(check_in_code_from(4'123'456'789u), "456789");
  EXPECT_TRUE(check_in_code_matches("123456", "123 456"));
  EXPECT_TRUE(check_in_code_matches("123456", "123-456"));
  EXPECT_FALSE(check_in_code_matches("123456", "123457"));
  EXPECT_FALSE(check_in_code_matches("", ""));
}

groups::Viewer viewer_with(std::optional<groups::Role> role) {
  groups::Viewer viewer;
  viewer.signed_in = true;
  if (role)
    viewer.direct = groups::DirectMembership{*role, groups::MembershipStatus::active};
  return viewer;
}

TEST(MeetingsPolicy, MembersAttendSupportersOnlyObserveWhenAllowed) {
  EXPECT_EQ(attendance_role(viewer_with(groups::Role::member), false), AttendanceRole::member);
  EXPECT_EQ(attendance_role(viewer_with(groups::Role::officer), false), AttendanceRole::member);
  EXPECT_FALSE(attendance_role(viewer_with(groups::Role::supporter), false));
  EXPECT_EQ(attendance_role(viewer_with(groups::Role::supporter), true), AttendanceRole::observer);
  EXPECT_FALSE(attendance_role(viewer_with(std::nullopt), true));
  EXPECT_FALSE(can_join_speakers(AttendanceRole::observer));
  EXPECT_FALSE(can_join_speakers(std::nullopt));
  EXPECT_TRUE(can_join_speakers(AttendanceRole::member));
}

TEST(MeetingsPolicy, OnlyOfficersChair) {
  Meeting meeting;
  meeting.group_name = "Leith";
  auto member = meeting_flags(viewer_with(groups::Role::member), meeting, true, false);
  EXPECT_FALSE(member.chair);
  EXPECT_TRUE(member.suggest);
  EXPECT_TRUE(member.check_in);
  auto officer = meeting_flags(viewer_with(groups::Role::officer), meeting, false, true);
  EXPECT_TRUE(officer.chair);
  EXPECT_FALSE(officer.suggest);
  EXPECT_FALSE(officer.check_in);  // already checked in
}

}  // namespace
}  // namespace plenary::meetings

namespace plenary::votes {
namespace {

// A meeting's vote names its voters: the list frozen at the open decides, not memberships.
TEST(MeetingsVoteEligibility, NamedVotersAreExactlyThoseOnTheList) {
  EligibilityRule rule;
  rule.named_list = "members checked in to AGM when the vote opened";
  const std::vector<ScopeMembership> member{
      {"Leith", groups::Role::member, groups::MembershipStatus::active, "2020-01-01"}};
  EXPECT_TRUE(check_elector(rule, "Leith", member, true).eligible);
  const auto absent = check_elector(rule, "Leith", member, false);
  EXPECT_FALSE(absent.eligible);
  EXPECT_EQ(absent.reason, "Only members checked in to AGM when the vote opened can vote.");
  EXPECT_EQ(eligibility_explanation(rule, "Leith"),
            "Members checked in to AGM when the vote opened");

  NewBallot spec;
  spec.title = "Adopt the budget";
  spec.manual = true;
  spec.explicit_electors = std::vector<std::int64_t>{4, 9};
  EXPECT_FALSE(validate_spec(spec, TimePoint{}));  // who they are must be said
  spec.explicit_electors_are = "members checked in to AGM when the vote opened";
  auto valid = validate_spec(spec, TimePoint{});
  ASSERT_TRUE(valid);
  EXPECT_EQ(valid->explicit_electors, (std::vector<std::int64_t>{4, 9}));
  EXPECT_EQ(valid->eligibility.named_list, spec.explicit_electors_are);
}

}  // namespace
}  // namespace plenary::votes
