#pragma once
// The meetings module's vocabulary: plain values, no behaviour beyond naming and parsing words.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace plenary::meetings {

enum class MeetingStatus { scheduled, live, ended, cancelled };
enum class ItemKind { information, discussion, decision, election };
// Only accepted items are on the agenda; "removed" keeps an item taken off a published agenda, so
// that the change stays visible.
enum class ItemState { suggested, declined, accepted, removed };
enum class SpeakerKind { speak, point_of_order };
enum class SpeakerState { waiting, speaking, done, withdrawn };
enum class Reply { yes, no, maybe };
enum class AttendanceMode { room, online };
enum class MinutesStatus { draft, published };

std::optional<MeetingStatus> parse_meeting_status(std::string_view text);
std::string_view meeting_status_name(MeetingStatus status);
std::optional<ItemKind> parse_item_kind(std::string_view text);
std::string_view item_kind_name(ItemKind kind);
const std::vector<std::string>& item_kind_names();
std::optional<ItemState> parse_item_state(std::string_view text);
std::string_view item_state_name(ItemState state);
std::optional<SpeakerKind> parse_speaker_kind(std::string_view text);
std::string_view speaker_kind_name(SpeakerKind kind);
const std::vector<std::string>& speaker_kind_names();
std::optional<SpeakerState> parse_speaker_state(std::string_view text);
std::string_view speaker_state_name(SpeakerState state);
std::optional<Reply> parse_reply(std::string_view text);
std::string_view reply_name(Reply reply);
const std::vector<std::string>& reply_names();
std::optional<AttendanceMode> parse_attendance_mode(std::string_view text);
std::string_view attendance_mode_name(AttendanceMode mode);
std::optional<MinutesStatus> parse_minutes_status(std::string_view text);
std::string_view minutes_status_name(MinutesStatus status);

struct PersonRef {
  std::int64_t id = 0;
  std::string display_name;
};

// Either, both or neither may be set; see rules.hpp for how they combine.
struct QuorumRule {
  std::optional<int> count;
  std::optional<int> percent;
};

struct Meeting {
  std::int64_t id = 0;
  std::int64_t group_id = 0;
  std::string group_name;
  std::string title;
  std::string description;
  std::string description_html;
  std::string starts_at;  // ISO 8601 UTC
  std::string ends_at;
  std::string starts_local;  // "18:00 on 21 Nov 2026", in time_zone
  std::string ends_local;
  std::string time_zone;
  std::string place;
  std::string online_url;
  bool observers_allowed = false;
  QuorumRule quorum;
  int agenda_notice_hours = 72;
  bool first_time_first = false;
  std::optional<int> speaking_limit_seconds;
  MeetingStatus status = MeetingStatus::scheduled;
  std::string cancel_reason;
  int sequence = 0;
  std::optional<std::string> agenda_published_at;
  std::string check_in_code;
  std::optional<std::int64_t> current_item_id;
  PersonRef created_by;
  std::string created_at;
  std::string updated_at;
  std::optional<std::string> started_at;
  std::optional<std::string> ended_at;
};

struct AgendaItem {
  std::int64_t id = 0;
  std::int64_t meeting_id = 0;
  int position = 0;
  ItemKind kind = ItemKind::information;
  std::string title;
  std::optional<int> minutes_allowed;
  std::optional<PersonRef> presenter;
  std::string papers;
  std::string papers_html;
  std::optional<std::int64_t> proposal_id;
  std::optional<std::int64_t> ballot_id;
  std::optional<std::int64_t> approves_minutes_of;
  std::string notes;
  std::string notes_html;
  ItemState state = ItemState::accepted;
  std::string decline_reason;
  std::optional<PersonRef> suggested_by;
  bool changed_after_publication = false;
  std::optional<std::string> started_at;
  std::optional<std::string> ended_at;
};

struct Speaker {
  std::int64_t id = 0;  // also the order of requests
  std::int64_t item_id = 0;
  PersonRef person;
  SpeakerKind kind = SpeakerKind::speak;
  SpeakerState state = SpeakerState::waiting;
  std::string requested_at;
  std::optional<std::string> started_at;
  std::optional<std::string> ended_at;
};

struct Attendee {
  PersonRef person;
  AttendanceMode mode = AttendanceMode::room;
  bool observer = false;
  std::string checked_in_at;
};

struct Minutes {
  std::int64_t meeting_id = 0;
  std::string body;
  std::string body_html;
  MinutesStatus status = MinutesStatus::draft;
  std::optional<std::string> approved_at;
  std::optional<std::int64_t> approved_at_meeting;
};

// A meeting as it is scheduled or changed (the API's create and PATCH fields). For a change,
// every field left out keeps its value.
struct MeetingFields {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> starts_at;  // as given; checked by the rules
  std::optional<std::string> ends_at;
  std::optional<std::string> time_zone;
  std::optional<std::string> place;
  std::optional<std::string> online_url;
  std::optional<bool> observers_allowed;
  std::optional<std::optional<int>> quorum_count;  // null clears it
  std::optional<std::optional<int>> quorum_percent;
  std::optional<int> agenda_notice_hours;
  std::optional<bool> first_time_first;
  std::optional<std::optional<int>> speaking_limit_seconds;
};

struct ItemFields {
  std::optional<std::string> kind;
  std::optional<std::string> title;
  std::optional<std::optional<int>> minutes_allowed;
  std::optional<std::optional<std::int64_t>> presenter_id;
  std::optional<std::string> papers;
  std::optional<std::optional<std::int64_t>> proposal_id;
  std::optional<std::optional<std::int64_t>> approves_minutes_of;
  std::optional<std::string> notes;
};

}  // namespace plenary::meetings
