// What the mail queue refuses to take: mails that could never be sent, or that would let a
// caller's text add headers or recipients.
#include <gtest/gtest.h>

#include <string>

#include "mail/outbox.hpp"

namespace plenary::mail {
namespace {

OutgoingMail verification() {
  return {.kind = "verify_email",
          .to_address = "ada@example.net",
          .to_name = "Ada",
          .subject = "Verify your email address",
          .body_text = "Follow the link."};
}

TEST(MailOutbox, QueuesAPlainMail) {
  EXPECT_TRUE(check_outgoing(verification()).ok());
}

TEST(MailOutbox, RefusesWhatCouldNeverBeSent) {
  auto address = verification();
  address.to_address = "ada@example.net\r\nRCPT TO:<eve@example.net>";
  auto refused = check_outgoing(address);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().fields.at(0).field, "email");

  auto subject = verification();
  subject.subject = "Verify\r\nBcc: eve@example.net";
  refused = check_outgoing(subject);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().fields.at(0).field, "subject");

  auto name = verification();
  name.to_name = "Ada\nBcc: eve@example.net";
  EXPECT_FALSE(check_outgoing(name).ok());

  auto empty_subject = verification();
  empty_subject.subject = "";
  EXPECT_FALSE(check_outgoing(empty_subject).ok());

  auto long_subject = verification();
  long_subject.subject = std::string(999, 's');
  EXPECT_FALSE(check_outgoing(long_subject).ok());

  auto no_kind = verification();
  no_kind.kind = "";
  EXPECT_FALSE(check_outgoing(no_kind).ok());
}

}  // namespace
}  // namespace plenary::mail
