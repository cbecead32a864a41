#pragma once
// The mail a signer receives: text only, so it is checked without a database or a mail server.
#include <string>

#include "mail/outbox.hpp"

namespace plenary::petitions {

struct SignatureLinks {
  std::string confirm;
  std::string withdraw;
  std::string stop_updates;  // empty when the signer did not ask to be kept updated
};

// The confirmation link comes first: it is the one the mail is for.
mail::OutgoingMail confirmation_mail(const std::string& email, const std::string& name,
                                     const std::string& petition_title,
                                     const SignatureLinks& links);

}  // namespace plenary::petitions
