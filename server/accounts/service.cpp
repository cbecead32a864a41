#include "accounts/service.hpp"

#include "accounts/mails.hpp"
#include "accounts/repo.hpp"
#include "accounts/tokens.hpp"
#include "core/log.hpp"
#include "core/time.hpp"
#include "events/outbox.hpp"
#include "mail/outbox.hpp"

namespace plenary::accounts {
namespace {

constexpr auto verification_lifetime = std::chrono::hours(72);
constexpr auto reset_lifetime = std::chrono::hours(1);
// A session is written back at most this often, so reading pages does not mean writing rows.
constexpr auto touch_interval = std::chrono::seconds(60);

Error password_problem(const std::string& field, std::string message) {
  return invalid_field(field, std::move(message));
}

// Sent in the transaction that revoked a session or changed what a session's Actor carries:
// every process drops the person's cached sessions when it arrives (SessionCache). The process
// that made the change drops them itself at once (forget_person), without waiting for the event.
void announce_account_change(db::Tx& tx, std::int64_t person_id, std::string_view kind) {
  events::publish(tx, "person:" + std::to_string(person_id), kind, nlohmann::json::object());
}

}  // namespace

Service::Service(PasswordHasher& hasher, const Clock& clock, ServiceOptions options)
    : hasher_(hasher), clock_(clock), options_(std::move(options)) {}

std::string Service::window_start() const {
  const auto window = std::chrono::seconds(options_.rate_limits.window_seconds);
  const auto since_epoch = clock_.now().time_since_epoch();
  const auto start = since_epoch - since_epoch % window;
  return iso8601(TimePoint(std::chrono::duration_cast<TimePoint::duration>(start)));
}

int Service::seconds_left_in_window() const {
  const auto window = std::chrono::seconds(options_.rate_limits.window_seconds);
  const auto into =
      std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch() % window);
  return static_cast<int>((window - into).count());
}

Status Service::count_request_from(db::Connection& db, const std::string& address) {
  // Committed on its own, so that refused requests are counted too.
  const int hits = db::transact(
      db, [&](db::Tx& tx) { return repo::add_hit(tx, "address:" + address, window_start()); });
  if (hits > options_.rate_limits.requests_per_address) {
    return too_many_requests(
        "Too many attempts from your network. Wait a few minutes and try again.",
        seconds_left_in_window());
  }
  return ok();
}

std::string Service::link(const std::string& path, const std::string& token) const {
  return options_.public_base_url + path + "?token=" + token;
}

Result<Person> Service::register_account(db::Connection& db, const std::string& email,
                                         const std::string& password,
                                         const std::string& display_name,
                                         const RequestOrigin& origin) {
  if (auto weakness = password_weakness(password, email, display_name)) {
    return password_problem("password", *weakness);
  }
  if (auto limited = count_request_from(db, origin.address); !limited)
    return limited.error();
  const std::string hash = hasher_.hash(password);  // slow: outside any transaction
  const std::string token = random_token();
  const auto expires = iso8601(clock_.now() + verification_lifetime);
  auto created = db::transact(db, [&](db::Tx& tx) -> Result<Person> {
    // The first account of a new instance administers it.
    const bool first_admin = !repo::any_site_admin(tx);
    auto person = repo::insert_person(tx, email, display_name, hash, first_admin);
    if (!person)
      person = repo::claim_person_without_password(tx, email, display_name, hash);
    if (!person) {
      return conflict(
          "An account with this email address already exists. Sign in, or reset "
          "your password if you have forgotten it.",
          "email_taken");
    }
    repo::insert_token(tx, person->id, "verify_email", token_hash(token), expires);
    // Queued with the token: the mail goes if and only if the account is made.
    if (auto queued =
            mail::enqueue(tx,
                          verification_mail(email, display_name, link("/verify-email", token),
                                            verification_lifetime),
                          clock_.now());
        !queued) {
      return invalid_field("email", "We cannot send mail to this address. Check it is right.");
    }
    return *person;
  });
  return created;
}

Result<Person> Service::verify_email(db::Connection& db, const std::string& token) {
  const Error bad_token = invalid_field(
      "token", "This verification link is not valid or has expired. Ask for a new one.");
  if (!well_formed_token(token))
    return bad_token;
  const auto now = iso8601(clock_.now());
  auto verified = db::transact(db, [&](db::Tx& tx) -> Result<Person> {
    auto person_id = repo::use_token(tx, "verify_email", token_hash(token), now);
    if (!person_id)
      return bad_token;
    repo::mark_email_verified(tx, *person_id, now);
    announce_account_change(tx, *person_id, "account.updated");
    auto stored = repo::find_person(tx, *person_id);
    if (!stored)
      return bad_token;
    return stored->person;
  });
  if (verified)
    sessions_.forget_person(verified->id);
  return verified;
}

Status Service::resend_verification(db::Connection& db, const Actor& actor) {
  const std::string token = random_token();
  const auto expires = iso8601(clock_.now() + verification_lifetime);
  auto email = db::transact(db, [&](db::Tx& tx) -> Result<std::string> {
    auto stored = repo::find_person(tx, actor.person_id);
    if (!stored)
      return unauthenticated();
    if (stored->person.email_verified) {
      return conflict("Your email address is already verified.", "already_verified");
    }
    repo::insert_token(tx, actor.person_id, "verify_email", token_hash(token), expires);
    auto queued =
        mail::enqueue(tx,
                      verification_mail(stored->person.email, stored->person.display_name,
                                        link("/verify-email", token), verification_lifetime),
                      clock_.now());
    if (!queued)
      return queued.error();
    return stored->person.email;
  });
  if (!email)
    return email.error();
  return ok();
}

Result<SignedIn> Service::sign_in(db::Connection& db, const std::string& email,
                                  const std::string& password, const RequestOrigin& origin) {
  if (auto limited = count_request_from(db, origin.address); !limited)
    return limited.error();
  const std::string failure_bucket = "sign-in-failures:" + email;
  auto [stored, failures] = db::transact(db, [&](db::Tx& tx) {
    return std::make_pair(repo::find_person_by_email(tx, email),
                          repo::hits(tx, failure_bucket, window_start()));
  });
  if (failures >= options_.rate_limits.failed_sign_ins_per_account) {
    return too_many_requests(
        "Too many failed attempts to sign in to this account. Wait a few minutes, or reset your "
        "password.",
        seconds_left_in_window());
  }
  bool good = false;
  if (stored && stored->password_hash) {
    good = hasher_.verify(*stored->password_hash, password);
  } else {
    hasher_.waste_verification_time(password);
  }
  if (!good) {
    db::transact(db, [&](db::Tx& tx) { return repo::add_hit(tx, failure_bucket, window_start()); });
    Error error = unauthenticated("The email or password is not right.");
    error.code = "bad_credentials";
    return error;
  }
  SignedIn signed_in;
  signed_in.person = stored->person;
  signed_in.session_token = random_token();
  signed_in.csrf_token = random_token();
  signed_in.max_age_seconds = options_.session_lifetime.absolute_seconds;
  const auto now = clock_.now();
  db::transact(db, [&](db::Tx& tx) {
    return repo::insert_session(
        tx, stored->person.id, token_hash(signed_in.session_token), signed_in.csrf_token,
        iso8601(now), iso8601(now + std::chrono::seconds(options_.session_lifetime.idle_seconds)),
        iso8601(now + std::chrono::seconds(options_.session_lifetime.absolute_seconds)),
        origin.user_agent.substr(0, 300), origin.address);
  });
  return signed_in;
}

Status Service::sign_out(db::Connection& db, const Actor& actor) {
  db::transact(db, [&](db::Tx& tx) {
    const bool revoked =
        repo::revoke_session(tx, actor.person_id, actor.session_id, iso8601(clock_.now()));
    if (revoked)
      announce_account_change(tx, actor.person_id, "session.revoked");
    return revoked;
  });
  sessions_.forget_person(actor.person_id);
  return ok();
}

std::optional<Actor> Service::authenticate(db::Connection& db, std::string_view session_token) {
  if (!well_formed_token(session_token))
    return std::nullopt;
  const auto now = clock_.now();
  const auto hash = token_hash(session_token);
  const auto read_at = sessions_.generation();
  auto session = repo::authenticate_session(
      db, hash, iso8601(now), iso8601(now - touch_interval),
      iso8601(now + std::chrono::seconds(options_.session_lifetime.idle_seconds)));
  if (!session)
    return std::nullopt;
  sessions_.store(hash, session->actor, now, session->expires_at, read_at);
  return std::move(session->actor);
}

std::optional<Actor> Service::authenticate_from_memory(std::string_view session_token) const {
  if (!well_formed_token(session_token))
    return std::nullopt;
  return sessions_.find(token_hash(session_token), clock_.now());
}

Result<std::vector<SessionInfo>> Service::sessions(db::Connection& db, const Actor& actor) {
  auto list = db::transact(db, [&](db::Tx& tx) {
    return repo::list_sessions(tx, actor.person_id, iso8601(clock_.now()));
  });
  for (auto& session : list)
    session.current = session.id == actor.session_id;
  return list;
}

Status Service::revoke_session(db::Connection& db, const Actor& actor, std::int64_t session_id) {
  const bool revoked = db::transact(db, [&](db::Tx& tx) {
    const bool found = repo::revoke_session(tx, actor.person_id, session_id, iso8601(clock_.now()));
    if (found)
      announce_account_change(tx, actor.person_id, "session.revoked");
    return found;
  });
  sessions_.forget_person(actor.person_id);
  if (!revoked)
    return not_found("You have no open session with that number.");
  return ok();
}

Status Service::change_password(db::Connection& db, const Actor& actor,
                                const std::string& current_password,
                                const std::string& new_password) {
  auto stored =
      db::transact(db, [&](db::Tx& tx) { return repo::find_person(tx, actor.person_id); });
  if (!stored)
    return unauthenticated();
  if (auto weakness =
          password_weakness(new_password, stored->person.email, stored->person.display_name)) {
    return password_problem("new_password", *weakness);
  }
  if (!stored->password_hash || !hasher_.verify(*stored->password_hash, current_password)) {
    return password_problem("current_password", "Your current password is not right.");
  }
  const std::string hash = hasher_.hash(new_password);
  auto changed = db::transact(db, [&](db::Tx& tx) -> Status {
    repo::set_password(tx, actor.person_id, hash);
    // Whoever else knew the old password loses their sessions; this one stays signed in.
    repo::revoke_other_sessions(tx, actor.person_id, actor.session_id, iso8601(clock_.now()));
    announce_account_change(tx, actor.person_id, "session.revoked");
    return ok();
  });
  sessions_.forget_person(actor.person_id);
  return changed;
}

Status Service::request_password_reset(db::Connection& db, const std::string& email,
                                       const RequestOrigin& origin) {
  if (auto limited = count_request_from(db, origin.address); !limited)
    return limited.error();
  const std::string token = random_token();
  const auto expires = iso8601(clock_.now() + reset_lifetime);
  // The answer is the same whether or not the address is known, so it reveals no accounts.
  return db::transact(db, [&](db::Tx& tx) -> Status {
    auto stored = repo::find_person_by_email(tx, email);
    if (!stored)
      return ok();
    repo::insert_token(tx, stored->person.id, "reset_password", token_hash(token), expires);
    auto queued =
        mail::enqueue(tx,
                      password_reset_mail(stored->person.email, stored->person.display_name,
                                          link("/reset-password", token), reset_lifetime),
                      clock_.now());
    if (!queued)
      return queued.error();
    return ok();
  });
}

Status Service::complete_password_reset(db::Connection& db, const std::string& token,
                                        const std::string& new_password) {
  const Error bad_token =
      invalid_field("token", "This reset link is not valid or has expired. Ask for a new one.");
  if (!well_formed_token(token))
    return bad_token;
  // Check the password before spending the token, so a weak choice does not burn the link.
  auto owner = db::transact(db, [&](db::Tx& tx) -> std::optional<repo::StoredPerson> {
    auto person_id =
        repo::token_owner(tx, "reset_password", token_hash(token), iso8601(clock_.now()));
    if (!person_id)
      return std::nullopt;
    return repo::find_person(tx, *person_id);
  });
  if (!owner)
    return bad_token;
  if (auto weakness =
          password_weakness(new_password, owner->person.email, owner->person.display_name)) {
    return password_problem("new_password", *weakness);
  }
  const std::string hash = hasher_.hash(new_password);
  const auto now = iso8601(clock_.now());
  std::optional<std::int64_t> reset_person;
  auto reset = db::transact(db, [&](db::Tx& tx) -> Status {
    auto person_id = repo::use_token(tx, "reset_password", token_hash(token), now);
    if (!person_id)
      return bad_token;
    repo::set_password(tx, *person_id, hash);
    // Reading the reset email proves the address too.
    repo::mark_email_verified(tx, *person_id, now);
    repo::revoke_other_sessions(tx, *person_id, 0, now);
    announce_account_change(tx, *person_id, "session.revoked");
    reset_person = person_id;
    return ok();
  });
  if (reset_person)  // set only when the reset went through
    sessions_.forget_person(*reset_person);
  return reset;
}

Result<Person> Service::person(db::Connection& db, const Actor& actor) {
  auto stored =
      db::transact(db, [&](db::Tx& tx) { return repo::find_person(tx, actor.person_id); });
  if (!stored)
    return unauthenticated();
  return stored->person;
}

Result<Person> Service::update_profile(db::Connection& db, const Actor& actor,
                                       const std::optional<std::string>& display_name,
                                       const std::optional<bool>& hidden_from_directory) {
  auto updated = db::transact(db, [&](db::Tx& tx) -> Result<Person> {
    auto person = repo::update_profile(tx, actor.person_id, display_name, hidden_from_directory);
    if (!person)
      return unauthenticated();
    announce_account_change(tx, actor.person_id, "account.updated");
    return *person;
  });
  sessions_.forget_person(actor.person_id);
  return updated;
}

}  // namespace plenary::accounts
