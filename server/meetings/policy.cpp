#include "meetings/policy.hpp"

namespace plenary::meetings {

using groups::Decision;
using groups::Role;

std::optional<AttendanceRole> attendance_role(const groups::Viewer& viewer,
                                              bool observers_allowed) {
  if (!viewer.signed_in)
    return std::nullopt;
  const auto role = groups::acting_role(viewer);
  if (!role)
    return std::nullopt;
  if (*role >= Role::member)
    return AttendanceRole::member;
  if (observers_allowed)
    return AttendanceRole::observer;
  return std::nullopt;
}

Decision can_see_meetings(const groups::Viewer& viewer, const std::string& group_name) {
  if (!viewer.signed_in)
    return Decision::deny("Sign in to see the meetings of " + group_name + ".",
                          groups::sign_in_required);
  if (!viewer.site_admin && !groups::acting_role(viewer)) {
    return Decision::deny("Only supporters and members of " + group_name + " can see its meetings.",
                          "not_a_member");
  }
  return Decision::allow();
}

Decision can_run_meetings(const groups::Viewer& viewer, const std::string& group_name) {
  if (!viewer.signed_in)
    return Decision::deny("Sign in to run meetings.", groups::sign_in_required);
  const auto role = groups::acting_role(viewer);
  if (!viewer.site_admin && (!role || *role < Role::officer)) {
    return Decision::deny(
        "Only officers of " + group_name + ", or of a group above it, can run its meetings.",
        "not_an_officer");
  }
  return Decision::allow();
}

Decision can_suggest(const groups::Viewer& viewer, const Meeting& meeting) {
  if (attendance_role(viewer, false) != AttendanceRole::member) {
    return Decision::deny("Only members of " + meeting.group_name + " can suggest agenda items.",
                          "not_a_member");
  }
  return Decision::allow();
}

Decision can_attend(const groups::Viewer& viewer, const Meeting& meeting) {
  if (attendance_role(viewer, meeting.observers_allowed))
    return Decision::allow();
  if (!viewer.signed_in)
    return Decision::deny("Sign in to attend.", groups::sign_in_required);
  return Decision::deny(
      meeting.observers_allowed
          ? "Only members and supporters of " + meeting.group_name + " can attend this meeting."
          : "Only members of " + meeting.group_name + " can attend this meeting.",
      "not_a_member");
}

Decision can_join_speakers(std::optional<AttendanceRole> checked_in_as) {
  if (!checked_in_as)
    return Decision::deny("Check in to the meeting first: only members present can speak.",
                          "not_checked_in");
  if (*checked_in_as == AttendanceRole::observer)
    return Decision::deny("Observers follow the meeting but do not speak or vote.", "observer");
  return Decision::allow();
}

MeetingCan meeting_flags(const groups::Viewer& viewer, const Meeting& meeting,
                         bool suggestions_open, bool checked_in) {
  MeetingCan can;
  const bool officer = can_run_meetings(viewer, meeting.group_name).allowed;
  const bool open =
      meeting.status == MeetingStatus::scheduled || meeting.status == MeetingStatus::live;
  can.edit = officer && open;
  can.chair = officer && open;
  can.check_in_others = officer && open;
  can.minutes = officer;
  can.write_notes = officer && meeting.status != MeetingStatus::cancelled;
  can.suggest = suggestions_open && can_suggest(viewer, meeting).allowed;
  const bool attends = can_attend(viewer, meeting).allowed;
  can.respond = attends && meeting.status == MeetingStatus::scheduled;
  can.check_in = attends && !checked_in && open;
  return can;
}

}  // namespace plenary::meetings
