#include "accounts/mails.hpp"

namespace plenary::accounts {
namespace {

std::string greeting(const std::string& display_name) {
  return display_name.empty() ? "Hello,\n\n" : "Hello " + display_name + ",\n\n";
}

std::string hours_text(std::chrono::hours hours) {
  return hours.count() == 1 ? "one hour" : std::to_string(hours.count()) + " hours";
}

}  // namespace

mail::OutgoingMail verification_mail(const std::string& email, const std::string& display_name,
                                     const std::string& link, std::chrono::hours valid_for) {
  return {.kind = "verify_email",
          .to_address = email,
          .to_name = display_name,
          .subject = "Confirm your email address for Plenary",
          .body_text = greeting(display_name) +
                       "To confirm that this is your email address, open this link:\n\n" + link +
                       "\n\nThe link works for " + hours_text(valid_for) +
                       ". If you did not create an account, ignore this mail: nothing happens "
                       "without the link.\n"};
}

mail::OutgoingMail password_reset_mail(const std::string& email, const std::string& display_name,
                                       const std::string& link, std::chrono::hours valid_for) {
  return {.kind = "password_reset",
          .to_address = email,
          .to_name = display_name,
          .subject = "Reset your Plenary password",
          .body_text = greeting(display_name) +
                       "Someone asked to reset the password of your account. To choose a new "
                       "password, open this link:\n\n" +
                       link + "\n\nThe link works for " + hours_text(valid_for) +
                       ". If it was not you, ignore this mail: your password stays as it is.\n"};
}

}  // namespace plenary::accounts
