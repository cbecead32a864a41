#pragma once
// SQL for meetings, responses, agenda items, attendance, speakers, minutes and calendar tokens.
// Maps rows to structs; decides nothing.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "meetings/model.hpp"
#include "meetings/rules.hpp"

namespace plenary::meetings::repo {

struct GroupRow {
  std::int64_t id = 0;
  std::string name;
  std::string time_zone;
  bool archived = false;
};

std::optional<GroupRow> find_group(db::Tx& tx, std::int64_t group_id);
bool time_zone_known(db::Tx& tx, const std::string& name);
std::optional<std::string> person_name(db::Tx& tx, std::int64_t person_id);
std::optional<std::int64_t> proposal_group(db::Tx& tx, std::int64_t proposal_id);
// Active members of the group itself (role member or above): the quorum's base.
std::int64_t member_count(db::Tx& tx, std::int64_t group_id);

// ---- Meetings ----
std::int64_t insert_meeting(db::Tx& tx, std::int64_t group_id, const ValidMeeting& meeting,
                            const std::string& description_html, const std::string& time_zone,
                            const std::string& check_in_code, std::int64_t created_by,
                            const std::string& now);
void update_meeting(db::Tx& tx, std::int64_t meeting_id, const ValidMeeting& meeting,
                    const std::string& description_html, const std::string& time_zone,
                    bool bump_sequence, const std::string& now);
std::optional<Meeting> find_meeting(db::Tx& tx, std::int64_t meeting_id, bool for_update = false);
std::vector<Meeting> list_meetings(db::Tx& tx, std::int64_t group_id, const std::string& now);
// Every meeting the person may attend (their groups', and those below groups they are an officer
// of), recent and upcoming.
std::vector<Meeting> meetings_of_person(db::Tx& tx, std::int64_t person_id);
void set_status(db::Tx& tx, std::int64_t meeting_id, MeetingStatus status,
                const std::string& cancel_reason, const std::string& now);
void set_agenda_published(db::Tx& tx, std::int64_t meeting_id, const std::string& now);
// Publishes every agenda that is due and not yet published; returns the meetings'. The UPDATE
// takes each row once even when several processes run it at the same moment.
std::vector<std::int64_t> publish_due_agendas(db::Tx& tx, const std::string& now);
void set_current_item(db::Tx& tx, std::int64_t meeting_id, std::optional<std::int64_t> item_id);

// ---- Responses ----
void save_response(db::Tx& tx, std::int64_t meeting_id, std::int64_t person_id, Reply reply,
                   const std::string& now);
std::optional<Reply> response_of(db::Tx& tx, std::int64_t meeting_id, std::int64_t person_id);

// ---- Agenda ----
std::int64_t insert_item(db::Tx& tx, std::int64_t meeting_id, const ValidItem& item,
                         const std::string& papers_html, ItemState state,
                         std::optional<std::int64_t> suggested_by, bool changed_after_publication,
                         const std::string& now);
void update_item(db::Tx& tx, std::int64_t item_id, const ValidItem& item,
                 const std::string& papers_html, const std::string& notes_html,
                 bool changed_after_publication);
std::optional<AgendaItem> find_item(db::Tx& tx, std::int64_t item_id);
std::vector<AgendaItem> items_of(db::Tx& tx, std::int64_t meeting_id);
// Accepts a suggestion (at the end of the agenda), declines it, or removes an item.
void set_item_state(db::Tx& tx, std::int64_t item_id, ItemState state,
                    const std::string& decline_reason, bool changed_after_publication);
void delete_item(db::Tx& tx, std::int64_t item_id);
// Puts the accepted items in this order, numbered from 1.
void renumber(db::Tx& tx, const std::vector<std::int64_t>& item_ids_in_order);
void mark_changed(db::Tx& tx, std::int64_t item_id);
void set_item_ballot(db::Tx& tx, std::int64_t item_id, std::int64_t ballot_id);
void start_item(db::Tx& tx, std::int64_t item_id, const std::string& now);
void end_item(db::Tx& tx, std::int64_t item_id, const std::string& now);
std::optional<std::int64_t> item_of_ballot(db::Tx& tx, std::int64_t ballot_id);

// ---- Attendance ----
// False when the person was already checked in.
bool check_in(db::Tx& tx, std::int64_t meeting_id, std::int64_t person_id, AttendanceMode mode,
              bool observer, std::optional<std::int64_t> by, const std::string& now);
std::vector<Attendee> attendance_of(db::Tx& tx, std::int64_t meeting_id);
std::optional<Attendee> attendee(db::Tx& tx, std::int64_t meeting_id, std::int64_t person_id);

// ---- Speakers ----
std::vector<Speaker> speakers_of(db::Tx& tx, std::int64_t item_id);
// Those who have spoken (or are speaking) on the item, in the order they were called.
std::vector<Speaker> spoken_on(db::Tx& tx, std::int64_t item_id);
// False when the person already has a waiting request of that kind.
bool request_to_speak(db::Tx& tx, std::int64_t item_id, std::int64_t person_id, SpeakerKind kind,
                      const std::string& now);
// Withdraws the person's waiting requests; how many there were.
int withdraw(db::Tx& tx, std::int64_t item_id, std::int64_t person_id, const std::string& now);
void finish_speaking(db::Tx& tx, std::int64_t item_id, const std::string& now);
void start_speaking(db::Tx& tx, std::int64_t speaker_id, const std::string& now);

// ---- Minutes ----
std::optional<Minutes> find_minutes(db::Tx& tx, std::int64_t meeting_id);
void save_minutes(db::Tx& tx, std::int64_t meeting_id, const std::string& body,
                  const std::string& body_html, std::int64_t by, const std::string& now);
void publish_minutes(db::Tx& tx, std::int64_t meeting_id, std::int64_t approved_at_meeting,
                     const std::string& now);

// ---- Calendar tokens ----
std::optional<std::string> calendar_token(db::Tx& tx, std::int64_t person_id);
void save_calendar_token(db::Tx& tx, std::int64_t person_id, const std::string& token,
                         const std::string& now);
std::optional<std::int64_t> person_of_calendar_token(db::Tx& tx, const std::string& token);
// The groups whose meetings the person may attend.
std::vector<GroupRow> groups_of_person(db::Tx& tx, std::int64_t person_id);

}  // namespace plenary::meetings::repo
