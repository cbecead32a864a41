#include "groups/repo.hpp"

#include "db/arrays.hpp"

namespace plenary::groups::repo {
namespace {

// Guards the recursive walks against a loop in the data (the service never makes one) without
// limiting any real organisation.
#define PLENARY_MAX_DEPTH "1000"

#define GROUP_COLUMNS                                                                    \
  "g.id, g.name, g.kind, g.parent_id, g.description, g.archived_at IS NOT NULL, "        \
  "coalesce((SELECT count(*) FROM memberships m WHERE m.group_id = g.id AND m.status = " \
  "'active'), 0), g.time_zone"

#define WALK_UP                                                     \
  "WITH RECURSIVE up(id, parent_id, depth) AS ("                    \
  "SELECT id, parent_id, 0 FROM groups WHERE id = $1 "              \
  "UNION ALL SELECT g.id, g.parent_id, up.depth + 1 FROM groups g " \
  "JOIN up ON g.id = up.parent_id WHERE up.depth < " PLENARY_MAX_DEPTH ") "

#define MEMBER_COLUMNS                                          \
  "m.person_id, m.group_id, p.display_name, m.role, m.status, " \
  "to_char(m.joined_at, 'YYYY-MM-DD'), p.hidden_from_directory"

const db::Statement select_groups{"groups.select_groups",
                                  "SELECT " GROUP_COLUMNS
                                  " FROM groups g WHERE $1 OR g.archived_at IS NULL "
                                  "ORDER BY lower(g.name), g.id"};
const db::Statement select_group{"groups.select_group",
                                 "SELECT " GROUP_COLUMNS " FROM groups g WHERE g.id = $1"};
const db::Statement select_group_count{"groups.count_groups", "SELECT count(*) FROM groups"};
const db::Statement select_ancestors{
    "groups.select_ancestors", WALK_UP
    "SELECT g.id, g.name, g.kind, g.archived_at IS NOT NULL FROM up "
    "JOIN groups g ON g.id = up.id WHERE up.depth > 0 ORDER BY up.depth DESC"};
const db::Statement select_chain_ids{"groups.select_chain_ids",
                                     WALK_UP "SELECT id FROM up ORDER BY depth"};
const db::Statement select_children{
    "groups.select_children",
    "SELECT id, name, kind, archived_at IS NOT NULL FROM groups WHERE parent_id = $1 "
    "ORDER BY lower(name), id"};
const db::Statement select_subtree{
    "groups.select_subtree",
    "WITH RECURSIVE down(id, depth) AS (SELECT id, 0 FROM groups WHERE id = $1 "
    "UNION ALL SELECT g.id, down.depth + 1 FROM groups g JOIN down ON g.parent_id = down.id "
    "WHERE down.depth < " PLENARY_MAX_DEPTH
    ") SELECT g.id, g.name, g.parent_id, g.archived_at IS NOT NULL FROM down "
    "JOIN groups g ON g.id = down.id ORDER BY down.depth, g.id"};
const db::Statement select_sibling_named{
    "groups.select_sibling_named",
    "SELECT EXISTS (SELECT 1 FROM groups WHERE coalesce(parent_id, 0) = coalesce($1::bigint, 0) "
    "AND lower(name) = lower($2) AND id <> coalesce($3::bigint, 0))"};
const db::Statement insert_group_row{
    "groups.insert_group",
    "INSERT INTO groups (name, kind, parent_id, description) VALUES ($1, $2, $3, $4) "
    "RETURNING id"};
const db::Statement update_group_row{
    "groups.update_group",
    "UPDATE groups SET name = $2, description = $3, parent_id = $4, "
    "archived_at = CASE WHEN $5 THEN coalesce(archived_at, now()) END, time_zone = $6 "
    "WHERE id = $1"};
const db::Statement select_time_zone_known{
    "groups.select_time_zone_known",
    "SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = $1)"};

const db::Statement select_chain_memberships{
    "groups.select_chain_memberships", WALK_UP
    "SELECT up.depth, m.role, m.status FROM up "
    "JOIN memberships m ON m.group_id = up.id AND m.person_id = $2"};
const db::Statement select_memberships_in{"groups.select_memberships_in",
                                          "SELECT group_id, role, status FROM memberships "
                                          "WHERE person_id = $1 AND group_id = ANY($2::bigint[])"};

const db::Statement select_person_by_email{
    "groups.select_person_by_email",
    "SELECT id, display_name, hidden_from_directory FROM persons WHERE email = $1"};
const db::Statement insert_person_row{"groups.insert_person",
                                      "INSERT INTO persons (email, display_name) VALUES ($1, $2) "
                                      "RETURNING id, display_name, hidden_from_directory"};

const db::Statement select_member{"groups.select_member",
                                  "SELECT " MEMBER_COLUMNS
                                  " FROM memberships m JOIN persons p ON p.id = m.person_id "
                                  "WHERE m.group_id = $1 AND m.person_id = $2"};
const db::Statement upsert_membership{
    "groups.upsert_membership",
    "WITH written AS (INSERT INTO memberships (person_id, group_id, role, status, joined_at) "
    "VALUES ($2, $1, $3, $4, $5::date) ON CONFLICT (person_id, group_id) DO UPDATE "
    "SET role = excluded.role, status = excluded.status, joined_at = excluded.joined_at, "
    "updated_at = now() RETURNING *) "
    "SELECT " MEMBER_COLUMNS " FROM written m JOIN persons p ON p.id = m.person_id"};
// Sorted case-blind by name, then by id so that equal names still page in a fixed order.
const db::Statement select_members{
    "groups.select_members",
    "SELECT " MEMBER_COLUMNS
    ", lower(p.display_name) FROM memberships m "
    "JOIN persons p ON p.id = m.person_id "
    "WHERE m.group_id = $1 AND m.status <> 'left' "
    "AND ($2 OR NOT p.hidden_from_directory OR p.id = $3) "
    "AND ($4::text IS NULL OR (lower(p.display_name), p.id) > ($4::text, $5::bigint)) "
    "ORDER BY lower(p.display_name), p.id LIMIT $6"};
const db::Statement select_personal_memberships{
    "groups.select_personal_memberships",
    "SELECT g.id, g.name, g.kind, m.role, m.status, to_char(m.joined_at, 'YYYY-MM-DD') "
    "FROM memberships m JOIN groups g ON g.id = m.group_id "
    "WHERE m.person_id = $1 AND m.status <> 'left' ORDER BY lower(g.name), g.id"};

const db::Statement select_people_by_email{
    "groups.select_people_by_email",
    "SELECT p.id, r.asked, p.password_hash IS NOT NULL FROM unnest($1::text[]) AS r(asked) "
    "JOIN persons p ON p.email = r.asked::citext"};
const db::Statement insert_people{
    "groups.insert_people",
    "INSERT INTO persons (email, display_name) "
    "SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (email) DO NOTHING"};
const db::Statement select_memberships_of_people{
    "groups.select_memberships_of_people",
    "SELECT person_id, group_id, role, status, to_char(joined_at, 'YYYY-MM-DD') FROM memberships "
    "WHERE person_id = ANY($1::bigint[]) AND group_id = ANY($2::bigint[])"};
const db::Statement upsert_memberships{
    "groups.upsert_memberships",
    "INSERT INTO memberships (person_id, group_id, role, status, joined_at) "
    "SELECT person_id, group_id, role, 'active', joined_at "
    "FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::date[]) "
    "AS r(person_id, group_id, role, joined_at) "
    "ON CONFLICT (person_id, group_id) DO UPDATE SET role = excluded.role, "
    "status = excluded.status, joined_at = excluded.joined_at, updated_at = now()"};

#undef GROUP_COLUMNS
#undef WALK_UP
#undef MEMBER_COLUMNS
#undef PLENARY_MAX_DEPTH

// Values the schema's CHECK constraints guarantee; anything else is a broken database.
template <class T>
T known(std::optional<T> value, const char* what) {
  if (!value)
    throw std::runtime_error(std::string("unexpected ") + what + " in the database");
  return *value;
}
Role role_from(const pqxx::field& field) {
  return known(parse_role(field.c_str()), "role");
}
Kind kind_from(const pqxx::field& field) {
  return known(parse_kind(field.c_str()), "kind");
}
MembershipStatus status_from(const pqxx::field& field) {
  return known(parse_status(field.c_str()), "status");
}

Group group_from(const pqxx::row& row) {
  Group group;
  group.id = row[0].as<std::int64_t>();
  group.name = row[1].as<std::string>();
  group.kind = kind_from(row[2]);
  if (!row[3].is_null())
    group.parent_id = row[3].as<std::int64_t>();
  group.description = row[4].as<std::string>();
  group.archived = row[5].as<bool>();
  group.member_count = row[6].as<std::int64_t>();
  group.time_zone = row[7].as<std::string>();
  return group;
}

GroupRef group_ref_from(const pqxx::row& row) {
  return {row[0].as<std::int64_t>(), row[1].as<std::string>(), kind_from(row[2]),
          row[3].as<bool>()};
}

Member member_from(const pqxx::row& row) {
  return {row[0].as<std::int64_t>(), row[1].as<std::int64_t>(), row[2].as<std::string>(),
          role_from(row[3]),         status_from(row[4]),       row[5].as<std::string>(),
          row[6].as<bool>()};
}

}  // namespace

std::vector<Group> list_groups(db::Tx& tx, bool include_archived) {
  std::vector<Group> groups;
  for (const auto& row : tx.exec(select_groups, include_archived))
    groups.push_back(group_from(row));
  return groups;
}

std::optional<Group> find_group(db::Tx& tx, std::int64_t id) {
  auto row = tx.exec_maybe_row(select_group, id);
  if (!row)
    return std::nullopt;
  return group_from(*row);
}

std::int64_t count_groups(db::Tx& tx) {
  return tx.exec(select_group_count)[0][0].as<std::int64_t>();
}

std::vector<GroupRef> ancestors(db::Tx& tx, std::int64_t id) {
  std::vector<GroupRef> refs;
  for (const auto& row : tx.exec(select_ancestors, id))
    refs.push_back(group_ref_from(row));
  return refs;
}

std::vector<std::int64_t> chain_ids(db::Tx& tx, std::int64_t id) {
  std::vector<std::int64_t> ids;
  for (const auto& row : tx.exec(select_chain_ids, id))
    ids.push_back(row[0].as<std::int64_t>());
  return ids;
}

std::vector<GroupRef> children(db::Tx& tx, std::int64_t id) {
  std::vector<GroupRef> refs;
  for (const auto& row : tx.exec(select_children, id))
    refs.push_back(group_ref_from(row));
  return refs;
}

std::vector<ScopeGroup> subtree(db::Tx& tx, std::int64_t id) {
  std::vector<ScopeGroup> groups;
  for (const auto& row : tx.exec(select_subtree, id)) {
    ScopeGroup group{row[0].as<std::int64_t>(), row[1].as<std::string>(), std::nullopt,
                     row[3].as<bool>()};
    if (!row[2].is_null())
      group.parent_id = row[2].as<std::int64_t>();
    groups.push_back(std::move(group));
  }
  return groups;
}

bool sibling_name_taken(db::Tx& tx, const std::optional<std::int64_t>& parent_id,
                        const std::string& name, const std::optional<std::int64_t>& except_id) {
  return tx.exec(select_sibling_named, parent_id, name, except_id)[0][0].as<bool>();
}

Group insert_group(db::Tx& tx, const std::string& name, Kind kind,
                   const std::optional<std::int64_t>& parent_id, const std::string& description) {
  const auto id =
      tx.exec(insert_group_row, name, std::string(kind_name(kind)), parent_id, description)[0][0]
          .as<std::int64_t>();
  return known(find_group(tx, id), "missing group");
}

void update_group(db::Tx& tx, std::int64_t id, const std::string& name,
                  const std::string& description, const std::optional<std::int64_t>& parent_id,
                  bool archived, const std::string& time_zone) {
  tx.exec(update_group_row, id, name, description, parent_id, archived, time_zone);
}

bool time_zone_known(db::Tx& tx, const std::string& name) {
  return tx.exec(select_time_zone_known, name)[0][0].as<bool>();
}

std::vector<ChainMembership> chain_memberships(db::Tx& tx, std::int64_t group_id,
                                               std::int64_t person_id) {
  std::vector<ChainMembership> chain;
  for (const auto& row : tx.exec(select_chain_memberships, group_id, person_id)) {
    chain.push_back({row[0].as<int>(), role_from(row[1]), status_from(row[2])});
  }
  return chain;
}

std::unordered_map<std::int64_t, DirectMembership> memberships_in(
    db::Tx& tx, std::int64_t person_id, const std::vector<std::int64_t>& group_ids) {
  std::unordered_map<std::int64_t, DirectMembership> memberships;
  for (const auto& row : tx.exec(select_memberships_in, person_id, db::array_literal(group_ids))) {
    memberships[row[0].as<std::int64_t>()] = {role_from(row[1]), status_from(row[2])};
  }
  return memberships;
}

std::optional<PersonRow> find_person_by_email(db::Tx& tx, const std::string& email) {
  auto row = tx.exec_maybe_row(select_person_by_email, email);
  if (!row)
    return std::nullopt;
  return PersonRow{(*row)[0].as<std::int64_t>(), (*row)[1].as<std::string>(), (*row)[2].as<bool>()};
}

PersonRow insert_person_without_password(db::Tx& tx, const std::string& email,
                                         const std::string& display_name) {
  auto row = tx.exec(insert_person_row, email, display_name)[0];
  return {row[0].as<std::int64_t>(), row[1].as<std::string>(), row[2].as<bool>()};
}

std::optional<Member> find_member(db::Tx& tx, std::int64_t group_id, std::int64_t person_id) {
  auto row = tx.exec_maybe_row(select_member, group_id, person_id);
  if (!row)
    return std::nullopt;
  return member_from(*row);
}

Member write_membership(db::Tx& tx, std::int64_t group_id, std::int64_t person_id, Role role,
                        MembershipStatus status, const std::string& joined_at) {
  return member_from(tx.exec(upsert_membership, group_id, person_id, std::string(role_name(role)),
                             std::string(status_name(status)), joined_at)[0]);
}

std::vector<ListedMember> list_members(db::Tx& tx, std::int64_t group_id, bool include_hidden,
                                       std::int64_t viewer_person_id,
                                       const std::optional<MemberCursor>& after, int limit) {
  std::optional<std::string> after_name;
  std::optional<std::int64_t> after_id;
  if (after) {
    after_name = after->sort_name;
    after_id = after->person_id;
  }
  std::vector<ListedMember> members;
  for (const auto& row : tx.exec(select_members, group_id, include_hidden, viewer_person_id,
                                 after_name, after_id, limit)) {
    members.push_back({member_from(row), row[7].as<std::string>()});
  }
  return members;
}

std::vector<PersonalMembership> memberships_of_person(db::Tx& tx, std::int64_t person_id) {
  std::vector<PersonalMembership> memberships;
  for (const auto& row : tx.exec(select_personal_memberships, person_id)) {
    memberships.push_back({row[0].as<std::int64_t>(), row[1].as<std::string>(), kind_from(row[2]),
                           role_from(row[3]), status_from(row[4]), row[5].as<std::string>()});
  }
  return memberships;
}

std::vector<KnownPerson> people_by_email(db::Tx& tx, const std::vector<std::string>& emails) {
  std::vector<KnownPerson> people;
  if (emails.empty())
    return people;
  for (const auto& row : tx.exec(select_people_by_email, db::array_literal(emails))) {
    people.push_back({row[0].as<std::int64_t>(), row[1].as<std::string>(), row[2].as<bool>()});
  }
  return people;
}

void insert_people_without_password(db::Tx& tx, const std::vector<NewPerson>& people) {
  if (people.empty())
    return;
  std::vector<std::string> emails, names;
  for (const auto& person : people) {
    emails.push_back(person.email);
    names.push_back(person.display_name);
  }
  tx.exec(insert_people, db::array_literal(emails), db::array_literal(names));
}

std::vector<KnownMembership> memberships_of_people(db::Tx& tx,
                                                   const std::vector<std::int64_t>& person_ids,
                                                   const std::vector<std::int64_t>& group_ids) {
  std::vector<KnownMembership> memberships;
  if (person_ids.empty() || group_ids.empty())
    return memberships;
  for (const auto& row : tx.exec(select_memberships_of_people, db::array_literal(person_ids),
                                 db::array_literal(group_ids))) {
    memberships.push_back({row[0].as<std::int64_t>(), row[1].as<std::int64_t>(), role_from(row[2]),
                           status_from(row[3]), row[4].as<std::string>()});
  }
  return memberships;
}

void write_active_memberships(db::Tx& tx, const std::vector<MembershipRow>& rows) {
  if (rows.empty())
    return;
  std::vector<std::int64_t> person_ids, group_ids;
  std::vector<std::string> roles, dates;
  for (const auto& row : rows) {
    person_ids.push_back(row.person_id);
    group_ids.push_back(row.group_id);
    roles.emplace_back(role_name(row.role));
    dates.push_back(row.joined_at);
  }
  tx.exec(upsert_memberships, db::array_literal(person_ids), db::array_literal(group_ids),
          db::array_literal(roles), db::array_literal(dates));
}

}  // namespace plenary::groups::repo
