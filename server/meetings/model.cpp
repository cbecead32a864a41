#include "meetings/model.hpp"

#include "core/words.hpp"

namespace plenary::meetings {
namespace {

constexpr Words<MeetingStatus, 4> meeting_statuses{{"scheduled", "live", "ended", "cancelled"}};
constexpr Words<ItemKind, 4> item_kinds{{"information", "discussion", "decision", "election"}};
constexpr Words<ItemState, 4> item_states{{"suggested", "declined", "accepted", "removed"}};
constexpr Words<SpeakerKind, 2> speaker_kinds{{"speak", "point_of_order"}};
constexpr Words<SpeakerState, 4> speaker_states{{"waiting", "speaking", "done", "withdrawn"}};
constexpr Words<Reply, 3> replies{{"yes", "no", "maybe"}};
constexpr Words<AttendanceMode, 2> attendance_modes{{"room", "online"}};
constexpr Words<MinutesStatus, 2> minutes_statuses{{"draft", "published"}};

}  // namespace

std::optional<MeetingStatus> parse_meeting_status(std::string_view text) {
  return meeting_statuses.parse(text);
}
std::string_view meeting_status_name(MeetingStatus status) {
  return meeting_statuses.name(status);
}
std::optional<ItemKind> parse_item_kind(std::string_view text) {
  return item_kinds.parse(text);
}
std::string_view item_kind_name(ItemKind kind) {
  return item_kinds.name(kind);
}
const std::vector<std::string>& item_kind_names() {
  static const auto names = item_kinds.all();
  return names;
}
std::optional<ItemState> parse_item_state(std::string_view text) {
  return item_states.parse(text);
}
std::string_view item_state_name(ItemState state) {
  return item_states.name(state);
}
std::optional<SpeakerKind> parse_speaker_kind(std::string_view text) {
  return speaker_kinds.parse(text);
}
std::string_view speaker_kind_name(SpeakerKind kind) {
  return speaker_kinds.name(kind);
}
const std::vector<std::string>& speaker_kind_names() {
  static const auto names = speaker_kinds.all();
  return names;
}
std::optional<SpeakerState> parse_speaker_state(std::string_view text) {
  return speaker_states.parse(text);
}
std::string_view speaker_state_name(SpeakerState state) {
  return speaker_states.name(state);
}
std::optional<Reply> parse_reply(std::string_view text) {
  return replies.parse(text);
}
std::string_view reply_name(Reply reply) {
  return replies.name(reply);
}
const std::vector<std::string>& reply_names() {
  static const auto names = replies.all();
  return names;
}
std::optional<AttendanceMode> parse_attendance_mode(std::string_view text) {
  return attendance_modes.parse(text);
}
std::string_view attendance_mode_name(AttendanceMode mode) {
  return attendance_modes.name(mode);
}
std::optional<MinutesStatus> parse_minutes_status(std::string_view text) {
  return minutes_statuses.parse(text);
}
std::string_view minutes_status_name(MinutesStatus status) {
  return minutes_statuses.name(status);
}

}  // namespace plenary::meetings
