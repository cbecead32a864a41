#include "offers/mails.hpp"

namespace plenary::offers {
namespace {

std::string skill_list(const OfferRecord& offer) {
  std::string list;
  for (const auto& skill : offer.skills) {
    if (!list.empty())
      list += ", ";
    list += skill.name;
  }
  if (!offer.other_skills.empty()) {
    if (!list.empty())
      list += "; ";
    list += offer.other_skills;
  }
  return list;
}

std::string place_of(const OfferRecord& offer) {
  std::string place;
  if (offer.lives_in)
    place += "lives in the area of " + offer.lives_in->name;
  if (offer.works_in) {
    if (!place.empty())
      place += ", ";
    place += "works in the area of " + offer.works_in->name;
  }
  if (!offer.where_text.empty()) {
    if (!place.empty())
      place += ", ";
    place += offer.where_text;
  }
  return place.empty() ? "not given" : place;
}

}  // namespace

mail::OutgoingMail confirmation_mail(const std::string& email, const std::string& name,
                                     const std::string& confirm_url,
                                     const std::string& status_url) {
  std::string body = "Hello " + name +
                     ",\n\nThank you for offering to help. Please confirm your email address "
                     "by opening this link, and your offer goes to the officers of your "
                     "groups:\n\n" +
                     confirm_url +
                     "\n\nIf you did not offer to help, ignore this mail: nothing is sent "
                     "without the link.\n\nTo see where your offer stands at any time, keep "
                     "this link:\n\n" +
                     status_url + "\n";
  return {.kind = "offer_confirmation",
          .to_address = email,
          .to_name = name,
          .subject = "Confirm your offer to help",
          .body_text = std::move(body)};
}

mail::OutgoingMail fresh_links_mail(const std::string& email, const std::string& name,
                                    const std::vector<OfferLinks>& offers) {
  std::string body = "Hello " + name +
                     ",\n\nYou asked for the links to your offers to help again. The links we "
                     "sent before no longer work; these do.\n";
  int number = 0;
  for (const auto& links : offers) {
    body += "\n";
    if (offers.size() > 1)
      body += "Offer " + std::to_string(++number) + ":\n";
    if (!links.confirm_url.empty()) {
      body +=
          "Confirm your email address, and the offer goes to the officers of your "
          "groups:\n" +
          links.confirm_url + "\n";
    }
    body += "See where the offer stands:\n" + links.status_url + "\n";
  }
  body += "\nIf you did not ask for these links, you can ignore this mail.\n";
  return {.kind = "offer_links",
          .to_address = email,
          .to_name = name,
          .subject = "The links to your offer to help",
          .body_text = std::move(body)};
}

std::string offer_summary(const OfferRecord& offer) {
  return "Name: " + offer.name + "\nSkills: " + skill_list(offer) +
         "\nAvailability: " + offer.availability + "\nWhere: " + place_of(offer) + "\n";
}

mail::OutgoingMail received_mail(const MailedOfficer& officer, const OfferRecord& offer,
                                 const std::string& group_name, const std::string& offer_url) {
  std::string body = "Hello " + officer.display_name + ",\n\n" + offer.name +
                     " has offered to help, and the offer has come to the officers of " +
                     group_name + ".\n\n" + offer_summary(offer) +
                     "\nPlease acknowledge the offer and record what follows: every offer gets "
                     "an answer.\n\n" +
                     offer_url + "\n";
  return {.kind = "offer_received",
          .to_address = officer.email,
          .to_name = officer.display_name,
          .subject = "An offer to help from " + offer.name,
          .body_text = std::move(body)};
}

mail::OutgoingMail escalated_mail(const MailedOfficer& officer, const OfferRecord& offer,
                                  const std::string& group_name, int escalation_days,
                                  const std::string& offer_url) {
  std::string body = "Hello " + officer.display_name + ",\n\nAn offer to help from " + offer.name +
                     " has waited more than " + std::to_string(escalation_days) +
                     (escalation_days == 1 ? " day" : " days") +
                     " without an answer, so it has come to the officers of " + group_name +
                     ".\n\n" + offer_summary(offer) +
                     "\nPlease acknowledge it, or make sure someone does:\n\n" + offer_url + "\n";
  return {.kind = "offer_escalated",
          .to_address = officer.email,
          .to_name = officer.display_name,
          .subject = "Overdue: an offer to help from " + offer.name,
          .body_text = std::move(body)};
}

mail::OutgoingMail answered_mail(const std::string& email, const std::string& name,
                                 const std::string& news, const std::string& note,
                                 const std::string& status_url) {
  std::string body = "Hello " + name + ",\n\n" + news + "\n";
  if (!note.empty())
    body += "\nTheir note:\n\n" + note + "\n";
  if (!status_url.empty())
    body += "\nTo see where your offer stands:\n\n" + status_url + "\n";
  else
    body += "\nThe link in the first mail about your offer shows where it stands.\n";
  return {.kind = "offer_answered",
          .to_address = email,
          .to_name = name,
          .subject = "Your offer to help: " + news,
          .body_text = std::move(body)};
}

std::string acknowledged_news(const std::string& officer_name) {
  return officer_name + " acknowledged your offer.";
}

std::string outcome_news(const std::string& officer_name, Outcome outcome) {
  switch (outcome) {
    case Outcome::contacted:
      return officer_name + " has been in touch about your offer.";
    case Outcome::matched:
      return officer_name + " matched you to a task.";
    case Outcome::not_now:
      break;
  }
  return officer_name + " says there is nothing to match your offer to just now.";
}

}  // namespace plenary::offers
