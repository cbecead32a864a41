#pragma once
// Account use cases: each checks its input, loads, decides and writes in one transaction, and
// returns a value or an Error. Never sees HTTP or JSON.
#include <optional>
#include <string>
#include <vector>

#include "accounts/model.hpp"
#include "accounts/passwords.hpp"
#include "accounts/session_cache.hpp"
#include "core/actor.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "db/database.hpp"

namespace plenary::accounts {

struct ServiceOptions {
  std::string public_base_url;  // links in emails start with this
  RateLimits rate_limits;
  SessionLifetime session_lifetime;
};

struct RequestOrigin {
  std::string address;
  std::string user_agent;
};

class Service {
 public:
  Service(PasswordHasher& hasher, const Clock& clock, ServiceOptions options);

  Result<Person> register_account(db::Connection& db, const std::string& email,
                                  const std::string& password, const std::string& display_name,
                                  const RequestOrigin& origin);
  Result<Person> verify_email(db::Connection& db, const std::string& token);
  Status resend_verification(db::Connection& db, const Actor& actor);
  Result<SignedIn> sign_in(db::Connection& db, const std::string& email,
                           const std::string& password, const RequestOrigin& origin);
  Status sign_out(db::Connection& db, const Actor& actor);
  // The actor behind a session token, or nothing when it is unknown, expired or revoked. Read
  // from the database, and remembered (SessionCache) for authenticate_from_memory.
  std::optional<Actor> authenticate(db::Connection& db, std::string_view session_token);
  // The same answer without the database, when this process read the session lately and no
  // event since said it changed; nothing when only the database can tell.
  std::optional<Actor> authenticate_from_memory(std::string_view session_token) const;
  // A live event from any process: drops the sessions it may concern.
  void forget_sessions_for(std::string_view room, std::string_view kind) {
    sessions_.forget_for(room, kind);
  }

  Result<std::vector<SessionInfo>> sessions(db::Connection& db, const Actor& actor);
  Status revoke_session(db::Connection& db, const Actor& actor, std::int64_t session_id);
  Status change_password(db::Connection& db, const Actor& actor,
                         const std::string& current_password, const std::string& new_password);
  Status request_password_reset(db::Connection& db, const std::string& email,
                                const RequestOrigin& origin);
  Status complete_password_reset(db::Connection& db, const std::string& token,
                                 const std::string& new_password);
  Result<Person> person(db::Connection& db, const Actor& actor);
  Result<Person> update_profile(db::Connection& db, const Actor& actor,
                                const std::optional<std::string>& display_name,
                                const std::optional<bool>& hidden_from_directory);

  const ServiceOptions& options() const { return options_; }
  // Once the listening port is known (it may be chosen at start-up): before serving requests.
  void set_public_base_url(std::string url) { options_.public_base_url = std::move(url); }

 private:
  Status count_request_from(db::Connection& db, const std::string& address);
  std::string window_start() const;
  int seconds_left_in_window() const;
  // The address a mailed link leads to: our public address, a page, and the token.
  std::string link(const std::string& path, const std::string& token) const;

  PasswordHasher& hasher_;
  const Clock& clock_;
  ServiceOptions options_;
  SessionCache sessions_;
};

}  // namespace plenary::accounts
