#include "mail/outbox.hpp"

#include "core/time.hpp"
#include "mail/message.hpp"

namespace plenary::mail {
namespace {

const db::Statement insert_mail{
    "mail.insert",
    "INSERT INTO mail_outbox (kind, to_address, to_name, subject, body_text, created_at, "
    "next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $6::timestamptz) RETURNING id"};

// SKIP LOCKED: several server processes run the sender; each takes a different mail instead of
// waiting for the others.
const db::Statement select_due_for_update{
    "mail.select_due_for_update",
    "SELECT id, kind, to_address, to_name, subject, body_text, "
    "  (extract(epoch FROM created_at) * 1000000)::bigint, attempts, coalesce(message_id, '') "
    "FROM mail_outbox WHERE sent_at IS NULL AND gave_up_at IS NULL "
    "  AND next_attempt_at <= $1::timestamptz "
    "ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED"};

const db::Statement select_waiting{
    "mail.select_waiting",
    "SELECT id, kind, to_address, to_name, subject, body_text, "
    "  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), attempts "
    "FROM mail_outbox WHERE sent_at IS NULL AND gave_up_at IS NULL ORDER BY id LIMIT $1"};

const db::Statement update_sent{
    "mail.record_sent",
    "UPDATE mail_outbox SET attempts = $2, message_id = $3, sent_at = $4::timestamptz "
    "WHERE id = $1"};

const db::Statement update_retry{
    "mail.record_retry",
    "UPDATE mail_outbox SET attempts = $2, message_id = $3, next_attempt_at = $4::timestamptz, "
    "last_error = $5 WHERE id = $1"};

const db::Statement update_given_up{
    "mail.record_given_up",
    "UPDATE mail_outbox SET attempts = $2, message_id = $3, gave_up_at = $4::timestamptz, "
    "last_error = $5 WHERE id = $1"};

const db::Statement update_set_aside{
    "mail.set_aside",
    "UPDATE mail_outbox SET gave_up_at = $2::timestamptz, last_error = $3 "
    "WHERE sent_at IS NULL AND gave_up_at IS NULL AND right(lower(to_address), length($1)) = "
    "lower($1)"};

constexpr std::size_t longest_subject = 998;  // the schema's limit, one header line in RFC 5322
constexpr std::size_t longest_body = 1 << 20;

}  // namespace

Status check_outgoing(const OutgoingMail& mail) {
  if (mail.kind.empty() || mail.kind.size() > 64)
    return invalid_field("kind", "A mail's kind is 1 to 64 characters.");
  if (!is_plain_address(mail.to_address)) {
    return invalid_field("email", "We cannot send mail to '" + mail.to_address +
                                      "': it is not a plain email address.");
  }
  if (auto problem = header_value_problem(mail.to_name); !problem.empty())
    return invalid_field("to_name", problem);
  if (auto problem = header_value_problem(mail.subject); !problem.empty())
    return invalid_field("subject", problem);
  if (mail.subject.empty() || mail.subject.size() > longest_subject)
    return invalid_field("subject", "A mail's subject is 1 to 998 characters.");
  if (mail.body_text.size() > longest_body)
    return invalid_field("body_text", "A mail's text is at most 1 MiB.");
  return ok();
}

Result<std::int64_t> enqueue(db::Tx& tx, const OutgoingMail& mail, TimePoint now) {
  if (auto checked = check_outgoing(mail); !checked)
    return checked.error();
  return tx
      .exec(insert_mail, mail.kind, mail.to_address, mail.to_name, mail.subject, mail.body_text,
            iso8601(now))[0][0]
      .as<std::int64_t>();
}

std::optional<DueMail> lock_next_due(db::Tx& tx, TimePoint now) {
  auto row = tx.exec_maybe_row(select_due_for_update, iso8601(now));
  if (!row)
    return std::nullopt;
  DueMail due;
  due.id = (*row)[0].as<std::int64_t>();
  due.mail = {(*row)[1].as<std::string>(), (*row)[2].as<std::string>(), (*row)[3].as<std::string>(),
              (*row)[4].as<std::string>(), (*row)[5].as<std::string>()};
  due.queued_at = TimePoint(std::chrono::duration_cast<TimePoint::duration>(
      std::chrono::microseconds((*row)[6].as<std::int64_t>())));
  due.failed_attempts = (*row)[7].as<int>();
  due.message_id = (*row)[8].as<std::string>();
  return due;
}

void record_sent(db::Tx& tx, const DueMail& mail, const std::string& message_id,
                 TimePoint sent_at) {
  tx.exec(update_sent, mail.id, mail.failed_attempts + 1, message_id, iso8601(sent_at));
}

void record_retry(db::Tx& tx, const DueMail& mail, const std::string& message_id,
                  TimePoint next_attempt_at, const std::string& error) {
  tx.exec(update_retry, mail.id, mail.failed_attempts + 1, message_id, iso8601(next_attempt_at),
          error);
}

void record_given_up(db::Tx& tx, const DueMail& mail, const std::string& message_id, TimePoint now,
                     const std::string& error) {
  tx.exec(update_given_up, mail.id, mail.failed_attempts + 1, message_id, iso8601(now), error);
}

std::int64_t set_aside_waiting(db::Tx& tx, const std::string& address_suffix, TimePoint now,
                               const std::string& reason) {
  if (address_suffix.empty())
    return 0;
  return tx.exec(update_set_aside, address_suffix, iso8601(now), reason).affected_rows();
}

std::vector<WaitingMail> waiting(db::Tx& tx, int limit) {
  std::vector<WaitingMail> mails;
  for (const auto& row : tx.exec(select_waiting, limit)) {
    mails.push_back({row[0].as<std::int64_t>(),
                     {row[1].as<std::string>(), row[2].as<std::string>(), row[3].as<std::string>(),
                      row[4].as<std::string>(), row[5].as<std::string>()},
                     row[6].as<std::string>(),
                     row[7].as<int>()});
  }
  return mails;
}

}  // namespace plenary::mail
