#include "demo/demo.hpp"

#include "demo/campaigns_demo.hpp"
#include "demo/decisions_demo.hpp"
#include "demo/discussions_demo.hpp"
#include "demo/meetings_demo.hpp"
#include "demo/offers_demo.hpp"

#include <chrono>
#include <map>

#include "accounts/repo.hpp"
#include "core/time.hpp"
#include "groups/repo.hpp"
#include "groups/rules.hpp"
#include "mail/outbox.hpp"

namespace plenary::demo {
namespace {

using groups::Kind;
using groups::Role;

// Long and unusual enough to pass the password rules; printed for whoever loads the demo.
constexpr const char* demo_password = "plenary-demo-2026";
constexpr const char* email_domain = "@demo.plenary.test";

struct DemoGroup {
  const char* key;
  const char* name;
  Kind kind;
  const char* parent;  // key of the parent, or null
  const char* description;
};

// The tree (a national group, two regions, four branches) and a workplace beside it.
const DemoGroup demo_groups[] = {
    {"national", "Plenary Demo Federation", Kind::national, nullptr,
     "The whole organisation. Everyone in a region or branch belongs here too."},
    {"north", "Northern Region", Kind::region, "national", "Branches north of the river."},
    {"south", "Southern Region", Kind::region, "national", "Branches south of the river."},
    {"riverside", "Riverside Branch", Kind::branch, "north",
     "We meet on the first Monday of the month at the community centre."},
    {"hillside", "Hillside Branch", Kind::branch, "north", "Meetings alternate between towns."},
    {"harbour", "Harbour Branch", Kind::branch, "south", "Dock workers and neighbours."},
    {"meadow", "Meadow Branch", Kind::branch, "south", "The newest branch, founded last year."},
    {"health", "Health Workers", Kind::workplace, nullptr,
     "Members who work in hospitals, clinics and care homes, whatever their branch."},
};

struct DemoMembership {
  const char* group;
  Role role;
};

struct DemoPerson {
  const char* key;  // the email address before the @
  const char* name;
  bool site_admin;
  bool hidden;
  std::vector<DemoMembership> memberships;
};

const std::vector<DemoPerson>& demo_people() {
  static const std::vector<DemoPerson> people = {
      {"alex", "Alex Morgan", true, false, {{"national", Role::admin}}},
      {"bea", "Bea Okafor", false, false, {{"north", Role::officer}}},
      {"chidi", "Chidi Mensah", false, false, {{"riverside", Role::officer}}},
      {"dana", "Dana Kowalski", false, false, {{"harbour", Role::officer}}},
      {"eli", "Eli Navarro", false, false, {{"hillside", Role::moderator}}},
      {"farah",
       "Farah Haddad",
       false,
       false,
       {{"riverside", Role::member}, {"health", Role::member}}},
      {"george", "George Lin", false, false, {{"meadow", Role::supporter}}},
      {"hana", "Hana Sato", false, true, {{"riverside", Role::member}}},
      {"ivan", "Ivan Petrov", false, false, {{"south", Role::admin}}},
      {"jo", "Jo Murphy", false, false, {{"health", Role::officer}}},
      {"kofi", "Kofi Boateng", false, false, {{"hillside", Role::member}}},
      {"lena", "Lena Fischer", false, false, {{"harbour", Role::member}}},
      {"malik", "Malik Rahman", false, false, {{"south", Role::moderator}}},
      {"nia", "Nia Williams", false, false, {{"meadow", Role::member}}},
      {"omar", "Omar Aziz", false, false, {{"riverside", Role::member}}},
      {"priya", "Priya Shah", false, false, {{"meadow", Role::officer}}},
      {"quinn", "Quinn Taylor", false, false, {{"riverside", Role::supporter}}},
      {"rosa", "Rosa Delgado", false, false, {{"harbour", Role::member}, {"health", Role::member}}},
      {"sami", "Sami Virtanen", false, false, {{"hillside", Role::member}}},
      {"tomas", "Tomás Novák", false, false, {{"meadow", Role::member}}},
      {"uma", "Uma Iyer", false, false, {{"harbour", Role::supporter}}},
      {"victor", "Victor Adeyemi", false, false, {{"national", Role::member}}},
      {"wren", "Wren Jones", false, false, {{"health", Role::member}}},
      {"xiu", "Xiu Chen", false, false, {{"hillside", Role::officer}}},
      {"yusuf", "Yusuf Demir", false, false, {{"hillside", Role::supporter}}},
      {"zara", "Zara Ali", false, false, {{"meadow", Role::member}}},
      {"aisha", "Aisha Bello", false, false, {{"health", Role::moderator}}},
      {"ben", "Ben Carter", false, false, {{"harbour", Role::member}}},
      {"carmen", "Carmen Ruiz", false, false, {{"south", Role::supporter}}},
      {"dev", "Dev Patel", false, false, {{"riverside", Role::member}}},
      // Riverside Branch's other members: enough voters for its demo ballots.
      {"ama", "Ama Owusu", false, false, {{"riverside", Role::member}}},
      {"bryn", "Bryn Hughes", false, false, {{"riverside", Role::member}}},
      {"cleo", "Cleo Martin", false, false, {{"riverside", Role::member}}},
      {"dmitri", "Dmitri Volkov", false, false, {{"riverside", Role::member}}},
      {"esme", "Esme Clarke", false, false, {{"riverside", Role::member}}},
      {"femi", "Femi Adebayo", false, false, {{"riverside", Role::member}}},
      {"gwen", "Gwen Price", false, false, {{"riverside", Role::member}}},
      {"hugo", "Hugo Blanc", false, false, {{"riverside", Role::member}}},
  };
  return people;
}

const std::vector<SignInDetail>& sign_in_details() {
  static const std::vector<SignInDetail> details = {
      {std::string("alex") + email_domain,
       "site admin and admin of the Plenary Demo Federation: creates groups, manages everyone"},
      {std::string("bea") + email_domain,
       "officer of Northern Region: manages the members of it and of its branches"},
      {std::string("chidi") + email_domain,
       "officer of Riverside Branch: adds members, changes roles, imports CSV files"},
      {std::string("eli") + email_domain, "moderator of Hillside Branch: sees its members"},
      {std::string("farah") + email_domain,
       "member of Riverside Branch and of Health Workers: sees both member lists"},
      {std::string("george") + email_domain,
       "supporter of Meadow Branch: sees the groups, but not the member lists"},
  };
  return details;
}

}  // namespace

Result<Summary> load(db::Connection& db, accounts::PasswordHasher& hasher) {
  const bool empty =
      db::transact(db, [](db::Tx& tx) { return groups::repo::count_groups(tx) == 0; });
  if (!empty)
    return Summary{};

  // One slow hash for thirty people: they share the password anyway.
  const std::string password_hash = hasher.hash(demo_password);
  const auto now = std::chrono::system_clock::now();

  std::map<std::string, std::int64_t> group_ids;
  std::map<std::string, std::int64_t> person_ids;
  auto loaded = db::transact(db, [&](db::Tx& tx) -> Result<Summary> {
    // Another process may have loaded it between the check above and this transaction.
    if (groups::repo::count_groups(tx) > 0)
      return Summary{};

    for (const auto& group : demo_groups) {
      std::optional<std::int64_t> parent;
      if (group.parent)
        parent = group_ids.at(group.parent);
      group_ids[group.key] =
          groups::repo::insert_group(tx, group.name, group.kind, parent, group.description).id;
    }

    const auto verified_at = iso8601(now);
    int index = 0;
    for (const auto& demo_person : demo_people()) {
      const std::string email = std::string(demo_person.key) + email_domain;
      auto person = accounts::repo::insert_person(tx, email, demo_person.name, password_hash,
                                                  demo_person.site_admin);
      if (!person) {
        return conflict(
            "The demo organisation cannot be loaded: " + email + " already has an account.",
            "email_taken");
      }
      person_ids[demo_person.key] = person->id;
      accounts::repo::mark_email_verified(tx, person->id, verified_at);
      if (demo_person.hidden)
        accounts::repo::update_profile(tx, person->id, std::nullopt, true);
      for (const auto& membership : demo_person.memberships) {
        // Joining dates spread over the past two years, the same on every load.
        const int days_ago = 15 + (index * 97) % 700;
        ++index;
        groups::repo::write_membership(tx, group_ids.at(membership.group), person->id,
                                       membership.role, groups::MembershipStatus::active,
                                       groups::iso_date(now - std::chrono::hours(24 * days_ago)));
      }
    }
    if (auto discussions = load_discussions(tx, group_ids, person_ids, now); !discussions) {
      return discussions.error();
    }
    return Summary{true, demo_password, sign_in_details()};
  });
  if (!loaded || !loaded->loaded)
    return loaded;
  // Proposals and ballots go through their own use cases, each its own transaction, as they
  // would from the web app.
  if (auto decisions = load_decisions(db, group_ids, person_ids); !decisions)
    return decisions.error();
  if (auto meetings = load_meetings(db, group_ids, person_ids); !meetings)
    return meetings.error();
  if (auto campaigns = load_campaigns(db, group_ids, person_ids); !campaigns)
    return campaigns.error();
  if (auto offers = load_offers(db, group_ids, person_ids); !offers)
    return offers.error();
  // The use cases above mailed the demo's made-up people (confirmations, notices): nobody reads
  // those, and they would push a real sign-up link down `plenary outbox`.
  db::transact(db, [&](db::Tx& tx) {
    return mail::set_aside_waiting(tx, email_domain, std::chrono::system_clock::now(),
                                   "not sent: made while loading the demo organisation");
  });
  return loaded;
}

}  // namespace plenary::demo
