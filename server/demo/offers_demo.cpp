#include "demo/offers_demo.hpp"

#include <chrono>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/clock.hpp"
#include "offers/service.hpp"

namespace plenary::demo {
namespace {

using std::chrono::hours;

constexpr std::chrono::hours day{24};

struct DemoOffer {
  const char* person;
  const char* lives_in;  // group key, or null
  const char* works_in;
  std::vector<const char*> skills;  // names as seeded by the migration
  const char* other_skills;
  const char* availability;
  std::chrono::hours age;
};

Actor actor_for(const std::map<std::string, std::int64_t>& people, const char* key,
                const char* display_name) {
  Actor actor;
  actor.person_id = people.at(key);
  actor.display_name = display_name;
  actor.email_verified = true;
  return actor;
}

std::optional<std::int64_t> group_of(const std::map<std::string, std::int64_t>& groups,
                                     const char* key) {
  if (!key)
    return std::nullopt;
  return groups.at(key);
}

Result<std::int64_t> make_offer(offers::Service& service, db::Connection& db,
                                const std::map<std::string, std::int64_t>& groups,
                                const std::map<std::string, std::int64_t>& people,
                                const std::vector<offers::Skill>& skills, const DemoOffer& demo,
                                const char* display_name, TimePoint now) {
  offers::OfferInput input;
  for (const char* name : demo.skills) {
    for (const auto& skill : skills) {
      if (skill.name == name)
        input.skill_ids.push_back(skill.id);
    }
  }
  input.other_skills = demo.other_skills;
  input.availability = demo.availability;
  input.lives_in_group_id = group_of(groups, demo.lives_in);
  input.works_in_group_id = group_of(groups, demo.works_in);
  const auto actor = actor_for(people, demo.person, display_name);
  auto made = service.offer_at(db, &actor, input, now - demo.age);
  if (!made)
    return made.error();
  return made->offer.id;
}

}  // namespace

// Four offers at four stages: matched to a task, acknowledged, waiting, and one nine days old
// that nobody acknowledged — Riverside's escalation period has run out, so the ticker sends it
// on to Northern Region in the server's first second.
Status load_offers(db::Connection& db, const std::map<std::string, std::int64_t>& groups,
                   const std::map<std::string, std::int64_t>& people) {
  SystemClock clock;
  // Links in the demo's mails are paths: the demo is loaded before any server knows its address.
  const offers::Settings settings{.escalation_days = 7, .public_base_url = {}};
  offers::Service service(clock, settings);
  const auto now = clock.now();
  auto skills = service.skills(db);
  if (!skills)
    return skills.error();

  const auto chidi = actor_for(people, "chidi", "Chidi Mensah");
  const auto xiu = actor_for(people, "xiu", "Xiu Chen");

  auto matched = make_offer(service, db, groups, people, *skills,
                            {"omar",
                             "riverside",
                             nullptr,
                             {"Leafleting", "Canvassing and door-knocking"},
                             "",
                             "Saturday mornings, about 4 hours a month",
                             20 * day},
                            "Omar Aziz", now);
  if (!matched)
    return matched.error();
  if (auto done = service.acknowledge_at(
          db, chidi, *matched, "Thank you, Omar! I will ring you this week.", now - 19 * day);
      !done)
    return done.error();
  if (auto done = service.record_outcome_at(db, chidi, *matched, offers::Outcome::contacted,
                                            "Spoke on the phone.", now - 18 * day);
      !done)
    return done.error();
  if (auto done = service.record_outcome_at(
          db, chidi, *matched, offers::Outcome::matched,
          "Leafleting the Riverside estate on Saturday mornings with the library campaign team.",
          now - 15 * day);
      !done)
    return done.error();

  auto acknowledged = make_offer(service, db, groups, people, *skills,
                                 {"kofi",
                                  "hillside",
                                  nullptr,
                                  {"Photography and video"},
                                  "I can edit short videos for social media too.",
                                  "Weekends, now and then",
                                  3 * day},
                                 "Kofi Boateng", now);
  if (!acknowledged)
    return acknowledged.error();
  if (auto done = service.acknowledge_at(db, xiu, *acknowledged,
                                         "Lovely, Kofi: we need photos of the fair next month.",
                                         now - 2 * day);
      !done)
    return done.error();

  auto waiting = make_offer(service, db, groups, people, *skills,
                            {"zara",
                             "meadow",
                             "health",
                             {"Data and spreadsheets", "Research"},
                             "",
                             "Tuesday and Thursday evenings",
                             hours(20)},
                            "Zara Ali", now);
  if (!waiting)
    return waiting.error();

  auto overdue = make_offer(service, db, groups, people, *skills,
                            {"dev",
                             "riverside",
                             nullptr,
                             {"Driving", "Organising events"},
                             "I have a van for moving stalls and banners.",
                             "Most weekends",
                             9 * day},
                            "Dev Patel", now);
  if (!overdue)
    return overdue.error();
  return ok();
}

}  // namespace plenary::demo
