#include "meetings/json.hpp"

#include "core/time.hpp"
#include "meetings/rules.hpp"
#include "votes/rules.hpp"

namespace plenary::meetings {
namespace {

template <class T>
nlohmann::json optional_json(const std::optional<T>& value) {
  if (!value)
    return nullptr;
  return *value;
}

}  // namespace

nlohmann::json person_json(const PersonRef& person) {
  return {{"id", person.id}, {"display_name", person.display_name}};
}

nlohmann::json meeting_json(const Meeting& m) {
  std::string deadline;
  if (auto starts = votes::parse_iso8601(m.starts_at))
    deadline = iso8601(agenda_publication_time(*starts, m.agenda_notice_hours));
  return {{"id", m.id},
          {"group", {{"id", m.group_id}, {"name", m.group_name}}},
          {"title", m.title},
          {"description", m.description},
          {"description_html", m.description_html},
          {"starts_at", m.starts_at},
          {"ends_at", m.ends_at},
          {"time_zone", m.time_zone},
          {"place", m.place},
          {"online_url", m.online_url},
          {"observers_allowed", m.observers_allowed},
          {"quorum_count", optional_json(m.quorum.count)},
          {"quorum_percent", optional_json(m.quorum.percent)},
          {"agenda_notice_hours", m.agenda_notice_hours},
          {"status", meeting_status_name(m.status)},
          {"cancel_reason", m.cancel_reason},
          {"agenda_published_at", optional_json(m.agenda_published_at)},
          {"suggestion_deadline", deadline},
          {"sequence", m.sequence},
          {"first_time_first", m.first_time_first},
          {"speaking_limit_seconds", optional_json(m.speaking_limit_seconds)},
          {"current_item_id", optional_json(m.current_item_id)},
          {"created_by", person_json(m.created_by)}};
}

nlohmann::json item_json(const AgendaItem& item) {
  return {{"id", item.id},
          {"meeting_id", item.meeting_id},
          {"position", item.position},
          {"kind", item_kind_name(item.kind)},
          {"title", item.title},
          {"minutes_allowed", optional_json(item.minutes_allowed)},
          {"presenter", item.presenter ? person_json(*item.presenter) : nlohmann::json(nullptr)},
          {"papers", item.papers},
          {"papers_html", item.papers_html},
          {"proposal_id", optional_json(item.proposal_id)},
          {"ballot_id", optional_json(item.ballot_id)},
          {"approves_minutes_of", optional_json(item.approves_minutes_of)},
          {"notes", item.notes},
          {"notes_html", item.notes_html},
          {"state", item_state_name(item.state)},
          {"decline_reason", item.decline_reason},
          {"suggested_by",
           item.suggested_by ? person_json(*item.suggested_by) : nlohmann::json(nullptr)},
          {"changed_after_publication", item.changed_after_publication},
          {"started_at", optional_json(item.started_at)},
          {"ended_at", optional_json(item.ended_at)}};
}

nlohmann::json items_json(const std::vector<AgendaItem>& items) {
  auto list = nlohmann::json::array();
  for (const auto& item : items)
    list.push_back(item_json(item));
  return list;
}

nlohmann::json attendance_json(const Attendance& attendance) {
  auto present = nlohmann::json::array();
  for (const auto& attendee : attendance.present) {
    present.push_back({{"person", person_json(attendee.person)},
                       {"mode", attendance_mode_name(attendee.mode)},
                       {"observer", attendee.observer},
                       {"checked_in_at", attendee.checked_in_at}});
  }
  return {{"members", attendance.members},
          {"members_checked_in", attendance.members_checked_in},
          {"observers_checked_in", attendance.observers_checked_in},
          {"quorum_required", attendance.quorum_required},
          {"quorum_met", attendance.quorum_met},
          {"present", present}};
}

nlohmann::json speaker_json(const Speaker& speaker) {
  return {{"id", speaker.id},
          {"person", person_json(speaker.person)},
          {"kind", speaker_kind_name(speaker.kind)},
          {"state", speaker_state_name(speaker.state)},
          {"requested_at", speaker.requested_at},
          {"started_at", optional_json(speaker.started_at)}};
}

nlohmann::json speakers_json(const SpeakersList& speakers) {
  auto queue = nlohmann::json::array();
  for (const auto& speaker : speakers.queue)
    queue.push_back(speaker_json(speaker));
  return {
      {"item_id", speakers.item_id},
      {"speakers", queue},
      {"speaking", speakers.speaking ? speaker_json(*speakers.speaking) : nlohmann::json(nullptr)},
      {"speaking_limit_seconds", optional_json(speakers.speaking_limit_seconds)}};
}

nlohmann::json current_json(const CurrentItem& current) {
  auto speakers = speakers_json(current.speakers);
  return {{"item_id", current.item_id},
          {"started_at", optional_json(current.started_at)},
          {"speakers", speakers["speakers"]},
          {"speaking", speakers["speaking"]},
          {"vote", current.vote ? nlohmann::json{{"ballot_id", current.vote->ballot_id},
                                                 {"status", current.vote->status}}
                                : nlohmann::json(nullptr)}};
}

nlohmann::json page_json(const MeetingPage& page) {
  nlohmann::json body = {
      {"meeting", meeting_json(page.meeting)},
      {"agenda", items_json(page.agenda)},
      {"suggestions", items_json(page.suggestions)},
      {"removed_after_publication", items_json(page.removed)},
      {"attendance", attendance_json(page.attendance)},
      {"current", page.current ? current_json(*page.current) : nlohmann::json(nullptr)},
      {"can",
       {{"edit", page.can.edit},
        {"chair", page.can.chair},
        {"check_in_others", page.can.check_in_others},
        {"suggest", page.can.suggest},
        {"respond", page.can.respond},
        {"check_in", page.can.check_in},
        {"minutes", page.can.minutes},
        {"write_notes", page.can.write_notes}}}};
  if (page.my) {
    body["my"] = {{"response", page.my->response ? nlohmann::json(reply_name(*page.my->response))
                                                 : nlohmann::json(nullptr)},
                  {"checked_in", page.my->checked_in},
                  {"role", !page.my->role                             ? nlohmann::json(nullptr)
                           : *page.my->role == AttendanceRole::member ? nlohmann::json("member")
                                                                      : nlohmann::json("observer")},
                  {"may_vote", page.my->may_vote}};
  } else {
    body["my"] = nullptr;
  }
  if (page.show_check_in_code)
    body["check_in_code"] = page.meeting.check_in_code;
  return body;
}

nlohmann::json minutes_json(const Minutes& minutes) {
  return {{"meeting_id", minutes.meeting_id},
          {"body", minutes.body},
          {"body_html", minutes.body_html},
          {"status", minutes_status_name(minutes.status)},
          {"approved_at", optional_json(minutes.approved_at)},
          {"approved_at_meeting", optional_json(minutes.approved_at_meeting)}};
}

}  // namespace plenary::meetings
