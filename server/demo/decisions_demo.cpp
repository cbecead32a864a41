#include "demo/decisions_demo.hpp"

#include <chrono>
#include <vector>

#include "core/actor.hpp"
#include "core/clock.hpp"
#include "proposals/module.hpp"
#include "proposals/service.hpp"
#include "votes/service.hpp"

namespace plenary::demo {
namespace {

using std::chrono::hours;

struct DemoVote {
  const char* voter;
  votes::Marks marks;
};

// Riverside Branch's members; the officer votes too.
const std::vector<DemoVote> leaflet_votes = {
    {"chidi", {1}}, {"farah", {1}}, {"hana", {1}},   {"omar", {2}}, {"dev", {1}},  {"ama", {1}},
    {"bryn", {1}},  {"cleo", {3}},  {"dmitri", {1}}, {"esme", {2}}, {"femi", {1}}, {"gwen", {1}},
};

// Candidates: 1 Amara Nwosu, 2 Ben Hargreaves, 3 Clara Jensen, 4 Diego Alvarez.
const std::vector<DemoVote> selection_votes = {
    {"chidi", {1, 3, 2}}, {"farah", {1, 3}},   {"hana", {1, 3, 2}}, {"omar", {1, 2}},
    {"dev", {1, 3, 4}},   {"ama", {2, 4}},     {"bryn", {2, 4, 3}}, {"cleo", {2}},
    {"dmitri", {3, 1}},   {"esme", {3, 1, 2}}, {"femi", {4, 2, 3}}, {"gwen", {4, 2}},
    {"hugo", {3, 2}},
};

const std::vector<DemoVote> social_votes = {
    {"farah", {1, 3}},
    {"omar", {2}},
    {"hana", {1, 2, 3}},
};

Actor actor_of(const std::map<std::string, std::int64_t>& people, const std::string& key) {
  Actor actor;
  actor.person_id = people.at(key);
  actor.email_verified = true;
  return actor;
}

Status cast_all(db::Connection& db, votes::Service& ballots,
                const std::map<std::string, std::int64_t>& people, std::int64_t ballot_id,
                const std::vector<DemoVote>& votes_to_cast) {
  for (const auto& vote : votes_to_cast) {
    auto cast = ballots.cast(db, actor_of(people, vote.voter), ballot_id, vote.marks, std::nullopt);
    if (!cast)
      return cast.error();
  }
  return ok();
}

}  // namespace

Status load_decisions(db::Connection& db, const std::map<std::string, std::int64_t>& groups,
                      const std::map<std::string, std::int64_t>& people) {
  // The demo's own clock: ballots are cast "now", then the clock moves past their close and the
  // ticker's work closes and counts them, as it would an hour later on a real server.
  ManualClock clock(std::chrono::system_clock::now());
  votes::Service ballots(clock, votes::Hooks{.on_change = proposals::on_ballot_change});
  proposals::Service motions(clock, ballots);
  const auto riverside = groups.at("riverside");
  const Actor officer = actor_of(people, "chidi");

  if (auto saved = motions.save_settings(db, officer, riverside, {.support_count = 4}); !saved)
    return saved.error();

  // A proposal taken from draft to a decision by secret ballot, with what was done about it.
  auto leaflets = motions.create(
      db, actor_of(people, "farah"), riverside,
      {.title = "Fund 3,000 leaflets for the rent campaign",
       .body = "Rents in Riverside rose by a fifth this year. We should put a leaflet through "
               "every door on the three estates, inviting tenants to the October meeting.\n\n"
               "- 3,000 leaflets, printed locally: **£150**\n"
               "- delivered by volunteers over two weekends",
       .decision = "The branch spends up to £150 from its funds on 3,000 leaflets."});
  if (!leaflets)
    return leaflets.error();
  const auto leaflets_id = leaflets->proposal.id;
  if (auto published = motions.publish(db, actor_of(people, "farah"), leaflets_id); !published)
    return published.error();
  for (const char* supporter : {"omar", "hana", "dev", "farah"}) {
    if (auto supported = motions.support(db, actor_of(people, supporter), leaflets_id, true);
        !supported) {
      return supported.error();
    }
  }
  proposals::ScheduleRequest request;
  request.terms.closes_at = clock.now() + hours(1);
  request.terms.quorum_percent = 25;
  auto scheduled = motions.schedule(db, officer, leaflets_id, request);
  if (!scheduled)
    return scheduled.error();
  if (!scheduled->page.proposal.ballot_id)
    return Error{ErrorKind::conflict, "The demo proposal's ballot was not made."};
  if (auto cast = cast_all(db, ballots, people, *scheduled->page.proposal.ballot_id, leaflet_votes);
      !cast) {
    return cast;
  }

  // A proposal still gathering support.
  auto saturdays = motions.create(
      db, actor_of(people, "hana"), riverside,
      {.title = "Hold every other branch meeting on a Saturday morning",
       .body = "Members who work evening shifts can never come on a Tuesday night. Alternating "
               "would let everyone come to at least half of the meetings.",
       .decision = "From January, every second branch meeting is on a Saturday at 10:00."});
  if (!saturdays)
    return saturdays.error();
  if (auto published = motions.publish(db, actor_of(people, "hana"), saturdays->proposal.id);
      !published) {
    return published.error();
  }
  for (const char* supporter : {"hana", "dev"}) {
    if (auto supported =
            motions.support(db, actor_of(people, supporter), saturdays->proposal.id, true);
        !supported) {
      return supported.error();
    }
  }

  // A candidate selection by the Scottish STV rules.
  votes::NewBallot selection;
  selection.group_id = riverside;
  selection.title = "Select our two candidates for the Riverside ward";
  selection.description =
      "Rank as many candidates as you like, your favourite first. Two are selected by the "
      "single transferable vote.";
  selection.method = "scottish_stv";
  selection.seats = 2;
  selection.options = {{"Amara Nwosu", "Tenants' union organiser"},
                       {"Ben Hargreaves", "Branch treasurer"},
                       {"Clara Jensen", "Nurse, Health Workers group"},
                       {"Diego Alvarez", "Youth officer"}};
  selection.quorum_percent = 30;
  selection.closes_at = clock.now() + hours(1);
  auto selection_ballot = ballots.create(db, officer, selection);
  if (!selection_ballot)
    return selection_ballot.error();
  if (auto cast = cast_all(db, ballots, people, selection_ballot->id, selection_votes); !cast)
    return cast;

  // An approval ballot open for a week.
  votes::NewBallot social;
  social.group_id = riverside;
  social.title = "When should we hold the summer social?";
  social.description = "Tick every date you could come to. The date most people can make wins.";
  social.method = "approval";
  social.options = {{"Saturday 4 July", ""}, {"Sunday 12 July", ""}, {"Saturday 18 July", ""}};
  social.closes_at = clock.now() + hours(24 * 7);
  auto social_ballot = ballots.create(db, officer, social);
  if (!social_ballot)
    return social_ballot.error();
  if (auto cast = cast_all(db, ballots, people, social_ballot->id, social_votes); !cast)
    return cast;

  // An hour later: the ticker closes and counts the two ballots that are due.
  clock.advance(hours(2));
  ballots.run_due(db);
  auto decided = motions.record_outcome(
      db, officer, leaflets_id,
      "Ordered from Riverside Print on the 3rd; 2,400 delivered so far by eleven volunteers.");
  if (!decided)
    return decided.error();
  return ok();
}

}  // namespace plenary::demo
