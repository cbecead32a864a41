// Who runs a group's petitions, and the confirmation mail's links.
#include <gtest/gtest.h>

#include "petitions/mails.hpp"
#include "petitions/policy.hpp"

namespace plenary::petitions {
namespace {

groups::Viewer viewer_with(std::optional<groups::Role> role, bool signed_in = true) {
  groups::Viewer viewer;
  viewer.signed_in = signed_in;
  if (role)
    viewer.direct = groups::DirectMembership{*role, groups::MembershipStatus::active};
  return viewer;
}

TEST(PetitionsPolicy, OfficersRunPetitions) {
  EXPECT_TRUE(can_run_petitions(viewer_with(groups::Role::officer), "Riverside").allowed);
  EXPECT_FALSE(can_run_petitions(viewer_with(groups::Role::member), "Riverside").allowed);
  EXPECT_EQ(can_run_petitions(viewer_with(std::nullopt, false), "Riverside").code,
            groups::sign_in_required);
  auto above = viewer_with(std::nullopt);
  above.best_ancestor_role = groups::Role::officer;
  EXPECT_TRUE(can_run_petitions(above, "Riverside").allowed);
  auto admin = viewer_with(std::nullopt);
  admin.site_admin = true;
  EXPECT_TRUE(can_run_petitions(admin, "Riverside").allowed);
}

TEST(PetitionsPolicy, FlagsFollowTheRule) {
  Petition petition;
  petition.group.name = "Riverside";
  EXPECT_TRUE(petition_flags(viewer_with(groups::Role::officer), petition).close);
  EXPECT_FALSE(petition_flags(viewer_with(groups::Role::member), petition).export_signatures);
  petition.status = PetitionStatus::closed;
  const auto closed = petition_flags(viewer_with(groups::Role::officer), petition);
  EXPECT_FALSE(closed.close);
  EXPECT_TRUE(closed.export_signatures);
}

TEST(PetitionsMail, ConfirmLinkFirstAndStopLinkOnlyWithConsent) {
  const auto mail =
      confirmation_mail("a@example.org", "Ann", "Save the library",
                        {"https://x/confirm?token=C", "https://x/withdraw?token=W", ""});
  EXPECT_EQ(mail.kind, "petition_confirmation");
  EXPECT_LT(mail.body_text.find("confirm?token=C"), mail.body_text.find("withdraw?token=W"));
  EXPECT_EQ(mail.body_text.find("updates"), std::string::npos);
  EXPECT_TRUE(mail::check_outgoing(mail).ok());
  const auto keeping =
      confirmation_mail("a@example.org", "Ann", "Save",
                        {"https://x/c?token=C", "https://x/w?token=W", "https://x/s?token=S"});
  EXPECT_NE(keeping.body_text.find("s?token=S"), std::string::npos);
}

}  // namespace
}  // namespace plenary::petitions
