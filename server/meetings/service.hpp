#pragma once
// Meeting use cases. Each runs in one transaction: load (locking the meeting when it changes),
// ask the policy and the rules, act, publish the live event in room "meeting:<id>". Votes in the
// room are ballots of the votes module, created and closed inside the same transaction. Returns
// values or an Error; never sees HTTP.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "db/database.hpp"
#include "meetings/model.hpp"
#include "meetings/policy.hpp"

namespace plenary::votes {
class Service;
}

namespace plenary::meetings {

struct Attendance {
  std::int64_t members = 0;  // the group's members: the quorum's base
  std::int64_t members_checked_in = 0;
  std::int64_t observers_checked_in = 0;
  std::int64_t quorum_required = 0;
  bool quorum_met = false;
  std::vector<Attendee> present;
};

struct SpeakersList {
  std::int64_t item_id = 0;
  std::vector<Speaker> queue;  // waiting, in the order they will be called
  std::optional<Speaker> speaking;
  std::optional<int> speaking_limit_seconds;
};

struct VoteState {
  std::int64_t ballot_id = 0;
  std::string status;  // the ballot's
};

struct CurrentItem {
  std::int64_t item_id = 0;
  std::optional<std::string> started_at;
  SpeakersList speakers;
  std::optional<VoteState> vote;
};

struct MyPart {
  std::optional<Reply> response;
  bool checked_in = false;
  std::optional<AttendanceRole> role;
  bool may_vote = false;
};

struct MeetingPage {
  Meeting meeting;
  std::string suggestion_deadline;  // ISO UTC
  std::vector<AgendaItem> agenda;
  std::vector<AgendaItem> suggestions;
  std::vector<AgendaItem> removed;  // taken off after publication
  Attendance attendance;
  std::optional<CurrentItem> current;
  std::optional<MyPart> my;
  MeetingCan can;
  bool show_check_in_code = false;
};

struct MeetingList {
  std::vector<Meeting> meetings;
  bool can_create = false;
};

// What the chair asks of a vote; checked by the votes module's rules.
struct VoteRequest {
  std::optional<std::string> method;
  std::vector<std::pair<std::string, std::string>> options;
  std::optional<std::string> threshold;
  std::optional<bool> secret;
  std::optional<int> seats;
};

struct CalendarLinks {
  std::string token;
  std::vector<std::pair<std::int64_t, std::string>> groups;  // id, name
};

struct TextFile {
  std::string filename;
  std::string text;
};

class Service {
 public:
  Service(const Clock& clock, votes::Service& votes) : clock_(clock), votes_(votes) {}

  Result<Meeting> create(db::Connection& db, const Actor& actor, std::int64_t group_id,
                         const MeetingFields& fields);
  Result<MeetingList> list(db::Connection& db, const Actor* actor, std::int64_t group_id);
  Result<MeetingPage> view(db::Connection& db, const Actor* actor, std::int64_t meeting_id);
  Result<Meeting> edit(db::Connection& db, const Actor& actor, std::int64_t meeting_id,
                       const MeetingFields& fields);
  Result<Meeting> cancel(db::Connection& db, const Actor& actor, std::int64_t meeting_id,
                         const std::string& reason);
  Result<Reply> respond(db::Connection& db, const Actor& actor, std::int64_t meeting_id,
                        Reply reply);

  Result<AgendaItem> add_item(db::Connection& db, const Actor& actor, std::int64_t meeting_id,
                              const ItemFields& fields);
  Result<AgendaItem> edit_item(db::Connection& db, const Actor& actor, std::int64_t item_id,
                               const ItemFields& fields);
  Result<std::vector<AgendaItem>> move_item(db::Connection& db, const Actor& actor,
                                            std::int64_t item_id, int position);
  Status remove_item(db::Connection& db, const Actor& actor, std::int64_t item_id);
  Result<AgendaItem> suggest(db::Connection& db, const Actor& actor, std::int64_t meeting_id,
                             const ItemFields& fields);
  Result<AgendaItem> accept(db::Connection& db, const Actor& actor, std::int64_t item_id);
  Result<AgendaItem> decline(db::Connection& db, const Actor& actor, std::int64_t item_id,
                             const std::string& reason);
  Result<Meeting> publish_agenda(db::Connection& db, const Actor& actor, std::int64_t meeting_id);

  Result<Meeting> start(db::Connection& db, const Actor& actor, std::int64_t meeting_id);
  Result<Meeting> end(db::Connection& db, const Actor& actor, std::int64_t meeting_id);
  // Without a code: online (the meeting must have an online link); with one: in the room.
  Result<Attendance> check_in(db::Connection& db, const Actor& actor, std::int64_t meeting_id,
                              const std::optional<std::string>& code);
  Result<Attendance> check_in_person(db::Connection& db, const Actor& actor,
                                     std::int64_t meeting_id, std::int64_t person_id);
  Result<CurrentItem> set_current_item(db::Connection& db, const Actor& actor,
                                       std::int64_t meeting_id, std::int64_t item_id);

  Result<SpeakersList> request_to_speak(db::Connection& db, const Actor& actor,
                                        std::int64_t item_id, SpeakerKind kind);
  Result<SpeakersList> withdraw(db::Connection& db, const Actor& actor, std::int64_t item_id);
  Result<SpeakersList> next_speaker(db::Connection& db, const Actor& actor, std::int64_t item_id);
  Result<SpeakersList> end_speaker(db::Connection& db, const Actor& actor, std::int64_t item_id);

  Result<std::int64_t> open_vote(db::Connection& db, const Actor& actor, std::int64_t item_id,
                                 const VoteRequest& request);
  Result<nlohmann::json> close_vote(db::Connection& db, const Actor& actor, std::int64_t item_id);

  Result<Minutes> minutes(db::Connection& db, const Actor* actor, std::int64_t meeting_id);
  Result<Minutes> draft_minutes(db::Connection& db, const Actor& actor, std::int64_t meeting_id);
  Result<Minutes> save_minutes(db::Connection& db, const Actor& actor, std::int64_t meeting_id,
                               const std::string& body);
  Result<TextFile> minutes_file(db::Connection& db, const Actor* actor, std::int64_t meeting_id);

  Result<CalendarLinks> calendar(db::Connection& db, const Actor& actor, bool reset);
  // `site`: scheme and host for the events' URLs and UIDs, e.g. https://plenary.example.org.
  Result<std::string> person_feed(db::Connection& db, const std::string& token,
                                  const std::string& site);
  Result<std::string> group_feed(db::Connection& db, const std::string& token,
                                 std::int64_t group_id, const std::string& site);

  // The ticker: publishes the agendas that are due.
  void run_due(db::Connection& db);

 private:
  std::string now_text() const;

  const Clock& clock_;
  votes::Service& votes_;
};

// The ticker's work: publishes the agendas that are due, in one transaction; safe to run in
// several processes at once (each meeting row is taken once).
void publish_due_agendas(db::Connection& db, const Clock& clock);

// A ballot of the votes module closed or was cancelled (the votes hook, inside the ballot's
// transaction): when it is a meeting's vote, tells the meeting's room (vote.closed) and, when it
// approved the minutes of an earlier meeting, publishes them. Other ballots are left alone.
Status ballot_changed(db::Tx& tx, std::int64_t ballot_id, const std::string& status,
                      const std::string& outcome, const nlohmann::json& result);

// May this viewer follow room "meeting:<id>"? Whoever may see the meeting.
Status authorize_live(db::Connection& db, const std::optional<Actor>& viewer,
                      std::int64_t meeting_id);

}  // namespace plenary::meetings
