// The offer rules that need no database: the offer form's checks, routing to the officers of the
// matching groups (passing over groups without officers), where escalation goes next and when,
// which answers may follow which, and the dashboard's order.
#include <gtest/gtest.h>

#include <chrono>

#include "offers/rules.hpp"

namespace plenary::offers {
namespace {

// national(1) → region(2) → branch(3) with officers; quiet branch(4) under the region without;
// orphan branch(5) under a region(6) without officers under the national group; a workplace(7)
// without a parent or officers; an archived national(8) older than nothing but archived.
std::vector<RoutingGroup> tree() {
  return {
      {.id = 1,
       .name = "National",
       .parent_id = std::nullopt,
       .has_officer = true,
       .archived = false,
       .national = true},
      {.id = 2,
       .name = "Northern Region",
       .parent_id = 1,
       .has_officer = true,
       .archived = false,
       .national = false},
      {.id = 3,
       .name = "Riverside",
       .parent_id = 2,
       .has_officer = true,
       .archived = false,
       .national = false},
      {.id = 4,
       .name = "Hillside",
       .parent_id = 2,
       .has_officer = false,
       .archived = false,
       .national = false},
      {.id = 5,
       .name = "Meadow",
       .parent_id = 6,
       .has_officer = false,
       .archived = false,
       .national = false},
      {.id = 6,
       .name = "Southern Region",
       .parent_id = 1,
       .has_officer = false,
       .archived = false,
       .national = false},
      {.id = 7,
       .name = "Harbour Workers",
       .parent_id = std::nullopt,
       .has_officer = false,
       .archived = false,
       .national = false},
  };
}

std::vector<Skill> skills() {
  return {{1, "Leafleting"}, {2, "Driving"}};
}

OfferInput good_offer() {
  OfferInput input;
  input.name = "Sam Offerer";
  input.email = "sam@example.org";
  input.skill_ids = {1};
  input.availability = "Weekday evenings";
  return input;
}

std::vector<std::string> fields_of(const std::vector<FieldError>& problems) {
  std::vector<std::string> fields;
  for (const auto& problem : problems)
    fields.push_back(problem.field);
  return fields;
}

Recipient recipient(std::int64_t group_id, int level) {
  return {{group_id, ""}, level, ""};
}

TEST(OffersRules, AGoodOfferHasNoProblems) {
  EXPECT_TRUE(offer_problems(good_offer(), false, skills()).empty());
}

TEST(OffersRules, ValidationTable) {
  struct Case {
    const char* what;
    void (*change)(OfferInput&);
    bool signed_in;
    std::vector<std::string> fields;
  };
  const std::vector<Case> cases{
      {"no name signed out", [](OfferInput& o) { o.name = ""; }, false, {"name"}},
      {"no name signed in: the account's is used", [](OfferInput& o) { o.name = ""; }, true, {}},
      {"101-character name",
       [](OfferInput& o) { o.name = std::string(101, 'n'); },
       false,
       {"name"}},
      {"bad email", [](OfferInput& o) { o.email = "sam at example"; }, false, {"email"}},
      {"bad email signed in is ignored", [](OfferInput& o) { o.email = ""; }, true, {}},
      {"no skills and no other skills",
       [](OfferInput& o) { o.skill_ids.clear(); },
       false,
       {"skill_ids"}},
      {"other skills alone are enough",
       [](OfferInput& o) {
         o.skill_ids.clear();
         o.other_skills = "Baking";
       },
       false,
       {}},
      {"unknown skill",
       [](OfferInput& o) {
         o.skill_ids = {1, 99};
       },
       false,
       {"skill_ids"}},
      {"no availability", [](OfferInput& o) { o.availability = ""; }, false, {"availability"}},
      {"501-character availability",
       [](OfferInput& o) { o.availability = std::string(501, 'a'); },
       false,
       {"availability"}},
      {"41-character phone",
       [](OfferInput& o) { o.phone = std::string(41, '1'); },
       false,
       {"phone"}},
      {"201-character place",
       [](OfferInput& o) { o.where_text = std::string(201, 'p'); },
       false,
       {"where_text"}},
      {"everything wrong",
       [](OfferInput& o) { o = {}; },
       false,
       {"name", "email", "skill_ids", "availability"}},
  };
  for (const auto& c : cases) {
    auto input = good_offer();
    c.change(input);
    EXPECT_EQ(fields_of(offer_problems(input, c.signed_in, skills())), c.fields) << c.what;
  }
}

TEST(OffersRules, SkillsAreKeptOnceInTheOrderGiven) {
  EXPECT_EQ(distinct_skill_ids({3, 1, 3, 2, 1}), (std::vector<std::int64_t>{3, 1, 2}));
}

TEST(OffersRules, RoutesToTheMatchingGroupsWithOfficers) {
  EXPECT_EQ(route(tree(), 3, std::nullopt), (std::vector<std::int64_t>{3}));
  EXPECT_EQ(route(tree(), std::nullopt, 2), (std::vector<std::int64_t>{2}));
  EXPECT_EQ(route(tree(), 3, 1), (std::vector<std::int64_t>{3, 1}));
  // Lives and works in the same place: told once.
  EXPECT_EQ(route(tree(), 3, 3), (std::vector<std::int64_t>{3}));
}

TEST(OffersRules, AGroupWithoutOfficersPassesTheOfferUp) {
  EXPECT_EQ(route(tree(), 4, std::nullopt), (std::vector<std::int64_t>{2}));
  // Two levels without officers.
  EXPECT_EQ(route(tree(), 5, std::nullopt), (std::vector<std::int64_t>{1}));
  // Passing up merges with another matching group.
  EXPECT_EQ(route(tree(), 4, 2), (std::vector<std::int64_t>{2}));
  // No officer anywhere on the chain: the top of it keeps the offer (site admins see it).
  EXPECT_EQ(route(tree(), 7, std::nullopt), (std::vector<std::int64_t>{7}));
}

TEST(OffersRules, NoGroupNamedGoesToTheRootGroup) {
  EXPECT_EQ(route(tree(), std::nullopt, std::nullopt), (std::vector<std::int64_t>{1}));
  EXPECT_TRUE(route({}, std::nullopt, std::nullopt).empty());
  // An unknown group (deleted meanwhile) is passed over.
  EXPECT_EQ(route(tree(), 42, 3), (std::vector<std::int64_t>{3}));
}

TEST(OffersRules, TheRootIsTheOldestNationalGroupWithoutAParent) {
  auto groups = tree();
  EXPECT_EQ(root_group(groups), 1);
  groups[0].archived = true;
  EXPECT_EQ(root_group(groups), 7) << "no national group left: the oldest top-level group";
  EXPECT_EQ(root_group({}), std::nullopt);
}

TEST(OffersRules, AnArchivedGroupIsNotAnswering) {
  auto groups = tree();
  groups[2].archived = true;  // Riverside
  EXPECT_EQ(route(groups, 3, std::nullopt), (std::vector<std::int64_t>{2}));
}

TEST(OffersRules, ChainRunsFromTheGroupToTheRoot) {
  EXPECT_EQ(chain_of(tree(), 3), (std::vector<std::int64_t>{3, 2, 1}));
  EXPECT_EQ(chain_of(tree(), 7), (std::vector<std::int64_t>{7}));
  EXPECT_TRUE(chain_of(tree(), 99).empty());
  // A cycle (a corrupt tree) does not loop forever.
  std::vector<RoutingGroup> cycle{{.id = 1, .name = "A", .parent_id = 2},
                                  {.id = 2, .name = "B", .parent_id = 1}};
  EXPECT_EQ(chain_of(cycle, 1).size(), 2u);
}

TEST(OffersRules, EscalationClimbsOneAnsweringGroupAtATime) {
  const auto groups = tree();
  EXPECT_EQ(escalation_targets(groups, {recipient(3, 0)}), (std::vector<std::int64_t>{2}));
  EXPECT_EQ(escalation_targets(groups, {recipient(3, 0), recipient(2, 1)}),
            (std::vector<std::int64_t>{1}));
  // At the root: nowhere left.
  EXPECT_TRUE(
      escalation_targets(groups, {recipient(3, 0), recipient(2, 1), recipient(1, 2)}).empty());
  EXPECT_TRUE(escalation_targets(groups, {recipient(1, 0)}).empty());
  EXPECT_TRUE(escalation_targets(groups, {}).empty());
}

TEST(OffersRules, EscalationSkipsGroupsAlreadyToldAndGroupsWithoutOfficers) {
  const auto groups = tree();
  // Lives in Riverside, works in the region: the region already knows, so the nation is next.
  EXPECT_EQ(escalation_targets(groups, {recipient(3, 0), recipient(2, 0)}),
            (std::vector<std::int64_t>{1}));
  // From a group whose parent has no officer: the nearest ancestor that has one.
  std::vector<RoutingGroup> sparse = groups;
  sparse.push_back({.id = 9, .name = "Meadow Officers", .parent_id = 6, .has_officer = true});
  EXPECT_EQ(escalation_targets(sparse, {recipient(9, 0)}), (std::vector<std::int64_t>{1}));
  // Only the newest level climbs: the branch told at level 0 does not climb again.
  EXPECT_EQ(escalation_targets(groups, {recipient(3, 0), recipient(7, 1)}),
            std::vector<std::int64_t>{});
}

TEST(OffersRules, DueArithmetic) {
  const TimePoint start{std::chrono::seconds(1'700'000'000)};
  EXPECT_EQ(due_after(start, 7) - start, std::chrono::hours(168));
  EXPECT_EQ(due_after(start, 2) - start, std::chrono::hours(48));
  const auto due = due_after(start, 7);
  EXPECT_FALSE(is_overdue(OfferStatus::waiting, due, false, due - std::chrono::seconds(1)));
  EXPECT_TRUE(is_overdue(OfferStatus::waiting, due, false, due));
  // Once found overdue, it stays so until answered, whatever the next due time.
  EXPECT_TRUE(is_overdue(OfferStatus::waiting, std::nullopt, true, start));
  EXPECT_TRUE(is_overdue(OfferStatus::waiting, due, true, start));
  EXPECT_FALSE(is_overdue(OfferStatus::acknowledged, due, true, due));
  EXPECT_FALSE(is_overdue(OfferStatus::answered, due, true, due));
  EXPECT_FALSE(is_overdue(OfferStatus::awaiting_confirmation, due, false, due));
}

TEST(OffersRules, AcknowledgingOnlyAWaitingOffer) {
  EXPECT_EQ(*after_acknowledgement(OfferStatus::waiting), OfferStatus::acknowledged);
  EXPECT_EQ(after_acknowledgement(OfferStatus::acknowledged).error().code, "already_acknowledged");
  EXPECT_EQ(after_acknowledgement(OfferStatus::answered).error().code, "already_acknowledged");
  EXPECT_EQ(after_acknowledgement(OfferStatus::awaiting_confirmation).error().code, "wrong_state");
}

TEST(OffersRules, OutcomesFollowOneAnother) {
  for (auto status : {OfferStatus::waiting, OfferStatus::acknowledged, OfferStatus::answered}) {
    EXPECT_EQ(*after_outcome(status, Outcome::contacted, ""), OfferStatus::answered);
    EXPECT_EQ(*after_outcome(status, Outcome::matched, "Leafleting on Saturdays"),
              OfferStatus::answered);
    EXPECT_EQ(*after_outcome(status, Outcome::not_now, "Full until spring"), OfferStatus::answered);
  }
  EXPECT_TRUE(outcome_acknowledges(OfferStatus::waiting));
  EXPECT_FALSE(outcome_acknowledges(OfferStatus::acknowledged));
  EXPECT_FALSE(outcome_acknowledges(OfferStatus::answered));
}

TEST(OffersRules, MatchedAndNotNowNeedANote) {
  const auto matched = after_outcome(OfferStatus::acknowledged, Outcome::matched, "");
  ASSERT_FALSE(matched.ok());
  EXPECT_EQ(matched.error().kind, ErrorKind::unprocessable);
  EXPECT_EQ(matched.error().fields.at(0).field, "note");
  EXPECT_FALSE(after_outcome(OfferStatus::acknowledged, Outcome::not_now, "").ok());
  EXPECT_FALSE(
      after_outcome(OfferStatus::acknowledged, Outcome::contacted, std::string(2001, 'n')).ok());
  EXPECT_TRUE(
      after_outcome(OfferStatus::acknowledged, Outcome::contacted, std::string(2000, 'n')).ok());
  EXPECT_EQ(after_outcome(OfferStatus::awaiting_confirmation, Outcome::contacted, "").error().code,
            "wrong_state");
}

OfferRecord listed(std::int64_t id, OfferStatus status, bool overdue, std::string created,
                   std::optional<std::string> outcome_at = std::nullopt) {
  OfferRecord offer;
  offer.id = id;
  offer.status = status;
  offer.overdue = overdue;
  offer.created_at = std::move(created);
  if (outcome_at)
    offer.outcome = RecordedOutcome{Outcome::matched, "n", *outcome_at, std::nullopt};
  return offer;
}

TEST(OffersRules, DashboardShowsOverdueFirstThenWaitingThenAcknowledgedThenRecentOutcomes) {
  std::vector<OfferRecord> offers{
      listed(1, OfferStatus::answered, false, "2026-01-01", "2026-02-01"),
      listed(2, OfferStatus::acknowledged, false, "2026-01-02"),
      listed(3, OfferStatus::waiting, false, "2026-01-05"),
      listed(4, OfferStatus::waiting, true, "2026-01-04"),
      listed(5, OfferStatus::waiting, false, "2026-01-03"),
      listed(6, OfferStatus::answered, false, "2026-01-01", "2026-03-01"),
      listed(7, OfferStatus::waiting, true, "2026-01-01"),
  };
  sort_for_dashboard(offers);
  std::vector<std::int64_t> order;
  for (const auto& offer : offers)
    order.push_back(offer.id);
  EXPECT_EQ(order, (std::vector<std::int64_t>{7, 4, 5, 3, 2, 6, 1}));
  const auto counts = count_offers(offers);
  EXPECT_EQ(counts.waiting, 4);
  EXPECT_EQ(counts.overdue, 2);
  EXPECT_EQ(counts.answered, 2);
}

}  // namespace
}  // namespace plenary::offers
