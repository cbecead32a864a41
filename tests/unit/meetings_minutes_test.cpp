// The minutes drafted from a recorded meeting.
#include <gtest/gtest.h>

#include "meetings/rules.hpp"

namespace plenary::meetings {
namespace {

Attendee present(std::int64_t id, const std::string& name, AttendanceMode mode,
                 bool observer = false) {
  return {{id, name}, mode, observer, "2026-11-21T18:00:00Z"};
}

Speaker spoke(std::int64_t id, std::int64_t person, const std::string& name,
              const std::string& started, SpeakerKind kind = SpeakerKind::speak) {
  Speaker s;
  s.id = id;
  s.person = {person, name};
  s.kind = kind;
  s.state = SpeakerState::done;
  s.started_at = started;
  return s;
}

MeetingRecord recorded_meeting() {
  MeetingRecord record;
  auto& m = record.meeting;
  m.id = 7;
  m.title = "Branch meeting";
  m.group_name = "Leith Branch";
  m.starts_local = "18:00 on 21 Nov 2026";
  m.ends_local = "20:00 on 21 Nov 2026";
  m.time_zone = "Europe/London";
  m.place = "Leith Community Centre";
  m.quorum = {std::nullopt, 10};
  record.members = 30;  // 3 needed
  record.present = {present(1, "Zoe Officer", AttendanceMode::room),
                    present(2, "Amir", AttendanceMode::online),
                    present(3, "Bea", AttendanceMode::room),
                    present(4, "Sam Supporter", AttendanceMode::room, true)};

  ItemRecord info;
  info.item.kind = ItemKind::information;
  info.item.title = "Treasurer's report";
  info.item.presenter = PersonRef{1, "Zoe Officer"};
  info.item.notes = "The accounts were *received*.";
  info.speakers = {spoke(1, 2, "Amir", "2026-11-21T18:05:00Z"),
                   spoke(3, 3, "Bea", "2026-11-21T18:07:00Z", SpeakerKind::point_of_order),
                   spoke(2, 1, "Zoe Officer", "2026-11-21T18:09:00Z")};
  record.items.push_back(info);

  ItemRecord decision;
  decision.item.kind = ItemKind::decision;
  decision.item.title = "Adopt the budget";
  decision.ballot_status = "closed";
  decision.result = nlohmann::json{{"method", "yes_no"},
                                   {"cast", 3},
                                   {"eligible", 3},
                                   {"yes", 2},
                                   {"no", 1},
                                   {"abstain", 0},
                                   {"outcome", "passed"},
                                   {"summary", "Passed: 2 yes, 1 no."}};
  record.items.push_back(decision);

  ItemRecord untaken;
  untaken.item.kind = ItemKind::decision;
  untaken.item.title = "Affiliate to the federation";
  record.items.push_back(untaken);
  return record;
}

TEST(MeetingsMinutes, AttendanceAndQuorum) {
  const auto md = draft_minutes(recorded_meeting());
  EXPECT_NE(md.find("# Minutes: Branch meeting"), std::string::npos);
  EXPECT_NE(md.find("Leith Branch, 18:00 on 21 Nov 2026 to 20:00 on 21 Nov 2026 (Europe/London)"),
            std::string::npos);
  EXPECT_NE(md.find("Present: 3 members and 1 observer."), std::string::npos);
  // Members listed by name, with how they attended; the observer apart.
  const auto amir = md.find("- Amir (online)");
  const auto bea = md.find("- Bea (in the room)");
  const auto zoe = md.find("- Zoe Officer (in the room)");
  ASSERT_NE(amir, std::string::npos);
  ASSERT_NE(bea, std::string::npos);
  ASSERT_NE(zoe, std::string::npos);
  EXPECT_LT(amir, bea);
  EXPECT_LT(bea, zoe);
  EXPECT_NE(md.find("Observers:\n\n- Sam Supporter"), std::string::npos);
  EXPECT_NE(
      md.find("Quorum: 3 required (the group has 30 members); 3 present. The meeting was quorate."),
      std::string::npos);
}

TEST(MeetingsMinutes, ANotQuorateMeetingSaysSo) {
  auto record = recorded_meeting();
  record.members = 40;  // 4 needed, 3 members present (the observer does not count)
  const auto md = draft_minutes(record);
  EXPECT_NE(
      md.find(
          "Quorum: 4 required (the group has 40 members); 3 present. The meeting was not quorate."),
      std::string::npos);
}

TEST(MeetingsMinutes, ItemsWithNotesDecisionsWithFiguresAndSpeakersInOrder) {
  const auto md = draft_minutes(recorded_meeting());
  const auto first = md.find("### 1. Treasurer's report");
  const auto second = md.find("### 2. Adopt the budget");
  const auto third = md.find("### 3. Affiliate to the federation");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  ASSERT_NE(third, std::string::npos);
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
  EXPECT_NE(md.find("presented by Zoe Officer"), std::string::npos);
  EXPECT_NE(md.find("The accounts were *received*."), std::string::npos);
  EXPECT_NE(md.find("Speakers, in order: Amir, Bea (point of order) and Zoe Officer."),
            std::string::npos);
  EXPECT_NE(md.find("**Carried.** For: 2; against: 1; abstentions: 0. 3 votes cast of 3 "
                    "eligible."),
            std::string::npos);
  EXPECT_NE(md.find("No vote was taken.", third), std::string::npos);
}

TEST(MeetingsMinutes, TitlesAndNamesAreTextNotMarkdown) {
  auto record = recorded_meeting();
  record.meeting.title = "AGM *2026* [draft]";
  record.present[1].person.display_name = "_Amir_";
  const auto md = draft_minutes(record);
  EXPECT_NE(md.find("# Minutes: AGM \\*2026\\* \\[draft\\]"), std::string::npos);
  EXPECT_NE(md.find("- \\_Amir\\_ (online)"), std::string::npos);
}

TEST(MeetingsMinutes, OtherMethodsUseTheResultSummary) {
  auto record = recorded_meeting();
  record.items[1].item.kind = ItemKind::election;
  record.items[1].result =
      nlohmann::json{{"method", "irv"}, {"cast", 5}, {"eligible", 6}, {"summary", "Elected: Ann."}};
  const auto md = draft_minutes(record);
  EXPECT_NE(md.find("**Result:** Elected: Ann\\. 5 ballots cast of 6 eligible."),
            std::string::npos);
}

}  // namespace
}  // namespace plenary::meetings
