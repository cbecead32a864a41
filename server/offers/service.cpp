#include "offers/service.hpp"

#include <set>

#include "accounts/tokens.hpp"
#include "core/log.hpp"
#include "core/time.hpp"
#include "db/rate_limit.hpp"
#include "http/json_input.hpp"
#include "mail/outbox.hpp"
#include "notifications/notify.hpp"
#include "offers/mails.hpp"
#include "offers/policy.hpp"
#include "offers/repo.hpp"
#include "offers/rules.hpp"

namespace plenary::offers {
namespace {

Error no_offer(std::int64_t offer_id) {
  return not_found("There is no offer to volunteer numbered " + std::to_string(offer_id) + ".");
}

Error bad_token() {
  return invalid_field("token",
                       "This link is not valid, or it was already used. Copy the whole link from "
                       "the mail.");
}

std::string offer_path(std::int64_t offer_id) {
  return "/offers/" + std::to_string(offer_id);
}

const RoutingGroup* group_named(const std::vector<RoutingGroup>& groups, std::int64_t id) {
  for (const auto& group : groups) {
    if (group.id == id)
      return &group;
  }
  return nullptr;
}

std::string group_name(const std::vector<RoutingGroup>& groups, std::int64_t id) {
  const auto* group = group_named(groups, id);
  return group ? group->name : "group " + std::to_string(id);
}

std::string names_of(const std::vector<RoutingGroup>& groups,
                     const std::vector<std::int64_t>& ids) {
  std::string names;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i)
      names += i + 1 == ids.size() ? " and " : ", ";
    names += group_name(groups, ids[i]);
  }
  return names;
}

OfficerView officer_view(db::Tx& tx, const Actor* actor) {
  if (!actor)
    return {};
  return {true, actor->site_admin, repo::officer_group_ids(tx, actor->person_id)};
}

std::vector<std::vector<std::int64_t>> recipient_chains(const std::vector<RoutingGroup>& groups,
                                                        const OfferRecord& offer) {
  std::vector<std::vector<std::int64_t>> chains;
  for (const auto& recipient : offer.recipients)
    chains.push_back(chain_of(groups, recipient.group.id));
  return chains;
}

std::optional<OfferRecord> load_offer(db::Tx& tx, std::int64_t offer_id, TimePoint now) {
  auto offers = repo::load_offers(tx, {offer_id}, iso8601(now));
  if (offers.empty())
    return std::nullopt;
  return std::move(offers.front());
}

// The offer and what this viewer may do with it; an error unless they may answer it.
Result<OfferPage> page_for_officer(db::Tx& tx, const Actor* actor, std::int64_t offer_id,
                                   TimePoint now) {
  auto offer = load_offer(tx, offer_id, now);
  if (!offer)
    return no_offer(offer_id);
  const auto decision =
      can_answer(officer_view(tx, actor), recipient_chains(repo::routing_groups(tx), *offer));
  if (auto allowed = groups::require(decision); !allowed)
    return allowed.error();
  OfferPage page{std::move(*offer), {}};
  page.can = offer_flags(decision, page.offer.status);
  return page;
}

// Tells the officers of each group (once each, never the person who offered) and mails them.
// A mail that cannot be queued is logged, not fatal: the notification still stands.
void tell_officers(db::Tx& tx, const Settings& settings, const OfferRecord& offer,
                   const std::vector<RoutingGroup>& groups,
                   const std::vector<std::int64_t>& group_ids, bool escalated, TimePoint now) {
  std::set<std::int64_t> told;
  const auto url = settings.public_base_url + offer_path(offer.id);
  for (auto group_id : group_ids) {
    const auto name = group_name(groups, group_id);
    for (const auto& officer : repo::officers_of(tx, {group_id})) {
      if (offer.person_id == officer.person_id || !told.insert(officer.person_id).second)
        continue;
      const std::string detail =
          escalated ? "An offer to help from " + offer.name + " has waited more than " +
                          std::to_string(settings.escalation_days) + " days for an answer."
                    : offer.name + " offered to help.";
      notifications::notify(tx, {.person_id = officer.person_id,
                                 .kind = escalated ? "offer_escalated" : "offer_received",
                                 .actor_id = offer.person_id,
                                 .thread_id = std::nullopt,
                                 .post_id = std::nullopt,
                                 .detail = detail,
                                 .link = offer_path(offer.id)});
      const MailedOfficer to{officer.email, officer.display_name};
      auto mail = escalated ? escalated_mail(to, offer, name, settings.escalation_days, url)
                            : received_mail(to, offer, name, url);
      if (auto queued = mail::enqueue(tx, mail, now); !queued) {
        log::warn("offer mail not queued",
                  {{"offer_id", offer.id}, {"error", queued.error().detail}});
      }
    }
  }
}

// Sends a confirmed (or signed-in) offer to the officers of its matching groups.
void route_offer(db::Tx& tx, const Settings& settings, std::int64_t offer_id,
                 const OfferInput& input, TimePoint now) {
  const auto groups = repo::routing_groups(tx);
  const auto recipients = route(groups, input.lives_in_group_id, input.works_in_group_id);
  const auto at = iso8601(now);
  repo::set_routed(tx, offer_id, at, iso8601(due_after(now, settings.escalation_days)));
  repo::add_recipients(tx, offer_id, recipients, 0, at);
  repo::add_history(tx, offer_id, at, std::nullopt, "routed",
                    recipients.empty()
                        ? std::string("No group to send it to yet.")
                        : "Sent to the officers of " + names_of(groups, recipients) + ".");
  if (auto offer = load_offer(tx, offer_id, now))
    tell_officers(tx, settings, *offer, groups, recipients, false, now);
}

// The person who offered hears of each answer: a notification when they have an account, a
// mail either way.
void tell_offerer(db::Tx& tx, const Settings& settings, const OfferRecord& offer,
                  const Actor& officer, const std::string& news, const std::string& note,
                  TimePoint now) {
  std::string status_url;
  if (offer.person_id) {
    notifications::notify(tx, {.person_id = *offer.person_id,
                               .kind = "offer_answered",
                               .actor_id = officer.person_id,
                               .thread_id = std::nullopt,
                               .post_id = std::nullopt,
                               .detail = news,
                               .link = "/offers/mine"});
    status_url = settings.public_base_url + "/offers/mine";
  }
  if (auto queued =
          mail::enqueue(tx, answered_mail(offer.email, offer.name, news, note, status_url), now);
      !queued) {
    log::warn("offer mail not queued", {{"offer_id", offer.id}, {"error", queued.error().detail}});
  }
}

Status check_groups(const std::vector<RoutingGroup>& groups, const OfferInput& input) {
  std::vector<FieldError> problems;
  auto check = [&](const std::optional<std::int64_t>& id, const char* field) {
    if (!id)
      return;
    const auto* group = group_named(groups, *id);
    if (!group || group->archived)
      problems.push_back({field, "Choose a group from the list, or \"not listed\"."});
  };
  check(input.lives_in_group_id, "lives_in_group_id");
  check(input.works_in_group_id, "works_in_group_id");
  if (!problems.empty())
    return invalid(std::move(problems));
  return ok();
}

}  // namespace

Result<std::vector<Skill>> Service::skills(db::Connection& db) {
  return db::transact(db,
                      [&](db::Tx& tx) -> Result<std::vector<Skill>> { return repo::skills(tx); });
}

Status Service::check_rate(db::Connection& db, const std::string& address) const {
  return db::count_request(
      db, clock_.now(),
      {.bucket = "offer:" + address,
       .limit = offers_per_address,
       .window = offer_window,
       .refusal = "Too many offers from your network. Wait a few minutes and try again."});
}

Status Service::check_link_rate(db::Connection& db, const std::string& address) const {
  return db::count_request(db, clock_.now(),
                           {.bucket = "offer-links:" + address,
                            .limit = link_requests_per_address,
                            .window = offer_window,
                            .refusal = "Too many requests for links from your network. Wait a "
                                       "few minutes and try again."});
}

Result<NewOffer> Service::offer(db::Connection& db, const Actor* actor, const OfferInput& input,
                                const std::string& address) {
  if (auto allowed = check_rate(db, address); !allowed)
    return allowed.error();
  return offer_at(db, actor, input, clock_.now());
}

Result<NewOffer> Service::offer_at(db::Connection& db, const Actor* actor, const OfferInput& raw,
                                   TimePoint now) {
  if (actor && !actor->email_verified) {
    return forbidden(
        "Confirm your email address first (follow the link we mailed you), then offer to help.",
        "email_not_verified");
  }
  OfferInput input = raw;
  input.skill_ids = distinct_skill_ids(input.skill_ids);
  if (!actor)
    input.email = http::normalise_email(input.email);
  return db::transact(db, [&](db::Tx& tx) -> Result<NewOffer> {
    if (actor) {
      auto contact = repo::person_contact(tx, actor->person_id);
      if (!contact)
        return unauthenticated();
      input.name = contact->display_name;
      input.email = contact->email;
    }
    if (auto problems = offer_problems(input, actor != nullptr, repo::skills(tx));
        !problems.empty())
      return invalid(std::move(problems));
    const auto groups = repo::routing_groups(tx);
    if (auto known = check_groups(groups, input); !known)
      return known.error();
    const auto at = iso8601(now);
    std::string confirm_token;
    std::string status_token;
    repo::OfferRow row{.person_id = std::nullopt,
                       .input = input,
                       .confirm_token_hash = std::nullopt,
                       .status_token_hash = std::nullopt,
                       .now = at};
    if (actor) {
      row.person_id = actor->person_id;
    } else {
      confirm_token = accounts::random_token();
      status_token = accounts::random_token();
      row.confirm_token_hash = accounts::token_hash(confirm_token);
      row.status_token_hash = accounts::token_hash(status_token);
    }
    const auto offer_id = repo::insert_offer(tx, row);
    repo::add_history(tx, offer_id, at, row.person_id, "offered", "");
    if (actor) {
      route_offer(tx, settings_, offer_id, input, now);
    } else {
      const auto& base = settings_.public_base_url;
      auto queued =
          mail::enqueue(tx,
                        confirmation_mail(input.email, input.name,
                                          base + "/volunteer/confirm?token=" + confirm_token,
                                          base + "/volunteer/status?token=" + status_token),
                        now);
      if (!queued)
        return invalid_field("email", queued.error().detail);
    }
    auto offer = load_offer(tx, offer_id, now);
    if (!offer)
      return no_offer(offer_id);
    return NewOffer{std::move(*offer), actor == nullptr};
  });
}

Result<OfferRecord> Service::confirm(db::Connection& db, const std::string& token) {
  if (!accounts::well_formed_token(token))
    return bad_token();
  const auto now = clock_.now();
  return db::transact(db, [&](db::Tx& tx) -> Result<OfferRecord> {
    auto offer_id = repo::lock_unconfirmed(tx, accounts::token_hash(token));
    if (!offer_id)
      return bad_token();
    auto offer = load_offer(tx, *offer_id, now);
    if (!offer)
      return bad_token();
    const auto at = iso8601(now);
    repo::set_confirmed(tx, *offer_id, at);
    repo::add_history(tx, *offer_id, at, std::nullopt, "confirmed", "");
    OfferInput where;
    if (offer->lives_in)
      where.lives_in_group_id = offer->lives_in->id;
    if (offer->works_in)
      where.works_in_group_id = offer->works_in->id;
    route_offer(tx, settings_, *offer_id, where, now);
    auto routed = load_offer(tx, *offer_id, now);
    if (!routed)
      return no_offer(*offer_id);
    return std::move(*routed);
  });
}

Status Service::send_fresh_links(db::Connection& db, const std::string& email,
                                 const std::string& address) {
  if (!http::plausible_email(email)) {
    return invalid_field("email",
                         "Enter an email address in the right format, like name@example.org.");
  }
  if (auto allowed = check_link_rate(db, address); !allowed)
    return allowed;
  const auto now = clock_.now();
  return db::transact(db, [&](db::Tx& tx) -> Status {
    const auto offers = repo::signed_out_offers_of(tx, email, offers_per_links_mail);
    if (offers.empty())
      return ok();
    const auto& base = settings_.public_base_url;
    std::vector<OfferLinks> links;
    for (const auto& offer : offers) {
      const auto status_token = accounts::random_token();
      std::optional<std::string> confirm_token;
      if (!offer.confirmed)
        confirm_token = accounts::random_token();
      repo::replace_link_tokens(
          tx, offer.id,
          confirm_token ? std::optional(accounts::token_hash(*confirm_token)) : std::nullopt,
          accounts::token_hash(status_token));
      links.push_back(
          {.confirm_url = confirm_token ? base + "/volunteer/confirm?token=" + *confirm_token : "",
           .status_url = base + "/volunteer/status?token=" + status_token});
    }
    if (auto queued = mail::enqueue(tx, fresh_links_mail(email, offers.front().name, links), now);
        !queued)
      return invalid_field("email", queued.error().detail);
    return ok();
  });
}

Result<OfferRecord> Service::status(db::Connection& db, const std::string& token) {
  if (!accounts::well_formed_token(token))
    return bad_token();
  return db::transact(db, [&](db::Tx& tx) -> Result<OfferRecord> {
    auto offer_id = repo::find_by_status_token(tx, accounts::token_hash(token));
    if (!offer_id)
      return bad_token();
    auto offer = load_offer(tx, *offer_id, clock_.now());
    if (!offer)
      return bad_token();
    return std::move(*offer);
  });
}

Result<std::vector<OfferRecord>> Service::mine(db::Connection& db, const Actor& actor) {
  return db::transact(db, [&](db::Tx& tx) -> Result<std::vector<OfferRecord>> {
    return repo::load_offers(tx, repo::offers_of_person(tx, actor.person_id),
                             iso8601(clock_.now()));
  });
}

Result<OfferPage> Service::view(db::Connection& db, const Actor* actor, std::int64_t offer_id) {
  return db::transact(db, [&](db::Tx& tx) -> Result<OfferPage> {
    return page_for_officer(tx, actor, offer_id, clock_.now());
  });
}

Result<OfferPage> Service::acknowledge(db::Connection& db, const Actor& actor,
                                       std::int64_t offer_id, const std::string& note) {
  return acknowledge_at(db, actor, offer_id, note, clock_.now());
}

Result<OfferPage> Service::acknowledge_at(db::Connection& db, const Actor& actor,
                                          std::int64_t offer_id, const std::string& note,
                                          TimePoint now) {
  if (http::utf8_length(note) > max_note_length)
    return invalid_field("note", "The note can be at most 2000 characters.");
  return db::transact(db, [&](db::Tx& tx) -> Result<OfferPage> {
    auto status = repo::lock_status(tx, offer_id);
    if (!status)
      return no_offer(offer_id);
    auto page = page_for_officer(tx, &actor, offer_id, now);
    if (!page)
      return page.error();
    if (auto next = after_acknowledgement(*status); !next)
      return next.error();
    const auto at = iso8601(now);
    repo::set_acknowledged(tx, offer_id, actor.person_id, at);
    repo::add_history(tx, offer_id, at, actor.person_id, "acknowledged", note);
    tell_offerer(tx, settings_, page->offer, actor, acknowledged_news(actor.display_name), note,
                 now);
    return page_for_officer(tx, &actor, offer_id, now);
  });
}

Result<OfferPage> Service::record_outcome(db::Connection& db, const Actor& actor,
                                          std::int64_t offer_id, Outcome outcome,
                                          const std::string& note) {
  return record_outcome_at(db, actor, offer_id, outcome, note, clock_.now());
}

Result<OfferPage> Service::record_outcome_at(db::Connection& db, const Actor& actor,
                                             std::int64_t offer_id, Outcome outcome,
                                             const std::string& note, TimePoint now) {
  return db::transact(db, [&](db::Tx& tx) -> Result<OfferPage> {
    auto status = repo::lock_status(tx, offer_id);
    if (!status)
      return no_offer(offer_id);
    auto page = page_for_officer(tx, &actor, offer_id, now);
    if (!page)
      return page.error();
    if (auto next = after_outcome(*status, outcome, note); !next)
      return next.error();
    const auto at = iso8601(now);
    if (outcome_acknowledges(*status))
      repo::add_history(tx, offer_id, at, actor.person_id, "acknowledged", "");
    repo::set_outcome(tx, offer_id, outcome, note, actor.person_id, at);
    repo::add_history(tx, offer_id, at, actor.person_id, std::string(outcome_words.name(outcome)),
                      note);
    tell_offerer(tx, settings_, page->offer, actor, outcome_news(actor.display_name, outcome), note,
                 now);
    return page_for_officer(tx, &actor, offer_id, now);
  });
}

Result<OfferList> Service::dashboard(db::Connection& db, const Actor* actor) {
  return db::transact(db, [&](db::Tx& tx) -> Result<OfferList> {
    const auto viewer = officer_view(tx, actor);
    if (auto allowed = groups::require(can_open_dashboard(viewer)); !allowed)
      return allowed.error();
    OfferList list;
    list.offers = repo::load_offers(
        tx, repo::offers_below(tx, viewer.officer_group_ids, viewer.site_admin, answered_shown),
        iso8601(clock_.now()));
    sort_for_dashboard(list.offers);
    list.counts = count_offers(list.offers);
    return list;
  });
}

Result<OfferList> Service::group_offers(db::Connection& db, const Actor* actor,
                                        std::int64_t group_id) {
  return db::transact(db, [&](db::Tx& tx) -> Result<OfferList> {
    const auto groups = repo::routing_groups(tx);
    if (!group_named(groups, group_id))
      return not_found("There is no group " + std::to_string(group_id) + ".");
    const auto decision = can_answer(officer_view(tx, actor), {chain_of(groups, group_id)});
    if (auto allowed = groups::require(decision); !allowed) {
      return forbidden("Only officers of " + group_name(groups, group_id) +
                           ", or of a group above it, can see the offers sent to it.",
                       "not_an_officer");
    }
    OfferList list;
    list.offers = repo::load_offers(tx, repo::offers_below(tx, {group_id}, false, answered_shown),
                                    iso8601(clock_.now()));
    sort_for_dashboard(list.offers);
    list.counts = count_offers(list.offers);
    return list;
  });
}

int Service::escalate_due(db::Connection& db) {
  const auto now = clock_.now();
  const auto at = iso8601(now);
  return db::transact(db, [&](db::Tx& tx) {
    const auto due = repo::lock_due(tx, at, escalations_per_run);
    if (due.empty())
      return 0;
    const auto groups = repo::routing_groups(tx);
    for (auto offer_id : due) {
      auto offer = load_offer(tx, offer_id, now);
      if (!offer)
        continue;
      const auto targets = escalation_targets(groups, offer->recipients);
      if (targets.empty()) {
        // Nowhere left to climb: it stays overdue on every dashboard that shows it.
        repo::set_escalated(tx, offer_id, offer->escalation_level, at, std::nullopt);
        continue;
      }
      const int level = offer->escalation_level + 1;
      repo::add_recipients(tx, offer_id, targets, level, at);
      repo::set_escalated(tx, offer_id, level, at,
                          iso8601(due_after(now, settings_.escalation_days)));
      repo::add_history(tx, offer_id, at, std::nullopt, "escalated",
                        "No answer after " + std::to_string(settings_.escalation_days) +
                            " days: sent to the officers of " + names_of(groups, targets) + ".");
      tell_officers(tx, settings_, *offer, groups, targets, true, now);
    }
    return static_cast<int>(due.size());
  });
}

}  // namespace plenary::offers
