#include "proposals/service.hpp"

#include "core/time.hpp"
#include "discussions/module.hpp"
#include "events/outbox.hpp"
#include "groups/repo.hpp"
#include "markdown/render.hpp"
#include "proposals/json.hpp"
#include "proposals/module.hpp"
#include "proposals/repo.hpp"
#include "votes/service.hpp"

namespace plenary::proposals {
namespace {

// The category every group's proposal debates are opened in (VOTES.md).
constexpr const char* debate_category = "Proposals";
// A merged amended text may be a little longer than either text alone.
constexpr std::size_t max_merged_body_bytes = 4 * max_body_bytes;

Viewer load_viewer(db::Tx& tx, const Actor* actor, std::int64_t group_id) {
  if (!actor)
    return groups::make_viewer({}, {});
  return groups::make_viewer({true, actor->site_admin, actor->email_verified},
                             groups::repo::chain_memberships(tx, group_id, actor->person_id));
}

GroupContext context_of(const GroupRef& group) {
  return {group.name, group.archived};
}

Error no_group(std::int64_t id) {
  return not_found("There is no group with the number " + std::to_string(id) + ".");
}
Error no_proposal(std::int64_t id) {
  return not_found("There is no proposal with the number " + std::to_string(id) + ".");
}
Error no_amendment(std::int64_t id) {
  return not_found("There is no amendment with the number " + std::to_string(id) + ".");
}

// Not the group's own room: the public may follow that one, and proposals are members' business.
std::string proposals_room(std::int64_t group_id) {
  return "proposals:" + std::to_string(group_id);
}

std::string proposal_path(std::int64_t id) {
  return "/proposals/" + std::to_string(id);
}

std::string supporters_words(std::int64_t count) {
  return std::to_string(count) + (count == 1 ? " supporter" : " supporters");
}

Result<std::string> render(const std::string& source, std::size_t limit = max_body_bytes) {
  auto rendered = markdown::render(source, markdown::RenderOptions{.max_source_bytes = limit});
  if (!rendered)
    return rendered.error();
  return std::move(rendered->html);
}

SupportThreshold threshold_of(db::Tx& tx, std::int64_t group_id) {
  return support_threshold(repo::load_settings(tx, group_id), repo::member_count(tx, group_id));
}

bool own(const Actor* actor, const Proposal& proposal) {
  return actor && actor->person_id == proposal.author.id;
}

// Drafts are their author's alone: to anyone else they do not exist.
bool visible(const Actor* actor, const Proposal& proposal) {
  return proposal.state != State::draft || own(actor, proposal);
}

ProposalPage page_of(db::Tx& tx, const Actor* actor, Proposal proposal, const Viewer& viewer) {
  ProposalPage page;
  page.threshold = threshold_of(tx, proposal.group.id);
  page.amendments = repo::amendments(tx, proposal.id);
  page.history = repo::history(tx, proposal.id);
  if (actor)
    page.supported = repo::has_supported(tx, proposal.id, actor->person_id);
  page.can =
      proposal_flags(viewer, context_of(proposal.group), proposal.state, own(actor, proposal));
  page.proposal = std::move(proposal);
  return page;
}

// Reloads the proposal after a change and shapes it for the person who made it.
Result<ProposalPage> fresh_page(db::Tx& tx, const Actor* actor, std::int64_t id) {
  auto proposal = repo::find_proposal(tx, id);
  if (!proposal)
    return no_proposal(id);
  const auto viewer = load_viewer(tx, actor, proposal->group.id);
  return page_of(tx, actor, std::move(*proposal), viewer);
}

// Everyone following the group hears of a change; a draft is nobody's business but its author's.
void announce(db::Tx& tx, std::int64_t id) {
  auto proposal = repo::find_proposal(tx, id);
  if (!proposal || proposal->state == State::draft)
    return;
  auto summary = ProposalSummary{*proposal, threshold_of(tx, proposal->group.id)};
  events::publish(tx, proposals_room(proposal->group.id), "proposal.updated",
                  {{"proposal", proposal_summary_json(summary)}});
}

// Moves the proposal along the state machine and writes the history line in one step, so no
// change of state ever goes unrecorded.
Status move(db::Tx& tx, const Proposal& proposal, Event event, const Standing& who,
            std::optional<std::int64_t> by, const std::string& at, const std::string& note) {
  auto next = next_state(proposal.state, event, who);
  if (!next)
    return next.error();
  repo::set_state(tx, proposal.id, *next, at);
  repo::insert_history(tx, proposal.id, proposal.state, *next, by, at, note);
  return ok();
}

// A proposal the viewer may see, locked for change when `lock`.
struct Loaded {
  Proposal proposal;
  Viewer viewer;
};
Result<Loaded> load(db::Tx& tx, const Actor* actor, std::int64_t id, bool lock) {
  auto proposal = repo::find_proposal(tx, id, lock);
  if (!proposal || !visible(actor, *proposal))
    return no_proposal(id);
  auto viewer = load_viewer(tx, actor, proposal->group.id);
  return Loaded{std::move(*proposal), std::move(viewer)};
}

Error wrong_state(const Proposal& proposal, const std::string& what) {
  return conflict("This proposal is " + std::string(state_label(proposal.state)) +
                      " and can no longer " + what + ".",
                  "wrong_state");
}

votes::NewBallot ballot_spec(std::int64_t group_id, std::string title, std::string description,
                             const BallotTerms& terms) {
  votes::NewBallot spec;
  spec.group_id = group_id;
  spec.title = std::move(title);
  spec.description = std::move(description);
  spec.method = "yes_no";
  spec.threshold = terms.threshold;
  spec.quorum_percent = terms.quorum_percent;
  spec.secret = terms.secret;
  spec.include_subgroups = terms.include_subgroups;
  spec.include_supporters = terms.include_supporters;
  spec.joined_on_or_before = terms.joined_on_or_before;
  spec.opens_at = terms.opens_at;
  spec.closes_at = terms.closes_at;
  return spec;
}

std::string main_question_description(const Proposal& proposal) {
  return "**The decision asked for:** " + proposal.decision + "\n\n---\n\n" + proposal.body +
         "\n\n---\n\n[The proposal, its amendments and its history](" + proposal_path(proposal.id) +
         ")";
}

std::string amendment_description(const Proposal& proposal, const Amendment& amendment) {
  std::string description = "Amendment " + std::to_string(amendment.number) + " to the proposal [" +
                            proposal.title + "](" + proposal_path(proposal.id) + "), by " +
                            amendment.author.display_name +
                            ". The proposal's page shows the change word by word.";
  if (!amendment.rationale.empty())
    description += "\n\n**Why:** " + amendment.rationale;
  return description;
}

std::string debate_opening(const Proposal& proposal) {
  return "This thread is the debate on the proposal [" + proposal.title + "](" +
         proposal_path(proposal.id) + ").\n\n**The decision asked for:** " + proposal.decision +
         "\n\n---\n\n" + proposal.body;
}

}  // namespace

std::string Service::now_text() const {
  return iso8601(clock_.now());
}

// ---- Settings ---------------------------------------------------------------------------------

Result<SettingsView> Service::settings(db::Connection& db, const Actor* actor,
                                       std::int64_t group_id) {
  return db::transact(db, [&](db::Tx& tx) -> Result<SettingsView> {
    auto group = repo::find_group(tx, group_id);
    if (!group)
      return no_group(group_id);
    const auto viewer = load_viewer(tx, actor, group_id);
    return SettingsView{
        repo::load_settings(tx, group_id), threshold_of(tx, group_id),
        can_manage(viewer, context_of(*group), "set the support threshold").allowed};
  });
}

Result<SettingsView> Service::save_settings(db::Connection& db, const Actor& actor,
                                            std::int64_t group_id,
                                            const SupportSettings& settings) {
  const auto at = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<SettingsView> {
    auto group = repo::find_group(tx, group_id);
    if (!group)
      return no_group(group_id);
    const auto viewer = load_viewer(tx, &actor, group_id);
    if (auto allowed =
            groups::require(can_manage(viewer, context_of(*group), "set the support threshold"));
        !allowed) {
      return allowed.error();
    }
    repo::save_settings(tx, group_id, settings, actor.person_id, at);
    return SettingsView{settings, threshold_of(tx, group_id), true};
  });
}

// ---- Drafting ---------------------------------------------------------------------------------

Result<ProposalPage> Service::create(db::Connection& db, const Actor& actor, std::int64_t group_id,
                                     const ProposalText& text) {
  auto html = render(text.body);
  if (!html)
    return html.error();
  const auto at = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<ProposalPage> {
    auto group = repo::find_group(tx, group_id);
    if (!group)
      return no_group(group_id);
    const auto viewer = load_viewer(tx, &actor, group_id);
    if (auto allowed = groups::require(can_take_part(viewer, context_of(*group), "make proposals"));
        !allowed) {
      return allowed.error();
    }
    const auto id = repo::insert_proposal(
        tx, {group_id, actor.person_id, text.title, text.body, *html, text.decision}, at);
    repo::insert_history(tx, id, std::nullopt, State::draft, actor.person_id, at, "Drafted");
    return fresh_page(tx, &actor, id);
  });
}

Result<ProposalList> Service::list(db::Connection& db, const Actor* actor, std::int64_t group_id,
                                   const std::optional<State>& state,
                                   const std::optional<std::int64_t>& before_id) {
  return db::transact(db, [&](db::Tx& tx) -> Result<ProposalList> {
    auto group = repo::find_group(tx, group_id);
    if (!group)
      return no_group(group_id);
    const auto viewer = load_viewer(tx, actor, group_id);
    if (auto allowed = groups::require(can_see(viewer, context_of(*group))); !allowed) {
      return allowed.error();
    }
    ProposalList list;
    const auto threshold = threshold_of(tx, group_id);
    auto found = repo::list_proposals(tx, group_id, state, actor ? actor->person_id : 0, before_id,
                                      proposals_per_page + 1);
    if (found.size() > static_cast<std::size_t>(proposals_per_page)) {
      found.resize(proposals_per_page);
      list.next_before = found.back().id;
    }
    for (auto& proposal : found)
      list.proposals.push_back({std::move(proposal), threshold});
    list.can_create = can_take_part(viewer, context_of(*group), "make proposals").allowed;
    return list;
  });
}

Result<ProposalPage> Service::view(db::Connection& db, const Actor* actor, std::int64_t id) {
  return db::transact(db, [&](db::Tx& tx) -> Result<ProposalPage> {
    auto loaded = load(tx, actor, id, false);
    if (!loaded)
      return loaded.error();
    if (auto allowed = groups::require(can_see(loaded->viewer, context_of(loaded->proposal.group)));
        !allowed) {
      return allowed.error();
    }
    return page_of(tx, actor, std::move(loaded->proposal), loaded->viewer);
  });
}

Result<ProposalPage> Service::edit(db::Connection& db, const Actor& actor, std::int64_t id,
                                   const ProposalChanges& changes) {
  std::optional<std::string> html;
  if (changes.body) {
    auto rendered = render(*changes.body);
    if (!rendered)
      return rendered.error();
    html = std::move(*rendered);
  }
  const auto at = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<ProposalPage> {
    auto loaded = load(tx, &actor, id, true);
    if (!loaded)
      return loaded.error();
    auto& proposal = loaded->proposal;
    if (!own(&actor, proposal))
      return forbidden("Only the proposal's author can change its text.", "not_the_author");
    if (proposal.state != State::draft) {
      return conflict(
          "A published proposal's text changes only through amendments, so that everyone who "
          "supported it knows what they supported.",
          "wrong_state");
    }
    repo::update_text(tx, id, changes.title.value_or(proposal.title),
                      changes.body.value_or(proposal.body), html.value_or(proposal.body_html),
                      changes.decision.value_or(proposal.decision), at);
    return fresh_page(tx, &actor, id);
  });
}

Result<ProposalPage> Service::publish(db::Connection& db, const Actor& actor, std::int64_t id) {
  const auto at = now_text();
  const auto now = clock_.now();
  return db::transact(db, [&](db::Tx& tx) -> Result<ProposalPage> {
    auto loaded = load(tx, &actor, id, true);
    if (!loaded)
      return loaded.error();
    auto& [proposal, viewer] = *loaded;
    if (auto allowed =
            groups::require(can_take_part(viewer, context_of(proposal.group), "publish proposals"));
        !allowed) {
      return allowed.error();
    }
    if (auto moved = move(tx, proposal, Event::publish, standing_of(viewer, true), actor.person_id,
                          at, "Published; its debate thread is open");
        !moved) {
      return moved.error();
    }
    auto category = discussions::find_or_create_category_in(tx, proposal.group.id, debate_category,
                                                            discussions::Visibility::members);
    if (!category)
      return category.error();
    auto thread = discussions::open_thread_in(tx, actor.person_id, *category, proposal.title,
                                              debate_opening(proposal), now);
    if (!thread)
      return thread.error();
    repo::mark_published(tx, id, *thread, at);
    announce(tx, id);
    return fresh_page(tx, &actor, id);
  });
}

// ---- Support ----------------------------------------------------------------------------------

Result<ProposalPage> Service::support(db::Connection& db, const Actor& actor, std::int64_t id,
                                      bool supporting) {
  const auto at = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<ProposalPage> {
    // Locked: two supports that both reach the threshold must not both qualify it.
    auto loaded = load(tx, &actor, id, true);
    if (!loaded)
      return loaded.error();
    auto& [proposal, viewer] = *loaded;
    if (auto allowed =
            groups::require(can_take_part(viewer, context_of(proposal.group), "support proposals"));
        !allowed) {
      return allowed.error();
    }
    if (!open_for_support(proposal.state))
      return wrong_state(proposal, "gather support");
    if (!supporting) {
      // A proposal that has qualified stays qualified: officers owe it a decision.
      if (repo::delete_support(tx, id, actor.person_id))
        announce(tx, id);
      return fresh_page(tx, &actor, id);
    }
    if (!repo::insert_support(tx, id, actor.person_id, at))
      return fresh_page(tx, &actor, id);  // supporting twice is supporting once
    const auto count = repo::support_count(tx, id);
    const auto threshold = threshold_of(tx, proposal.group.id);
    if (proposal.state == State::gathering_support && count >= threshold.needed) {
      if (auto moved = move(tx, proposal, Event::reach_support, standing_of(viewer, false),
                            actor.person_id, at, "Reached " + supporters_words(count));
          !moved) {
        return moved.error();
      }
    }
    announce(tx, id);
    return fresh_page(tx, &actor, id);
  });
}

// ---- Amendments -------------------------------------------------------------------------------

Result<Amendment> Service::amend(db::Connection& db, const Actor& actor, std::int64_t id,
                                 const std::string& body, const std::string& rationale) {
  if (auto html = render(body); !html)
    return html.error();
  const auto at = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<Amendment> {
    auto loaded = load(tx, &actor, id, true);
    if (!loaded)
      return loaded.error();
    auto& [proposal, viewer] = *loaded;
    if (auto allowed = groups::require(
            can_take_part(viewer, context_of(proposal.group), "propose amendments"));
        !allowed) {
      return allowed.error();
    }
    if (!open_for_amendments(proposal.state))
      return wrong_state(proposal, "be amended");
    if (body == proposal.body) {
      return invalid_field("body",
                           "The amended text is the same as the proposal's: change something.");
    }
    const auto amendment_id =
        repo::insert_amendment(tx, {id, actor.person_id, proposal.body, body, rationale}, at);
    announce(tx, id);
    auto amendment = repo::find_amendment(tx, amendment_id);
    if (!amendment)
      return no_amendment(amendment_id);
    return std::move(*amendment);
  });
}

Result<Amendment> Service::withdraw_amendment(db::Connection& db, const Actor& actor,
                                              std::int64_t id, std::int64_t amendment_id) {
  return db::transact(db, [&](db::Tx& tx) -> Result<Amendment> {
    auto loaded = load(tx, &actor, id, true);
    if (!loaded)
      return loaded.error();
    auto amendment = repo::find_amendment(tx, amendment_id, true);
    if (!amendment || amendment->proposal_id != id)
      return no_amendment(amendment_id);
    if (amendment->author.id != actor.person_id) {
      return forbidden("Only the amendment's author can withdraw it.", "not_the_author");
    }
    if (amendment->state != AmendmentState::proposed) {
      return conflict("Amendment " + std::to_string(amendment->number) + " is " +
                          std::string(amendment_state_name(amendment->state)) +
                          ": only a proposed amendment can be withdrawn.",
                      "wrong_state");
    }
    repo::set_amendment_state(tx, amendment_id, AmendmentState::withdrawn, std::nullopt,
                              std::nullopt);
    announce(tx, id);
    amendment->state = AmendmentState::withdrawn;
    return std::move(*amendment);
  });
}

// ---- Scheduling and deciding ------------------------------------------------------------------

Result<Scheduled> Service::schedule(db::Connection& db, const Actor& actor, std::int64_t id,
                                    const ScheduleRequest& request) {
  const auto at = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<Scheduled> {
    auto loaded = load(tx, &actor, id, true);
    if (!loaded)
      return loaded.error();
    auto& [proposal, viewer] = *loaded;
    if (auto allowed =
            groups::require(can_manage(viewer, context_of(proposal.group), "schedule proposals"));
        !allowed) {
      return allowed.error();
    }
    const auto who = standing_of(viewer, own(&actor, proposal));
    if (auto can_schedule = next_state(proposal.state, Event::schedule, who); !can_schedule)
      return can_schedule.error();

    if (request.mode == ScheduleMode::meeting) {
      if (auto moved = move(
              tx, proposal, Event::schedule, who, actor.person_id, at,
              "To be decided at a meeting" + (request.note.empty() ? "" : ": " + request.note));
          !moved) {
        return moved.error();
      }
      repo::set_schedule(tx, id, Schedule{ScheduleMode::meeting, request.note}, std::nullopt, at);
      announce(tx, id);
      auto page = fresh_page(tx, &actor, id);
      if (!page)
        return page.error();
      return Scheduled{std::move(*page), ScheduleStage::main};
    }

    // Amendments are decided before the main question: while any is undecided, scheduling puts
    // the proposed ones to the vote and the proposal waits.
    const auto amendments = repo::amendments(tx, id);
    std::vector<const Amendment*> proposed;
    for (const auto& amendment : amendments) {
      if (amendment.state == AmendmentState::voting) {
        return conflict("Amendment " + std::to_string(amendment.number) +
                            " is still being voted on. The main question is put once every "
                            "amendment is decided.",
                        "amendments_pending");
      }
      if (amendment.state == AmendmentState::proposed)
        proposed.push_back(&amendment);
    }
    if (!proposed.empty()) {
      for (const auto* amendment : proposed) {
        auto ballot = votes_.create_in(
            tx, actor.person_id,
            ballot_spec(proposal.group.id,
                        "Amendment " + std::to_string(amendment->number) + " to: " + proposal.title,
                        amendment_description(proposal, *amendment), request.terms));
        if (!ballot)
          return ballot.error();
        repo::set_amendment_state(tx, amendment->id, AmendmentState::voting, *ballot, std::nullopt);
      }
      repo::insert_history(tx, id, proposal.state, proposal.state, actor.person_id, at,
                           std::to_string(proposed.size()) +
                               (proposed.size() == 1 ? " amendment" : " amendments") +
                               " put to the vote before the main question");
      announce(tx, id);
      auto page = fresh_page(tx, &actor, id);
      if (!page)
        return page.error();
      return Scheduled{std::move(*page), ScheduleStage::amendments};
    }

    // The current text already carries every accepted amendment: they are applied as they pass.
    auto ballot = votes_.create_in(tx, actor.person_id,
                                   ballot_spec(proposal.group.id, proposal.title,
                                               main_question_description(proposal), request.terms));
    if (!ballot)
      return ballot.error();
    if (auto moved = move(tx, proposal, Event::schedule, who, actor.person_id, at,
                          "Put to a ballot (number " + std::to_string(*ballot) + ")");
        !moved) {
      return moved.error();
    }
    repo::set_schedule(tx, id, Schedule{ScheduleMode::ballot, ""}, *ballot, at);
    // A ballot whose window has already begun opens as it is made, before this proposal was
    // linked to it, so its hook could not move the proposal: do it here.
    if (repo::ballot_status(tx, *ballot) == "open") {
      auto scheduled = proposal;
      scheduled.state = State::scheduled;
      if (auto moved = move(tx, scheduled, Event::ballot_opened, {.system = true}, std::nullopt, at,
                            "Voting opened");
          !moved) {
        return moved.error();
      }
    }
    announce(tx, id);
    auto page = fresh_page(tx, &actor, id);
    if (!page)
      return page.error();
    return Scheduled{std::move(*page), ScheduleStage::main};
  });
}

Result<ProposalPage> Service::withdraw(db::Connection& db, const Actor& actor, std::int64_t id,
                                       const std::string& reason) {
  const auto at = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<ProposalPage> {
    auto loaded = load(tx, &actor, id, true);
    if (!loaded)
      return loaded.error();
    auto& [proposal, viewer] = *loaded;
    const auto who = standing_of(viewer, own(&actor, proposal));
    if (auto moved = move(tx, proposal, Event::withdraw, who, actor.person_id, at,
                          reason.empty() ? "Withdrawn" : "Withdrawn: " + reason);
        !moved) {
      return moved.error();
    }
    // Its ballots decide nothing now. The proposal is withdrawn first, so the votes module's
    // hook, told of the cancellations, finds nothing left to move.
    for (const auto& amendment : repo::amendments(tx, id)) {
      if (amendment.state != AmendmentState::voting && amendment.state != AmendmentState::proposed)
        continue;
      repo::set_amendment_state(tx, amendment.id, AmendmentState::withdrawn, amendment.ballot_id,
                                std::nullopt);
      if (amendment.ballot_id) {
        if (auto cancelled = votes_.cancel_in(tx, *amendment.ballot_id); !cancelled)
          return cancelled.error();
      }
    }
    if (proposal.ballot_id) {
      if (auto cancelled = votes_.cancel_in(tx, *proposal.ballot_id); !cancelled)
        return cancelled.error();
    }
    announce(tx, id);
    return fresh_page(tx, &actor, id);
  });
}

Result<ProposalPage> Service::record_outcome(db::Connection& db, const Actor& actor,
                                             std::int64_t id, const std::string& text) {
  auto html = render(text, max_outcome_bytes);
  if (!html)
    return html.error();
  const auto at = now_text();
  return db::transact(db, [&](db::Tx& tx) -> Result<ProposalPage> {
    auto loaded = load(tx, &actor, id, true);
    if (!loaded)
      return loaded.error();
    auto& [proposal, viewer] = *loaded;
    if (auto allowed =
            groups::require(can_manage(viewer, context_of(proposal.group), "record what was done"));
        !allowed) {
      return allowed.error();
    }
    if (!decided(proposal.state)) {
      return conflict(
          "What was done about a proposal is recorded once it has been decided; this "
          "one is " +
              std::string(state_label(proposal.state)) + ".",
          "wrong_state");
    }
    repo::set_outcome(tx, id, text, *html, actor.person_id, at);
    repo::insert_history(tx, id, proposal.state, proposal.state, actor.person_id, at,
                         proposal.outcome ? "Outcome record updated" : "Outcome recorded");
    announce(tx, id);
    return fresh_page(tx, &actor, id);
  });
}

// ---- The votes hook ---------------------------------------------------------------------------

namespace {

Event event_of_outcome(const std::string& outcome) {
  if (outcome == "passed")
    return Event::ballot_passed;
  if (outcome == "no_quorum")
    return Event::ballot_no_quorum;
  return Event::ballot_rejected;
}

Status main_question_changed(db::Tx& tx, std::int64_t proposal_id, std::int64_t ballot_id,
                             const std::string& status, const std::string& outcome,
                             const std::string& at) {
  auto proposal = repo::find_proposal(tx, proposal_id, true);
  if (!proposal)
    return ok();
  const std::string ballot = "ballot " + std::to_string(ballot_id);
  Event event;
  std::string note;
  if (status == "open") {
    event = Event::ballot_opened;
    note = "Voting opened";
  } else if (status == "cancelled") {
    event = Event::ballot_cancelled;
    note = "The ballot was cancelled; the proposal waits to be scheduled again";
  } else if (status == "closed") {
    event = event_of_outcome(outcome);
    note = outcome == "passed"      ? "Passed by " + ballot
           : outcome == "no_quorum" ? "Not decided: " + ballot + " did not reach its quorum"
                                    : "Rejected by " + ballot;
  } else {
    return ok();
  }
  // A change the proposal has moved past (it was withdrawn and its ballot then cancelled, or
  // the opening was already seen) leaves it as it is.
  if (!next_state(proposal->state, event, {.system = true}))
    return ok();
  if (auto moved = move(tx, *proposal, event, {.system = true}, std::nullopt, at, note); !moved)
    return moved;
  if (event == Event::ballot_cancelled)
    repo::set_schedule(tx, proposal_id, std::nullopt, std::nullopt, at);
  announce(tx, proposal_id);
  return ok();
}

Status amendment_changed(db::Tx& tx, std::int64_t amendment_id, const std::string& status,
                         const std::string& outcome, const std::string& at) {
  auto amendment = repo::find_amendment(tx, amendment_id, true);
  if (!amendment || amendment->state != AmendmentState::voting)
    return ok();
  auto proposal = repo::find_proposal(tx, amendment->proposal_id, true);
  if (!proposal)
    return ok();
  const std::string name = "Amendment " + std::to_string(amendment->number);
  if (status == "cancelled") {
    repo::set_amendment_state(tx, amendment_id, AmendmentState::proposed, std::nullopt,
                              std::nullopt);
    repo::insert_history(tx, proposal->id, proposal->state, proposal->state, std::nullopt, at,
                         name + ": its ballot was cancelled; it is proposed again");
  } else if (status == "closed" && outcome == "passed") {
    repo::set_amendment_state(tx, amendment_id, AmendmentState::accepted, amendment->ballot_id, at);
    auto merged = apply_amendment(proposal->body, amendment->base_body, amendment->body);
    // An error here would roll back the ballot's close, which the ticker would then retry for
    // ever: a text that cannot be rendered is reported like a clash instead.
    std::optional<std::string> html;
    if (merged) {
      if (auto rendered = render(*merged, max_merged_body_bytes))
        html = std::move(*rendered);
    }
    std::string note = name + " was accepted";
    if (merged && html) {
      repo::update_body(tx, proposal->id, *merged, *html, at);
      note += "; the text now includes it";
    } else if (merged) {
      note +=
          ", but the amended text could not be shown as a page, so the text was left as it "
          "was: officers must resolve it before the main question";
    } else {
      note +=
          ", but it changes words an earlier accepted amendment already changed, so the text "
          "was left as it was: officers must resolve it before the main question";
    }
    repo::insert_history(tx, proposal->id, proposal->state, proposal->state, std::nullopt, at,
                         note);
  } else if (status == "closed") {
    repo::set_amendment_state(tx, amendment_id, AmendmentState::rejected, amendment->ballot_id, at);
    repo::insert_history(
        tx, proposal->id, proposal->state, proposal->state, std::nullopt, at,
        name + (outcome == "no_quorum" ? " was not adopted: its ballot did not reach its quorum"
                                       : " was rejected"));
  } else {
    return ok();
  }
  announce(tx, proposal->id);
  return ok();
}

}  // namespace

Status ballot_changed(db::Tx& tx, std::int64_t ballot_id, const std::string& status,
                      const std::string& outcome, const std::string& at) {
  if (auto proposal_id = repo::proposal_of_ballot(tx, ballot_id))
    return main_question_changed(tx, *proposal_id, ballot_id, status, outcome, at);
  if (auto amendment_id = repo::amendment_of_ballot(tx, ballot_id))
    return amendment_changed(tx, *amendment_id, status, outcome, at);
  return ok();
}

Status put_to_meeting_vote(db::Tx& tx, std::int64_t proposal_id, std::int64_t ballot_id,
                           std::int64_t by, const std::string& meeting_title,
                           const std::string& at) {
  auto proposal = repo::find_proposal(tx, proposal_id, true);
  if (!proposal)
    return no_proposal(proposal_id);
  const std::string name = "The proposal \"" + proposal->title + "\"";
  const bool for_meeting = proposal->schedule && proposal->schedule->mode == ScheduleMode::meeting;
  if (proposal->state != State::scheduled || !for_meeting || proposal->ballot_id) {
    std::string why;
    if (proposal->state == State::scheduled && !for_meeting)
      why = " is put to its own ballot, so the meeting cannot decide it.";
    else if (proposal->state == State::gathering_support || proposal->state == State::qualified)
      why = " is " + std::string(state_label(proposal->state)) +
            ": officers schedule it to be decided at a meeting (on its page) before it is put to "
            "the vote here.";
    else
      why = " is " + std::string(state_label(proposal->state)) +
            ": only a proposal scheduled to be decided at a meeting can be put to its vote.";
    return conflict(name + why, "proposal_not_scheduled");
  }
  repo::set_schedule(tx, proposal_id, proposal->schedule, ballot_id, at);
  repo::insert_history(
      tx, proposal_id, proposal->state, proposal->state, by, at,
      "Put to the vote at " + meeting_title + " (ballot " + std::to_string(ballot_id) + ")");
  // Normally the ballot opens after this, and the votes hook moves the proposal then; one that
  // is already open would never tell it.
  if (repo::ballot_status(tx, ballot_id) == "open") {
    if (auto moved = move(tx, *proposal, Event::ballot_opened, {.system = true}, std::nullopt, at,
                          "Voting opened");
        !moved) {
      return moved;
    }
  }
  announce(tx, proposal_id);
  return ok();
}

Status authorize_live(db::Connection& db, const std::optional<Actor>& actor,
                      std::int64_t group_id) {
  return db::transact(db, [&](db::Tx& tx) -> Status {
    auto group = repo::find_group(tx, group_id);
    if (!group)
      return no_group(group_id);
    return groups::require(
        can_see(load_viewer(tx, actor ? &*actor : nullptr, group_id), context_of(*group)));
  });
}

}  // namespace plenary::proposals
