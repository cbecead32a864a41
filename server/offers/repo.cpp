#include "offers/repo.hpp"

#include <map>

#include "db/arrays.hpp"

namespace plenary::offers::repo {
namespace {

// UTC, so every reader gets the same text whatever the session's time zone.
#define UTC(column) "to_char(" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
#define OFFICER_ROLE "m.role IN ('officer', 'admin') AND m.status = 'active'"

const db::Statement select_skills{"offers.skills",
                                  "SELECT id, name FROM volunteer_skills ORDER BY position, id"};
const db::Statement select_person_contact{
    "offers.person_contact", "SELECT display_name, email::text FROM persons WHERE id = $1"};
const db::Statement select_routing_groups{
    "offers.routing_groups",
    "SELECT g.id, g.name, g.parent_id, g.archived_at IS NOT NULL, g.kind = 'national', "
    "EXISTS (SELECT 1 FROM memberships m WHERE m.group_id = g.id AND " OFFICER_ROLE
    ") FROM groups g ORDER BY g.id"};
const db::Statement insert_offer_row{
    "offers.insert_offer",
    "INSERT INTO volunteer_offers (person_id, name, email, phone, other_skills, availability, "
    "lives_in_group_id, works_in_group_id, where_text, status, created_at, confirmed_at, "
    "confirm_token_hash, status_token_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
    "'awaiting_confirmation', $10::timestamptz, CASE WHEN $11::text IS NULL THEN "
    "$10::timestamptz END, $11, $12) RETURNING id"};
const db::Statement insert_offer_skills{"offers.insert_skills",
                                        "INSERT INTO volunteer_offer_skills (offer_id, skill_id) "
                                        "SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING"};
const db::Statement insert_history{
    "offers.insert_history",
    "INSERT INTO offer_history (offer_id, at, actor_id, action, note) "
    "VALUES ($1, $2::timestamptz, $3, $4, $5)"};
const db::Statement select_unconfirmed{
    "offers.lock_unconfirmed",
    "SELECT id FROM volunteer_offers WHERE confirm_token_hash = $1 "
    "AND status = 'awaiting_confirmation' FOR UPDATE"};
const db::Statement select_by_status_token{
    "offers.by_status_token", "SELECT id FROM volunteer_offers WHERE status_token_hash = $1"};
const db::Statement select_signed_out_by_email{
    "offers.signed_out_by_email",
    "SELECT id, name, confirmed_at IS NOT NULL FROM volunteer_offers "
    "WHERE person_id IS NULL AND email = $1 ORDER BY id DESC LIMIT $2"};
const db::Statement update_link_tokens{
    "offers.replace_link_tokens",
    "UPDATE volunteer_offers SET status_token_hash = $3, confirm_token_hash = CASE "
    "WHEN status = 'awaiting_confirmation' THEN $2 ELSE confirm_token_hash END WHERE id = $1"};
const db::Statement update_confirmed{
    "offers.confirm",
    "UPDATE volunteer_offers SET confirmed_at = $2::timestamptz, confirm_token_hash = NULL "
    "WHERE id = $1"};
const db::Statement update_routed{
    "offers.route",
    "UPDATE volunteer_offers SET status = 'waiting', routed_at = $2::timestamptz, "
    "due_at = $3::timestamptz WHERE id = $1"};
const db::Statement insert_recipients{
    "offers.insert_recipients",
    "INSERT INTO offer_recipients (offer_id, group_id, level, added_at) "
    "SELECT $1, unnest($2::bigint[]), $3, $4::timestamptz ON CONFLICT DO NOTHING"};
const db::Statement select_officers{
    "offers.officers",
    "SELECT DISTINCT p.id, p.display_name, p.email::text FROM memberships m "
    "JOIN persons p ON p.id = m.person_id WHERE m.group_id = ANY($1::bigint[]) AND " OFFICER_ROLE
    " ORDER BY p.id"};
const db::Statement select_officer_groups{
    "offers.officer_groups",
    "SELECT m.group_id FROM memberships m WHERE m.person_id = $1 AND " OFFICER_ROLE
    " ORDER BY m.group_id"};
const db::Statement select_offers{
    "offers.select_offers",
    "SELECT o.id, o.person_id, o.name, o.email::text, o.phone, o.other_skills, o.availability, "
    "lg.id, lg.name, wg.id, wg.name, o.where_text, o.status, "
    "o.status = 'waiting' AND (o.overdue_since IS NOT NULL OR o.due_at <= $2::timestamptz), "
    "o.escalation_level, " UTC("o.due_at") ", " UTC("o.created_at") ", " UTC(
        "o.confirmed_at") ", " UTC("o.acknowledged_at") ", ap.id, ap.display_name, "
                                                        "o.outcome, o.outcome_note, " UTC(
                                                            "o.outcome_at") ", op.id, "
                                                                            "op.display_name "
    "FROM volunteer_offers o LEFT JOIN groups lg ON lg.id = o.lives_in_group_id "
    "LEFT JOIN groups wg ON wg.id = o.works_in_group_id "
    "LEFT JOIN persons ap ON ap.id = o.acknowledged_by "
    "LEFT JOIN persons op ON op.id = o.outcome_by WHERE o.id = ANY($1::bigint[])"};
const db::Statement select_offer_skills{
    "offers.select_offer_skills",
    "SELECT os.offer_id, s.id, s.name FROM volunteer_offer_skills os "
    "JOIN volunteer_skills s ON s.id = os.skill_id WHERE os.offer_id = ANY($1::bigint[]) "
    "ORDER BY s.position, s.id"};
const db::Statement select_recipients{
    "offers.select_recipients",
    "SELECT r.offer_id, g.id, g.name, r.level, " UTC("r.added_at")
    " FROM offer_recipients r JOIN groups g ON g.id = r.group_id "
    "WHERE r.offer_id = ANY($1::bigint[]) ORDER BY r.level, g.name, g.id"};
const db::Statement select_history{
    "offers.select_history",
    "SELECT h.offer_id, " UTC("h.at") ", p.id, p.display_name, h.action, h.note "
    "FROM offer_history h LEFT JOIN persons p ON p.id = h.actor_id "
    "WHERE h.offer_id = ANY($1::bigint[]) ORDER BY h.id"};
const db::Statement lock_offer_status{
    "offers.lock_status", "SELECT status FROM volunteer_offers WHERE id = $1 FOR UPDATE"};
const db::Statement select_person_offers{
    "offers.person_offers",
    "SELECT id FROM volunteer_offers WHERE person_id = $1 ORDER BY id DESC LIMIT 100"};
const db::Statement select_offers_below{
    "offers.offers_below",
    "WITH RECURSIVE scope(id) AS (SELECT unnest($1::bigint[]) UNION "
    "SELECT g.id FROM groups g JOIN scope s ON g.parent_id = s.id), "
    "candidates AS (SELECT DISTINCT o.id, o.status, o.outcome_at, o.created_at "
    "FROM volunteer_offers o JOIN offer_recipients r ON r.offer_id = o.id "
    "WHERE $2::boolean OR r.group_id IN (SELECT id FROM scope)) "
    "(SELECT id FROM candidates WHERE status IN ('waiting', 'acknowledged') "
    "ORDER BY created_at, id LIMIT 500) UNION ALL "
    "(SELECT id FROM candidates WHERE status = 'answered' ORDER BY outcome_at DESC, id DESC "
    "LIMIT $3)"};
const db::Statement update_acknowledged{
    "offers.acknowledge",
    "UPDATE volunteer_offers SET status = 'acknowledged', acknowledged_at = $3::timestamptz, "
    "acknowledged_by = $2, due_at = NULL WHERE id = $1"};
const db::Statement update_outcome{
    "offers.outcome",
    "UPDATE volunteer_offers SET status = 'answered', outcome = $2, outcome_note = $3, "
    "outcome_by = $4, outcome_at = $5::timestamptz, due_at = NULL, "
    "acknowledged_by = CASE WHEN acknowledged_at IS NULL THEN $4 ELSE acknowledged_by END, "
    "acknowledged_at = coalesce(acknowledged_at, $5::timestamptz) WHERE id = $1"};
const db::Statement select_due{
    "offers.lock_due",
    "SELECT id FROM volunteer_offers WHERE status = 'waiting' AND due_at <= $1::timestamptz "
    "ORDER BY due_at, id LIMIT $2 FOR UPDATE SKIP LOCKED"};
const db::Statement update_escalated{
    "offers.escalate",
    "UPDATE volunteer_offers SET escalated_at = CASE WHEN $2 > escalation_level "
    "THEN $3::timestamptz ELSE escalated_at END, escalation_level = $2, "
    "overdue_since = coalesce(overdue_since, $3::timestamptz), due_at = $4::timestamptz "
    "WHERE id = $1"};
std::optional<std::string> optional_text(const pqxx::field& field) {
  if (field.is_null())
    return std::nullopt;
  return field.as<std::string>();
}

std::optional<GroupRef> optional_group(const pqxx::row& row, int first) {
  if (row[first].is_null())
    return std::nullopt;
  return GroupRef{row[first].as<std::int64_t>(), row[first + 1].as<std::string>()};
}

std::optional<PersonRef> optional_person(const pqxx::row& row, int first) {
  if (row[first].is_null())
    return std::nullopt;
  return PersonRef{row[first].as<std::int64_t>(), row[first + 1].as<std::string>()};
}

OfferRecord offer_from(const pqxx::row& row) {
  OfferRecord offer;
  offer.id = row[0].as<std::int64_t>();
  if (!row[1].is_null())
    offer.person_id = row[1].as<std::int64_t>();
  offer.name = row[2].as<std::string>();
  offer.email = row[3].as<std::string>();
  offer.phone = row[4].as<std::string>();
  offer.other_skills = row[5].as<std::string>();
  offer.availability = row[6].as<std::string>();
  offer.lives_in = optional_group(row, 7);
  offer.works_in = optional_group(row, 9);
  offer.where_text = row[11].as<std::string>();
  offer.status = offer_status_words.parse(row[12].as<std::string>())
                     .value_or(OfferStatus::awaiting_confirmation);
  offer.overdue = !row[13].is_null() && row[13].as<bool>();
  offer.escalation_level = row[14].as<int>();
  offer.due_at = optional_text(row[15]);
  offer.created_at = row[16].as<std::string>();
  offer.confirmed_at = optional_text(row[17]);
  if (!row[18].is_null())
    offer.acknowledged = Acknowledgement{row[18].as<std::string>(), optional_person(row, 19)};
  if (!row[21].is_null()) {
    offer.outcome = RecordedOutcome{
        outcome_words.parse(row[21].as<std::string>()).value_or(Outcome::contacted),
        row[22].as<std::string>(), row[23].is_null() ? std::string() : row[23].as<std::string>(),
        optional_person(row, 24)};
  }
  return offer;
}

}  // namespace

std::vector<Skill> skills(db::Tx& tx) {
  std::vector<Skill> result;
  for (const auto& row : tx.exec(select_skills))
    result.push_back({row[0].as<std::int64_t>(), row[1].as<std::string>()});
  return result;
}

std::optional<Contact> person_contact(db::Tx& tx, std::int64_t person_id) {
  auto row = tx.exec_maybe_row(select_person_contact, person_id);
  if (!row)
    return std::nullopt;
  return Contact{(*row)[0].as<std::string>(), (*row)[1].as<std::string>()};
}

std::vector<RoutingGroup> routing_groups(db::Tx& tx) {
  std::vector<RoutingGroup> groups;
  for (const auto& row : tx.exec(select_routing_groups)) {
    RoutingGroup group;
    group.id = row[0].as<std::int64_t>();
    group.name = row[1].as<std::string>();
    if (!row[2].is_null())
      group.parent_id = row[2].as<std::int64_t>();
    group.archived = row[3].as<bool>();
    group.national = row[4].as<bool>();
    group.has_officer = row[5].as<bool>();
    groups.push_back(std::move(group));
  }
  return groups;
}

std::int64_t insert_offer(db::Tx& tx, const OfferRow& row) {
  const auto& input = row.input;
  const auto id = tx.exec(insert_offer_row, row.person_id, input.name, input.email, input.phone,
                          input.other_skills, input.availability, input.lives_in_group_id,
                          input.works_in_group_id, input.where_text, row.now,
                          row.confirm_token_hash, row.status_token_hash)[0][0]
                      .as<std::int64_t>();
  if (!input.skill_ids.empty())
    tx.exec(insert_offer_skills, id, db::array_literal(input.skill_ids));
  return id;
}

void add_history(db::Tx& tx, std::int64_t offer_id, const std::string& at,
                 std::optional<std::int64_t> actor_id, const std::string& action,
                 const std::string& note) {
  tx.exec(insert_history, offer_id, at, actor_id, action, note);
}

std::optional<std::int64_t> lock_unconfirmed(db::Tx& tx, const std::string& confirm_token_hash) {
  auto row = tx.exec_maybe_row(select_unconfirmed, confirm_token_hash);
  if (!row)
    return std::nullopt;
  return (*row)[0].as<std::int64_t>();
}

std::vector<MailedOffer> signed_out_offers_of(db::Tx& tx, const std::string& email, int limit) {
  std::vector<MailedOffer> offers;
  for (const auto& row : tx.exec(select_signed_out_by_email, email, limit)) {
    offers.push_back({row[0].as<std::int64_t>(), row[1].as<std::string>(), row[2].as<bool>()});
  }
  return offers;
}

void replace_link_tokens(db::Tx& tx, std::int64_t offer_id,
                         const std::optional<std::string>& confirm_token_hash,
                         const std::string& status_token_hash) {
  tx.exec(update_link_tokens, offer_id, confirm_token_hash, status_token_hash);
}

std::optional<std::int64_t> find_by_status_token(db::Tx& tx, const std::string& status_token_hash) {
  auto row = tx.exec_maybe_row(select_by_status_token, status_token_hash);
  if (!row)
    return std::nullopt;
  return (*row)[0].as<std::int64_t>();
}

void set_confirmed(db::Tx& tx, std::int64_t offer_id, const std::string& now) {
  tx.exec(update_confirmed, offer_id, now);
}

void set_routed(db::Tx& tx, std::int64_t offer_id, const std::string& now,
                const std::string& due_at) {
  tx.exec(update_routed, offer_id, now, due_at);
}

void add_recipients(db::Tx& tx, std::int64_t offer_id, const std::vector<std::int64_t>& group_ids,
                    int level, const std::string& now) {
  if (!group_ids.empty())
    tx.exec(insert_recipients, offer_id, db::array_literal(group_ids), level, now);
}

std::vector<Officer> officers_of(db::Tx& tx, const std::vector<std::int64_t>& group_ids) {
  std::vector<Officer> officers;
  if (group_ids.empty())
    return officers;
  for (const auto& row : tx.exec(select_officers, db::array_literal(group_ids))) {
    officers.push_back(
        {row[0].as<std::int64_t>(), row[1].as<std::string>(), row[2].as<std::string>()});
  }
  return officers;
}

std::vector<std::int64_t> officer_group_ids(db::Tx& tx, std::int64_t person_id) {
  std::vector<std::int64_t> ids;
  for (const auto& row : tx.exec(select_officer_groups, person_id))
    ids.push_back(row[0].as<std::int64_t>());
  return ids;
}

std::vector<OfferRecord> load_offers(db::Tx& tx, const std::vector<std::int64_t>& ids,
                                     const std::string& now) {
  std::vector<OfferRecord> offers;
  if (ids.empty())
    return offers;
  const auto id_array = db::array_literal(ids);
  std::map<std::int64_t, OfferRecord> by_id;
  for (const auto& row : tx.exec(select_offers, id_array, now)) {
    auto offer = offer_from(row);
    by_id.emplace(offer.id, std::move(offer));
  }
  for (const auto& row : tx.exec(select_offer_skills, id_array)) {
    if (auto found = by_id.find(row[0].as<std::int64_t>()); found != by_id.end())
      found->second.skills.push_back({row[1].as<std::int64_t>(), row[2].as<std::string>()});
  }
  for (const auto& row : tx.exec(select_recipients, id_array)) {
    if (auto found = by_id.find(row[0].as<std::int64_t>()); found != by_id.end()) {
      found->second.recipients.push_back({{row[1].as<std::int64_t>(), row[2].as<std::string>()},
                                          row[3].as<int>(),
                                          row[4].as<std::string>()});
    }
  }
  for (const auto& row : tx.exec(select_history, id_array)) {
    if (auto found = by_id.find(row[0].as<std::int64_t>()); found != by_id.end()) {
      found->second.history.push_back({row[1].as<std::string>(), optional_person(row, 2),
                                       row[4].as<std::string>(), row[5].as<std::string>()});
    }
  }
  for (auto id : ids) {
    if (auto found = by_id.find(id); found != by_id.end())
      offers.push_back(std::move(found->second));
  }
  return offers;
}

std::optional<OfferStatus> lock_status(db::Tx& tx, std::int64_t offer_id) {
  auto row = tx.exec_maybe_row(lock_offer_status, offer_id);
  if (!row)
    return std::nullopt;
  return offer_status_words.parse((*row)[0].as<std::string>());
}

std::vector<std::int64_t> offers_of_person(db::Tx& tx, std::int64_t person_id) {
  std::vector<std::int64_t> ids;
  for (const auto& row : tx.exec(select_person_offers, person_id))
    ids.push_back(row[0].as<std::int64_t>());
  return ids;
}

std::vector<std::int64_t> offers_below(db::Tx& tx, const std::vector<std::int64_t>& group_ids,
                                       bool everything, int answered_limit) {
  std::vector<std::int64_t> ids;
  for (const auto& row :
       tx.exec(select_offers_below, db::array_literal(group_ids), everything, answered_limit))
    ids.push_back(row[0].as<std::int64_t>());
  return ids;
}

void set_acknowledged(db::Tx& tx, std::int64_t offer_id, std::int64_t by, const std::string& at) {
  tx.exec(update_acknowledged, offer_id, by, at);
}

void set_outcome(db::Tx& tx, std::int64_t offer_id, Outcome outcome, const std::string& note,
                 std::int64_t by, const std::string& at) {
  tx.exec(update_outcome, offer_id, std::string(outcome_words.name(outcome)), note, by, at);
}

std::vector<std::int64_t> lock_due(db::Tx& tx, const std::string& now, int limit) {
  std::vector<std::int64_t> ids;
  for (const auto& row : tx.exec(select_due, now, limit))
    ids.push_back(row[0].as<std::int64_t>());
  return ids;
}

void set_escalated(db::Tx& tx, std::int64_t offer_id, int level, const std::string& now,
                   const std::optional<std::string>& due_at) {
  tx.exec(update_escalated, offer_id, level, now, due_at);
}

}  // namespace plenary::offers::repo
