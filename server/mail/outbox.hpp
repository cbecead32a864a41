#pragma once
// The mail queue in PostgreSQL. Modules enqueue inside their own transaction, so a mail is queued
// if and only if the change that caused it commits; the sender (sender.hpp) locks due mails, one
// at a time, and records what became of each.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "db/database.hpp"

namespace plenary::mail {

struct OutgoingMail {
  std::string kind;  // what caused it, e.g. "verify_email": for operators, not the recipient
  std::string to_address;
  std::string to_name;  // may be empty
  std::string subject;
  std::string body_text;
};

// Pure: what enqueue refuses (an address we cannot send to, a line break in a header, …).
Status check_outgoing(const OutgoingMail& mail);

// Queues the mail in the caller's transaction; returns its id. Due at once.
Result<std::int64_t> enqueue(db::Tx& tx, const OutgoingMail& mail, TimePoint now);

// Mail not yet sent nor given up, oldest first: for operators without an SMTP server, who read
// it with `plenary outbox`.
struct WaitingMail {
  std::int64_t id = 0;
  OutgoingMail mail;
  std::string queued_at;  // ISO 8601
  int failed_attempts = 0;
};
std::vector<WaitingMail> waiting(db::Tx& tx, int limit);

// A due mail, locked by the sender's transaction until that ends: other server processes skip
// it, whatever their clocks say, and if this process dies mid-send the lock goes with it and the
// mail is due again at once.
struct DueMail {
  std::int64_t id = 0;
  OutgoingMail mail;
  TimePoint queued_at;
  int failed_attempts = 0;
  std::string message_id;  // from an earlier attempt; empty on the first
};

// The oldest mail due at `now` that no one else is sending.
std::optional<DueMail> lock_next_due(db::Tx& tx, TimePoint now);

// What became of an attempt: each counts it and keeps the Message-ID it was sent with.
void record_sent(db::Tx& tx, const DueMail& mail, const std::string& message_id, TimePoint sent_at);
void record_retry(db::Tx& tx, const DueMail& mail, const std::string& message_id,
                  TimePoint next_attempt_at, const std::string& error);
void record_given_up(db::Tx& tx, const DueMail& mail, const std::string& message_id, TimePoint now,
                     const std::string& error);

// Gives up, without trying, every waiting mail to an address ending in `address_suffix` (the
// demo's made-up people), so that it neither clutters `plenary outbox` nor reaches a relay.
// Returns how many.
std::int64_t set_aside_waiting(db::Tx& tx, const std::string& address_suffix, TimePoint now,
                               const std::string& reason);

}  // namespace plenary::mail
