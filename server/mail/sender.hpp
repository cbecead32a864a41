#pragma once
// The periodic job that empties the mail queue: every server process runs it from its ticker;
// each locks different mails (SKIP LOCKED), sends them one by one and records the outcome.
#include <chrono>

#include "core/clock.hpp"
#include "db/database.hpp"
#include "mail/backoff.hpp"
#include "mail/message.hpp"
#include "mail/smtp.hpp"

namespace plenary::mail {

struct MailConfig {
  SmtpSettings smtp;  // smtp.url empty: mail stays queued
  Mailbox from;       // the sender people see and reply to
  RetryPolicy retry;
  int mails_per_run = 20;  // so one run never holds its worker thread for long

  bool sending_enabled() const { return !smtp.url.empty(); }
};

struct SendSummary {
  int sent = 0;
  int retrying = 0;
  int given_up = 0;
};

// What main checks at start-up: a sender address that could never be used would otherwise keep
// every mail queued.
Status check_mail_config(const MailConfig& config);

// Sends the mails that are due at `now`. Stops early after a failure: the SMTP server is
// probably away, and the other mails wait for the next run rather than each timing out now.
SendSummary send_due(db::Connection& connection, const MailConfig& config, TimePoint now);

}  // namespace plenary::mail
