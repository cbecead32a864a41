// The mails accounts queues: the link on a line of its own (mail programs make it clickable only
// then), how long it works, and nothing the outbox would refuse.
#include <gtest/gtest.h>

#include "accounts/mails.hpp"

namespace plenary::accounts {
namespace {

const std::string link = "https://plenary.example.org/verify-email?token=abc_DEF-123";

TEST(AccountMails, VerificationCarriesTheLinkAloneOnALineAndItsLifetime) {
  const auto mail =
      verification_mail("ada@example.org", "Ada Lovelace", link, std::chrono::hours(72));
  EXPECT_EQ(mail.kind, "verify_email");
  EXPECT_EQ(mail.to_address, "ada@example.org");
  EXPECT_EQ(mail.to_name, "Ada Lovelace");
  EXPECT_NE(mail.body_text.find("\n\n" + link + "\n\n"), std::string::npos) << mail.body_text;
  EXPECT_NE(mail.body_text.find("72 hours"), std::string::npos) << mail.body_text;
  EXPECT_TRUE(mail::check_outgoing(mail).ok());
}

TEST(AccountMails, ResetSaysOneHourAndWhatToDoIfItWasNotYou) {
  const auto mail = password_reset_mail("bo@example.org", "", link, std::chrono::hours(1));
  EXPECT_EQ(mail.kind, "password_reset");
  EXPECT_EQ(mail.body_text.rfind("Hello,\n\n", 0), 0u) << mail.body_text;
  EXPECT_NE(mail.body_text.find("one hour"), std::string::npos) << mail.body_text;
  EXPECT_NE(mail.body_text.find("If it was not you"), std::string::npos);
  EXPECT_NE(mail.body_text.find("\n\n" + link + "\n\n"), std::string::npos);
  EXPECT_TRUE(mail::check_outgoing(mail).ok());
}

TEST(AccountMails, AnAddressTheOutboxCannotSendToIsRefusedThere) {
  const auto mail = verification_mail("not an address", "X", link, std::chrono::hours(72));
  EXPECT_FALSE(mail::check_outgoing(mail).ok());
}

}  // namespace
}  // namespace plenary::accounts
