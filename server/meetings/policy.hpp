#pragma once
// Who may do what with a meeting: the one place these rules are written. Pure — the service loads
// the viewer's memberships and the meeting and asks; the `can` flags sent to the browser come
// from the same functions, so the page never offers what the server would refuse.
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "groups/policy.hpp"
#include "meetings/model.hpp"

namespace plenary::meetings {

// How a person may attend: members (incl. officers of the group and officers above it) take part;
// supporters only watch, and only when the meeting admits observers.
enum class AttendanceRole { member, observer };

std::optional<AttendanceRole> attendance_role(const groups::Viewer& viewer, bool observers_allowed);

// Meetings are the group's business: its supporters and members see them, as do officers above
// it and site admins.
groups::Decision can_see_meetings(const groups::Viewer& viewer, const std::string& group_name);

// Officers of the group, officers of a group above it and site admins schedule meetings, keep the
// agenda, check people in, chair and write the minutes.
groups::Decision can_run_meetings(const groups::Viewer& viewer, const std::string& group_name);

// Members may suggest items (before the deadline, which the rules check).
groups::Decision can_suggest(const groups::Viewer& viewer, const Meeting& meeting);

// Whoever may attend may say whether they will come, and check in.
groups::Decision can_attend(const groups::Viewer& viewer, const Meeting& meeting);

// Only members checked in may ask to speak: observers watch.
groups::Decision can_join_speakers(std::optional<AttendanceRole> checked_in_as);

struct MeetingCan {
  bool edit = false;
  bool chair = false;
  bool check_in_others = false;
  bool suggest = false;
  bool respond = false;
  bool check_in = false;
  bool minutes = false;
  bool write_notes = false;  // the secretary's notes per item: during and after the meeting
};

// `suggestions_open`: the rules' verdict on the deadline; `checked_in`: whether the viewer is.
MeetingCan meeting_flags(const groups::Viewer& viewer, const Meeting& meeting,
                         bool suggestions_open, bool checked_in);

}  // namespace plenary::meetings
