// Who may see and answer an offer: officers of a recipient group or of a group above one, and
// site admins; and the mails about offers (links first, contact details kept out).
#include <gtest/gtest.h>

#include "offers/mails.hpp"
#include "offers/policy.hpp"

namespace plenary::offers {
namespace {

// The offer went to Riverside (3), whose chain is 3 → 2 → 1.
const std::vector<std::vector<std::int64_t>> riverside_chain{{3, 2, 1}};

TEST(OffersPolicy, OfficersOfARecipientOrAboveMayAnswer) {
  EXPECT_TRUE(can_answer({true, false, {3}}, riverside_chain).allowed);
  EXPECT_TRUE(can_answer({true, false, {1}}, riverside_chain).allowed);
  EXPECT_TRUE(can_answer({true, false, {9, 2}}, riverside_chain).allowed);
  EXPECT_TRUE(can_answer({true, true, {}}, riverside_chain).allowed);
}

TEST(OffersPolicy, OthersMayNot) {
  const auto sibling = can_answer({true, false, {4}}, riverside_chain);
  EXPECT_FALSE(sibling.allowed);
  EXPECT_EQ(sibling.code, "not_an_officer");
  EXPECT_FALSE(can_answer({true, false, {}}, riverside_chain).allowed);
  EXPECT_EQ(can_answer({}, riverside_chain).code, groups::sign_in_required);
  // An offer with nowhere to go yet is for site admins only.
  EXPECT_FALSE(can_answer({true, false, {1}}, {}).allowed);
}

TEST(OffersPolicy, FlagsFollowTheStatus) {
  const auto yes = groups::Decision::allow();
  const auto no = groups::Decision::deny("no", "not_an_officer");
  EXPECT_TRUE(offer_flags(yes, OfferStatus::waiting).acknowledge);
  EXPECT_TRUE(offer_flags(yes, OfferStatus::waiting).record_outcome);
  EXPECT_FALSE(offer_flags(yes, OfferStatus::acknowledged).acknowledge);
  EXPECT_TRUE(offer_flags(yes, OfferStatus::answered).record_outcome);
  EXPECT_FALSE(offer_flags(yes, OfferStatus::awaiting_confirmation).record_outcome);
  EXPECT_FALSE(offer_flags(no, OfferStatus::waiting).acknowledge);
  EXPECT_FALSE(offer_flags(no, OfferStatus::waiting).record_outcome);
}

TEST(OffersPolicy, TheDashboardIsForOfficers) {
  EXPECT_TRUE(can_open_dashboard({true, false, {5}}).allowed);
  EXPECT_TRUE(can_open_dashboard({true, true, {}}).allowed);
  EXPECT_EQ(can_open_dashboard({true, false, {}}).code, "not_an_officer");
  EXPECT_EQ(can_open_dashboard({}).code, groups::sign_in_required);
}

OfferRecord sample_offer() {
  OfferRecord offer;
  offer.id = 12;
  offer.name = "Sam Offerer";
  offer.email = "sam@example.org";
  offer.phone = "07700 900123";
  offer.skills = {{1, "Leafleting"}, {2, "Driving"}};
  offer.other_skills = "Baking";
  offer.availability = "Saturdays";
  offer.lives_in = GroupRef{3, "Riverside Branch"};
  return offer;
}

TEST(OffersMails, ConfirmationLinkComesFirst) {
  const auto mail =
      confirmation_mail("sam@example.org", "Sam", "https://x/volunteer/confirm?token=a",
                        "https://x/volunteer/status?token=b");
  EXPECT_EQ(mail.kind, "offer_confirmation");
  EXPECT_LT(mail.body_text.find("confirm?token=a"), mail.body_text.find("status?token=b"));
}

TEST(OffersMails, FreshLinksGiveAConfirmationLinkOnlyToOffersStillWaitingForOne) {
  const auto mail = fresh_links_mail(
      "sam@example.org", "Sam",
      {{"https://x/volunteer/confirm?token=c1", "https://x/volunteer/status?token=s1"},
       {"", "https://x/volunteer/status?token=s2"}});
  EXPECT_EQ(mail.kind, "offer_links");
  EXPECT_EQ(mail.to_address, "sam@example.org");
  EXPECT_NE(mail.body_text.find("Offer 1:"), std::string::npos);
  EXPECT_LT(mail.body_text.find("confirm?token=c1"), mail.body_text.find("status?token=s1"));
  EXPECT_NE(mail.body_text.find("status?token=s2"), std::string::npos);
  EXPECT_EQ(mail.body_text.find("confirm?token=", mail.body_text.find("Offer 2:")),
            std::string::npos);

  const auto single =
      fresh_links_mail("sam@example.org", "Sam", {{"", "https://x/volunteer/status?token=s3"}});
  EXPECT_EQ(single.body_text.find("Offer 1:"), std::string::npos);
}

TEST(OffersMails, OfficersGetTheSummaryAndTheLinkButNoContactDetails) {
  const auto mail = received_mail({"bea@example.org", "Bea"}, sample_offer(), "Riverside Branch",
                                  "https://x/offers/12");
  EXPECT_EQ(mail.kind, "offer_received");
  EXPECT_EQ(mail.to_address, "bea@example.org");
  EXPECT_NE(mail.body_text.find("Leafleting, Driving; Baking"), std::string::npos);
  EXPECT_NE(mail.body_text.find("https://x/offers/12"), std::string::npos);
  EXPECT_NE(mail.body_text.find("Riverside Branch"), std::string::npos);
  EXPECT_EQ(mail.body_text.find("07700"), std::string::npos);
  EXPECT_EQ(mail.body_text.find("sam@example.org"), std::string::npos);

  const auto escalated = escalated_mail({"rob@example.org", "Rob"}, sample_offer(),
                                        "Northern Region", 7, "https://x/offers/12");
  EXPECT_EQ(escalated.kind, "offer_escalated");
  EXPECT_NE(escalated.body_text.find("more than 7 days"), std::string::npos);
  EXPECT_NE(escalated.subject.find("Overdue"), std::string::npos);
}

TEST(OffersMails, TheOffererReadsTheNewsAndTheNote) {
  const auto mail = answered_mail("sam@example.org", "Sam", outcome_news("Bea", Outcome::matched),
                                  "Saturday leafleting", "");
  EXPECT_EQ(mail.kind, "offer_answered");
  EXPECT_NE(mail.body_text.find("Bea matched you to a task."), std::string::npos);
  EXPECT_NE(mail.body_text.find("Saturday leafleting"), std::string::npos);
  EXPECT_NE(mail.body_text.find("first mail"), std::string::npos);
  EXPECT_EQ(acknowledged_news("Bea"), "Bea acknowledged your offer.");
}

}  // namespace
}  // namespace plenary::offers
