#include "demo/meetings_demo.hpp"

#include <chrono>
#include <vector>

#include "core/actor.hpp"
#include "core/clock.hpp"
#include "core/time.hpp"
#include "meetings/module.hpp"
#include "meetings/service.hpp"
#include "proposals/module.hpp"
#include "proposals/service.hpp"
#include "votes/service.hpp"

namespace plenary::demo {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

constexpr const char* place = "Riverside Community Centre, Room 2";
constexpr const char* online_url = "https://meet.example.org/riverside-branch";

// Who came to the past meetings (the chair, Chidi, too) and how they voted: 1 for, 2 against.
struct Voter {
  const char* key;
  int mark;
};
const std::vector<Voter> september_room = {
    {"chidi", 1}, {"farah", 1}, {"omar", 1}, {"hana", 1}, {"dev", 2},
    {"ama", 1},   {"bryn", 1},  {"cleo", 2}, {"gwen", 1},
};
const std::vector<Voter> october_room = {
    {"chidi", 1}, {"farah", 1}, {"omar", 1}, {"dev", 1}, {"esme", 1}, {"hugo", 1}, {"femi", 1},
};

// Runs the demo's steps through the use cases, on a clock of its own that moves from the first
// meeting six weeks ago to today.
class Riverside {
 public:
  Riverside(const std::map<std::string, std::int64_t>& groups,
            const std::map<std::string, std::int64_t>& people, TimePoint start)
      : clock_(start),
        ballots_(clock_, votes::Hooks{.on_change = both_hooks}),
        meetings_(clock_, ballots_),
        motions_(clock_, ballots_),
        people_(people),
        branch_(groups.at("riverside")),
        chair_(actor("chidi")) {}

  Status load(db::Connection& db, TimePoint today) {
    const auto day = std::chrono::floor<days>(today);
    auto september =
        hold_meeting(db, "September branch meeting", day - days(42), september_room, std::nullopt);
    if (!september)
      return september.error();
    auto october =
        hold_meeting(db, "October branch meeting", day - days(14), october_room, *september);
    if (!october)
      return october.error();
    move_clock_to(today - days(3));
    auto proposal = proposal_for_meeting(db);
    if (!proposal)
      return proposal.error();
    move_clock_to(today - hours(1));
    return next_meeting(db, day + days(7), *october, *proposal);
  }

 private:
  // What a ballot's change moves in the demo, as in the server: the proposal it decides and the
  // meeting it was voted in.
  static Status both_hooks(db::Tx& tx, const votes::BallotChange& change) {
    if (auto moved = proposals::on_ballot_change(tx, change); !moved)
      return moved;
    return meetings::on_ballot_change(tx, change);
  }

  Actor actor(const std::string& key) const {
    Actor person;
    person.person_id = people_.at(key);
    person.email_verified = true;
    return person;
  }

  void move_clock_to(TimePoint when) {
    clock_.advance(std::chrono::duration_cast<std::chrono::seconds>(when - clock_.now()));
  }

  Result<meetings::Meeting> schedule(db::Connection& db, const std::string& title,
                                     const std::string& description, TimePoint starts_at) {
    meetings::MeetingFields fields;
    fields.title = title;
    fields.description = description;
    fields.starts_at = iso8601(starts_at);
    fields.ends_at = iso8601(starts_at + hours(2));
    fields.place = place;
    fields.online_url = online_url;
    fields.quorum_count = std::optional<int>(5);
    return meetings_.create(db, chair_, branch_, fields);
  }

  Result<meetings::AgendaItem> add(db::Connection& db, std::int64_t meeting_id,
                                   meetings::ItemFields fields) {
    return meetings_.add_item(db, chair_, meeting_id, fields);
  }

  // A meeting from its agenda to its draft minutes: everyone in `room` checked in, a short debate
  // and a vote on its decision item. Returns the meeting's id.
  Result<std::int64_t> hold_meeting(db::Connection& db, const std::string& title, TimePoint day,
                                    const std::vector<Voter>& room,
                                    std::optional<std::int64_t> minutes_to_approve) {
    move_clock_to(day + hours(12));
    const auto starts_at = day + hours(18) + minutes(30);
    auto meeting = schedule(
        db, title, "Our monthly branch meeting. Everyone in the branch is welcome.", starts_at);
    if (!meeting)
      return meeting.error();
    const auto id = meeting->id;
    auto welcome = add(db, id, {.kind = "information", .title = "Welcome and apologies"});
    if (!welcome)
      return welcome.error();
    meetings::ItemFields decision_fields;
    if (minutes_to_approve) {
      decision_fields = {.kind = "decision",
                         .title = "Approve the minutes of the last meeting",
                         .approves_minutes_of = std::optional(*minutes_to_approve)};
    } else {
      decision_fields = {.kind = "decision",
                         .title = "Adopt the rent campaign plan",
                         .minutes_allowed = std::optional(30),
                         .presenter_id = std::optional(people_.at("farah")),
                         .papers =
                             "Three steps over the autumn:\n\n"
                             "1. a leaflet through every door on the three estates;\n"
                             "2. a tenants' meeting in October;\n"
                             "3. a petition to the council in November."};
    }
    auto decision = add(db, id, decision_fields);
    if (!decision)
      return decision.error();
    if (auto published = meetings_.publish_agenda(db, chair_, id); !published)
      return published.error();

    move_clock_to(starts_at);
    if (auto started = meetings_.start(db, chair_, id); !started)
      return started.error();
    for (const auto& voter : room) {
      if (auto in = meetings_.check_in_person(db, chair_, id, people_.at(voter.key)); !in)
        return in.error();
    }
    if (auto current = meetings_.set_current_item(db, chair_, id, welcome->id); !current)
      return current.error();
    clock_.advance(minutes(5));
    if (auto current = meetings_.set_current_item(db, chair_, id, decision->id); !current)
      return current.error();
    if (!minutes_to_approve) {
      for (const char* speaker : {"farah", "dev", "omar"}) {
        if (auto asked = meetings_.request_to_speak(db, actor(speaker), decision->id,
                                                    meetings::SpeakerKind::speak);
            !asked) {
          return asked.error();
        }
      }
      for (int turn = 0; turn < 3; ++turn) {
        if (auto called = meetings_.next_speaker(db, chair_, decision->id); !called)
          return called.error();
        clock_.advance(minutes(3));
      }
      if (auto ended = meetings_.end_speaker(db, chair_, decision->id); !ended)
        return ended.error();
    }
    auto ballot = meetings_.open_vote(db, chair_, decision->id, {});
    if (!ballot)
      return ballot.error();
    for (const auto& voter : room) {
      if (auto cast = ballots_.cast(db, actor(voter.key), *ballot, {voter.mark}, std::nullopt);
          !cast) {
        return cast.error();
      }
    }
    clock_.advance(minutes(2));
    if (auto closed = meetings_.close_vote(db, chair_, decision->id); !closed)
      return closed.error();
    clock_.advance(minutes(20));
    if (auto ended = meetings_.end(db, chair_, id); !ended)
      return ended.error();
    if (auto drafted = meetings_.draft_minutes(db, chair_, id); !drafted)
      return drafted.error();
    return id;
  }

  // A proposal the branch decides at its next meeting rather than by an online ballot.
  Result<std::int64_t> proposal_for_meeting(db::Connection& db) {
    const auto author = actor("omar");
    auto made = motions_.create(
        db, author, branch_,
        {.title = "Join the Riverside Tenants' Alliance",
         .body = "The Alliance brings together the tenants' associations of the three estates. "
                 "Joining costs **£25 a year** and gives us a seat at its monthly meetings, "
                 "where the rent campaign is planned.",
         .decision = "The branch joins the Riverside Tenants' Alliance and pays its £25 annual "
                     "fee."});
    if (!made)
      return made.error();
    const auto id = made->proposal.id;
    if (auto published = motions_.publish(db, author, id); !published)
      return published.error();
    for (const char* supporter : {"omar", "farah"}) {
      if (auto supported = motions_.support(db, actor(supporter), id, true); !supported)
        return supported.error();
    }
    proposals::ScheduleRequest request;
    request.mode = proposals::ScheduleMode::meeting;
    request.note = "the November branch meeting";
    if (auto scheduled = motions_.schedule(db, chair_, id, request); !scheduled)
      return scheduled.error();
    return id;
  }

  Status next_meeting(db::Connection& db, TimePoint day, std::int64_t minutes_to_approve,
                      std::int64_t proposal_id) {
    auto meeting = schedule(db, "November branch meeting",
                            "Our monthly branch meeting. Come in person or join online; the "
                            "check-in code is shown in the room.",
                            day + hours(18) + minutes(30));
    if (!meeting)
      return meeting.error();
    const auto id = meeting->id;
    const std::vector<meetings::ItemFields> agenda = {
        {.kind = "information",
         .title = "Welcome and apologies",
         .minutes_allowed = std::optional(5),
         .presenter_id = std::optional(people_.at("chidi"))},
        {.kind = "decision",
         .title = "Approve the minutes of the October meeting",
         .minutes_allowed = std::optional(5),
         .approves_minutes_of = std::optional(minutes_to_approve)},
        {.kind = "discussion",
         .title = "Rent campaign: report back",
         .minutes_allowed = std::optional(25),
         .presenter_id = std::optional(people_.at("farah")),
         .papers = "## Where we are\n\n"
                   "- 2,400 of 3,000 leaflets delivered by eleven volunteers\n"
                   "- 60 tenants came to the October meeting; 41 signed up\n\n"
                   "## Questions for the branch\n\n"
                   "1. Do we deliver the last 600 before the petition goes in?\n"
                   "2. Who speaks for the branch at the council's housing committee?"},
        {.kind = "decision",
         .title = "Join the Riverside Tenants' Alliance",
         .minutes_allowed = std::optional(15),
         .presenter_id = std::optional(people_.at("omar")),
         .proposal_id = std::optional(proposal_id)},
    };
    for (const auto& item : agenda) {
      if (auto added = add(db, id, item); !added)
        return added.error();
    }
    if (auto published = meetings_.publish_agenda(db, chair_, id); !published)
      return published.error();
    const std::vector<std::pair<const char*, meetings::Reply>> replies = {
        {"farah", meetings::Reply::yes},
        {"omar", meetings::Reply::yes},
        {"hana", meetings::Reply::maybe},
        {"dev", meetings::Reply::no},
    };
    for (const auto& [key, reply] : replies) {
      if (auto answered = meetings_.respond(db, actor(key), id, reply); !answered)
        return answered.error();
    }
    return ok();
  }

  ManualClock clock_;
  votes::Service ballots_;
  meetings::Service meetings_;
  proposals::Service motions_;
  const std::map<std::string, std::int64_t>& people_;
  std::int64_t branch_;
  Actor chair_;
};

}  // namespace

Status load_meetings(db::Connection& db, const std::map<std::string, std::int64_t>& groups,
                     const std::map<std::string, std::int64_t>& people) {
  const auto today = std::chrono::system_clock::now();
  Riverside riverside(groups, people, today - days(60));
  return riverside.load(db, today);
}

}  // namespace plenary::demo
