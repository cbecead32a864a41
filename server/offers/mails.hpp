#pragma once
// The mails about offers to volunteer: text only, so they are checked without a database or a
// mail server.
#include <string>
#include <vector>

#include "mail/outbox.hpp"
#include "offers/model.hpp"

namespace plenary::offers {

// The confirmation link comes first: it is the one the mail is for. The status link stays
// valid for as long as the offer exists.
mail::OutgoingMail confirmation_mail(const std::string& email, const std::string& name,
                                     const std::string& confirm_url, const std::string& status_url);

// Fresh links for the offers made with one address, asked for by someone who lost the first
// mail. Each offer: its status link, and its confirmation link while it waits for one.
struct OfferLinks {
  std::string confirm_url;  // empty once confirmed
  std::string status_url;
};
mail::OutgoingMail fresh_links_mail(const std::string& email, const std::string& name,
                                    const std::vector<OfferLinks>& offers);

struct MailedOfficer {
  std::string email;
  std::string display_name;
};

// What an officer needs to decide to open the offer: who, which skills, when, where. The
// contact details are on the offer's page, not in mailboxes.
std::string offer_summary(const OfferRecord& offer);

mail::OutgoingMail received_mail(const MailedOfficer& officer, const OfferRecord& offer,
                                 const std::string& group_name, const std::string& offer_url);

mail::OutgoingMail escalated_mail(const MailedOfficer& officer, const OfferRecord& offer,
                                  const std::string& group_name, int escalation_days,
                                  const std::string& offer_url);

// To the person who offered, when an officer acknowledges the offer or records what follows.
// `news` is one sentence; `status_url` may be empty (a signed-out offerer's status link is only
// in their first mail).
mail::OutgoingMail answered_mail(const std::string& email, const std::string& name,
                                 const std::string& news, const std::string& note,
                                 const std::string& status_url);

// The sentence an offerer reads about an answer: "Ola Organiser acknowledged your offer.",
// "Ola Organiser matched you to a task."
std::string acknowledged_news(const std::string& officer_name);
std::string outcome_news(const std::string& officer_name, Outcome outcome);

}  // namespace plenary::offers
