#include "petitions/mails.hpp"

namespace plenary::petitions {

mail::OutgoingMail confirmation_mail(const std::string& email, const std::string& name,
                                     const std::string& petition_title,
                                     const SignatureLinks& links) {
  std::string body =
      "Hello " + name + ",\n\nThank you for signing the petition \"" + petition_title +
      "\". Your signature counts once you confirm it: open this link.\n\n" + links.confirm +
      "\n\nIf you did not sign, ignore this mail: nothing is counted without the "
      "link, and the signature is not shown anywhere.\n\nTo withdraw your "
      "signature at any time, open this link:\n\n" +
      links.withdraw + "\n";
  if (!links.stop_updates.empty()) {
    body +=
        "\nYou asked to be kept updated about this campaign. To stop the updates, open this "
        "link:\n\n" +
        links.stop_updates + "\n";
  }
  return {.kind = "petition_confirmation",
          .to_address = email,
          .to_name = name,
          .subject = "Confirm your signature: " + petition_title,
          .body_text = std::move(body)};
}

}  // namespace plenary::petitions
