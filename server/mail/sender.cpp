#include "mail/sender.hpp"

#include <openssl/rand.h>

#include <stdexcept>

#include "core/log.hpp"
#include "mail/outbox.hpp"

namespace plenary::mail {
namespace {

std::string random_hex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1)
    throw std::runtime_error("OpenSSL has no random bytes");
  static constexpr char digits[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : raw) {
    hex += digits[c >> 4];
    hex += digits[c & 0x0f];
  }
  return hex;
}

enum class Outcome { sent, retrying, given_up };

struct Attempt {
  Outcome outcome;
  std::int64_t mail_id;
  std::string kind;
  int attempts;
  std::string message_id;
  std::string error;
};

// One mail, locked by the transaction that records its outcome. The transaction stays open while
// curl talks to the SMTP server (at most the configured timeouts): the row lock is what keeps
// the other server processes from sending the same mail. Nothing here can hit a serialization
// failure (read committed, one row we already hold), so transact never runs this twice.
Attempt attempt(db::Tx& tx, const MailConfig& config, const DueMail& due, TimePoint now) {
  const std::string message_id = due.message_id.empty()
                                     ? make_message_id(random_hex(16), config.from.address)
                                     : due.message_id;
  Attempt result{Outcome::sent, due.id, due.mail.kind, due.failed_attempts + 1, message_id, ""};
  const Message message{.from = config.from,
                        .to = {due.mail.to_address, due.mail.to_name},
                        .subject = due.mail.subject,
                        .body_text = due.mail.body_text,
                        .date = due.queued_at,
                        .message_id = message_id};
  auto rendered = render(message);
  if (!rendered) {
    // Nothing a retry could change (enqueue checks the same things, so the row came from
    // elsewhere): keep it, with the reason.
    result.outcome = Outcome::given_up;
    result.error = "cannot be sent: " + rendered.error().detail;
    record_given_up(tx, due, message_id, now, result.error);
    return result;
  }
  auto sent = send_by_smtp(config.smtp, config.from.address, due.mail.to_address, *rendered);
  if (sent) {
    record_sent(tx, due, message_id, now);
    return result;
  }
  result.error = sent.error().detail;
  if (auto next = next_attempt_after_failure(result.attempts, due.queued_at, now, config.retry)) {
    result.outcome = Outcome::retrying;
    record_retry(tx, due, message_id, *next, result.error);
  } else {
    result.outcome = Outcome::given_up;
    record_given_up(tx, due, message_id, now, result.error);
  }
  return result;
}

void log_attempt(const Attempt& attempt) {
  nlohmann::json fields = {{"mail_id", attempt.mail_id},
                           {"kind", attempt.kind},
                           {"attempts", attempt.attempts},
                           {"message_id", attempt.message_id}};
  if (!attempt.error.empty())
    fields["error"] = attempt.error;
  switch (attempt.outcome) {
    case Outcome::sent:
      return log::info("mail sent", fields);
    case Outcome::retrying:
      return log::warn("mail not sent; will retry", fields);
    case Outcome::given_up:
      return log::error("mail given up", fields);
  }
}

}  // namespace

Status check_mail_config(const MailConfig& config) {
  if (!config.sending_enabled())
    return ok();
  if (!config.smtp.url.starts_with("smtp://") && !config.smtp.url.starts_with("smtps://"))
    return invalid_field("smtp-url", "--smtp-url must start with smtp:// or smtps://.");
  if (!is_plain_address(config.from.address)) {
    return invalid_field("mail-from",
                         "--mail-from must be a plain email address such as "
                         "plenary@example.org, not '" +
                             config.from.address + "'.");
  }
  if (auto problem = header_value_problem(config.from.display_name); !problem.empty())
    return invalid_field("mail-from-name", problem);
  return ok();
}

SendSummary send_due(db::Connection& connection, const MailConfig& config, TimePoint now) {
  SendSummary summary;
  // A bad sender would make every mail unrenderable; they wait for a corrected configuration.
  if (!config.sending_enabled() || !check_mail_config(config))
    return summary;
  for (int i = 0; i < config.mails_per_run; ++i) {
    auto done = db::transact(connection, [&](db::Tx& tx) -> std::optional<Attempt> {
      auto due = lock_next_due(tx, now);
      if (!due)
        return std::nullopt;
      return attempt(tx, config, *due, now);
    });
    if (!done)
      break;
    log_attempt(*done);
    switch (done->outcome) {
      case Outcome::sent:
        ++summary.sent;
        continue;
      case Outcome::given_up:
        ++summary.given_up;
        continue;
      case Outcome::retrying:
        ++summary.retrying;
        return summary;
    }
  }
  return summary;
}

}  // namespace plenary::mail
