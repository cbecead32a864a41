#include "accounts/repo.hpp"

namespace plenary::accounts::repo {
namespace {

// Timestamps leave the database as ISO 8601 text via to_json, whatever the DateStyle.
const db::Statement select_person_by_email{
    "accounts.select_person_by_email",
    "SELECT id, email::text, display_name, email_verified_at IS NOT NULL, site_admin, "
    "hidden_from_directory, password_hash FROM persons WHERE email = $1"};
const db::Statement select_person{
    "accounts.select_person",
    "SELECT id, email::text, display_name, email_verified_at IS NOT NULL, site_admin, "
    "hidden_from_directory, password_hash FROM persons WHERE id = $1"};
const db::Statement select_any_admin{"accounts.select_any_admin",
                                     "SELECT EXISTS (SELECT 1 FROM persons WHERE site_admin)"};
const db::Statement insert_person_row{
    "accounts.insert_person",
    "INSERT INTO persons (email, display_name, password_hash, site_admin) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT (email) DO NOTHING "
    "RETURNING id, email::text, display_name, false, site_admin, hidden_from_directory"};
const db::Statement claim_person_row{
    "accounts.claim_person",
    "UPDATE persons SET password_hash = $3, display_name = $2 "
    "WHERE email = $1 AND password_hash IS NULL "
    "RETURNING id, email::text, display_name, email_verified_at IS NOT NULL, site_admin, "
    "hidden_from_directory"};
const db::Statement update_password{"accounts.update_password",
                                    "UPDATE persons SET password_hash = $2 WHERE id = $1"};
const db::Statement update_verified{
    "accounts.update_verified",
    "UPDATE persons SET email_verified_at = coalesce(email_verified_at, $2::timestamptz) "
    "WHERE id = $1"};
const db::Statement update_profile_row{
    "accounts.update_profile",
    "UPDATE persons SET display_name = coalesce($2, display_name), "
    "hidden_from_directory = coalesce($3, hidden_from_directory) WHERE id = $1 "
    "RETURNING id, email::text, display_name, email_verified_at IS NOT NULL, site_admin, "
    "hidden_from_directory"};
const db::Statement insert_token_row{
    "accounts.insert_token",
    "INSERT INTO account_tokens (person_id, purpose, token_hash, expires_at) "
    "VALUES ($1, $2, $3, $4::timestamptz)"};
const db::Statement use_token_row{
    "accounts.use_token",
    "UPDATE account_tokens SET used_at = $3::timestamptz "
    "WHERE purpose = $1 AND token_hash = $2 AND used_at IS NULL AND expires_at > $3::timestamptz "
    "RETURNING person_id"};
const db::Statement select_token_owner{
    "accounts.select_token_owner",
    "SELECT person_id FROM account_tokens WHERE purpose = $1 AND token_hash = $2 "
    "AND used_at IS NULL AND expires_at > $3::timestamptz"};
const db::Statement insert_session_row{
    "accounts.insert_session",
    "INSERT INTO sessions (person_id, token_hash, csrf_token, created_at, last_seen_at, "
    "idle_expires_at, absolute_expires_at, user_agent, ip_address) "
    "VALUES ($1, $2, $3, $4::timestamptz, $4::timestamptz, $5::timestamptz, $6::timestamptz, $7, "
    "$8) RETURNING id"};
// A session's check and its touch as one statement outside any transaction block: one round trip
// per request instead of BEGIN, SELECT, COMMIT. The touch (last seen, idle expiry pushed on) is
// written only when the last one is older than $3, and committed without waiting for the WAL flush
// (synchronous_commit off for this statement's transaction alone): a crash may lose a touch, which
// costs at most that much idle time, and a request that writes pays for one flush, not two.
// Revocation stays exact: this reads the latest committed row on every request.
const db::Statement select_and_touch_session{
    "accounts.select_and_touch_session",
    "WITH found AS ("
    "  SELECT s.id, s.person_id, s.csrf_token, p.display_name, p.site_admin, "
    "         p.email_verified_at IS NOT NULL AS email_verified, "
    "         floor(extract(epoch FROM least(s.idle_expires_at, s.absolute_expires_at)))::bigint "
    "         AS expires_at "
    "  FROM sessions s JOIN persons p ON p.id = s.person_id "
    "  WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.idle_expires_at > $2::timestamptz "
    "  AND s.absolute_expires_at > $2::timestamptz), "
    "touched AS ("
    "  UPDATE sessions s SET last_seen_at = $2::timestamptz, "
    "  idle_expires_at = least($4::timestamptz, s.absolute_expires_at) "
    "  WHERE s.id = (SELECT id FROM found) AND s.last_seen_at <= $3::timestamptz RETURNING 1) "
    "SELECT id, person_id, csrf_token, display_name, site_admin, email_verified, expires_at, "
    "set_config('synchronous_commit', 'off', true) FROM found"};
const db::Statement revoke_session_row{
    "accounts.revoke_session",
    "UPDATE sessions SET revoked_at = $3::timestamptz "
    "WHERE id = $2 AND person_id = $1 AND revoked_at IS NULL RETURNING id"};
const db::Statement revoke_other_session_rows{
    "accounts.revoke_other_sessions",
    "UPDATE sessions SET revoked_at = $3::timestamptz "
    "WHERE person_id = $1 AND id <> $2 AND revoked_at IS NULL"};
const db::Statement select_sessions{
    "accounts.select_sessions",
    "SELECT id, to_json(created_at)#>>'{}', to_json(last_seen_at)#>>'{}', user_agent, ip_address "
    "FROM sessions WHERE person_id = $1 AND revoked_at IS NULL "
    "AND idle_expires_at > $2::timestamptz AND absolute_expires_at > $2::timestamptz "
    "ORDER BY last_seen_at DESC LIMIT 100"};
const db::Statement add_rate_hit{
    "accounts.add_rate_hit",
    "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2::timestamptz, 1) "
    "ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1 "
    "RETURNING hits"};
const db::Statement select_rate_hits{
    "accounts.select_rate_hits",
    "SELECT coalesce((SELECT hits FROM rate_limits WHERE bucket = $1 "
    "AND window_start = $2::timestamptz), 0)"};

Person person_from(const pqxx::row& row) {
  return {row[0].as<std::int64_t>(), row[1].as<std::string>(), row[2].as<std::string>(),
          row[3].as<bool>(),         row[4].as<bool>(),        row[5].as<bool>()};
}

std::optional<StoredPerson> stored_person_from(const std::optional<pqxx::row>& row) {
  if (!row)
    return std::nullopt;
  StoredPerson stored{person_from(*row), std::nullopt};
  if (!(*row)[6].is_null())
    stored.password_hash = (*row)[6].as<std::string>();
  return stored;
}

}  // namespace

std::optional<StoredPerson> find_person_by_email(db::Tx& tx, const std::string& email) {
  return stored_person_from(tx.exec_maybe_row(select_person_by_email, email));
}

std::optional<StoredPerson> find_person(db::Tx& tx, std::int64_t id) {
  return stored_person_from(tx.exec_maybe_row(select_person, id));
}

bool any_site_admin(db::Tx& tx) {
  return tx.exec(select_any_admin)[0][0].as<bool>();
}

std::optional<Person> insert_person(db::Tx& tx, const std::string& email,
                                    const std::string& display_name,
                                    const std::string& password_hash, bool site_admin) {
  auto row = tx.exec_maybe_row(insert_person_row, email, display_name, password_hash, site_admin);
  if (!row)
    return std::nullopt;
  return person_from(*row);
}

std::optional<Person> claim_person_without_password(db::Tx& tx, const std::string& email,
                                                    const std::string& display_name,
                                                    const std::string& password_hash) {
  auto row = tx.exec_maybe_row(claim_person_row, email, display_name, password_hash);
  if (!row)
    return std::nullopt;
  return person_from(*row);
}

void set_password(db::Tx& tx, std::int64_t person_id, const std::string& password_hash) {
  tx.exec(update_password, person_id, password_hash);
}

void mark_email_verified(db::Tx& tx, std::int64_t person_id, const std::string& now) {
  tx.exec(update_verified, person_id, now);
}

std::optional<Person> update_profile(db::Tx& tx, std::int64_t person_id,
                                     const std::optional<std::string>& display_name,
                                     const std::optional<bool>& hidden_from_directory) {
  auto row = tx.exec_maybe_row(update_profile_row, person_id, display_name, hidden_from_directory);
  if (!row)
    return std::nullopt;
  return person_from(*row);
}

void insert_token(db::Tx& tx, std::int64_t person_id, const std::string& purpose,
                  const std::string& token_hash, const std::string& expires_at) {
  tx.exec(insert_token_row, person_id, purpose, token_hash, expires_at);
}

std::optional<std::int64_t> token_owner(db::Tx& tx, const std::string& purpose,
                                        const std::string& token_hash, const std::string& now) {
  auto row = tx.exec_maybe_row(select_token_owner, purpose, token_hash, now);
  if (!row)
    return std::nullopt;
  return (*row)[0].as<std::int64_t>();
}

std::optional<std::int64_t> use_token(db::Tx& tx, const std::string& purpose,
                                      const std::string& token_hash, const std::string& now) {
  auto row = tx.exec_maybe_row(use_token_row, purpose, token_hash, now);
  if (!row)
    return std::nullopt;
  return (*row)[0].as<std::int64_t>();
}

std::int64_t insert_session(db::Tx& tx, std::int64_t person_id, const std::string& token_hash,
                            const std::string& csrf_token, const std::string& now,
                            const std::string& idle_expires_at,
                            const std::string& absolute_expires_at, const std::string& user_agent,
                            const std::string& ip_address) {
  return tx
      .exec(insert_session_row, person_id, token_hash, csrf_token, now, idle_expires_at,
            absolute_expires_at, user_agent, ip_address)[0][0]
      .as<std::int64_t>();
}

std::optional<ActiveSession> authenticate_session(db::Connection& db, const std::string& token_hash,
                                                  const std::string& now,
                                                  const std::string& touch_if_before,
                                                  const std::string& idle_expires_at) {
  pqxx::result result;
  try {
    db.prepare(select_and_touch_session);
    pqxx::nontransaction alone(db.get());
    result = alone.exec_prepared(select_and_touch_session.name, token_hash, now, touch_if_before,
                                 idle_expires_at);
  } catch (const pqxx::broken_connection& e) {
    // As db::transact does: the connection is rebuilt and the request answers 503.
    db.reset();
    throw db::Unavailable(e.what());
  }
  if (result.empty())
    return std::nullopt;
  const auto row = result[0];
  Actor actor;
  actor.session_id = row[0].as<std::int64_t>();
  actor.person_id = row[1].as<std::int64_t>();
  actor.csrf_token = row[2].as<std::string>();
  actor.display_name = row[3].as<std::string>();
  actor.site_admin = row[4].as<bool>();
  actor.email_verified = row[5].as<bool>();
  return ActiveSession{std::move(actor),
                       TimePoint(std::chrono::seconds(row[6].as<std::int64_t>()))};
}

bool revoke_session(db::Tx& tx, std::int64_t person_id, std::int64_t session_id,
                    const std::string& now) {
  return !tx.exec(revoke_session_row, person_id, session_id, now).empty();
}

void revoke_other_sessions(db::Tx& tx, std::int64_t person_id, std::int64_t keep_session_id,
                           const std::string& now) {
  tx.exec(revoke_other_session_rows, person_id, keep_session_id, now);
}

std::vector<SessionInfo> list_sessions(db::Tx& tx, std::int64_t person_id, const std::string& now) {
  std::vector<SessionInfo> sessions;
  for (const auto& row : tx.exec(select_sessions, person_id, now)) {
    sessions.push_back({row[0].as<std::int64_t>(), row[1].as<std::string>(),
                        row[2].as<std::string>(), row[3].as<std::string>(),
                        row[4].as<std::string>(), false});
  }
  return sessions;
}

int add_hit(db::Tx& tx, const std::string& bucket, const std::string& window_start) {
  return tx.exec(add_rate_hit, bucket, window_start)[0][0].as<int>();
}

int hits(db::Tx& tx, const std::string& bucket, const std::string& window_start) {
  return tx.exec(select_rate_hits, bucket, window_start)[0][0].as<int>();
}

}  // namespace plenary::accounts::repo
