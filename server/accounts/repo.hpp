#pragma once
// SQL for people, sessions, one-time tokens and rate-limit counters. Decides nothing.
#include <optional>
#include <string>
#include <vector>

#include "accounts/model.hpp"
#include "core/actor.hpp"
#include "core/clock.hpp"
#include "db/database.hpp"

namespace plenary::accounts::repo {

struct StoredPerson {
  Person person;
  std::optional<std::string> password_hash;
};

std::optional<StoredPerson> find_person_by_email(db::Tx& tx, const std::string& email);
std::optional<StoredPerson> find_person(db::Tx& tx, std::int64_t id);
bool any_site_admin(db::Tx& tx);
// Inserts, or — for a person an officer added without a password — claims the row.
std::optional<Person> insert_person(db::Tx& tx, const std::string& email,
                                    const std::string& display_name,
                                    const std::string& password_hash, bool site_admin);
std::optional<Person> claim_person_without_password(db::Tx& tx, const std::string& email,
                                                    const std::string& display_name,
                                                    const std::string& password_hash);
void set_password(db::Tx& tx, std::int64_t person_id, const std::string& password_hash);
void mark_email_verified(db::Tx& tx, std::int64_t person_id, const std::string& now);
std::optional<Person> update_profile(db::Tx& tx, std::int64_t person_id,
                                     const std::optional<std::string>& display_name,
                                     const std::optional<bool>& hidden_from_directory);

void insert_token(db::Tx& tx, std::int64_t person_id, const std::string& purpose,
                  const std::string& token_hash, const std::string& expires_at);
// The person a valid token belongs to, without using it up.
std::optional<std::int64_t> token_owner(db::Tx& tx, const std::string& purpose,
                                        const std::string& token_hash, const std::string& now);
// Marks a valid token used and returns its person, or nothing when unknown, used or expired.
std::optional<std::int64_t> use_token(db::Tx& tx, const std::string& purpose,
                                      const std::string& token_hash, const std::string& now);

std::int64_t insert_session(db::Tx& tx, std::int64_t person_id, const std::string& token_hash,
                            const std::string& csrf_token, const std::string& now,
                            const std::string& idle_expires_at,
                            const std::string& absolute_expires_at, const std::string& user_agent,
                            const std::string& ip_address);

struct ActiveSession {
  Actor actor;
  TimePoint expires_at;  // the earlier of its idle and absolute expiry, as read
};
// The actor of an active session (not revoked, not expired at `now`), touching the session when
// it was last seen before `touch_if_before`. One statement, outside any transaction: it takes the
// connection rather than a Tx.
std::optional<ActiveSession> authenticate_session(db::Connection& db, const std::string& token_hash,
                                                  const std::string& now,
                                                  const std::string& touch_if_before,
                                                  const std::string& idle_expires_at);
bool revoke_session(db::Tx& tx, std::int64_t person_id, std::int64_t session_id,
                    const std::string& now);
void revoke_other_sessions(db::Tx& tx, std::int64_t person_id, std::int64_t keep_session_id,
                           const std::string& now);
std::vector<SessionInfo> list_sessions(db::Tx& tx, std::int64_t person_id, const std::string& now);

// Adds one hit to the counter of this window and returns the new count.
int add_hit(db::Tx& tx, const std::string& bucket, const std::string& window_start);
int hits(db::Tx& tx, const std::string& bucket, const std::string& window_start);

}  // namespace plenary::accounts::repo
