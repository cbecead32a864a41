#pragma once
// The mails accounts sends: text only, so they are checked without a database or a mail server.
#include <chrono>
#include <string>

#include "mail/outbox.hpp"

namespace plenary::accounts {

mail::OutgoingMail verification_mail(const std::string& email, const std::string& display_name,
                                     const std::string& link, std::chrono::hours valid_for);
mail::OutgoingMail password_reset_mail(const std::string& email, const std::string& display_name,
                                       const std::string& link, std::chrono::hours valid_for);

}  // namespace plenary::accounts
