#include "votes/service.hpp"

#include <exception>

#include "core/log.hpp"
#include "core/time.hpp"
#include "events/outbox.hpp"
#include "groups/repo.hpp"
#include "markdown/render.hpp"
#include "votes/counting/blt.hpp"
#include "votes/json.hpp"
#include "votes/policy.hpp"
#include "votes/repo.hpp"
#include "votes/rules.hpp"
#include "votes/secrets.hpp"

namespace plenary::votes {
namespace {

// The mixer waits for this many ballots before moving a batch, so that no batch holds a single
// ballot whose position would give it away (at the close it moves whatever is left).
constexpr int mixing_batch_minimum = 5;
// The inbox is vacuumed after every mix; this also every so many ticks, for closes made inside
// other modules' transactions.
constexpr int ticks_between_vacuums = 60;

Error no_ballot(std::int64_t id) {
  return not_found("There is no ballot with the number " + std::to_string(id) + ".");
}
Error no_group(std::int64_t id) {
  return not_found("There is no group with the number " + std::to_string(id) + ".");
}
Error not_closed() {
  return conflict("Nothing of a ballot's contents is published before voting closes.",
                  "ballot_not_closed");
}
Error unknown_tracker() {
  return Error{ErrorKind::not_found,
               "No ballot in this vote has that tracker. Check that you copied it whole.",
               {},
               0,
               "unknown_tracker"};
}
Error bad_tracker() {
  return invalid_field("tracker",
                       "A tracker is 20 letters and digits, such as 7KQ2M-XC4TA-9HBRD-W3E5N.");
}

std::string ballot_room(std::int64_t id) {
  return "ballot:" + std::to_string(id);
}

groups::Viewer load_viewer(db::Tx& tx, const Actor* actor, std::int64_t group_id) {
  if (!actor)
    return groups::make_viewer({}, {});
  return groups::make_viewer({true, actor->site_admin, actor->email_verified},
                             groups::repo::chain_memberships(tx, group_id, actor->person_id));
}

MyStanding standing_of(db::Tx& tx, const Ballot& ballot, std::int64_t person_id);

Status require_visible(db::Tx& tx, const Actor* actor, const Ballot& ballot) {
  const auto viewer = load_viewer(tx, actor, ballot.group_id);
  auto seen = can_see_ballots(viewer, ballot.group_name, false);
  // Not of the group itself: perhaps of a sub-group the ballot includes.
  if (!seen && actor && standing_of(tx, ballot, actor->person_id).eligible)
    return ok();
  return groups::require(seen);
}

// A visible ballot, or the error to answer.
Result<Ballot> visible_ballot(db::Tx& tx, const Actor* actor, std::int64_t ballot_id) {
  auto ballot = repo::find_ballot(tx, ballot_id);
  if (!ballot)
    return no_ballot(ballot_id);
  if (auto visible = require_visible(tx, actor, *ballot); !visible)
    return visible.error();
  return std::move(*ballot);
}

Result<Ballot> closed_ballot(db::Tx& tx, const Actor* actor, std::int64_t ballot_id) {
  auto ballot = visible_ballot(tx, actor, ballot_id);
  if (!ballot)
    return ballot.error();
  if (ballot->status != BallotStatus::closed)
    return not_closed();
  return ballot;
}

MyStanding standing_of(db::Tx& tx, const Ballot& ballot, std::int64_t person_id) {
  const auto memberships =
      repo::scope_memberships(tx, ballot.group_id, ballot.eligibility.include_subgroups, person_id);
  std::optional<bool> on_frozen_list;
  if (ballot.eligible_count)
    on_frozen_list = repo::is_elector(tx, ballot.id, person_id);
  const auto check =
      check_elector(ballot.eligibility, ballot.group_name, memberships, on_frozen_list);
  return {check.eligible, check.reason, repo::has_voted(tx, ballot.id, person_id)};
}

CountInput count_input(const Ballot& ballot, std::vector<Marks> ballots) {
  return {
      ballot.method,     ballot.title,          ballot.seats,     ballot.options,
      ballot.threshold,  ballot.quorum_percent, ballot.tie_order, ballot.eligible_count.value_or(0),
      std::move(ballots)};
}

// Moves the waiting secret ballots into the box in a random order, in the caller's transaction:
// every box row then carries this transaction's id, not the one that recorded the voter.
std::size_t mix(db::Tx& tx, std::int64_t ballot_id) {
  auto sealed = repo::take_inbox(tx, ballot_id);
  shuffle_securely(sealed);
  repo::insert_box(tx, ballot_id, sealed);
  return sealed.size();
}

void publish_ballot(db::Tx& tx, std::string_view kind, const Ballot& ballot) {
  events::publish(tx, ballot_room(ballot.id), kind, {{"ballot", ballot_json(ballot)}});
}

// Turnout is announced by the ticker, at most once a tick per ballot, not by each cast: a count
// per cast is a scan that grows with the turnout, and an event per cast floods every watcher of
// the ballot in a storm (and would time each voter's cast for whoever watches the room).
void publish_turnout(db::Tx& tx, const repo::TurnoutChange& change) {
  events::publish(tx, ballot_room(change.ballot_id), "ballot.turnout",
                  {{"ballot_id", change.ballot_id}, {"ballots_cast", change.ballots_cast}});
}

}  // namespace

Service::Service(const Clock& clock, Hooks hooks) : clock_(clock), hooks_(std::move(hooks)) {}

std::string Service::now_text() const {
  return iso8601(clock_.now());
}

// ---- For other modules ----------------------------------------------------------------------

Result<std::int64_t> Service::create_in(db::Tx& tx, std::int64_t created_by,
                                        const NewBallot& spec) {
  auto group = repo::find_group(tx, spec.group_id);
  if (!group)
    return no_group(spec.group_id);
  const auto now = clock_.now();
  auto valid = validate_spec(spec, now);
  const std::string time_zone = spec.time_zone.value_or(group->time_zone);
  if (!repo::time_zone_known(tx, time_zone)) {
    std::vector<FieldError> fields = valid ? std::vector<FieldError>{} : valid.error().fields;
    fields.push_back({"time_zone", "Give a time zone by its IANA name, e.g. Europe/London."});
    return invalid(std::move(fields));
  }
  if (!valid)
    return valid.error();
  auto rendered = markdown::render(
      valid->description, markdown::RenderOptions{.max_source_bytes = max_description_bytes});
  if (!rendered)
    return invalid_field("description", rendered.error().detail);
  const auto id = repo::insert_ballot(tx, group->id, *valid, rendered->html, time_zone, created_by,
                                      iso8601(now));
  if (!valid->manual && valid->opens_at && *valid->opens_at <= now) {
    auto ballot = repo::find_ballot(tx, id, repo::Lock::update);
    if (!ballot)
      return no_ballot(id);
    if (auto opened = open_locked(tx, *ballot); !opened)
      return opened.error();
  }
  return id;
}

Status Service::open_in(db::Tx& tx, std::int64_t ballot_id) {
  auto ballot = repo::find_ballot(tx, ballot_id, repo::Lock::update);
  if (!ballot)
    return no_ballot(ballot_id);
  return open_locked(tx, *ballot);
}

Status Service::close_in(db::Tx& tx, std::int64_t ballot_id) {
  auto ballot = repo::find_ballot(tx, ballot_id, repo::Lock::update);
  if (!ballot)
    return no_ballot(ballot_id);
  return close_locked(tx, *ballot);
}

Status Service::cancel_in(db::Tx& tx, std::int64_t ballot_id) {
  auto ballot = repo::find_ballot(tx, ballot_id, repo::Lock::update);
  if (!ballot)
    return no_ballot(ballot_id);
  if (ballot->status != BallotStatus::scheduled && ballot->status != BallotStatus::open) {
    return conflict("Only a ballot that has not closed can be cancelled.", "ballot_closed");
  }
  // A cancelled ballot is never counted: its contents go, so nothing is left to link.
  repo::lock_mixing(tx, ballot_id);
  repo::discard_secret_contents(tx, ballot_id);
  repo::mark_cancelled(tx, ballot_id, now_text());
  auto cancelled = repo::find_ballot(tx, ballot_id);
  publish_ballot(tx, "ballot.cancelled", *cancelled);
  if (hooks_.on_change)
    return hooks_.on_change(tx, {ballot_id, "cancelled", "", nullptr});
  return ok();
}

Status Service::open_locked(db::Tx& tx, const Ballot& ballot) {
  if (ballot.status != BallotStatus::scheduled) {
    return conflict("Only a scheduled ballot can be opened; this one is " +
                        std::string(status_name(ballot.status)) + ".",
                    "ballot_not_scheduled");
  }
  const auto eligible = repo::freeze_electors(tx, ballot.id);
  const auto seed = random_seed();
  repo::mark_open(tx, ballot.id, eligible,
                  tie_order_for(static_cast<int>(ballot.options.size()), seed), seed, now_text());
  auto opened = repo::find_ballot(tx, ballot.id);
  publish_ballot(tx, "ballot.opened", *opened);
  if (hooks_.on_change)
    return hooks_.on_change(tx, {ballot.id, "open", "", nullptr});
  return ok();
}

Status Service::close_locked(db::Tx& tx, const Ballot& ballot) {
  if (ballot.status != BallotStatus::open) {
    return conflict("Only an open ballot can be closed; this one is " +
                        std::string(status_name(ballot.status)) + ".",
                    "ballot_not_open");
  }
  // Casts hold the ballot row shared: with it held exclusively, every cast has committed.
  repo::lock_mixing(tx, ballot.id);
  mix(tx, ballot.id);
  auto counted = count_ballots(count_input(ballot, repo::counted_marks(tx, ballot.id)));
  if (!counted)
    return counted.error();
  repo::mark_closed(tx, ballot.id, counted->outcome, counted->result.dump(), now_text());
  auto closed = repo::find_ballot(tx, ballot.id);
  publish_ballot(tx, "ballot.closed", *closed);
  if (hooks_.on_change)
    return hooks_.on_change(tx, {ballot.id, "closed", counted->outcome, counted->result});
  return ok();
}

void Service::vacuum_inbox(db::Connection& db) {
  // Deleted inbox rows keep the casting transaction's id until VACUUM removes them; VACUUM
  // cannot run inside a transaction block.
  try {
    pqxx::nontransaction work(db.get());
    work.exec("VACUUM ballot_inbox");
  } catch (const std::exception& e) {
    log::warn("could not vacuum the ballot inbox", {{"error", e.what()}});
  }
}

void Service::run_due(db::Connection& db) {
  const auto now = now_text();
  bool moved_contents = false;
  auto each = [&](const char* what, const std::vector<std::int64_t>& ids, auto&& work) {
    for (auto id : ids) {
      try {
        auto done = db::transact(db, [&](db::Tx& tx) -> Result<bool> { return work(tx, id); });
        if (!done) {
          log::warn("ballot ticker step failed",
                    {{"step", what}, {"ballot_id", id}, {"reason", done.error().detail}});
        } else if (*done) {
          moved_contents = true;
        }
      } catch (const std::exception& e) {
        log::warn("ballot ticker step failed",
                  {{"step", what}, {"ballot_id", id}, {"error", e.what()}});
      }
    }
  };
  std::vector<std::int64_t> to_open, to_mix, to_close;
  try {
    db::transact(db, [&](db::Tx& tx) {
      to_open = repo::due_to_open(tx, now);
      to_mix = repo::inboxes_waiting(tx, mixing_batch_minimum);
      to_close = repo::due_to_close(tx, now);
      return 0;
    });
  } catch (const std::exception& e) {
    log::warn("ballot ticker cannot read due ballots", {{"error", e.what()}});
    return;
  }

  each("open", to_open, [&](db::Tx& tx, std::int64_t id) -> Result<bool> {
    auto ballot = repo::find_ballot(tx, id, repo::Lock::update_skip_locked);
    if (!ballot || ballot->status != BallotStatus::scheduled || ballot->manual)
      return false;  // another process has it, or it changed meanwhile
    if (auto opened = open_locked(tx, *ballot); !opened)
      return opened.error();
    return false;
  });
  try {
    db::transact(db, [&](db::Tx& tx) {
      // One process announces per tick; the others find the lock taken and skip.
      if (!repo::try_lock_turnout(tx))
        return 0;
      for (const auto& change : repo::turnout_changes(tx))
        publish_turnout(tx, change);
      return 0;
    });
  } catch (const std::exception& e) {
    log::warn("ballot ticker cannot announce turnout", {{"error", e.what()}});
  }
  each("mix", to_mix, [&](db::Tx& tx, std::int64_t id) -> Result<bool> {
    if (!repo::try_lock_mixing(tx, id))
      return false;
    if (repo::inbox_count(tx, id) < mixing_batch_minimum)
      return false;
    return mix(tx, id) > 0;
  });
  each("close", to_close, [&](db::Tx& tx, std::int64_t id) -> Result<bool> {
    auto ballot = repo::find_ballot(tx, id, repo::Lock::update_skip_locked);
    if (!ballot || ballot->status != BallotStatus::open || ballot->manual)
      return false;
    if (auto closed = close_locked(tx, *ballot); !closed)
      return closed.error();
    return true;
  });
  if (moved_contents || ++ticks_since_vacuum_ >= ticks_between_vacuums) {
    ticks_since_vacuum_ = 0;
    vacuum_inbox(db);
  }
}

// ---- Use cases behind the routes -------------------------------------------------------------

Result<Ballot> Service::create(db::Connection& db, const Actor& actor, const NewBallot& spec) {
  return db::transact(db, [&](db::Tx& tx) -> Result<Ballot> {
    auto group = repo::find_group(tx, spec.group_id);
    if (!group)
      return no_group(spec.group_id);
    const auto viewer = load_viewer(tx, &actor, group->id);
    if (auto allowed = groups::require(can_run_ballots(viewer, group->name)); !allowed)
      return allowed.error();
    if (group->archived) {
      return conflict(group->name + " is archived. Restore it before running a ballot.",
                      "group_archived");
    }
    auto id = create_in(tx, actor.person_id, spec);
    if (!id)
      return id.error();
    auto ballot = repo::find_ballot(tx, *id);
    if (!ballot)
      return no_ballot(*id);
    return std::move(*ballot);
  });
}

Result<BallotList> Service::list(db::Connection& db, const Actor* actor, std::int64_t group_id) {
  return db::transact(db, [&](db::Tx& tx) -> Result<BallotList> {
    auto group = repo::find_group(tx, group_id);
    if (!group)
      return no_group(group_id);
    const auto viewer = load_viewer(tx, actor, group_id);
    if (auto visible = groups::require(can_see_ballots(viewer, group->name, false)); !visible) {
      return visible.error();
    }
    return BallotList{repo::list_ballots(tx, group_id),
                      can_run_ballots(viewer, group->name).allowed && !group->archived};
  });
}

Result<BallotView> Service::view(db::Connection& db, const Actor* actor, std::int64_t ballot_id) {
  return db::transact(db, [&](db::Tx& tx) -> Result<BallotView> {
    auto ballot = visible_ballot(tx, actor, ballot_id);
    if (!ballot)
      return ballot.error();
    std::optional<MyStanding> my;
    if (actor)
      my = standing_of(tx, *ballot, actor->person_id);
    const auto viewer = load_viewer(tx, actor, ballot->group_id);
    auto can = ballot_flags(viewer, *ballot, my, clock_.now());
    return BallotView{std::move(*ballot), std::move(my), can};
  });
}

namespace {

template <class Step>
Result<Ballot> officer_step(db::Connection& db, const Actor& actor, std::int64_t ballot_id,
                            Step&& step) {
  return db::transact(db, [&](db::Tx& tx) -> Result<Ballot> {
    auto ballot = repo::find_ballot(tx, ballot_id, repo::Lock::update);
    if (!ballot)
      return no_ballot(ballot_id);
    const auto viewer = load_viewer(tx, &actor, ballot->group_id);
    if (auto allowed = groups::require(can_run_ballots(viewer, ballot->group_name)); !allowed)
      return allowed.error();
    if (auto done = step(tx, *ballot); !done)
      return done.error();
    auto changed = repo::find_ballot(tx, ballot_id);
    if (!changed)
      return no_ballot(ballot_id);
    return std::move(*changed);
  });
}

}  // namespace

Result<Ballot> Service::open(db::Connection& db, const Actor& actor, std::int64_t ballot_id) {
  return officer_step(db, actor, ballot_id,
                      [&](db::Tx& tx, const Ballot& ballot) { return open_locked(tx, ballot); });
}

Result<Ballot> Service::close(db::Connection& db, const Actor& actor, std::int64_t ballot_id) {
  auto closed = officer_step(db, actor, ballot_id, [&](db::Tx& tx, const Ballot& ballot) {
    return close_locked(tx, ballot);
  });
  if (closed)
    vacuum_inbox(db);
  return closed;
}

Result<Ballot> Service::cancel(db::Connection& db, const Actor& actor, std::int64_t ballot_id) {
  auto cancelled = officer_step(db, actor, ballot_id, [&](db::Tx& tx, const Ballot& ballot) {
    return cancel_in(tx, ballot.id);
  });
  if (cancelled)
    vacuum_inbox(db);
  return cancelled;
}

Result<CastReceipt> Service::cast(db::Connection& db, const Actor& actor, std::int64_t ballot_id,
                                  const Marks& marks, const std::optional<std::string>& tracker) {
  std::string normalised;
  if (tracker) {
    auto parsed = normalise_tracker(*tracker);
    if (!parsed)
      return bad_tracker();
    normalised = *parsed;
  } else {
    normalised = new_tracker();
  }
  const auto hash = sha256_hex(normalised);
  const auto shown = format_tracker(normalised);

  return db::transact(db, [&](db::Tx& tx) -> Result<CastReceipt> {
    auto found = repo::find_ballot_for_cast(tx, ballot_id, actor.person_id);
    if (!found)
      return no_ballot(ballot_id);
    const Ballot* ballot = &found->ballot;
    // Someone on the list frozen at the opening is eligible, and so may see the ballot
    // (require_visible): one statement answers both, which keeps a storm of casts to few.
    const bool elector = ballot->eligible_count && found->on_frozen_list;
    if (!elector) {
      if (auto visible = require_visible(tx, &actor, *ballot); !visible)
        return visible.error();
    }
    if (auto closed = voting_window_problem(*ballot, clock_.now()))
      return conflict(*closed, "ballot_not_open");
    if (auto problem = marks_problem(ballot->method, ballot->options, marks))
      return invalid_field("marks", *problem);
    if (!elector)
      return forbidden(standing_of(tx, *ballot, actor.person_id).reason, "not_eligible");
    const Error already_voted =
        conflict("You have already voted. To change your vote, use your tracker.", "already_voted");
    const Error tracker_taken =
        conflict("That tracker is already in use. Leave it out and a new one will be drawn.",
                 "tracker_taken");

    if (!ballot->secret) {
      if (auto mine = repo::roll_call_of(tx, ballot_id, actor.person_id)) {
        if (!tracker || mine->tracker_hash != hash)
          return already_voted;
        if (mine->marks == marks)
          return CastReceipt{shown, false, false};
        repo::update_roll_call(tx, ballot_id, actor.person_id, marks);
        return CastReceipt{shown, true, false};
      }
      repo::insert_participation(tx, ballot_id, actor.person_id);
      if (!repo::insert_roll_call(tx, ballot_id, actor.person_id, hash, marks))
        return tracker_taken;
      return CastReceipt{shown, false, true};
    }

    const auto written = repo::insert_secret_cast(tx, ballot_id, actor.person_id, hash, marks);
    if (!written.participated) {
      // A retried request (same tracker, same marks) gets the answer the first one got.
      if (tracker) {
        if (auto stored = repo::secret_marks(tx, ballot_id, hash); stored && *stored == marks)
          return CastReceipt{shown, false, false};
      }
      return already_voted;
    }
    if (!written.stored)
      return tracker_taken;  // rolls the participation back
    return CastReceipt{shown, false, true};
  });
}

Result<CastReceipt> Service::replace(db::Connection& db, const Actor& actor, std::int64_t ballot_id,
                                     const std::string& tracker, const Marks& marks) {
  auto normalised = normalise_tracker(tracker);
  if (!normalised)
    return bad_tracker();
  const auto hash = sha256_hex(*normalised);
  return db::transact(db, [&](db::Tx& tx) -> Result<CastReceipt> {
    auto ballot = repo::find_ballot(tx, ballot_id, repo::Lock::share);
    if (!ballot)
      return no_ballot(ballot_id);
    if (auto visible = require_visible(tx, &actor, *ballot); !visible)
      return visible.error();
    if (auto closed = voting_window_problem(*ballot, clock_.now()))
      return conflict(*closed, "ballot_not_open");
    if (auto problem = marks_problem(ballot->method, ballot->options, marks))
      return invalid_field("marks", *problem);
    if (!repo::has_voted(tx, ballot_id, actor.person_id)) {
      return forbidden("You have not voted in this ballot, so there is nothing to replace.",
                       "not_voted");
    }
    if (ballot->secret) {
      if (!repo::replace_secret_marks(tx, ballot_id, hash, marks))
        return unknown_tracker();
    } else {
      auto mine = repo::roll_call_of(tx, ballot_id, actor.person_id);
      if (!mine || mine->tracker_hash != hash)
        return unknown_tracker();
      repo::update_roll_call(tx, ballot_id, actor.person_id, marks);
    }
    return CastReceipt{format_tracker(*normalised), true, false};
  });
}

Result<nlohmann::json> Service::results(db::Connection& db, const Actor* actor,
                                        std::int64_t ballot_id) {
  return db::transact(db, [&](db::Tx& tx) -> Result<nlohmann::json> {
    auto ballot = closed_ballot(tx, actor, ballot_id);
    if (!ballot)
      return ballot.error();
    return ballot->result.value_or(nlohmann::json(nullptr));
  });
}

Result<std::vector<std::string>> Service::trackers(db::Connection& db, const Actor* actor,
                                                   std::int64_t ballot_id) {
  return db::transact(db, [&](db::Tx& tx) -> Result<std::vector<std::string>> {
    auto ballot = closed_ballot(tx, actor, ballot_id);
    if (!ballot)
      return ballot.error();
    return repo::counted_tracker_hashes(tx, ballot_id);
  });
}

Result<bool> Service::tracker_counted(db::Connection& db, std::int64_t ballot_id,
                                      const std::string& tracker) {
  auto normalised = normalise_tracker(tracker);
  if (!normalised)
    return bad_tracker();
  const auto hash = sha256_hex(*normalised);
  return db::transact(db, [&](db::Tx& tx) -> Result<bool> {
    // Whoever holds a tracker took part, so the check asks for no session: a voter can check
    // without the server ever seeing their name beside their tracker.
    auto ballot = repo::find_ballot(tx, ballot_id);
    if (!ballot)
      return no_ballot(ballot_id);
    if (ballot->status != BallotStatus::closed)
      return not_closed();
    return repo::tracker_counted(tx, ballot_id, hash);
  });
}

Result<PublishedBallots> Service::published_ballots(db::Connection& db, const Actor* actor,
                                                    std::int64_t ballot_id) {
  return db::transact(db, [&](db::Tx& tx) -> Result<PublishedBallots> {
    auto ballot = closed_ballot(tx, actor, ballot_id);
    if (!ballot)
      return ballot.error();
    PublishedBallots published;
    published.ballots = repo::counted_marks(tx, ballot_id);
    sort_canonically(published.ballots);
    if (!ballot->secret) {
      std::vector<RollCallEntry> entries;
      for (auto& row : repo::roll_call(tx, ballot_id))
        entries.push_back({std::move(row.person), std::move(row.marks)});
      published.roll_call = std::move(entries);
    }
    return published;
  });
}

Result<BltFile> Service::blt(db::Connection& db, const Actor* actor, std::int64_t ballot_id) {
  return db::transact(db, [&](db::Tx& tx) -> Result<BltFile> {
    auto ballot = closed_ballot(tx, actor, ballot_id);
    if (!ballot)
      return ballot.error();
    if (!is_ranked(ballot->method))
      return not_found("Only ranked ballots (instant run-off and STV) have a BLT file.");
    auto text = counting::write_blt(
        election_from_marks(count_input(*ballot, repo::counted_marks(tx, ballot_id))));
    if (!text)
      return text.error();
    return BltFile{"ballot-" + std::to_string(ballot_id) + ".blt", std::move(*text)};
  });
}

Status authorize_live(db::Connection& db, const std::optional<Actor>& viewer,
                      std::int64_t ballot_id) {
  return db::transact(db, [&](db::Tx& tx) -> Status {
    auto ballot = visible_ballot(tx, viewer ? &*viewer : nullptr, ballot_id);
    if (!ballot)
      return ballot.error();
    return ok();
  });
}

}  // namespace plenary::votes
