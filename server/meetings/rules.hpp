#pragma once
// The pure rules of a meeting: what a valid meeting and agenda item are, the quorum, when the
// agenda is published and suggestions close, the order of the speakers list, and the minutes
// drafted from the meeting's record. No I/O: the service loads, asks these, and writes.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "meetings/model.hpp"

namespace plenary::meetings {

inline constexpr std::size_t max_title_length = 200;
inline constexpr std::size_t max_description_bytes = 20'000;
inline constexpr std::size_t max_place_length = 300;
inline constexpr std::size_t max_url_length = 2000;
inline constexpr std::size_t max_papers_bytes = 50'000;
inline constexpr std::size_t max_minutes_bytes = 200'000;
inline constexpr std::size_t max_reason_length = 1000;
inline constexpr int default_agenda_notice_hours = 72;
inline constexpr int max_agenda_notice_hours = 24 * 60;
inline constexpr int max_meeting_hours = 24 * 7;
inline constexpr int min_speaking_limit_seconds = 10;
inline constexpr int max_speaking_limit_seconds = 3600;
inline constexpr int max_minutes_allowed = 24 * 60;

// ---- Quorum -------------------------------------------------------------------------------------

// max(count, ceil(members × percent / 100)) of whichever are set; 0 when neither is. Integers
// only, so that no rounding can move the boundary.
std::int64_t quorum_required(const QuorumRule& rule, std::int64_t members);
// Observers are never counted: pass the checked-in members alone.
bool quorum_met(const QuorumRule& rule, std::int64_t members, std::int64_t members_checked_in);

// ---- Agenda timing
// -------------------------------------------------------------------------------

// The agenda is published (and suggestions close) `notice_hours` before the start.
TimePoint agenda_publication_time(TimePoint starts_at, int notice_hours);
bool agenda_due(TimePoint starts_at, int notice_hours, TimePoint now);
// Why no item can be suggested now; nothing when suggestions are open.
std::optional<std::string> suggestion_problem(const Meeting& meeting, TimePoint starts_at,
                                              TimePoint now);

// ---- Validation
// ----------------------------------------------------------------------------------

struct ValidMeeting {
  std::string title;
  std::string description;
  TimePoint starts_at;
  TimePoint ends_at;
  std::optional<std::string> time_zone;  // checked against the database's list by the service
  std::string place;
  std::string online_url;
  bool observers_allowed = false;
  QuorumRule quorum;
  int agenda_notice_hours = default_agenda_notice_hours;
  bool first_time_first = false;
  std::optional<int> speaking_limit_seconds;
};

// `fields` merged over `current` (a change) or alone (a new meeting: title and times required).
Result<ValidMeeting> validate_meeting(const MeetingFields& fields,
                                      const std::optional<Meeting>& current);

struct ValidItem {
  ItemKind kind = ItemKind::information;
  std::string title;
  std::optional<int> minutes_allowed;
  std::optional<std::int64_t> presenter_id;
  std::string papers;
  std::optional<std::int64_t> proposal_id;
  std::optional<std::int64_t> approves_minutes_of;
  std::string notes;
};

// `fields` merged over `current` (a change) or alone (a new item: kind and title required).
Result<ValidItem> validate_item(const ItemFields& fields, const std::optional<AgendaItem>& current);

// Six digits, spaces and dashes ignored (people read it off a screen).
bool check_in_code_matches(std::string_view expected, std::string_view given);
// Six digits from 20 random bits or more (the caller draws them).
std::string check_in_code_from(std::uint32_t random);

// ---- The speakers list
// ---------------------------------------------------------------------------

// The waiting requests in the order they will be called: points of order first (in the order
// they were raised), then requests to speak in the order made — except that with
// `first_time_first`, people who have not yet spoken on the item (the current speaker has) go
// before those who have. Withdrawn and finished requests are not in the list.
std::vector<Speaker> speaking_order(const std::vector<Speaker>& requests, bool first_time_first);
// The one speaking now, if any.
std::optional<Speaker> current_speaker(const std::vector<Speaker>& requests);

// ---- Minutes
// -------------------------------------------------------------------------------------

struct ItemRecord {
  AgendaItem item;
  std::vector<Speaker> speakers;         // everyone who spoke, in order
  std::optional<nlohmann::json> result;  // the item's ballot result, once closed
  std::optional<std::string> ballot_status;
};

struct MeetingRecord {
  Meeting meeting;
  std::vector<Attendee> present;
  std::int64_t members = 0;  // the group's members, for the quorum
  std::vector<ItemRecord> items;
};

// The draft minutes in Markdown: the meeting, attendance and quorum, each item with its notes,
// the exact figures of each decision, and who spoke, in order.
std::string draft_minutes(const MeetingRecord& record);

}  // namespace plenary::meetings
