#include "demo/campaigns_demo.hpp"

#include <cctype>
#include <chrono>
#include <vector>

#include "core/actor.hpp"
#include "core/clock.hpp"
#include "discussions/service.hpp"
#include "groups/service.hpp"
#include "petitions/service.hpp"
#include "stories/service.hpp"

namespace plenary::demo {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

constexpr const char* petition_slug = "keep-riverside-library-open-on-saturdays";

struct DemoSigner {
  const char* name;
  const char* email;
  const char* postcode;
  const char* group;  // key of the group they name, or null
  bool hide_name;
  bool keep_updated;
  bool confirms;  // follows the link in the confirmation mail
};

// Twelve confirmed (two of them hiding their names) and three still to follow their link.
const std::vector<DemoSigner> demo_signers = {
    {"Farah Haddad", "farah@demo.plenary.test", "RV1 2AB", "riverside", false, true, true},
    {"Omar Aziz", "omar@demo.plenary.test", "RV1 4CD", "riverside", false, false, true},
    {"Maya Green", "maya.green@demo.plenary.test", "RV2 1EF", nullptr, false, true, true},
    {"Nadia Karim", "nadia.karim@demo.plenary.test", "RV2 7GH", nullptr, true, false, true},
    {"Tom Ellis", "tom.ellis@demo.plenary.test", "RV1 9JK", nullptr, false, false, true},
    {"Dev Patel", "dev@demo.plenary.test", "RV3 3LM", "riverside", false, true, true},
    {"Grace Obi", "grace.obi@demo.plenary.test", "HL1 2NP", "hillside", false, false, true},
    {"Peter Holm", "peter.holm@demo.plenary.test", "RV2 5QR", nullptr, true, true, true},
    {"Cleo Martin", "cleo@demo.plenary.test", "RV1 6ST", "riverside", false, false, true},
    {"Sam Reid", "sam.reid@demo.plenary.test", "RV3 8UV", nullptr, false, false, true},
    {"Lucy Fenn", "lucy.fenn@demo.plenary.test", "HB4 1WX", "harbour", false, true, true},
    {"Ama Owusu", "ama@demo.plenary.test", "RV1 3YZ", "riverside", false, false, true},
    {"Jon Marsh", "jon.marsh@demo.plenary.test", "RV2 2AA", nullptr, false, false, false},
    {"Ivy Stone", "ivy.stone@demo.plenary.test", "RV3 4BB", nullptr, false, true, false},
    {"Kit Lowe", "kit.lowe@demo.plenary.test", "RV1 7CC", nullptr, false, false, false},
};

Actor actor_of(const std::map<std::string, std::int64_t>& people, const std::string& key) {
  Actor actor;
  actor.person_id = people.at(key);
  actor.email_verified = true;
  return actor;
}

const db::Statement select_confirmation_mail{
    "demo.confirmation_mail",
    "SELECT body_text FROM mail_outbox WHERE kind = 'petition_confirmation' AND to_address = $1 "
    "ORDER BY id DESC LIMIT 1"};

// The token of the confirmation link in the newest mail to `email`: the demo follows the link
// the way a signer would, so its signatures are confirmed by the same path.
Result<std::string> mailed_token(db::Connection& db, const std::string& email) {
  const auto body = db::transact(db, [&](db::Tx& tx) -> std::string {
    auto row = tx.exec_maybe_row(select_confirmation_mail, email);
    return row ? (*row)[0].as<std::string>() : std::string();
  });
  constexpr std::string_view marker = "/confirm?token=";
  const auto at = body.find(marker);
  if (at == std::string::npos)
    return conflict("The demo petition's confirmation mail to " + email + " has no link.");
  const auto start = at + marker.size();
  auto end = start;
  while (end < body.size() && (std::isalnum(static_cast<unsigned char>(body[end])) ||
                               body[end] == '-' || body[end] == '_'))
    ++end;
  return body.substr(start, end - start);
}

Status load_petition(db::Connection& db, const std::map<std::string, std::int64_t>& groups,
                     const std::map<std::string, std::int64_t>& people) {
  // Started three days ago; people sign (and confirm) over the following hours.
  ManualClock clock(std::chrono::system_clock::now() - hours(72));
  petitions::Service petitions(clock);
  auto petition = petitions.create(
      db, actor_of(people, "chidi"),
      {.group_id = groups.at("riverside"),
       .title = "Keep Riverside Library open on Saturdays",
       .statement =
           "Riverside Council plans to close the library on Saturdays from January.\n\n"
           "Saturday is the only day many children, carers and shift workers can go. We ask "
           "the council to:\n\n"
           "- keep the library open **every Saturday, 9:00 to 17:00**\n"
           "- keep the homework club and the job club that meet there",
       .target = "Riverside Council",
       .slug = std::string(petition_slug),
       .closes_at = std::nullopt});
  if (!petition)
    return petition.error();
  const petitions::SignOrigin origin{.address = "demo", .site = "http://localhost:8080"};
  for (const auto& signer : demo_signers) {
    clock.advance(hours(3));
    std::optional<std::int64_t> group;
    if (signer.group)
      group = groups.at(signer.group);
    if (auto signed_up = petitions.sign(db, petition_slug,
                                        {.name = signer.name,
                                         .email = signer.email,
                                         .postcode = signer.postcode,
                                         .group_id = group,
                                         .hide_name = signer.hide_name,
                                         .keep_updated = signer.keep_updated},
                                        origin);
        !signed_up) {
      return signed_up;
    }
    if (!signer.confirms)
      continue;
    clock.advance(minutes(20));
    auto token = mailed_token(db, signer.email);
    if (!token)
      return token.error();
    if (auto confirmed = petitions.confirm(db, petition_slug, *token); !confirmed)
      return confirmed;
  }
  return ok();
}

struct DemoComment {
  const char* author;
  const char* body;
  int parent;  // index of an earlier comment; -1: a reply to the opening post
};

const std::vector<DemoComment> story_comments = {
    {"victor",
     "We are fighting a bus cut in the south. The idea of timing each tenant's journey is "
     "brilliant: a number like that is hard to argue with.",
     -1},
    {"farah",
     "Thank you! Ask people to write down the date and the time too. The council tried to say "
     "our examples were out of date, and the diaries proved they were not.",
     0},
    {"alex",
     "Shared with every branch secretary. @FarahHaddad, could you run a short session on this "
     "at the autumn gathering?",
     -1},
    {"victor", "Count me in for that session.", 2},
};

Status load_stories(db::Connection& db, const std::map<std::string, std::int64_t>& groups,
                    const std::map<std::string, std::int64_t>& people) {
  ManualClock clock(std::chrono::system_clock::now() - hours(48));
  stories::Service stories(clock);
  discussions::Service discussions(clock);
  groups::Service memberships(clock);
  const auto farah = actor_of(people, "farah");

  auto story = stories.submit(
      db, farah,
      {.title = "How we got the 42 bus back to Riverside",
       .body = "When the 42 was cut last spring, the estate lost its only direct bus to the "
               "hospital. Older tenants were paying for taxis or missing appointments.\n\n"
               "We asked everyone on the estate to keep a **travel diary** for two weeks: "
               "where they needed to go, how long it took without the 42, and what it cost. "
               "Ninety-one households took part. We added up the hours and the money and took "
               "the totals, with ten of the diaries, to the council's transport committee.\n\n"
               "Six weeks later the route was back, three times a day to begin with and every "
               "hour since September.",
       .place = "Riverside estate",
       .what_worked = "- Numbers from our own neighbours, not national statistics\n"
                      "- Ten real diaries, read out at the committee (with permission)\n"
                      "- Going back every month to ask what had been done",
       .contact = "Farah, 07700 900462, evenings",
       .group_id = groups.at("riverside")});
  if (!story)
    return story.error();
  clock.advance(hours(20));
  auto published = stories.review(db, actor_of(people, "alex"), story->story.id,
                                  stories::Verdict::accept, "", "http://localhost:8080");
  if (!published)
    return published.error();
  if (!published->story.thread_id)
    return conflict("The demo story's discussion was not opened.");
  const auto thread_id = *published->story.thread_id;

  // Farah joins the federation to answer in its discussions, which its supporters may post in.
  if (auto joined = memberships.join(db, farah, groups.at("national")); !joined)
    return joined.error();
  std::vector<std::int64_t> comment_ids;
  for (const auto& comment : story_comments) {
    clock.advance(hours(2));
    std::optional<std::int64_t> parent;
    if (comment.parent >= 0)
      parent = comment_ids.at(static_cast<std::size_t>(comment.parent));
    auto post = discussions.reply(db, actor_of(people, comment.author), thread_id,
                                  {.body = comment.body, .parent_id = parent});
    if (!post)
      return post.error();
    comment_ids.push_back(post->post.id);
  }

  // One story waiting for an editor.
  clock.advance(hours(3));
  auto waiting = stories.submit(
      db, actor_of(people, "omar"),
      {.title = "Fixing the lifts at Cedar House",
       .body = "The lifts at Cedar House were broken for most of the winter. We set up a "
               "rota to carry shopping upstairs, and a WhatsApp group that logged every "
               "breakdown with a photo. The log went to the housing association every Friday.",
       .place = "Cedar House, Riverside",
       .what_worked = "A weekly log with photos that nobody could dispute.",
       .contact = "Omar, via the branch office",
       .group_id = groups.at("riverside")});
  if (!waiting)
    return waiting.error();
  return ok();
}

}  // namespace

Status load_campaigns(db::Connection& db, const std::map<std::string, std::int64_t>& groups,
                      const std::map<std::string, std::int64_t>& people) {
  if (auto petition = load_petition(db, groups, people); !petition)
    return petition;
  return load_stories(db, groups, people);
}

}  // namespace plenary::demo
