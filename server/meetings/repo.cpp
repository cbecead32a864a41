#include "meetings/repo.hpp"

#include "core/time.hpp"
#include "db/arrays.hpp"

namespace plenary::meetings::repo {
namespace {

// UTC, so every reader gets the same text whatever the session's time zone.
#define UTC(column) "to_char(" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
// The meeting's own time zone, for the minutes: "18:00 on 21 Nov 2026".
#define LOCAL(column) "to_char(" column " AT TIME ZONE m.time_zone, 'HH24:MI \"on\" FMDD Mon YYYY')"

#define MEETING_COLUMNS \
  "m.id, m.group_id, g.name, m.title, m.description, m.description_html, " UTC(                  \
      "m.starts_at") ", " UTC("m.ends_at") ", " LOCAL("m.starts_at") ", " LOCAL(                 \
      "m.ends_at") ", m.time_zone, m.place, m.online_url, m.observers_allowed, m.quorum_count, " \
                   "m.quorum_percent, m.agenda_notice_hours, m.first_time_first, "               \
                   "m.speaking_limit_seconds, m.status, m.cancel_reason, m.sequence, " UTC(      \
                       "m.agenda_published_at") ", m.check_in_code, m.current_item_id, "         \
                                                "m.created_by, p.display_name, " UTC(            \
                                                    "m.created_at") ", " UTC("m.updated_at") ", " \
                                                    UTC("m.started_at") ", " UTC("m.ended_at")

#define MEETING_FROM \
  " FROM meetings m JOIN groups g ON g.id = m.group_id JOIN persons p ON p.id = m.created_by "

#define ITEM_COLUMNS                                                                          \
  "i.id, i.meeting_id, i.position, i.kind, i.title, i.minutes_allowed, i.presenter_id, "      \
  "pr.display_name, i.papers, i.papers_html, i.proposal_id, i.ballot_id, "                    \
  "i.approves_minutes_of, i.notes, i.notes_html, i.state, i.decline_reason, i.suggested_by, " \
  "sb.display_name, i.changed_after_publication, " UTC("i.started_at") ", " UTC("i.ended_at")

#define ITEM_FROM                                                        \
  " FROM agenda_items i LEFT JOIN persons pr ON pr.id = i.presenter_id " \
  "LEFT JOIN persons sb ON sb.id = i.suggested_by "

// Groups whose meetings a person may attend: their own, and those below groups they are an
// officer of (officers act downwards).
#define REACH(person)                                                                       \
  "WITH RECURSIVE below(id, depth) AS (SELECT group_id, 0 FROM memberships WHERE "          \
  "person_id = " person                                                                     \
  " AND status = 'active' AND role IN ('officer', 'admin') "                                \
  "UNION ALL SELECT g2.id, b.depth + 1 FROM groups g2 JOIN below b ON g2.parent_id = b.id " \
  "WHERE b.depth < 1000), "                                                                 \
  "mine AS (SELECT group_id, role FROM memberships WHERE person_id = " person               \
  " AND status = 'active') "

const db::Statement select_group{
    "meetings.select_group",
    "SELECT id, name, time_zone, archived_at IS NOT NULL FROM groups WHERE id = $1"};
const db::Statement select_time_zone_known{
    "meetings.select_time_zone_known",
    "SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = $1)"};
const db::Statement select_person_name{"meetings.select_person_name",
                                       "SELECT display_name FROM persons WHERE id = $1"};
const db::Statement select_proposal_group{"meetings.select_proposal_group",
                                          "SELECT group_id FROM proposals WHERE id = $1"};
const db::Statement select_member_count{
    "meetings.select_member_count",
    "SELECT count(*) FROM memberships WHERE group_id = $1 AND status = 'active' "
    "AND role <> 'supporter'"};

const db::Statement insert_meeting_row{
    "meetings.insert_meeting",
    "INSERT INTO meetings (group_id, title, description, description_html, starts_at, ends_at, "
    "time_zone, place, online_url, observers_allowed, quorum_count, quorum_percent, "
    "agenda_notice_hours, first_time_first, speaking_limit_seconds, check_in_code, created_by, "
    "created_at, updated_at) VALUES ($1, $2, $3, $4, $5::timestamptz, $6::timestamptz, $7, $8, "
    "$9, $10, $11, $12, $13, $14, $15, $16, $17, $18::timestamptz, $18::timestamptz) "
    "RETURNING id"};
const db::Statement update_meeting_row{
    "meetings.update_meeting",
    "UPDATE meetings SET title = $2, description = $3, description_html = $4, "
    "starts_at = $5::timestamptz, ends_at = $6::timestamptz, time_zone = $7, place = $8, "
    "online_url = $9, observers_allowed = $10, quorum_count = $11, quorum_percent = $12, "
    "agenda_notice_hours = $13, first_time_first = $14, speaking_limit_seconds = $15, "
    "sequence = sequence + CASE WHEN $16 THEN 1 ELSE 0 END, updated_at = $17::timestamptz "
    "WHERE id = $1"};
const db::Statement select_meeting{"meetings.select_meeting",
                                   "SELECT " MEETING_COLUMNS MEETING_FROM "WHERE m.id = $1"};
const db::Statement select_meeting_update{"meetings.select_meeting_update",
                                          "SELECT " MEETING_COLUMNS MEETING_FROM
                                          "WHERE m.id = $1 FOR UPDATE OF m"};
// Upcoming (and live) first, soonest first; then past ones, latest first.
const db::Statement select_group_meetings{
    "meetings.select_group_meetings",
    "SELECT " MEETING_COLUMNS MEETING_FROM
    "WHERE m.group_id = $1 ORDER BY (m.ends_at < $2::timestamptz), "
    "CASE WHEN m.ends_at >= $2::timestamptz THEN m.starts_at END ASC, m.starts_at DESC "
    "LIMIT 200"};
const db::Statement select_person_meetings{
    "meetings.select_person_meetings",
    REACH("$1") "SELECT " MEETING_COLUMNS MEETING_FROM
                "WHERE m.ends_at > now() - interval '90 days' AND (m.group_id IN (SELECT id FROM "
                "below) OR EXISTS (SELECT 1 FROM mine WHERE mine.group_id = m.group_id AND "
                "(mine.role <> 'supporter' OR m.observers_allowed))) ORDER BY m.starts_at "
                "LIMIT 500"};
const db::Statement update_status{
    "meetings.update_status",
    "UPDATE meetings SET status = $2, cancel_reason = $3, sequence = sequence + 1, "
    "updated_at = $4::timestamptz, "
    "started_at = CASE WHEN $2::text = 'live' THEN $4::timestamptz ELSE started_at END, "
    "ended_at = CASE WHEN $2::text = 'ended' THEN $4::timestamptz ELSE ended_at END WHERE id = $1"};
const db::Statement update_agenda_published{
    "meetings.update_agenda_published",
    "UPDATE meetings SET agenda_published_at = $2::timestamptz WHERE id = $1 "
    "AND agenda_published_at IS NULL"};
const db::Statement update_due_agendas{
    "meetings.update_due_agendas",
    "UPDATE meetings SET agenda_published_at = $1::timestamptz WHERE id IN (SELECT id FROM "
    "meetings WHERE status = 'scheduled' AND agenda_published_at IS NULL AND starts_at - "
    "agenda_notice_hours * interval '1 hour' <= $1::timestamptz ORDER BY starts_at LIMIT 50 "
    "FOR UPDATE SKIP LOCKED) RETURNING id"};
const db::Statement update_current_item{"meetings.update_current_item",
                                        "UPDATE meetings SET current_item_id = $2 WHERE id = $1"};

const db::Statement upsert_response{
    "meetings.upsert_response",
    "INSERT INTO meeting_responses (meeting_id, person_id, response, updated_at) "
    "VALUES ($1, $2, $3, $4::timestamptz) ON CONFLICT (meeting_id, person_id) "
    "DO UPDATE SET response = EXCLUDED.response, updated_at = EXCLUDED.updated_at"};
const db::Statement select_response{
    "meetings.select_response",
    "SELECT response FROM meeting_responses WHERE meeting_id = $1 AND person_id = $2"};

const db::Statement insert_item_row{
    "meetings.insert_item",
    "INSERT INTO agenda_items (meeting_id, position, kind, title, minutes_allowed, presenter_id, "
    "papers, papers_html, proposal_id, approves_minutes_of, notes, state, suggested_by, "
    "changed_after_publication, created_at) VALUES ($1, CASE WHEN $11::text = 'accepted' THEN "
    "(SELECT coalesce(max(position), 0) + 1 FROM agenda_items WHERE meeting_id = $1 AND "
    "state = 'accepted') ELSE 0 END, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
    "$14::timestamptz) RETURNING id"};
const db::Statement update_item_row{
    "meetings.update_item",
    "UPDATE agenda_items SET kind = $2, title = $3, minutes_allowed = $4, presenter_id = $5, "
    "papers = $6, papers_html = $7, proposal_id = $8, approves_minutes_of = $9, notes = $10, "
    "notes_html = $11, changed_after_publication = changed_after_publication OR $12 "
    "WHERE id = $1"};
const db::Statement select_item{"meetings.select_item",
                                "SELECT " ITEM_COLUMNS ITEM_FROM "WHERE i.id = $1"};
const db::Statement select_items{"meetings.select_items",
                                 "SELECT " ITEM_COLUMNS ITEM_FROM
                                 "WHERE i.meeting_id = $1 ORDER BY i.position, i.id"};
const db::Statement update_item_state{
    "meetings.update_item_state",
    "UPDATE agenda_items SET state = $2, decline_reason = $3, "
    "changed_after_publication = changed_after_publication OR $4, "
    "position = CASE WHEN $2::text = 'accepted' THEN (SELECT coalesce(max(position), 0) + 1 FROM "
    "agenda_items o WHERE o.meeting_id = agenda_items.meeting_id AND o.state = 'accepted') "
    "ELSE 0 END WHERE id = $1"};
const db::Statement delete_item_row{"meetings.delete_item",
                                    "DELETE FROM agenda_items WHERE id = $1"};
const db::Statement update_position{"meetings.update_position",
                                    "UPDATE agenda_items SET position = $2 WHERE id = $1"};
const db::Statement update_changed{
    "meetings.update_changed",
    "UPDATE agenda_items SET changed_after_publication = true WHERE id = $1"};
const db::Statement update_item_ballot{"meetings.update_item_ballot",
                                       "UPDATE agenda_items SET ballot_id = $2 WHERE id = $1"};
const db::Statement update_item_started{
    "meetings.update_item_started",
    "UPDATE agenda_items SET started_at = $2::timestamptz, ended_at = NULL WHERE id = $1"};
const db::Statement update_item_ended{
    "meetings.update_item_ended",
    "UPDATE agenda_items SET ended_at = $2::timestamptz WHERE id = $1 AND ended_at IS NULL"};
const db::Statement select_item_of_ballot{"meetings.select_item_of_ballot",
                                          "SELECT id FROM agenda_items WHERE ballot_id = $1"};

const db::Statement insert_attendance{
    "meetings.insert_attendance",
    "INSERT INTO meeting_attendance (meeting_id, person_id, mode, observer, checked_in_at, "
    "checked_in_by) VALUES ($1, $2, $3, $4, $5::timestamptz, $6) ON CONFLICT DO NOTHING"};
const db::Statement select_attendance{
    "meetings.select_attendance",
    "SELECT a.person_id, p.display_name, a.mode, a.observer, " UTC("a.checked_in_at")
    " FROM meeting_attendance a JOIN persons p ON p.id = a.person_id WHERE a.meeting_id = $1 "
    "ORDER BY p.display_name, a.person_id"};
const db::Statement select_attendee{
    "meetings.select_attendee",
    "SELECT a.person_id, p.display_name, a.mode, a.observer, " UTC("a.checked_in_at")
    " FROM meeting_attendance a JOIN persons p ON p.id = a.person_id WHERE a.meeting_id = $1 "
    "AND a.person_id = $2"};

const db::Statement select_speakers{
    "meetings.select_speakers",
    "SELECT s.id, s.item_id, s.person_id, p.display_name, s.kind, s.state, " UTC(
        "s.requested_at") ", " UTC("s.started_at") ", " UTC("s.ended_at")
    " FROM agenda_speakers s JOIN persons p ON p.id = s.person_id WHERE s.item_id = $1 "
    "ORDER BY s.id"};
const db::Statement select_spoken{
    "meetings.select_spoken",
    "SELECT s.id, s.item_id, s.person_id, p.display_name, s.kind, s.state, " UTC(
        "s.requested_at") ", " UTC("s.started_at") ", " UTC("s.ended_at")
    " FROM agenda_speakers s JOIN persons p ON p.id = s.person_id WHERE s.item_id = $1 "
    "AND s.started_at IS NOT NULL ORDER BY s.started_at, s.id"};
const db::Statement insert_speaker{
    "meetings.insert_speaker",
    "INSERT INTO agenda_speakers (item_id, person_id, kind, requested_at) "
    "VALUES ($1, $2, $3, $4::timestamptz) ON CONFLICT DO NOTHING"};
const db::Statement update_withdraw{
    "meetings.update_withdraw",
    "UPDATE agenda_speakers SET state = 'withdrawn', ended_at = $3::timestamptz "
    "WHERE item_id = $1 AND person_id = $2 AND state = 'waiting'"};
const db::Statement update_finish_speaking{
    "meetings.update_finish_speaking",
    "UPDATE agenda_speakers SET state = 'done', ended_at = $2::timestamptz "
    "WHERE item_id = $1 AND state = 'speaking'"};
const db::Statement update_start_speaking{
    "meetings.update_start_speaking",
    "UPDATE agenda_speakers SET state = 'speaking', started_at = $2::timestamptz "
    "WHERE id = $1 AND state = 'waiting'"};

const db::Statement select_minutes{
    "meetings.select_minutes",
    "SELECT meeting_id, body, body_html, status, " UTC(
        "approved_at") ", approved_at_meeting FROM meeting_minutes WHERE meeting_id = $1"};
const db::Statement upsert_minutes{
    "meetings.upsert_minutes",
    "INSERT INTO meeting_minutes (meeting_id, body, body_html, updated_by, updated_at) "
    "VALUES ($1, $2, $3, $4, $5::timestamptz) ON CONFLICT (meeting_id) DO UPDATE SET "
    "body = EXCLUDED.body, body_html = EXCLUDED.body_html, updated_by = EXCLUDED.updated_by, "
    "updated_at = EXCLUDED.updated_at"};
const db::Statement update_minutes_published{
    "meetings.update_minutes_published",
    "UPDATE meeting_minutes SET status = 'published', approved_at = $3::timestamptz, "
    "approved_at_meeting = $2 WHERE meeting_id = $1 AND status = 'draft'"};

const db::Statement select_calendar_token{"meetings.select_calendar_token",
                                          "SELECT token FROM calendar_tokens WHERE person_id = $1"};
const db::Statement upsert_calendar_token{
    "meetings.upsert_calendar_token",
    "INSERT INTO calendar_tokens (person_id, token, created_at) VALUES ($1, $2, $3::timestamptz) "
    "ON CONFLICT (person_id) DO UPDATE SET token = EXCLUDED.token, "
    "created_at = EXCLUDED.created_at"};
const db::Statement select_token_person{"meetings.select_token_person",
                                        "SELECT person_id FROM calendar_tokens WHERE token = $1"};
const db::Statement select_person_groups{
    "meetings.select_person_groups",
    REACH("$1") "SELECT g.id, g.name, g.time_zone, g.archived_at IS NOT NULL FROM groups g "
                "WHERE g.id IN (SELECT id FROM below) OR g.id IN (SELECT group_id FROM mine) "
                "ORDER BY g.name, g.id"};

std::optional<std::string> optional_text(const pqxx::field& field) {
  if (field.is_null())
    return std::nullopt;
  return field.as<std::string>();
}
std::optional<int> optional_int(const pqxx::field& field) {
  if (field.is_null())
    return std::nullopt;
  return field.as<int>();
}
std::optional<std::int64_t> optional_id(const pqxx::field& field) {
  if (field.is_null())
    return std::nullopt;
  return field.as<std::int64_t>();
}

Meeting meeting_from(const pqxx::row& row) {
  Meeting m;
  m.id = row[0].as<std::int64_t>();
  m.group_id = row[1].as<std::int64_t>();
  m.group_name = row[2].as<std::string>();
  m.title = row[3].as<std::string>();
  m.description = row[4].as<std::string>();
  m.description_html = row[5].as<std::string>();
  m.starts_at = row[6].as<std::string>();
  m.ends_at = row[7].as<std::string>();
  m.starts_local = row[8].as<std::string>();
  m.ends_local = row[9].as<std::string>();
  m.time_zone = row[10].as<std::string>();
  m.place = row[11].as<std::string>();
  m.online_url = row[12].as<std::string>();
  m.observers_allowed = row[13].as<bool>();
  m.quorum = {optional_int(row[14]), optional_int(row[15])};
  m.agenda_notice_hours = row[16].as<int>();
  m.first_time_first = row[17].as<bool>();
  m.speaking_limit_seconds = optional_int(row[18]);
  m.status = parse_meeting_status(row[19].as<std::string>()).value_or(MeetingStatus::scheduled);
  m.cancel_reason = row[20].as<std::string>();
  m.sequence = row[21].as<int>();
  m.agenda_published_at = optional_text(row[22]);
  m.check_in_code = row[23].as<std::string>();
  m.current_item_id = optional_id(row[24]);
  m.created_by = {row[25].as<std::int64_t>(), row[26].as<std::string>()};
  m.created_at = row[27].as<std::string>();
  m.updated_at = row[28].as<std::string>();
  m.started_at = optional_text(row[29]);
  m.ended_at = optional_text(row[30]);
  return m;
}

AgendaItem item_from(const pqxx::row& row) {
  AgendaItem item;
  item.id = row[0].as<std::int64_t>();
  item.meeting_id = row[1].as<std::int64_t>();
  item.position = row[2].as<int>();
  item.kind = parse_item_kind(row[3].as<std::string>()).value_or(ItemKind::information);
  item.title = row[4].as<std::string>();
  item.minutes_allowed = optional_int(row[5]);
  if (!row[6].is_null())
    item.presenter = PersonRef{row[6].as<std::int64_t>(), row[7].as<std::string>()};
  item.papers = row[8].as<std::string>();
  item.papers_html = row[9].as<std::string>();
  item.proposal_id = optional_id(row[10]);
  item.ballot_id = optional_id(row[11]);
  item.approves_minutes_of = optional_id(row[12]);
  item.notes = row[13].as<std::string>();
  item.notes_html = row[14].as<std::string>();
  item.state = parse_item_state(row[15].as<std::string>()).value_or(ItemState::suggested);
  item.decline_reason = row[16].as<std::string>();
  if (!row[17].is_null())
    item.suggested_by = PersonRef{row[17].as<std::int64_t>(), row[18].as<std::string>()};
  item.changed_after_publication = row[19].as<bool>();
  item.started_at = optional_text(row[20]);
  item.ended_at = optional_text(row[21]);
  return item;
}

Attendee attendee_from(const pqxx::row& row) {
  return {{row[0].as<std::int64_t>(), row[1].as<std::string>()},
          parse_attendance_mode(row[2].as<std::string>()).value_or(AttendanceMode::room),
          row[3].as<bool>(),
          row[4].as<std::string>()};
}

GroupRow group_from(const pqxx::row& row) {
  return {row[0].as<std::int64_t>(), row[1].as<std::string>(), row[2].as<std::string>(),
          row[3].as<bool>()};
}

}  // namespace

std::optional<GroupRow> find_group(db::Tx& tx, std::int64_t group_id) {
  auto row = tx.exec_maybe_row(select_group, group_id);
  if (!row)
    return std::nullopt;
  return group_from(*row);
}

bool time_zone_known(db::Tx& tx, const std::string& name) {
  return tx.exec(select_time_zone_known, name)[0][0].as<bool>();
}

std::optional<std::string> person_name(db::Tx& tx, std::int64_t person_id) {
  auto row = tx.exec_maybe_row(select_person_name, person_id);
  if (!row)
    return std::nullopt;
  return (*row)[0].as<std::string>();
}

std::optional<std::int64_t> proposal_group(db::Tx& tx, std::int64_t proposal_id) {
  auto row = tx.exec_maybe_row(select_proposal_group, proposal_id);
  if (!row)
    return std::nullopt;
  return (*row)[0].as<std::int64_t>();
}

std::int64_t member_count(db::Tx& tx, std::int64_t group_id) {
  return tx.exec(select_member_count, group_id)[0][0].as<std::int64_t>();
}

std::int64_t insert_meeting(db::Tx& tx, std::int64_t group_id, const ValidMeeting& meeting,
                            const std::string& description_html, const std::string& time_zone,
                            const std::string& check_in_code, std::int64_t created_by,
                            const std::string& now) {
  return tx
      .exec(insert_meeting_row, group_id, meeting.title, meeting.description, description_html,
            iso8601(meeting.starts_at), iso8601(meeting.ends_at), time_zone, meeting.place,
            meeting.online_url, meeting.observers_allowed, meeting.quorum.count,
            meeting.quorum.percent, meeting.agenda_notice_hours, meeting.first_time_first,
            meeting.speaking_limit_seconds, check_in_code, created_by, now)[0][0]
      .as<std::int64_t>();
}

void update_meeting(db::Tx& tx, std::int64_t meeting_id, const ValidMeeting& meeting,
                    const std::string& description_html, const std::string& time_zone,
                    bool bump_sequence, const std::string& now) {
  tx.exec(update_meeting_row, meeting_id, meeting.title, meeting.description, description_html,
          iso8601(meeting.starts_at), iso8601(meeting.ends_at), time_zone, meeting.place,
          meeting.online_url, meeting.observers_allowed, meeting.quorum.count,
          meeting.quorum.percent, meeting.agenda_notice_hours, meeting.first_time_first,
          meeting.speaking_limit_seconds, bump_sequence, now);
}

std::optional<Meeting> find_meeting(db::Tx& tx, std::int64_t meeting_id, bool for_update) {
  auto row = tx.exec_maybe_row(for_update ? select_meeting_update : select_meeting, meeting_id);
  if (!row)
    return std::nullopt;
  return meeting_from(*row);
}

std::vector<Meeting> list_meetings(db::Tx& tx, std::int64_t group_id, const std::string& now) {
  std::vector<Meeting> meetings;
  for (const auto& row : tx.exec(select_group_meetings, group_id, now))
    meetings.push_back(meeting_from(row));
  return meetings;
}

std::vector<Meeting> meetings_of_person(db::Tx& tx, std::int64_t person_id) {
  std::vector<Meeting> meetings;
  for (const auto& row : tx.exec(select_person_meetings, person_id))
    meetings.push_back(meeting_from(row));
  return meetings;
}

void set_status(db::Tx& tx, std::int64_t meeting_id, MeetingStatus status,
                const std::string& cancel_reason, const std::string& now) {
  tx.exec(update_status, meeting_id, std::string(meeting_status_name(status)), cancel_reason, now);
}

void set_agenda_published(db::Tx& tx, std::int64_t meeting_id, const std::string& now) {
  tx.exec(update_agenda_published, meeting_id, now);
}

std::vector<std::int64_t> publish_due_agendas(db::Tx& tx, const std::string& now) {
  std::vector<std::int64_t> ids;
  for (const auto& row : tx.exec(update_due_agendas, now))
    ids.push_back(row[0].as<std::int64_t>());
  return ids;
}

void set_current_item(db::Tx& tx, std::int64_t meeting_id, std::optional<std::int64_t> item_id) {
  tx.exec(update_current_item, meeting_id, item_id);
}

void save_response(db::Tx& tx, std::int64_t meeting_id, std::int64_t person_id, Reply reply,
                   const std::string& now) {
  tx.exec(upsert_response, meeting_id, person_id, std::string(reply_name(reply)), now);
}

std::optional<Reply> response_of(db::Tx& tx, std::int64_t meeting_id, std::int64_t person_id) {
  auto row = tx.exec_maybe_row(select_response, meeting_id, person_id);
  if (!row)
    return std::nullopt;
  return parse_reply((*row)[0].as<std::string>());
}

std::int64_t insert_item(db::Tx& tx, std::int64_t meeting_id, const ValidItem& item,
                         const std::string& papers_html, ItemState state,
                         std::optional<std::int64_t> suggested_by, bool changed_after_publication,
                         const std::string& now) {
  return tx
      .exec(insert_item_row, meeting_id, std::string(item_kind_name(item.kind)), item.title,
            item.minutes_allowed, item.presenter_id, item.papers, papers_html, item.proposal_id,
            item.approves_minutes_of, item.notes, std::string(item_state_name(state)), suggested_by,
            changed_after_publication, now)[0][0]
      .as<std::int64_t>();
}

void update_item(db::Tx& tx, std::int64_t item_id, const ValidItem& item,
                 const std::string& papers_html, const std::string& notes_html,
                 bool changed_after_publication) {
  tx.exec(update_item_row, item_id, std::string(item_kind_name(item.kind)), item.title,
          item.minutes_allowed, item.presenter_id, item.papers, papers_html, item.proposal_id,
          item.approves_minutes_of, item.notes, notes_html, changed_after_publication);
}

std::optional<AgendaItem> find_item(db::Tx& tx, std::int64_t item_id) {
  auto row = tx.exec_maybe_row(select_item, item_id);
  if (!row)
    return std::nullopt;
  return item_from(*row);
}

std::vector<AgendaItem> items_of(db::Tx& tx, std::int64_t meeting_id) {
  std::vector<AgendaItem> items;
  for (const auto& row : tx.exec(select_items, meeting_id))
    items.push_back(item_from(row));
  return items;
}

void set_item_state(db::Tx& tx, std::int64_t item_id, ItemState state,
                    const std::string& decline_reason, bool changed_after_publication) {
  tx.exec(update_item_state, item_id, std::string(item_state_name(state)), decline_reason,
          changed_after_publication);
}

void delete_item(db::Tx& tx, std::int64_t item_id) {
  tx.exec(delete_item_row, item_id);
}

void renumber(db::Tx& tx, const std::vector<std::int64_t>& item_ids_in_order) {
  int position = 0;
  for (auto id : item_ids_in_order)
    tx.exec(update_position, id, ++position);
}

void mark_changed(db::Tx& tx, std::int64_t item_id) {
  tx.exec(update_changed, item_id);
}

void set_item_ballot(db::Tx& tx, std::int64_t item_id, std::int64_t ballot_id) {
  tx.exec(update_item_ballot, item_id, ballot_id);
}

void start_item(db::Tx& tx, std::int64_t item_id, const std::string& now) {
  tx.exec(update_item_started, item_id, now);
}

void end_item(db::Tx& tx, std::int64_t item_id, const std::string& now) {
  tx.exec(update_item_ended, item_id, now);
}

std::optional<std::int64_t> item_of_ballot(db::Tx& tx, std::int64_t ballot_id) {
  auto row = tx.exec_maybe_row(select_item_of_ballot, ballot_id);
  if (!row)
    return std::nullopt;
  return (*row)[0].as<std::int64_t>();
}

bool check_in(db::Tx& tx, std::int64_t meeting_id, std::int64_t person_id, AttendanceMode mode,
              bool observer, std::optional<std::int64_t> by, const std::string& now) {
  return tx.exec(insert_attendance, meeting_id, person_id, std::string(attendance_mode_name(mode)),
                 observer, now, by)
             .affected_rows() == 1;
}

std::vector<Attendee> attendance_of(db::Tx& tx, std::int64_t meeting_id) {
  std::vector<Attendee> present;
  for (const auto& row : tx.exec(select_attendance, meeting_id))
    present.push_back(attendee_from(row));
  return present;
}

std::optional<Attendee> attendee(db::Tx& tx, std::int64_t meeting_id, std::int64_t person_id) {
  auto row = tx.exec_maybe_row(select_attendee, meeting_id, person_id);
  if (!row)
    return std::nullopt;
  return attendee_from(*row);
}

namespace {

std::vector<Speaker> speakers_from(const pqxx::result& rows) {
  std::vector<Speaker> speakers;
  for (const auto& row : rows) {
    Speaker speaker;
    speaker.id = row[0].as<std::int64_t>();
    speaker.item_id = row[1].as<std::int64_t>();
    speaker.person = {row[2].as<std::int64_t>(), row[3].as<std::string>()};
    speaker.kind = parse_speaker_kind(row[4].as<std::string>()).value_or(SpeakerKind::speak);
    speaker.state = parse_speaker_state(row[5].as<std::string>()).value_or(SpeakerState::done);
    speaker.requested_at = row[6].as<std::string>();
    speaker.started_at = optional_text(row[7]);
    speaker.ended_at = optional_text(row[8]);
    speakers.push_back(std::move(speaker));
  }
  return speakers;
}

}  // namespace

std::vector<Speaker> speakers_of(db::Tx& tx, std::int64_t item_id) {
  return speakers_from(tx.exec(select_speakers, item_id));
}

std::vector<Speaker> spoken_on(db::Tx& tx, std::int64_t item_id) {
  return speakers_from(tx.exec(select_spoken, item_id));
}

bool request_to_speak(db::Tx& tx, std::int64_t item_id, std::int64_t person_id, SpeakerKind kind,
                      const std::string& now) {
  return tx.exec(insert_speaker, item_id, person_id, std::string(speaker_kind_name(kind)), now)
             .affected_rows() == 1;
}

int withdraw(db::Tx& tx, std::int64_t item_id, std::int64_t person_id, const std::string& now) {
  return static_cast<int>(tx.exec(update_withdraw, item_id, person_id, now).affected_rows());
}

void finish_speaking(db::Tx& tx, std::int64_t item_id, const std::string& now) {
  tx.exec(update_finish_speaking, item_id, now);
}

void start_speaking(db::Tx& tx, std::int64_t speaker_id, const std::string& now) {
  tx.exec(update_start_speaking, speaker_id, now);
}

std::optional<Minutes> find_minutes(db::Tx& tx, std::int64_t meeting_id) {
  auto row = tx.exec_maybe_row(select_minutes, meeting_id);
  if (!row)
    return std::nullopt;
  Minutes minutes;
  minutes.meeting_id = (*row)[0].as<std::int64_t>();
  minutes.body = (*row)[1].as<std::string>();
  minutes.body_html = (*row)[2].as<std::string>();
  minutes.status = parse_minutes_status((*row)[3].as<std::string>()).value_or(MinutesStatus::draft);
  minutes.approved_at = optional_text((*row)[4]);
  minutes.approved_at_meeting = optional_id((*row)[5]);
  return minutes;
}

void save_minutes(db::Tx& tx, std::int64_t meeting_id, const std::string& body,
                  const std::string& body_html, std::int64_t by, const std::string& now) {
  tx.exec(upsert_minutes, meeting_id, body, body_html, by, now);
}

void publish_minutes(db::Tx& tx, std::int64_t meeting_id, std::int64_t approved_at_meeting,
                     const std::string& now) {
  tx.exec(update_minutes_published, meeting_id, approved_at_meeting, now);
}

std::optional<std::string> calendar_token(db::Tx& tx, std::int64_t person_id) {
  auto row = tx.exec_maybe_row(select_calendar_token, person_id);
  if (!row)
    return std::nullopt;
  return (*row)[0].as<std::string>();
}

void save_calendar_token(db::Tx& tx, std::int64_t person_id, const std::string& token,
                         const std::string& now) {
  tx.exec(upsert_calendar_token, person_id, token, now);
}

std::optional<std::int64_t> person_of_calendar_token(db::Tx& tx, const std::string& token) {
  auto row = tx.exec_maybe_row(select_token_person, token);
  if (!row)
    return std::nullopt;
  return (*row)[0].as<std::int64_t>();
}

std::vector<GroupRow> groups_of_person(db::Tx& tx, std::int64_t person_id) {
  std::vector<GroupRow> groups;
  for (const auto& row : tx.exec(select_person_groups, person_id))
    groups.push_back(group_from(row));
  return groups;
}

}  // namespace plenary::meetings::repo
