#include "petitions/service.hpp"

#include "accounts/tokens.hpp"
#include "core/time.hpp"
#include "db/rate_limit.hpp"
#include "events/outbox.hpp"
#include "events/rooms.hpp"
#include "groups/repo.hpp"
#include "http/json_input.hpp"
#include "mail/outbox.hpp"
#include "markdown/render.hpp"
#include "petitions/mails.hpp"
#include "petitions/policy.hpp"
#include "petitions/repo.hpp"
#include "petitions/rules.hpp"
#include "votes/rules.hpp"

namespace plenary::petitions {
namespace {

constexpr std::size_t max_statement_bytes = 64 * 1024;

std::string room_of(const std::string& slug) {
  return "petition:" + slug;
}

Error no_petition(const std::string& slug) {
  return not_found("There is no petition at /petitions/" + slug.substr(0, 100) + ".");
}

Error no_group(std::int64_t group_id) {
  return not_found("There is no group " + std::to_string(group_id) + ".");
}

Error bad_token() {
  return invalid_field("token",
                       "This link is not valid, or it was already used. Copy the whole link from "
                       "the mail, or sign again.");
}

groups::Viewer load_viewer(db::Tx& tx, const Actor* actor, std::int64_t group_id) {
  if (!actor)
    return groups::make_viewer({}, {});
  return groups::make_viewer({true, actor->site_admin, actor->email_verified},
                             groups::repo::chain_memberships(tx, group_id, actor->person_id));
}

// Only counts go to the live room: names, hidden or not, never do.
void publish_counts(db::Tx& tx, const Petition& petition) {
  const auto counts = repo::counts(tx, petition.id);
  events::publish(tx, room_of(petition.slug), "petition.count",
                  {{"confirmed", counts.confirmed}, {"pending", counts.pending}});
}

struct IssuedTokens {
  std::string confirm;
  std::string withdraw;
  std::string updates;
  repo::TokenHashes hashes() const {
    return {accounts::token_hash(confirm), accounts::token_hash(withdraw),
            accounts::token_hash(updates)};
  }
};

IssuedTokens issue_tokens() {
  return {accounts::random_token(), accounts::random_token(), accounts::random_token()};
}

Status queue_confirmation(db::Tx& tx, const Petition& petition, const SignatureInput& input,
                          const IssuedTokens& tokens, const std::string& site, TimePoint now) {
  const std::string base = site + "/petitions/" + petition.slug;
  SignatureLinks links{.confirm = base + "/confirm?token=" + tokens.confirm,
                       .withdraw = base + "/withdraw?token=" + tokens.withdraw,
                       .stop_updates = {}};
  if (input.keep_updated)
    links.stop_updates = base + "/updates/stop?token=" + tokens.updates;
  auto queued =
      mail::enqueue(tx, confirmation_mail(input.email, input.name, petition.title, links), now);
  if (!queued)
    return queued.error();
  return ok();
}

// Loads the petition and checks that the actor runs its group's petitions.
Result<Petition> petition_for_officer(db::Tx& tx, const Actor* actor, const std::string& slug) {
  auto petition = repo::find_petition(tx, slug);
  if (!petition)
    return no_petition(slug);
  const auto viewer = load_viewer(tx, actor, petition->group.id);
  if (auto allowed = groups::require(can_run_petitions(viewer, petition->group.name)); !allowed)
    return allowed.error();
  return std::move(*petition);
}

enum class SignOutcome { signed_up, resent, already_confirmed };

}  // namespace

Result<Petition> Service::create(db::Connection& db, const Actor& actor, const NewPetition& spec) {
  return db::transact(db, [&](db::Tx& tx) -> Result<Petition> {
    auto group = repo::find_group(tx, spec.group_id);
    if (!group)
      return no_group(spec.group_id);
    const auto viewer = load_viewer(tx, &actor, group->group.id);
    if (auto allowed = groups::require(can_run_petitions(viewer, group->group.name)); !allowed)
      return allowed.error();
    if (group->archived) {
      return conflict(group->group.name + " is archived. Restore it before starting a petition.",
                      "group_archived");
    }
    const std::string slug = spec.slug.value_or(slug_from_title(spec.title));
    if (auto problems = petition_problems(spec, slug); !problems.empty())
      return invalid(std::move(problems));
    if (repo::slug_taken(tx, slug)) {
      Error taken = conflict("Another petition already has the address /petitions/" + slug +
                                 ". Choose another address (slug).",
                             "slug_taken");
      taken.fields.push_back({"slug", "This address is taken."});
      return taken;
    }
    auto rendered = markdown::render(
        spec.statement, markdown::RenderOptions{.max_source_bytes = max_statement_bytes});
    if (!rendered)
      return invalid_field("statement", rendered.error().detail);
    std::optional<std::string> closes_at;
    if (spec.closes_at) {
      if (auto time = votes::parse_iso8601(*spec.closes_at))
        closes_at = iso8601(*time);
    }
    repo::insert_petition(tx, {.group_id = group->group.id,
                               .slug = slug,
                               .title = spec.title,
                               .statement = spec.statement,
                               .statement_html = rendered->html,
                               .target = spec.target,
                               .closes_at = closes_at,
                               .created_by = actor.person_id,
                               .now = iso8601(clock_.now())});
    auto petition = repo::find_petition(tx, slug);
    if (!petition)
      return no_petition(slug);
    return std::move(*petition);
  });
}

Result<PetitionList> Service::list(db::Connection& db, const Actor* actor, std::int64_t group_id) {
  return db::transact(db, [&](db::Tx& tx) -> Result<PetitionList> {
    auto group = repo::find_group(tx, group_id);
    if (!group)
      return no_group(group_id);
    const auto viewer = load_viewer(tx, actor, group_id);
    return PetitionList{repo::group_petitions(tx, group_id),
                        can_run_petitions(viewer, group->group.name).allowed && !group->archived};
  });
}

Result<PetitionPage> Service::view(db::Connection& db, const Actor* actor,
                                   const std::string& slug) {
  return db::transact(db, [&](db::Tx& tx) -> Result<PetitionPage> {
    auto petition = repo::find_petition(tx, slug);
    if (!petition)
      return no_petition(slug);
    const auto viewer = load_viewer(tx, actor, petition->group.id);
    PetitionPage page{.petition = *petition,
                      .counts = repo::counts(tx, petition->id),
                      .recent_signers = public_signers(repo::shown_signers(
                          tx, petition->id, std::nullopt, recent_signers_shown)),
                      .can = petition_flags(viewer, *petition)};
    return page;
  });
}

Result<SignerPage> Service::signers(db::Connection& db, const std::string& slug,
                                    std::optional<std::int64_t> before_id) {
  return db::transact(db, [&](db::Tx& tx) -> Result<SignerPage> {
    auto petition = repo::find_petition(tx, slug);
    if (!petition)
      return no_petition(slug);
    auto rows = repo::shown_signers(tx, petition->id, before_id, signers_per_page + 1);
    SignerPage page;
    if (rows.size() > static_cast<std::size_t>(signers_per_page)) {
      rows.resize(signers_per_page);
      page.next_cursor = std::to_string(rows.back().id);
    }
    page.signers = public_signers(rows);
    return page;
  });
}

Status Service::check_rate(db::Connection& db, const std::string& address) const {
  return db::count_request(
      db, clock_.now(),
      {.bucket = "petition_sign:" + address,
       .limit = signatures_per_address,
       .window = signature_window,
       .refusal = "Too many signatures from your network. Wait a few minutes and try again."});
}

Status Service::sign(db::Connection& db, const std::string& slug, const SignatureInput& raw,
                     const SignOrigin& origin) {
  SignatureInput input = raw;
  input.email = http::normalise_email(input.email);
  input.postcode = normalise_postcode(input.postcode);
  if (auto problems = signature_problems(input); !problems.empty())
    return invalid(std::move(problems));
  if (auto allowed = check_rate(db, origin.address); !allowed)
    return allowed;
  const auto now = clock_.now();
  auto outcome = db::transact(db, [&](db::Tx& tx) -> Result<SignOutcome> {
    auto petition = repo::find_petition(tx, slug);
    if (!petition)
      return no_petition(slug);
    if (!accepting_signatures(*petition, now)) {
      return conflict("This petition is closed: it no longer takes signatures.", "petition_closed");
    }
    if (input.group_id && !repo::find_group(tx, *input.group_id))
      return invalid_field("group_id", "Choose a group from the list, or none.");
    const auto tokens = issue_tokens();
    if (auto existing = repo::find_signature(tx, petition->id, input.email)) {
      if (existing->status == SignatureStatus::confirmed)
        return SignOutcome::already_confirmed;
      // Still pending: the first mail may be lost. A fresh one replaces its links.
      repo::replace_tokens(tx, existing->id, tokens.hashes());
      if (auto queued = queue_confirmation(tx, *petition, input, tokens, origin.site, now); !queued)
        return queued.error();
      return SignOutcome::resent;
    }
    repo::insert_signature(tx, {.petition_id = petition->id,
                                .input = input,
                                .postcode_area = postcode_area(input.postcode),
                                .tokens = tokens.hashes(),
                                .now = iso8601(now)});
    if (auto queued = queue_confirmation(tx, *petition, input, tokens, origin.site, now); !queued)
      return queued.error();
    publish_counts(tx, *petition);
    return SignOutcome::signed_up;
  });
  if (!outcome)
    return outcome.error();
  switch (*outcome) {
    case SignOutcome::signed_up:
      return ok();
    case SignOutcome::resent:
      return conflict(
          "This email address has already signed this petition, but the signature is not "
          "confirmed yet. We have sent a new confirmation mail: open the link in it.",
          "already_signed");
    case SignOutcome::already_confirmed:
      break;
  }
  return conflict(
      "This email address has already signed this petition. Each address can sign once.",
      "already_signed");
}

Status Service::confirm(db::Connection& db, const std::string& slug, const std::string& token) {
  if (!accounts::well_formed_token(token))
    return bad_token();
  return db::transact(db, [&](db::Tx& tx) -> Status {
    auto petition = repo::find_petition(tx, slug);
    if (!petition)
      return no_petition(slug);
    if (!repo::confirm_signature(tx, petition->id, accounts::token_hash(token),
                                 iso8601(clock_.now())))
      return bad_token();
    publish_counts(tx, *petition);
    return ok();
  });
}

Status Service::withdraw(db::Connection& db, const std::string& slug, const std::string& token) {
  if (!accounts::well_formed_token(token))
    return bad_token();
  return db::transact(db, [&](db::Tx& tx) -> Status {
    auto petition = repo::find_petition(tx, slug);
    if (!petition)
      return no_petition(slug);
    if (!repo::delete_signature(tx, petition->id, accounts::token_hash(token)))
      return bad_token();
    publish_counts(tx, *petition);
    return ok();
  });
}

Status Service::stop_updates(db::Connection& db, const std::string& slug,
                             const std::string& token) {
  if (!accounts::well_formed_token(token))
    return bad_token();
  return db::transact(db, [&](db::Tx& tx) -> Status {
    auto petition = repo::find_petition(tx, slug);
    if (!petition)
      return no_petition(slug);
    if (!repo::stop_updates(tx, petition->id, accounts::token_hash(token), iso8601(clock_.now())))
      return bad_token();
    return ok();
  });
}

Result<std::string> Service::export_csv(db::Connection& db, const Actor* actor,
                                        const std::string& slug) {
  return db::transact(db, [&](db::Tx& tx) -> Result<std::string> {
    auto petition = petition_for_officer(tx, actor, slug);
    if (!petition)
      return petition.error();
    return csv_text(repo::all_signatures(tx, petition->id));
  });
}

Result<Breakdown> Service::breakdown(db::Connection& db, const Actor* actor,
                                     const std::string& slug) {
  return db::transact(db, [&](db::Tx& tx) -> Result<Breakdown> {
    auto petition = petition_for_officer(tx, actor, slug);
    if (!petition)
      return petition.error();
    return repo::breakdown(tx, petition->id);
  });
}

Result<Petition> Service::close(db::Connection& db, const Actor& actor, const std::string& slug) {
  return db::transact(db, [&](db::Tx& tx) -> Result<Petition> {
    auto petition = petition_for_officer(tx, &actor, slug);
    if (!petition)
      return petition.error();
    if (petition->status == PetitionStatus::open) {
      repo::close_petition(tx, petition->id, iso8601(clock_.now()));
      petition->status = PetitionStatus::closed;
      events::publish(tx, room_of(slug), "petition.closed", {{"status", "closed"}});
    }
    return std::move(*petition);
  });
}

Status authorize_live(db::Connection& db, const std::string& slug) {
  if (!valid_slug(slug))
    return events::unknown_room(room_of(slug));
  return db::transact(db, [&](db::Tx& tx) -> Status {
    if (!repo::find_petition(tx, slug))
      return events::unknown_room(room_of(slug));
    return ok();
  });
}

}  // namespace plenary::petitions
