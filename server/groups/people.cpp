#include "groups/people.hpp"

#include "groups/json.hpp"
#include "http/problem.hpp"

namespace plenary::groups {
namespace {

const db::Statement select_person_name{"groups.person_name",
                                       "SELECT display_name FROM persons WHERE id = $1"};

// $1 the person, $2 the viewer (0 when signed out), $3 whether the viewer is a site admin.
const db::Statement select_shared_groups{
    "groups.shared_groups",
    "SELECT g.id, g.name, g.kind, m.role, m.status, to_char(m.joined_at, 'YYYY-MM-DD') "
    "FROM memberships m JOIN groups g ON g.id = m.group_id JOIN persons p ON p.id = m.person_id "
    "WHERE m.person_id = $1 AND m.status = 'active' AND g.archived_at IS NULL AND "
    "($1 = $2 OR $3 OR EXISTS (SELECT 1 FROM memberships v WHERE v.group_id = m.group_id "
    "AND v.person_id = $2 AND v.status = 'active' AND (v.role IN ('officer', 'admin') OR "
    "(v.role <> 'supporter' AND NOT p.hidden_from_directory)))) "
    "ORDER BY lower(g.name), g.id"};

const db::Statement select_shows_recognition{
    "groups.shows_recognition",
    "SELECT coalesce((SELECT show_recognition FROM notification_preferences "
    "WHERE person_id = $1), false)"};

// Thanks count on posts that are still shown: a hidden or deleted post earns nothing.
const db::Statement select_recognition{
    "groups.recognition",
    "SELECT (SELECT count(*) FROM stories WHERE author_id = $1 AND status = 'published'), "
    "(SELECT count(*) FROM volunteer_offers WHERE person_id = $1 AND outcome = 'matched'), "
    "(SELECT coalesce(sum(thanks_count), 0) FROM posts WHERE author_id = $1 "
    "AND deleted_at IS NULL AND hidden_at IS NULL)"};

Recognition recognition_of(db::Tx& tx, std::int64_t person_id) {
  const auto result = tx.exec(select_recognition, person_id);
  const auto& row = result[0];
  return {row[0].as<std::int64_t>(), row[1].as<std::int64_t>(), row[2].as<std::int64_t>()};
}

Error no_person(std::int64_t id) {
  return not_found("There is no person with the number " + std::to_string(id) +
                   " that you can see.");
}

}  // namespace

Result<PersonPage> person_page(db::Connection& db, const Actor* viewer, std::int64_t person_id) {
  return db::transact(db, [&](db::Tx& tx) -> Result<PersonPage> {
    auto name = tx.exec_maybe_row(select_person_name, person_id);
    if (!name)
      return no_person(person_id);
    PersonPage page;
    page.id = person_id;
    page.display_name = (*name)[0].as<std::string>();
    page.is_me = viewer && viewer->person_id == person_id;
    const std::int64_t viewer_id = viewer ? viewer->person_id : 0;
    const bool site_admin = viewer && viewer->site_admin;
    for (const auto& row : tx.exec(select_shared_groups, person_id, viewer_id, site_admin)) {
      page.shared_groups.push_back(
          {row[0].as<std::int64_t>(), row[1].as<std::string>(),
           *parse_kind(row[2].as<std::string>()), *parse_role(row[3].as<std::string>()),
           *parse_status(row[4].as<std::string>()), row[5].as<std::string>()});
    }
    if (page.shared_groups.empty() && !page.is_me && !site_admin)
      return no_person(person_id);
    page.recognition_public = tx.exec(select_shows_recognition, person_id)[0][0].as<bool>();
    if (page.recognition_public || page.is_me)
      page.recognition = recognition_of(tx, person_id);
    return page;
  });
}

nlohmann::json person_page_json(const PersonPage& page) {
  nlohmann::json recognition = nullptr;
  if (page.recognition) {
    recognition = {{"stories_published", page.recognition->stories_published},
                   {"offers_taken_up", page.recognition->offers_taken_up},
                   {"thanks_received", page.recognition->thanks_received}};
  }
  return {{"person", {{"id", page.id}, {"display_name", page.display_name}}},
          {"is_me", page.is_me},
          {"groups", personal_memberships_json(page.shared_groups)},
          {"recognition", recognition},
          {"recognition_public", page.recognition_public}};
}

void register_people_routes(http::Router& router) {
  router.add(http::Method::get, "/api/v1/people/{person_id}",
             [](http::RouteContext& context) {
               auto id = context.id("person_id");
               if (!id)
                 return http::problem(id.error());
               auto page = person_page(context.db(), context.actor, *id);
               if (!page)
                 return http::problem(page.error());
               return http::Response::json(200, person_page_json(*page));
             },
             {.summary = "A person's page: their name, the groups the viewer shares with them, "
                         "and what they have done if they chose to show it"});
}

}  // namespace plenary::groups
