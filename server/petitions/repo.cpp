#include "petitions/repo.hpp"

namespace plenary::petitions::repo {
namespace {

// UTC, so every reader gets the same text whatever the session's time zone.
#define UTC(column) "to_char(" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

#define PETITION_COLUMNS                                                                          \
  "p.id, p.slug, p.title, p.statement, p.statement_html, p.target, g.id, g.name, p.status, " UTC( \
      "p.closes_at") ", " UTC("p.created_at")
#define PETITION_FROM " FROM petitions p JOIN groups g ON g.id = p.group_id "

const db::Statement select_group{
    "petitions.select_group", "SELECT id, name, archived_at IS NOT NULL FROM groups WHERE id = $1"};
const db::Statement insert_petition_row{
    "petitions.insert_petition",
    "INSERT INTO petitions (group_id, slug, title, statement, statement_html, target, closes_at, "
    "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz, $8, "
    "$9::timestamptz) RETURNING id"};
const db::Statement select_slug_taken{"petitions.slug_taken",
                                      "SELECT EXISTS (SELECT 1 FROM petitions WHERE slug = $1)"};
const db::Statement select_petition{"petitions.select_petition",
                                    "SELECT " PETITION_COLUMNS PETITION_FROM "WHERE p.slug = $1"};
const db::Statement lock_petition_row{"petitions.lock_petition",
                                      "SELECT " PETITION_COLUMNS PETITION_FROM
                                      "WHERE p.slug = $1 FOR UPDATE OF p"};
const db::Statement select_group_petitions{
    "petitions.select_group_petitions",
    "SELECT " PETITION_COLUMNS PETITION_FROM
    "WHERE p.group_id = $1 ORDER BY p.created_at DESC, p.id DESC LIMIT 200"};
const db::Statement update_closed{
    "petitions.close",
    "UPDATE petitions SET status = 'closed', closed_at = $2::timestamptz WHERE id = $1"};
const db::Statement select_counts{
    "petitions.counts",
    "SELECT count(*) FILTER (WHERE status = 'confirmed'), count(*) FILTER (WHERE status = "
    "'pending') FROM petition_signatures WHERE petition_id = $1"};
const db::Statement select_shown_signers{
    "petitions.shown_signers",
    "SELECT id, name, " UTC("created_at") " FROM petition_signatures "
    "WHERE petition_id = $1 AND status = 'confirmed' AND NOT hide_name "
    "AND ($2::bigint IS NULL OR id < $2::bigint) ORDER BY id DESC LIMIT $3"};
const db::Statement select_signature{
    "petitions.select_signature",
    "SELECT id, status FROM petition_signatures WHERE petition_id = $1 AND email = $2 FOR UPDATE"};
const db::Statement insert_signature_row{
    "petitions.insert_signature",
    "INSERT INTO petition_signatures (petition_id, name, email, postcode, postcode_area, "
    "group_id, hide_name, keep_updated, keep_updated_at, confirm_token_hash, "
    "withdraw_token_hash, updates_token_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
    "$9::timestamptz, $10, $11, $12, $9::timestamptz)"};
const db::Statement update_tokens{
    "petitions.update_tokens",
    "UPDATE petition_signatures SET confirm_token_hash = $2, withdraw_token_hash = $3, "
    "updates_token_hash = $4 WHERE id = $1"};
const db::Statement update_confirmed{
    "petitions.confirm",
    "UPDATE petition_signatures SET status = 'confirmed', confirmed_at = $3::timestamptz "
    "WHERE petition_id = $1 AND confirm_token_hash = $2 AND status = 'pending' RETURNING id"};
const db::Statement delete_signature_row{
    "petitions.delete_signature",
    "DELETE FROM petition_signatures WHERE petition_id = $1 AND withdraw_token_hash = $2 "
    "RETURNING id"};
const db::Statement update_stop_updates{
    "petitions.stop_updates",
    "UPDATE petition_signatures SET keep_updated = false, keep_updated_at = $3::timestamptz "
    "WHERE petition_id = $1 AND updates_token_hash = $2 RETURNING id"};
const db::Statement select_all_signatures{
    "petitions.all_signatures",
    "SELECT s.id, s.name, s.email, s.postcode, g.name, s.hide_name, s.keep_updated, s.status, " UTC(
        "s.created_at") ", " UTC("s.confirmed_at")
    " FROM petition_signatures s LEFT JOIN groups g ON g.id = s.group_id "
    "WHERE s.petition_id = $1 ORDER BY s.id"};
const db::Statement select_by_group{
    "petitions.by_group",
    "SELECT g.id, g.name, count(*) FILTER (WHERE s.status = 'confirmed'), "
    "count(*) FILTER (WHERE s.status = 'pending') FROM petition_signatures s "
    "LEFT JOIN groups g ON g.id = s.group_id WHERE s.petition_id = $1 "
    "GROUP BY g.id, g.name ORDER BY count(*) DESC, g.name NULLS LAST"};
const db::Statement select_by_area{
    "petitions.by_area",
    "SELECT postcode_area, count(*) FILTER (WHERE status = 'confirmed'), "
    "count(*) FILTER (WHERE status = 'pending') FROM petition_signatures "
    "WHERE petition_id = $1 GROUP BY postcode_area ORDER BY count(*) DESC, postcode_area"};

std::optional<std::string> optional_text(const pqxx::field& field) {
  if (field.is_null())
    return std::nullopt;
  return field.as<std::string>();
}

Petition petition_from(const pqxx::row& row) {
  Petition petition;
  petition.id = row[0].as<std::int64_t>();
  petition.slug = row[1].as<std::string>();
  petition.title = row[2].as<std::string>();
  petition.statement = row[3].as<std::string>();
  petition.statement_html = row[4].as<std::string>();
  petition.target = row[5].as<std::string>();
  petition.group = {row[6].as<std::int64_t>(), row[7].as<std::string>()};
  petition.status =
      petition_status_words.parse(row[8].as<std::string>()).value_or(PetitionStatus::closed);
  petition.closes_at = optional_text(row[9]);
  petition.created_at = row[10].as<std::string>();
  return petition;
}

SignatureStatus status_from(const pqxx::field& field) {
  return signature_status_words.parse(field.as<std::string>()).value_or(SignatureStatus::pending);
}

Counts counts_from(const pqxx::row& row, int first) {
  return {row[first].as<std::int64_t>(), row[first + 1].as<std::int64_t>()};
}

}  // namespace

std::optional<GroupRow> find_group(db::Tx& tx, std::int64_t group_id) {
  auto row = tx.exec_maybe_row(select_group, group_id);
  if (!row)
    return std::nullopt;
  return GroupRow{{(*row)[0].as<std::int64_t>(), (*row)[1].as<std::string>()},
                  (*row)[2].as<bool>()};
}

std::int64_t insert_petition(db::Tx& tx, const PetitionRow& row) {
  return tx
      .exec(insert_petition_row, row.group_id, row.slug, row.title, row.statement,
            row.statement_html, row.target, row.closes_at, row.created_by, row.now)[0][0]
      .as<std::int64_t>();
}

bool slug_taken(db::Tx& tx, const std::string& slug) {
  return tx.exec(select_slug_taken, slug)[0][0].as<bool>();
}

std::optional<Petition> find_petition(db::Tx& tx, const std::string& slug) {
  auto row = tx.exec_maybe_row(select_petition, slug);
  if (!row)
    return std::nullopt;
  return petition_from(*row);
}

std::optional<Petition> lock_petition(db::Tx& tx, const std::string& slug) {
  auto row = tx.exec_maybe_row(lock_petition_row, slug);
  if (!row)
    return std::nullopt;
  return petition_from(*row);
}

std::vector<Petition> group_petitions(db::Tx& tx, std::int64_t group_id) {
  std::vector<Petition> petitions;
  for (const auto& row : tx.exec(select_group_petitions, group_id))
    petitions.push_back(petition_from(row));
  return petitions;
}

void close_petition(db::Tx& tx, std::int64_t petition_id, const std::string& now) {
  tx.exec(update_closed, petition_id, now);
}

Counts counts(db::Tx& tx, std::int64_t petition_id) {
  return counts_from(tx.exec(select_counts, petition_id)[0], 0);
}

std::vector<SignatureRecord> shown_signers(db::Tx& tx, std::int64_t petition_id,
                                           std::optional<std::int64_t> before_id, int limit) {
  std::vector<SignatureRecord> signers;
  for (const auto& row : tx.exec(select_shown_signers, petition_id, before_id, limit)) {
    SignatureRecord signer;
    signer.id = row[0].as<std::int64_t>();
    signer.name = row[1].as<std::string>();
    signer.signed_at = row[2].as<std::string>();
    // The query took only these: confirmed and shown, so said.
    signer.status = SignatureStatus::confirmed;
    signer.hide_name = false;
    signers.push_back(std::move(signer));
  }
  return signers;
}

std::optional<ExistingSignature> find_signature(db::Tx& tx, std::int64_t petition_id,
                                                const std::string& email) {
  auto row = tx.exec_maybe_row(select_signature, petition_id, email);
  if (!row)
    return std::nullopt;
  return ExistingSignature{(*row)[0].as<std::int64_t>(), status_from((*row)[1])};
}

void insert_signature(db::Tx& tx, const SignatureRow& row) {
  tx.exec(insert_signature_row, row.petition_id, row.input.name, row.input.email,
          row.input.postcode, row.postcode_area, row.input.group_id, row.input.hide_name,
          row.input.keep_updated, row.now, row.tokens.confirm, row.tokens.withdraw,
          row.tokens.updates);
}

void replace_tokens(db::Tx& tx, std::int64_t signature_id, const TokenHashes& tokens) {
  tx.exec(update_tokens, signature_id, tokens.confirm, tokens.withdraw, tokens.updates);
}

bool confirm_signature(db::Tx& tx, std::int64_t petition_id, const std::string& token_hash,
                       const std::string& now) {
  return !tx.exec(update_confirmed, petition_id, token_hash, now).empty();
}

bool delete_signature(db::Tx& tx, std::int64_t petition_id, const std::string& token_hash) {
  return !tx.exec(delete_signature_row, petition_id, token_hash).empty();
}

bool stop_updates(db::Tx& tx, std::int64_t petition_id, const std::string& token_hash,
                  const std::string& now) {
  return !tx.exec(update_stop_updates, petition_id, token_hash, now).empty();
}

std::vector<SignatureRecord> all_signatures(db::Tx& tx, std::int64_t petition_id) {
  std::vector<SignatureRecord> signatures;
  for (const auto& row : tx.exec(select_all_signatures, petition_id)) {
    SignatureRecord signature;
    signature.id = row[0].as<std::int64_t>();
    signature.name = row[1].as<std::string>();
    signature.email = row[2].as<std::string>();
    signature.postcode = row[3].as<std::string>();
    signature.group_name = optional_text(row[4]);
    signature.hide_name = row[5].as<bool>();
    signature.keep_updated = row[6].as<bool>();
    signature.status = status_from(row[7]);
    signature.signed_at = row[8].as<std::string>();
    signature.confirmed_at = optional_text(row[9]);
    signatures.push_back(std::move(signature));
  }
  return signatures;
}

Breakdown breakdown(db::Tx& tx, std::int64_t petition_id) {
  Breakdown result;
  for (const auto& row : tx.exec(select_by_group, petition_id)) {
    GroupCount entry;
    if (!row[0].is_null())
      entry.group = GroupRef{row[0].as<std::int64_t>(), row[1].as<std::string>()};
    entry.counts = counts_from(row, 2);
    result.by_group.push_back(std::move(entry));
  }
  for (const auto& row : tx.exec(select_by_area, petition_id))
    result.by_area.push_back({row[0].as<std::string>(), counts_from(row, 1)});
  return result;
}

}  // namespace plenary::petitions::repo
