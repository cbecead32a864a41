// The petition rules that need no database: the sign form's checks, postcode areas, slugs, the
// CSV export's consent rule and the public list of names.
#include <gtest/gtest.h>

#include <algorithm>

#include "petitions/rules.hpp"
#include "votes/rules.hpp"

namespace plenary::petitions {
namespace {

SignatureInput good_signature() {
  return {.name = "Sam Signer",
          .email = "sam@example.org",
          .postcode = "SW1A 1AA",
          .group_id = std::nullopt,
          .hide_name = false,
          .keep_updated = false};
}

std::vector<std::string> fields_of(const std::vector<FieldError>& problems) {
  std::vector<std::string> fields;
  for (const auto& problem : problems)
    fields.push_back(problem.field);
  return fields;
}

struct SignatureCase {
  const char* what;
  void (*change)(SignatureInput&);
  std::vector<std::string> fields;
};

TEST(PetitionsRules, SignatureValidationTable) {
  const std::vector<SignatureCase> cases{
      {"all good", [](SignatureInput&) {}, {}},
      {"empty name", [](SignatureInput& s) { s.name = ""; }, {"name"}},
      {"100-character name", [](SignatureInput& s) { s.name = std::string(100, 'n'); }, {}},
      {"101-character name", [](SignatureInput& s) { s.name = std::string(101, 'n'); }, {"name"}},
      {"100 two-byte characters",
       [](SignatureInput& s) {
         s.name.clear();
         for (int i = 0; i < 100; ++i)
           s.name += "\xC3\xA9";
       },
       {}},
      {"no @", [](SignatureInput& s) { s.email = "sam.example.org"; }, {"email"}},
      {"empty email", [](SignatureInput& s) { s.email = ""; }, {"email"}},
      {"one-character postcode", [](SignatureInput& s) { s.postcode = "X"; }, {"postcode"}},
      {"two-character postcode", [](SignatureInput& s) { s.postcode = "75"; }, {}},
      {"eleven-character postcode",
       [](SignatureInput& s) { s.postcode = "12345678901"; },
       {"postcode"}},
      {"postcode with punctuation",
       [](SignatureInput& s) { s.postcode = "SW1A;1AA"; },
       {"postcode"}},
      {"foreign postcode", [](SignatureInput& s) { s.postcode = "10115"; }, {}},
      {"several at once",
       [](SignatureInput& s) {
         s.name = "";
         s.postcode = "";
       },
       {"name", "postcode"}},
  };
  for (const auto& c : cases) {
    auto input = good_signature();
    c.change(input);
    EXPECT_EQ(fields_of(signature_problems(input)), c.fields) << c.what;
  }
}

TEST(PetitionsRules, PostcodeAreaIsTheOutwardPart) {
  EXPECT_EQ(postcode_area("SW1A 1AA"), "SW1A");
  EXPECT_EQ(postcode_area("sw1a 1aa"), "SW1A");
  EXPECT_EQ(postcode_area("  m1   1ae "), "M1");
  EXPECT_EQ(postcode_area("SW1A1AA"), "SW1A");
  EXPECT_EQ(postcode_area("M11AE"), "M1");
  EXPECT_EQ(postcode_area("EC1A1BB"), "EC1A");
  // Not UK-shaped: the whole code is the area.
  EXPECT_EQ(postcode_area("10115"), "10115");
  EXPECT_EQ(postcode_area("d02"), "D02");
}

TEST(PetitionsRules, NormalisedPostcodes) {
  EXPECT_EQ(normalise_postcode(" sw1a   1aa "), "SW1A 1AA");
  EXPECT_EQ(normalise_postcode("M1\t1AE"), "M1 1AE");
}

TEST(PetitionsRules, Slugs) {
  EXPECT_EQ(slug_from_title("Save Riverside Library!"), "save-riverside-library");
  EXPECT_EQ(slug_from_title("  --  "), "");
  EXPECT_EQ(slug_from_title("Café  open"), "caf-open");
  EXPECT_TRUE(valid_slug("save-riverside-library"));
  EXPECT_FALSE(valid_slug("Save"));
  EXPECT_FALSE(valid_slug("a--b"));
  EXPECT_FALSE(valid_slug("-a"));
  EXPECT_FALSE(valid_slug(""));
  EXPECT_FALSE(valid_slug(std::string(81, 'a')));
  EXPECT_LE(slug_from_title(std::string(300, 'a')).size(), max_slug_length);
}

TEST(PetitionsRules, PetitionValidation) {
  NewPetition good{.group_id = 1,
                   .title = "Save the library",
                   .statement = "Keep it open.",
                   .target = "Riverside Council",
                   .slug = std::nullopt,
                   .closes_at = std::nullopt};
  EXPECT_TRUE(petition_problems(good, "save-the-library").empty());
  auto bad = good;
  bad.title = "";
  bad.target = std::string(201, 't');
  bad.closes_at = "tomorrow";
  EXPECT_EQ(fields_of(petition_problems(bad, "Bad Slug")),
            (std::vector<std::string>{"title", "target", "slug", "closes_at"}));
}

SignatureRecord record(std::string name, bool keep_updated, bool hide_name,
                       SignatureStatus status) {
  return {.id = 1,
          .name = std::move(name),
          .email = "person@example.org",
          .postcode = "SW1A 1AA",
          .group_name = std::string("Riverside Branch"),
          .hide_name = hide_name,
          .keep_updated = keep_updated,
          .status = status,
          .signed_at = "2026-01-02T03:04:05Z",
          .confirmed_at = status == SignatureStatus::confirmed
                              ? std::optional<std::string>("2026-01-02T04:00:00Z")
                              : std::nullopt};
}

TEST(PetitionsRules, CsvEmailOnlyWithConsent) {
  const auto consenting = csv_row(record("Kim", true, false, SignatureStatus::confirmed));
  ASSERT_EQ(consenting.size(), csv_header().size());
  EXPECT_EQ(consenting[1], "person@example.org");
  EXPECT_EQ(consenting[7], "yes");
  const auto quiet = csv_row(record("Quinn", false, false, SignatureStatus::pending));
  EXPECT_EQ(quiet[1], "");
  EXPECT_EQ(quiet[7], "no");
  EXPECT_EQ(quiet[4], "pending");
  EXPECT_EQ(quiet[6], "");
}

TEST(PetitionsRules, CsvTextQuotesAndDefusesFormulas) {
  const auto text = csv_text({record("=HYPERLINK(\"x\")", false, false, SignatureStatus::confirmed),
                              record("Smith, Jo", true, false, SignatureStatus::confirmed)});
  EXPECT_EQ(text.find("name,email,postcode,group,status,signed_at,confirmed_at,keep_updated\r\n"),
            0u);
  EXPECT_NE(text.find("\"'=HYPERLINK(\"\"x\"\")\""), std::string::npos);
  EXPECT_NE(text.find("\"Smith, Jo\",person@example.org,"), std::string::npos);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3);
}

TEST(PetitionsRules, PublicSignersNeverCarryAHiddenOrUnconfirmedName) {
  const auto shown = public_signers({record("Shown", false, false, SignatureStatus::confirmed),
                                     record("Hidden", false, true, SignatureStatus::confirmed),
                                     record("Pending", false, false, SignatureStatus::pending),
                                     record("Both", true, true, SignatureStatus::pending)});
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0].name, "Shown");
  EXPECT_EQ(shown[0].signed_at, "2026-01-02T03:04:05Z");
}

TEST(PetitionsRules, AcceptingSignatures) {
  Petition petition;
  const auto now = *votes::parse_iso8601("2026-06-01T12:00:00Z");
  EXPECT_TRUE(accepting_signatures(petition, now));
  petition.closes_at = "2026-06-01T12:00:00Z";
  EXPECT_FALSE(accepting_signatures(petition, now));
  petition.closes_at = "2026-06-02T00:00:00Z";
  EXPECT_TRUE(accepting_signatures(petition, now));
  petition.status = PetitionStatus::closed;
  EXPECT_FALSE(accepting_signatures(petition, now));
}

}  // namespace
}  // namespace plenary::petitions
