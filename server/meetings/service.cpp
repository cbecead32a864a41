#include "meetings/service.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <exception>
#include <stdexcept>

#include "core/base64url.hpp"
#include "core/log.hpp"
#include "core/time.hpp"
#include "events/outbox.hpp"
#include "groups/repo.hpp"
#include "markdown/render.hpp"
#include "meetings/ical.hpp"
#include "meetings/json.hpp"
#include "meetings/repo.hpp"
#include "meetings/rules.hpp"
#include "proposals/module.hpp"
#include "votes/repo.hpp"
#include "votes/rules.hpp"
#include "votes/service.hpp"

namespace plenary::meetings {
namespace {

constexpr std::size_t calendar_token_bytes = 32;

Error no_meeting(std::int64_t id) {
  return not_found("There is no meeting with the number " + std::to_string(id) + ".");
}
Error no_item(std::int64_t id) {
  return not_found("There is no agenda item with the number " + std::to_string(id) + ".");
}
Error no_group(std::int64_t id) {
  return not_found("There is no group with the number " + std::to_string(id) + ".");
}
Error not_live() {
  return conflict("The meeting is not in session: the chair starts it first.", "meeting_not_live");
}
Error closed_meeting(const Meeting& meeting) {
  return conflict("This meeting is " + std::string(meeting_status_name(meeting.status)) +
                      ": it can no longer be changed.",
                  "meeting_closed");
}

std::string meeting_room(std::int64_t id) {
  return "meeting:" + std::to_string(id);
}

std::string random_bytes(std::size_t count) {
  std::string bytes(count, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(count)) != 1)
    throw std::runtime_error("RAND_bytes failed");
  return bytes;
}

std::string new_check_in_code() {
  const auto bytes = random_bytes(4);
  std::uint32_t value = 0;
  for (char c : bytes)
    value = (value << 8) | static_cast<unsigned char>(c);
  return check_in_code_from(value);
}

groups::Viewer load_viewer(db::Tx& tx, const Actor* actor, std::int64_t group_id) {
  if (!actor)
    return groups::make_viewer({}, {});
  return groups::make_viewer({true, actor->site_admin, actor->email_verified},
                             groups::repo::chain_memberships(tx, group_id, actor->person_id));
}

Result<std::string> render(const std::string& source, const char* field, std::size_t limit) {
  auto rendered = markdown::render(source, markdown::RenderOptions{.max_source_bytes = limit});
  if (!rendered)
    return invalid_field(field, rendered.error().detail);
  return rendered->html;
}

struct Loaded {
  Meeting meeting;
  groups::Viewer viewer;
};

// The meeting and the viewer, if the viewer may see it.
Result<Loaded> visible_meeting(db::Tx& tx, const Actor* actor, std::int64_t meeting_id,
                               bool for_update = false) {
  auto meeting = repo::find_meeting(tx, meeting_id, for_update);
  if (!meeting)
    return no_meeting(meeting_id);
  auto viewer = load_viewer(tx, actor, meeting->group_id);
  if (auto seen = groups::require(can_see_meetings(viewer, meeting->group_name)); !seen)
    return seen.error();
  return Loaded{std::move(*meeting), std::move(viewer)};
}

// The same, for officers' work on a meeting that is not over.
Result<Loaded> managed_meeting(db::Tx& tx, const Actor& actor, std::int64_t meeting_id,
                               bool must_be_open = true) {
  auto loaded = visible_meeting(tx, &actor, meeting_id, true);
  if (!loaded)
    return loaded.error();
  if (auto allowed = groups::require(can_run_meetings(loaded->viewer, loaded->meeting.group_name));
      !allowed) {
    return allowed.error();
  }
  const auto status = loaded->meeting.status;
  if (must_be_open && status != MeetingStatus::scheduled && status != MeetingStatus::live)
    return closed_meeting(loaded->meeting);
  return loaded;
}

struct LoadedItem {
  AgendaItem item;
  Meeting meeting;
  groups::Viewer viewer;
};

Result<LoadedItem> item_in(db::Tx& tx, const Actor& actor, std::int64_t item_id, bool manage,
                           bool must_be_open = true) {
  auto item = repo::find_item(tx, item_id);
  if (!item)
    return no_item(item_id);
  auto loaded = manage ? managed_meeting(tx, actor, item->meeting_id, must_be_open)
                       : visible_meeting(tx, &actor, item->meeting_id, true);
  if (!loaded)
    return loaded.error();
  return LoadedItem{std::move(*item), std::move(loaded->meeting), std::move(loaded->viewer)};
}

TimePoint time_of(const std::string& iso) {
  return votes::parse_iso8601(iso).value_or(TimePoint{});
}

Attendance attendance_for(db::Tx& tx, const Meeting& meeting) {
  Attendance attendance;
  attendance.present = repo::attendance_of(tx, meeting.id);
  attendance.members = repo::member_count(tx, meeting.group_id);
  for (const auto& attendee : attendance.present)
    ++(attendee.observer ? attendance.observers_checked_in : attendance.members_checked_in);
  attendance.quorum_required = quorum_required(meeting.quorum, attendance.members);
  attendance.quorum_met =
      quorum_met(meeting.quorum, attendance.members, attendance.members_checked_in);
  return attendance;
}

SpeakersList speakers_for(db::Tx& tx, const Meeting& meeting, std::int64_t item_id) {
  const auto requests = repo::speakers_of(tx, item_id);
  return {item_id, speaking_order(requests, meeting.first_time_first), current_speaker(requests),
          meeting.speaking_limit_seconds};
}

std::vector<AgendaItem> accepted(const std::vector<AgendaItem>& items) {
  std::vector<AgendaItem> agenda;
  for (const auto& item : items) {
    if (item.state == ItemState::accepted)
      agenda.push_back(item);
  }
  return agenda;
}

bool published(const Meeting& meeting) {
  return meeting.agenda_published_at.has_value();
}

void announce_meeting(db::Tx& tx, std::int64_t meeting_id) {
  if (auto meeting = repo::find_meeting(tx, meeting_id))
    events::publish(tx, meeting_room(meeting_id), "meeting.updated",
                    {{"meeting", meeting_json(*meeting)}});
}
void announce_agenda(db::Tx& tx, std::int64_t meeting_id) {
  events::publish(tx, meeting_room(meeting_id), "agenda.updated",
                  {{"agenda", items_json(accepted(repo::items_of(tx, meeting_id)))}});
}
void announce_attendance(db::Tx& tx, const Meeting& meeting) {
  events::publish(tx, meeting_room(meeting.id), "attendance.updated",
                  {{"attendance", attendance_json(attendance_for(tx, meeting))}});
}
// Suggestions are shown only to officers and to whoever made them, so the event carries nothing of
// them: pages that may see them fetch them again.
void announce_suggestions(db::Tx& tx, std::int64_t meeting_id) {
  events::publish(tx, meeting_room(meeting_id), "suggestions.changed", nlohmann::json::object());
}
SpeakersList announce_speakers(db::Tx& tx, const Meeting& meeting, std::int64_t item_id) {
  auto speakers = speakers_for(tx, meeting, item_id);
  events::publish(tx, meeting_room(meeting.id), "speakers.updated", speakers_json(speakers));
  return speakers;
}

// A person the chair or an officer names must be able to attend.
Result<AttendanceRole> attendance_role_of(db::Tx& tx, const Meeting& meeting,
                                          std::int64_t person_id) {
  Actor person;
  person.person_id = person_id;
  const auto viewer = load_viewer(tx, &person, meeting.group_id);
  if (auto role = attendance_role(viewer, meeting.observers_allowed))
    return *role;
  return forbidden(
      "That person cannot attend this meeting: only " +
          std::string(meeting.observers_allowed ? "members and supporters" : "members") + " of " +
          meeting.group_name + " can.",
      "not_a_member");
}

// Checks the references an item makes: presenter, proposal, minutes to approve.
Status check_references(db::Tx& tx, const Meeting& meeting, const ValidItem& item) {
  std::vector<FieldError> errors;
  if (item.presenter_id && !repo::person_name(tx, *item.presenter_id))
    errors.push_back({"presenter_id", "There is no person with that number."});
  if (item.proposal_id && repo::proposal_group(tx, *item.proposal_id) != meeting.group_id)
    errors.push_back(
        {"proposal_id", "There is no proposal of " + meeting.group_name + " with that number."});
  if (item.approves_minutes_of) {
    auto earlier = repo::find_meeting(tx, *item.approves_minutes_of);
    if (!earlier || earlier->group_id != meeting.group_id || earlier->id == meeting.id) {
      errors.push_back({"approves_minutes_of",
                        "Minutes are approved at a later meeting of the same group: give the "
                        "number of an earlier meeting of " +
                            meeting.group_name + "."});
    }
  }
  if (!errors.empty())
    return invalid(std::move(errors));
  return ok();
}

std::optional<VoteState> vote_of(db::Tx& tx, const AgendaItem& item) {
  if (!item.ballot_id)
    return std::nullopt;
  auto ballot = votes::repo::find_ballot(tx, *item.ballot_id);
  if (!ballot)
    return std::nullopt;
  return VoteState{ballot->id, std::string(votes::status_name(ballot->status))};
}

ical::Event event_of(const Meeting& meeting, const std::string& site, TimePoint now) {
  ical::Event event;
  // The UID must not change when the site's address does; the host is part of it only to make
  // it unique among calendars.
  auto host = site.substr(site.find("://") == std::string::npos ? 0 : site.find("://") + 3);
  event.uid = "meeting-" + std::to_string(meeting.id) + "@" + host;
  event.sequence = meeting.sequence;
  event.stamp = now;
  event.starts_at = time_of(meeting.starts_at);
  event.ends_at = time_of(meeting.ends_at);
  event.summary = meeting.title + " (" + meeting.group_name + ")";
  event.description = meeting.description;
  if (!meeting.online_url.empty())
    event.description +=
        (event.description.empty() ? "" : "\n\n") + std::string("Online: ") + meeting.online_url;
  event.location = meeting.place.empty() ? meeting.online_url : meeting.place;
  event.url = site + "/meetings/" + std::to_string(meeting.id);
  event.cancelled = meeting.status == MeetingStatus::cancelled;
  return event;
}

}  // namespace

std::string Service::now_text() const {
  return iso8601(clock_.now());
}

// ---- Scheduling -------------------------------------------------------------------------------

Result<Meeting> Service::create(db::Connection& db, const Actor& actor, std::int64_t group_id,
                                const MeetingFields& fields) {
  const auto now = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<Meeting> {
    auto group = repo::find_group(tx, group_id);
    if (!group)
      return no_group(group_id);
    const auto viewer = load_viewer(tx, &actor, group_id);
    if (auto allowed = groups::require(can_run_meetings(viewer, group->name)); !allowed)
      return allowed.error();
    if (group->archived) {
      return conflict(group->name + " is archived. Restore it before scheduling a meeting.",
                      "group_archived");
    }
    auto valid = validate_meeting(fields, std::nullopt);
    const auto time_zone = fields.time_zone.value_or(group->time_zone);
    if (!repo::time_zone_known(tx, time_zone)) {
      auto errors = valid ? std::vector<FieldError>{} : valid.error().fields;
      errors.push_back({"time_zone", "Give a time zone by its IANA name, e.g. Europe/London."});
      return invalid(std::move(errors));
    }
    if (!valid)
      return valid.error();
    auto html = render(valid->description, "description", max_description_bytes);
    if (!html)
      return html.error();
    const auto id = repo::insert_meeting(tx, group_id, *valid, *html, time_zone,
                                         new_check_in_code(), actor.person_id, now);
    auto meeting = repo::find_meeting(tx, id);
    if (!meeting)
      return no_meeting(id);
    return std::move(*meeting);
  });
}

Result<MeetingList> Service::list(db::Connection& db, const Actor* actor, std::int64_t group_id) {
  const auto now = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<MeetingList> {
    auto group = repo::find_group(tx, group_id);
    if (!group)
      return no_group(group_id);
    const auto viewer = load_viewer(tx, actor, group_id);
    if (auto seen = groups::require(can_see_meetings(viewer, group->name)); !seen)
      return seen.error();
    return MeetingList{repo::list_meetings(tx, group_id, now),
                       can_run_meetings(viewer, group->name).allowed && !group->archived};
  });
}

Result<MeetingPage> Service::view(db::Connection& db, const Actor* actor, std::int64_t meeting_id) {
  const auto now = clock_.now();
  return db::transact(db, [&](db::Tx& tx) -> Result<MeetingPage> {
    auto loaded = visible_meeting(tx, actor, meeting_id);
    if (!loaded)
      return loaded.error();
    MeetingPage page;
    page.meeting = std::move(loaded->meeting);
    const auto& meeting = page.meeting;
    const bool officer = can_run_meetings(loaded->viewer, meeting.group_name).allowed;
    const auto starts = time_of(meeting.starts_at);
    page.suggestion_deadline =
        iso8601(agenda_publication_time(starts, meeting.agenda_notice_hours));
    for (auto& item : repo::items_of(tx, meeting_id)) {
      if (item.state == ItemState::accepted) {
        page.agenda.push_back(std::move(item));
      } else if (item.state == ItemState::removed) {
        page.removed.push_back(std::move(item));
      } else if (officer ||
                 (actor && item.suggested_by && item.suggested_by->id == actor->person_id)) {
        page.suggestions.push_back(std::move(item));
      }
    }
    page.attendance = attendance_for(tx, meeting);
    if (meeting.current_item_id) {
      if (auto item = repo::find_item(tx, *meeting.current_item_id)) {
        page.current = CurrentItem{item->id, item->started_at, speakers_for(tx, meeting, item->id),
                                   vote_of(tx, *item)};
      }
    }
    bool checked_in = false;
    if (actor) {
      MyPart my;
      my.response = repo::response_of(tx, meeting_id, actor->person_id);
      my.role = attendance_role(loaded->viewer, meeting.observers_allowed);
      if (auto attendee = repo::attendee(tx, meeting_id, actor->person_id)) {
        my.checked_in = checked_in = true;
        my.role = attendee->observer ? AttendanceRole::observer : AttendanceRole::member;
      }
      if (page.current && page.current->vote && page.current->vote->status == "open")
        my.may_vote = votes::repo::is_elector(tx, page.current->vote->ballot_id, actor->person_id);
      page.my = my;
    }
    page.can = meeting_flags(loaded->viewer, meeting, !suggestion_problem(meeting, starts, now),
                             checked_in);
    page.show_check_in_code = officer;
    return page;
  });
}

Result<Meeting> Service::edit(db::Connection& db, const Actor& actor, std::int64_t meeting_id,
                              const MeetingFields& fields) {
  const auto now = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<Meeting> {
    auto loaded = managed_meeting(tx, actor, meeting_id);
    if (!loaded)
      return loaded.error();
    const auto& current = loaded->meeting;
    auto valid = validate_meeting(fields, current);
    const auto time_zone = fields.time_zone.value_or(current.time_zone);
    if (fields.time_zone && !repo::time_zone_known(tx, time_zone)) {
      auto errors = valid ? std::vector<FieldError>{} : valid.error().fields;
      errors.push_back({"time_zone", "Give a time zone by its IANA name, e.g. Europe/London."});
      return invalid(std::move(errors));
    }
    if (!valid)
      return valid.error();
    auto html = render(valid->description, "description", max_description_bytes);
    if (!html)
      return html.error();
    // Calendar clients update an event only when its SEQUENCE grows: bump it whenever what they
    // show changes.
    const bool calendar_change =
        iso8601(valid->starts_at) != iso8601(time_of(current.starts_at)) ||
        iso8601(valid->ends_at) != iso8601(time_of(current.ends_at)) ||
        valid->place != current.place || valid->online_url != current.online_url ||
        valid->title != current.title || valid->description != current.description;
    repo::update_meeting(tx, meeting_id, *valid, *html, time_zone, calendar_change, now);
    announce_meeting(tx, meeting_id);
    auto meeting = repo::find_meeting(tx, meeting_id);
    if (!meeting)
      return no_meeting(meeting_id);
    return std::move(*meeting);
  });
}

Result<Meeting> Service::cancel(db::Connection& db, const Actor& actor, std::int64_t meeting_id,
                                const std::string& reason) {
  const auto now = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<Meeting> {
    auto loaded = managed_meeting(tx, actor, meeting_id);
    if (!loaded)
      return loaded.error();
    if (loaded->meeting.status != MeetingStatus::scheduled)
      return conflict("Only a meeting that has not begun can be cancelled.", "meeting_started");
    repo::set_status(tx, meeting_id, MeetingStatus::cancelled, reason, now);
    announce_meeting(tx, meeting_id);
    return *repo::find_meeting(tx, meeting_id);
  });
}

Result<Reply> Service::respond(db::Connection& db, const Actor& actor, std::int64_t meeting_id,
                               Reply reply) {
  const auto now = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<Reply> {
    auto loaded = visible_meeting(tx, &actor, meeting_id);
    if (!loaded)
      return loaded.error();
    if (auto allowed = groups::require(can_attend(loaded->viewer, loaded->meeting)); !allowed)
      return allowed.error();
    if (loaded->meeting.status != MeetingStatus::scheduled)
      return conflict("Replies are for meetings that have not begun.", "meeting_started");
    repo::save_response(tx, meeting_id, actor.person_id, reply, now);
    return reply;
  });
}

// ---- The agenda -------------------------------------------------------------------------------

Result<AgendaItem> Service::add_item(db::Connection& db, const Actor& actor,
                                     std::int64_t meeting_id, const ItemFields& fields) {
  const auto now = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<AgendaItem> {
    auto loaded = managed_meeting(tx, actor, meeting_id);
    if (!loaded)
      return loaded.error();
    auto valid = validate_item(fields, std::nullopt);
    if (!valid)
      return valid.error();
    if (auto references = check_references(tx, loaded->meeting, *valid); !references)
      return references.error();
    auto html = render(valid->papers, "papers", max_papers_bytes);
    if (!html)
      return html.error();
    const auto id = repo::insert_item(tx, meeting_id, *valid, *html, ItemState::accepted,
                                      std::nullopt, published(loaded->meeting), now);
    announce_agenda(tx, meeting_id);
    return *repo::find_item(tx, id);
  });
}

Result<AgendaItem> Service::edit_item(db::Connection& db, const Actor& actor, std::int64_t item_id,
                                      const ItemFields& fields) {
  // The secretary writes up the record after the meeting too; the agenda itself is fixed by then.
  const bool notes_only = fields.notes && !fields.kind && !fields.title &&
                          !fields.minutes_allowed && !fields.presenter_id && !fields.papers &&
                          !fields.proposal_id && !fields.approves_minutes_of;
  return db::transact(db, [&](db::Tx& tx) -> Result<AgendaItem> {
    auto loaded = item_in(tx, actor, item_id, true, !notes_only);
    if (!loaded)
      return loaded.error();
    if (loaded->meeting.status == MeetingStatus::cancelled)
      return closed_meeting(loaded->meeting);
    auto valid = validate_item(fields, loaded->item);
    if (!valid)
      return valid.error();
    if (auto references = check_references(tx, loaded->meeting, *valid); !references)
      return references.error();
    auto papers_html = render(valid->papers, "papers", max_papers_bytes);
    if (!papers_html)
      return papers_html.error();
    auto notes_html = render(valid->notes, "notes", max_papers_bytes);
    if (!notes_html)
      return notes_html.error();
    // The secretary's notes are the record, not the agenda: writing them changes nothing that
    // members were given.
    const auto& old = loaded->item;
    const bool agenda_changed =
        valid->kind != old.kind || valid->title != old.title ||
        valid->minutes_allowed != old.minutes_allowed || valid->papers != old.papers ||
        valid->presenter_id != (old.presenter ? std::optional(old.presenter->id) : std::nullopt) ||
        valid->proposal_id != old.proposal_id;
    repo::update_item(
        tx, item_id, *valid, *papers_html, *notes_html,
        agenda_changed && published(loaded->meeting) && old.state == ItemState::accepted);
    announce_agenda(tx, loaded->meeting.id);
    return *repo::find_item(tx, item_id);
  });
}

Result<std::vector<AgendaItem>> Service::move_item(db::Connection& db, const Actor& actor,
                                                   std::int64_t item_id, int position) {
  return db::transact(db, [&](db::Tx& tx) -> Result<std::vector<AgendaItem>> {
    auto loaded = item_in(tx, actor, item_id, true);
    if (!loaded)
      return loaded.error();
    if (loaded->item.state != ItemState::accepted)
      return conflict("Only items on the agenda can be moved.", "not_on_agenda");
    auto agenda = accepted(repo::items_of(tx, loaded->meeting.id));
    if (position < 1 || position > static_cast<int>(agenda.size())) {
      return invalid_field("position",
                           "Give a position from 1 to " + std::to_string(agenda.size()) + ".");
    }
    std::vector<std::int64_t> order;
    for (const auto& item : agenda) {
      if (item.id != item_id)
        order.push_back(item.id);
    }
    order.insert(order.begin() + (position - 1), item_id);
    repo::renumber(tx, order);
    if (published(loaded->meeting) && loaded->item.position != position)
      repo::mark_changed(tx, item_id);
    announce_agenda(tx, loaded->meeting.id);
    return accepted(repo::items_of(tx, loaded->meeting.id));
  });
}

Status Service::remove_item(db::Connection& db, const Actor& actor, std::int64_t item_id) {
  return db::transact(db, [&](db::Tx& tx) -> Status {
    auto loaded = item_in(tx, actor, item_id, true);
    if (!loaded)
      return loaded.error();
    if (loaded->item.ballot_id || loaded->meeting.current_item_id == item_id)
      return conflict("This item has been taken up in the meeting; it stays in the record.",
                      "item_in_record");
    if (published(loaded->meeting) && loaded->item.state == ItemState::accepted) {
      repo::set_item_state(tx, item_id, ItemState::removed, "", true);
    } else {
      repo::delete_item(tx, item_id);
    }
    std::vector<std::int64_t> order;
    for (const auto& item : accepted(repo::items_of(tx, loaded->meeting.id)))
      order.push_back(item.id);
    repo::renumber(tx, order);
    announce_agenda(tx, loaded->meeting.id);
    return ok();
  });
}

Result<AgendaItem> Service::suggest(db::Connection& db, const Actor& actor, std::int64_t meeting_id,
                                    const ItemFields& fields) {
  const auto now = clock_.now();
  return db::transact(db, [&](db::Tx& tx) -> Result<AgendaItem> {
    auto loaded = visible_meeting(tx, &actor, meeting_id, true);
    if (!loaded)
      return loaded.error();
    const auto& meeting = loaded->meeting;
    if (auto allowed = groups::require(can_suggest(loaded->viewer, meeting)); !allowed)
      return allowed.error();
    if (auto closed = suggestion_problem(meeting, time_of(meeting.starts_at), now))
      return conflict(*closed, "suggestions_closed");
    auto valid = validate_item(fields, std::nullopt);
    if (!valid)
      return valid.error();
    auto html = render(valid->papers, "papers", max_papers_bytes);
    if (!html)
      return html.error();
    const auto id = repo::insert_item(tx, meeting_id, *valid, *html, ItemState::suggested,
                                      actor.person_id, false, iso8601(now));
    announce_suggestions(tx, meeting_id);
    return *repo::find_item(tx, id);
  });
}

Result<AgendaItem> Service::accept(db::Connection& db, const Actor& actor, std::int64_t item_id) {
  return db::transact(db, [&](db::Tx& tx) -> Result<AgendaItem> {
    auto loaded = item_in(tx, actor, item_id, true);
    if (!loaded)
      return loaded.error();
    if (loaded->item.state != ItemState::suggested && loaded->item.state != ItemState::declined)
      return conflict("Only a suggestion can be accepted.", "not_a_suggestion");
    repo::set_item_state(tx, item_id, ItemState::accepted, "", published(loaded->meeting));
    announce_agenda(tx, loaded->meeting.id);
    announce_suggestions(tx, loaded->meeting.id);
    return *repo::find_item(tx, item_id);
  });
}

Result<AgendaItem> Service::decline(db::Connection& db, const Actor& actor, std::int64_t item_id,
                                    const std::string& reason) {
  return db::transact(db, [&](db::Tx& tx) -> Result<AgendaItem> {
    auto loaded = item_in(tx, actor, item_id, true);
    if (!loaded)
      return loaded.error();
    if (loaded->item.state != ItemState::suggested)
      return conflict("Only a suggestion waiting for an answer can be declined.",
                      "not_a_suggestion");
    repo::set_item_state(tx, item_id, ItemState::declined, reason, false);
    announce_suggestions(tx, loaded->meeting.id);
    return *repo::find_item(tx, item_id);
  });
}

Result<Meeting> Service::publish_agenda(db::Connection& db, const Actor& actor,
                                        std::int64_t meeting_id) {
  const auto now = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<Meeting> {
    auto loaded = managed_meeting(tx, actor, meeting_id);
    if (!loaded)
      return loaded.error();
    if (published(loaded->meeting))
      return conflict("The agenda has already been published.", "agenda_published");
    repo::set_agenda_published(tx, meeting_id, now);
    announce_meeting(tx, meeting_id);
    announce_agenda(tx, meeting_id);
    return *repo::find_meeting(tx, meeting_id);
  });
}

void Service::run_due(db::Connection& db) {
  publish_due_agendas(db, clock_);
}

void publish_due_agendas(db::Connection& db, const Clock& clock) {
  const auto now = iso8601(clock.now());
  try {
    db::transact(db, [&](db::Tx& tx) {
      for (auto id : repo::publish_due_agendas(tx, now)) {
        announce_meeting(tx, id);
        announce_agenda(tx, id);
      }
      return 0;
    });
  } catch (const std::exception& e) {
    log::warn("meetings ticker could not publish agendas", {{"error", e.what()}});
  }
}

// ---- In the meeting ---------------------------------------------------------------------------

Result<Meeting> Service::start(db::Connection& db, const Actor& actor, std::int64_t meeting_id) {
  const auto now = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<Meeting> {
    auto loaded = managed_meeting(tx, actor, meeting_id);
    if (!loaded)
      return loaded.error();
    if (loaded->meeting.status != MeetingStatus::scheduled)
      return conflict("The meeting has already begun.", "meeting_started");
    // A meeting that begins has its agenda, whatever the notice set.
    repo::set_agenda_published(tx, meeting_id, now);
    repo::set_status(tx, meeting_id, MeetingStatus::live, "", now);
    announce_meeting(tx, meeting_id);
    return *repo::find_meeting(tx, meeting_id);
  });
}

Result<Meeting> Service::end(db::Connection& db, const Actor& actor, std::int64_t meeting_id) {
  const auto now = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<Meeting> {
    auto loaded = managed_meeting(tx, actor, meeting_id);
    if (!loaded)
      return loaded.error();
    const auto& meeting = loaded->meeting;
    if (meeting.status != MeetingStatus::live)
      return not_live();
    for (const auto& item : accepted(repo::items_of(tx, meeting_id))) {
      if (auto vote = vote_of(tx, item); vote && vote->status == "open")
        return conflict("The vote on \"" + item.title + "\" is still open: close it first.",
                        "vote_open");
    }
    if (meeting.current_item_id) {
      repo::finish_speaking(tx, *meeting.current_item_id, now);
      repo::end_item(tx, *meeting.current_item_id, now);
    }
    repo::set_status(tx, meeting_id, MeetingStatus::ended, "", now);
    announce_meeting(tx, meeting_id);
    return *repo::find_meeting(tx, meeting_id);
  });
}

Result<Attendance> Service::check_in(db::Connection& db, const Actor& actor,
                                     std::int64_t meeting_id,
                                     const std::optional<std::string>& code) {
  const auto now = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<Attendance> {
    auto loaded = visible_meeting(tx, &actor, meeting_id, true);
    if (!loaded)
      return loaded.error();
    const auto& meeting = loaded->meeting;
    if (auto allowed = groups::require(can_attend(loaded->viewer, meeting)); !allowed)
      return allowed.error();
    const auto role = attendance_role(loaded->viewer, meeting.observers_allowed);
    AttendanceMode mode = AttendanceMode::room;
    if (code) {
      if (meeting.status != MeetingStatus::scheduled && meeting.status != MeetingStatus::live)
        return closed_meeting(meeting);
      if (!check_in_code_matches(meeting.check_in_code, *code))
        return invalid_field("code",
                             "That is not this meeting's check-in code. It is the six "
                             "digits shown in the room.");
    } else {
      mode = AttendanceMode::online;
      if (meeting.online_url.empty())
        return conflict(
            "This meeting has no online link: check in with the code shown in the "
            "room.",
            "no_online_link");
      if (meeting.status != MeetingStatus::live)
        return not_live();
    }
    repo::check_in(tx, meeting_id, actor.person_id, mode, role == AttendanceRole::observer,
                   std::nullopt, now);
    announce_attendance(tx, meeting);
    return attendance_for(tx, meeting);
  });
}

Result<Attendance> Service::check_in_person(db::Connection& db, const Actor& actor,
                                            std::int64_t meeting_id, std::int64_t person_id) {
  const auto now = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<Attendance> {
    auto loaded = managed_meeting(tx, actor, meeting_id);
    if (!loaded)
      return loaded.error();
    if (!repo::person_name(tx, person_id))
      return invalid_field("person_id", "There is no person with that number.");
    auto role = attendance_role_of(tx, loaded->meeting, person_id);
    if (!role)
      return role.error();
    repo::check_in(tx, meeting_id, person_id, AttendanceMode::room,
                   *role == AttendanceRole::observer, actor.person_id, now);
    announce_attendance(tx, loaded->meeting);
    return attendance_for(tx, loaded->meeting);
  });
}

Result<CurrentItem> Service::set_current_item(db::Connection& db, const Actor& actor,
                                              std::int64_t meeting_id, std::int64_t item_id) {
  const auto now = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<CurrentItem> {
    auto loaded = managed_meeting(tx, actor, meeting_id);
    if (!loaded)
      return loaded.error();
    const auto& meeting = loaded->meeting;
    if (meeting.status != MeetingStatus::live)
      return not_live();
    auto item = repo::find_item(tx, item_id);
    if (!item || item->meeting_id != meeting_id || item->state != ItemState::accepted)
      return invalid_field("item_id", "That item is not on this meeting's agenda.");
    if (meeting.current_item_id && *meeting.current_item_id != item_id) {
      repo::finish_speaking(tx, *meeting.current_item_id, now);
      repo::end_item(tx, *meeting.current_item_id, now);
    }
    if (meeting.current_item_id != item_id) {
      repo::start_item(tx, item_id, now);
      repo::set_current_item(tx, meeting_id, item_id);
    }
    item = repo::find_item(tx, item_id);
    events::publish(tx, meeting_room(meeting_id), "item.current",
                    {{"item_id", item_id}, {"started_at", *item->started_at}});
    return CurrentItem{item_id, item->started_at, speakers_for(tx, meeting, item_id),
                       vote_of(tx, *item)};
  });
}

namespace {

// The speakers list of the current item of a live meeting.
Status require_current(const LoadedItem& loaded) {
  if (loaded.meeting.status != MeetingStatus::live)
    return not_live();
  if (loaded.meeting.current_item_id != loaded.item.id)
    return conflict("This is not the item under discussion.", "not_current_item");
  return ok();
}

}  // namespace

Result<SpeakersList> Service::request_to_speak(db::Connection& db, const Actor& actor,
                                               std::int64_t item_id, SpeakerKind kind) {
  const auto now = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<SpeakersList> {
    auto loaded = item_in(tx, actor, item_id, false);
    if (!loaded)
      return loaded.error();
    if (auto current = require_current(*loaded); !current)
      return current.error();
    std::optional<AttendanceRole> present_as;
    if (auto attendee = repo::attendee(tx, loaded->meeting.id, actor.person_id))
      present_as = attendee->observer ? AttendanceRole::observer : AttendanceRole::member;
    if (auto allowed = groups::require(can_join_speakers(present_as)); !allowed)
      return allowed.error();
    if (!repo::request_to_speak(tx, item_id, actor.person_id, kind, now)) {
      return conflict("You are already on the list for this item.", "already_waiting");
    }
    return announce_speakers(tx, loaded->meeting, item_id);
  });
}

Result<SpeakersList> Service::withdraw(db::Connection& db, const Actor& actor,
                                       std::int64_t item_id) {
  const auto now = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<SpeakersList> {
    auto loaded = item_in(tx, actor, item_id, false);
    if (!loaded)
      return loaded.error();
    if (repo::withdraw(tx, item_id, actor.person_id, now) == 0)
      return not_found("You are not waiting to speak on this item.");
    return announce_speakers(tx, loaded->meeting, item_id);
  });
}

Result<SpeakersList> Service::next_speaker(db::Connection& db, const Actor& actor,
                                           std::int64_t item_id) {
  const auto now = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<SpeakersList> {
    auto loaded = item_in(tx, actor, item_id, true);
    if (!loaded)
      return loaded.error();
    if (auto current = require_current(*loaded); !current)
      return current.error();
    repo::finish_speaking(tx, item_id, now);
    const auto order =
        speaking_order(repo::speakers_of(tx, item_id), loaded->meeting.first_time_first);
    if (!order.empty())
      repo::start_speaking(tx, order.front().id, now);
    return announce_speakers(tx, loaded->meeting, item_id);
  });
}

Result<SpeakersList> Service::end_speaker(db::Connection& db, const Actor& actor,
                                          std::int64_t item_id) {
  const auto now = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<SpeakersList> {
    auto loaded = item_in(tx, actor, item_id, true);
    if (!loaded)
      return loaded.error();
    repo::finish_speaking(tx, item_id, now);
    return announce_speakers(tx, loaded->meeting, item_id);
  });
}

// ---- Votes in the room ------------------------------------------------------------------------

Result<std::int64_t> Service::open_vote(db::Connection& db, const Actor& actor,
                                        std::int64_t item_id, const VoteRequest& request) {
  const auto now = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<std::int64_t> {
    auto loaded = item_in(tx, actor, item_id, true);
    if (!loaded)
      return loaded.error();
    const auto& [item, meeting, viewer] = *loaded;
    if (auto current = require_current(*loaded); !current)
      return current.error();
    if (item.kind != ItemKind::decision && item.kind != ItemKind::election)
      return conflict("Only a decision or an election is put to the vote.", "not_a_decision");
    // A cancelled vote decided nothing: the chair may put the item again.
    if (auto earlier = vote_of(tx, item); earlier && earlier->status != "cancelled")
      return conflict("This item has already been put to the vote.", "vote_exists");
    std::vector<std::int64_t> electors;
    for (const auto& attendee : repo::attendance_of(tx, meeting.id)) {
      if (!attendee.observer)
        electors.push_back(attendee.person.id);
    }
    if (electors.empty())
      return conflict("No members are checked in, so nobody could vote.", "nobody_present");

    votes::NewBallot spec;
    spec.group_id = meeting.group_id;
    spec.title = item.title;
    spec.description = "Put to the vote at " + meeting.title + ".";
    if (item.proposal_id) {
      spec.description += "\n\n[The proposal, its amendments and its history](/proposals/" +
                          std::to_string(*item.proposal_id) + ")";
    }
    spec.method = request.method.value_or("yes_no");
    if (item.kind == ItemKind::decision && spec.method != "yes_no")
      return invalid_field("method", "A decision is put as a yes/no question.");
    spec.options = request.options;
    spec.seats = request.seats.value_or(1);
    spec.threshold = request.threshold.value_or("simple_majority");
    spec.secret = request.secret.value_or(true);
    spec.manual = true;
    spec.explicit_electors = electors;
    spec.explicit_electors_are = "members checked in to " + meeting.title + " when the vote opened";
    auto ballot = votes_.create_in(tx, actor.person_id, spec);
    if (!ballot)
      return ballot.error();
    // Linked before the ballot opens, so that the votes hook moves the proposal with it.
    if (item.proposal_id) {
      if (auto linked = proposals::put_to_meeting_vote(tx, *item.proposal_id, *ballot,
                                                       actor.person_id, meeting.title, now);
          !linked) {
        return linked.error();
      }
    }
    if (auto opened = votes_.open_in(tx, *ballot); !opened)
      return opened.error();
    repo::set_item_ballot(tx, item.id, *ballot);
    events::publish(tx, meeting_room(meeting.id), "vote.opened",
                    {{"item_id", item.id}, {"ballot_id", *ballot}});
    return *ballot;
  });
}

Result<nlohmann::json> Service::close_vote(db::Connection& db, const Actor& actor,
                                           std::int64_t item_id) {
  return db::transact(db, [&](db::Tx& tx) -> Result<nlohmann::json> {
    auto loaded = item_in(tx, actor, item_id, true);
    if (!loaded)
      return loaded.error();
    const auto& item = loaded->item;
    if (!item.ballot_id)
      return conflict("This item has not been put to the vote.", "no_vote");
    // The votes hook (ballot_changed) tells the room and approves minutes, whichever way the
    // ballot closes: here or through the ballots API.
    if (auto done = votes_.close_in(tx, *item.ballot_id); !done)
      return done.error();
    auto ballot = votes::repo::find_ballot(tx, *item.ballot_id);
    if (!ballot || !ballot->result)
      return conflict("The vote has no result.", "no_result");
    return *ballot->result;
  });
}

Status ballot_changed(db::Tx& tx, std::int64_t ballot_id, const std::string& status,
                      const std::string& outcome, const nlohmann::json& result) {
  if (status != "closed" && status != "cancelled")
    return ok();
  const auto item_id = repo::item_of_ballot(tx, ballot_id);
  if (!item_id)
    return ok();
  auto item = repo::find_item(tx, *item_id);
  if (!item)
    return ok();
  if (status == "closed" && outcome == "passed" && item->approves_minutes_of) {
    // Approving the minutes of an earlier meeting publishes them to its members, as of the
    // moment the vote closed.
    auto ballot = votes::repo::find_ballot(tx, ballot_id);
    if (ballot && ballot->closed_at) {
      repo::publish_minutes(tx, *item->approves_minutes_of, item->meeting_id, *ballot->closed_at);
      announce_meeting(tx, *item->approves_minutes_of);
    }
  }
  events::publish(tx, meeting_room(item->meeting_id), "vote.closed",
                  {{"item_id", item->id},
                   {"ballot_id", ballot_id},
                   {"status", status},
                   {"result", status == "closed" ? result : nlohmann::json(nullptr)}});
  return ok();
}

// ---- Minutes ----------------------------------------------------------------------------------

Result<Minutes> Service::minutes(db::Connection& db, const Actor* actor, std::int64_t meeting_id) {
  return db::transact(db, [&](db::Tx& tx) -> Result<Minutes> {
    auto loaded = visible_meeting(tx, actor, meeting_id);
    if (!loaded)
      return loaded.error();
    auto minutes = repo::find_minutes(tx, meeting_id);
    const bool officer = can_run_meetings(loaded->viewer, loaded->meeting.group_name).allowed;
    if (!minutes || (minutes->status == MinutesStatus::draft && !officer))
      return not_found("The minutes of this meeting have not been published yet.");
    return std::move(*minutes);
  });
}

Result<Minutes> Service::draft_minutes(db::Connection& db, const Actor& actor,
                                       std::int64_t meeting_id) {
  const auto now = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<Minutes> {
    auto loaded = managed_meeting(tx, actor, meeting_id, false);
    if (!loaded)
      return loaded.error();
    const auto& meeting = loaded->meeting;
    if (meeting.status != MeetingStatus::live && meeting.status != MeetingStatus::ended)
      return conflict("Minutes are drafted once the meeting has begun.", "meeting_not_held");
    if (auto existing = repo::find_minutes(tx, meeting_id);
        existing && existing->status != MinutesStatus::draft) {
      return conflict("These minutes have been approved and can no longer change.",
                      "minutes_approved");
    }
    MeetingRecord record;
    record.meeting = meeting;
    record.present = repo::attendance_of(tx, meeting_id);
    record.members = repo::member_count(tx, meeting.group_id);
    for (auto& item : accepted(repo::items_of(tx, meeting_id))) {
      ItemRecord entry;
      entry.speakers = repo::spoken_on(tx, item.id);
      if (item.ballot_id) {
        if (auto ballot = votes::repo::find_ballot(tx, *item.ballot_id)) {
          entry.ballot_status = std::string(votes::status_name(ballot->status));
          entry.result = ballot->result;
        }
      }
      entry.item = std::move(item);
      record.items.push_back(std::move(entry));
    }
    const auto body = meetings::draft_minutes(record);
    auto html = render(body, "body", max_minutes_bytes);
    if (!html)
      return html.error();
    repo::save_minutes(tx, meeting_id, body, *html, actor.person_id, now);
    return *repo::find_minutes(tx, meeting_id);
  });
}

Result<Minutes> Service::save_minutes(db::Connection& db, const Actor& actor,
                                      std::int64_t meeting_id, const std::string& body) {
  const auto now = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<Minutes> {
    auto loaded = managed_meeting(tx, actor, meeting_id, false);
    if (!loaded)
      return loaded.error();
    auto existing = repo::find_minutes(tx, meeting_id);
    if (!existing)
      return conflict("Draft the minutes from the record first.", "no_draft");
    if (existing->status != MinutesStatus::draft)
      return conflict("These minutes have been approved and can no longer change.",
                      "minutes_approved");
    if (body.size() > max_minutes_bytes)
      return invalid_field("body", "Minutes can be at most 200,000 bytes long.");
    auto html = render(body, "body", max_minutes_bytes);
    if (!html)
      return html.error();
    repo::save_minutes(tx, meeting_id, body, *html, actor.person_id, now);
    return *repo::find_minutes(tx, meeting_id);
  });
}

Result<TextFile> Service::minutes_file(db::Connection& db, const Actor* actor,
                                       std::int64_t meeting_id) {
  auto found = minutes(db, actor, meeting_id);
  if (!found)
    return found.error();
  return TextFile{"minutes-meeting-" + std::to_string(meeting_id) + ".md", found->body};
}

// ---- Calendars --------------------------------------------------------------------------------

Result<CalendarLinks> Service::calendar(db::Connection& db, const Actor& actor, bool reset) {
  const auto now = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<CalendarLinks> {
    auto token = repo::calendar_token(tx, actor.person_id);
    if (!token || reset) {
      token = base64url_encode(random_bytes(calendar_token_bytes));
      repo::save_calendar_token(tx, actor.person_id, *token, now);
    }
    CalendarLinks links{*token, {}};
    for (const auto& group : repo::groups_of_person(tx, actor.person_id))
      links.groups.emplace_back(group.id, group.name);
    return links;
  });
}

Result<std::string> Service::person_feed(db::Connection& db, const std::string& token,
                                         const std::string& site) {
  const auto now = clock_.now();
  return db::transact(db, [&](db::Tx& tx) -> Result<std::string> {
    auto person = repo::person_of_calendar_token(tx, token);
    if (!person)
      return not_found("There is no calendar at this address; it may have been reset.");
    std::vector<ical::Event> events;
    for (const auto& meeting : repo::meetings_of_person(tx, *person))
      events.push_back(event_of(meeting, site, now));
    return ical::write_calendar("Plenary meetings", events);
  });
}

Result<std::string> Service::group_feed(db::Connection& db, const std::string& token,
                                        std::int64_t group_id, const std::string& site) {
  const auto now = clock_.now();
  return db::transact(db, [&](db::Tx& tx) -> Result<std::string> {
    auto person = repo::person_of_calendar_token(tx, token);
    if (!person)
      return not_found("There is no calendar at this address; it may have been reset.");
    auto group = repo::find_group(tx, group_id);
    if (!group)
      return no_group(group_id);
    Actor reader;
    reader.person_id = *person;
    if (auto seen =
            groups::require(can_see_meetings(load_viewer(tx, &reader, group_id), group->name));
        !seen) {
      return seen.error();
    }
    std::vector<ical::Event> events;
    for (const auto& meeting : repo::list_meetings(tx, group_id, iso8601(now)))
      events.push_back(event_of(meeting, site, now));
    return ical::write_calendar(group->name + " meetings", events);
  });
}

Status authorize_live(db::Connection& db, const std::optional<Actor>& viewer,
                      std::int64_t meeting_id) {
  return db::transact(db, [&](db::Tx& tx) -> Status {
    auto loaded = visible_meeting(tx, viewer ? &*viewer : nullptr, meeting_id);
    if (!loaded)
      return loaded.error();
    return ok();
  });
}

}  // namespace plenary::meetings
