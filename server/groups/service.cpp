#include "groups/service.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "events/outbox.hpp"
#include "groups/csv.hpp"
#include "groups/import_plan.hpp"
#include "groups/repo.hpp"
#include "groups/rules.hpp"

namespace plenary::groups {
namespace {

ViewerIdentity identity_of(const Actor* actor) {
  if (!actor)
    return {};
  return {true, actor->site_admin, actor->email_verified};
}

Viewer load_viewer(db::Tx& tx, const Actor* actor, std::int64_t group_id) {
  if (!actor)
    return make_viewer(identity_of(actor), {});
  return make_viewer(identity_of(actor), repo::chain_memberships(tx, group_id, actor->person_id));
}

GroupContext context_of(const Group& group) {
  return {group.name, group.archived};
}

Error no_group(std::int64_t id) {
  return not_found("There is no group with the number " + std::to_string(id) + ".");
}

Error no_parent(std::int64_t id) {
  return invalid_field("parent_id",
                       "There is no group with the number " + std::to_string(id) + ".");
}

Error name_taken(const std::string& name, const std::optional<Group>& parent) {
  const std::string message = "There is already a group called " + name +
                              (parent ? " in " + parent->name : " at the top level") +
                              ". Choose another name.";
  return Error{ErrorKind::conflict, message, {{"name", message}}, 0, "name_taken"};
}

std::string group_room(std::int64_t id) {
  return "group:" + std::to_string(id);
}
std::string person_room(std::int64_t id) {
  return "person:" + std::to_string(id);
}

nlohmann::json group_payload(const Group& group) {
  return {{"group",
           {{"id", group.id},
            {"name", group.name},
            {"kind", kind_name(group.kind)},
            {"parent_id", group.parent_id ? nlohmann::json(*group.parent_id) : nlohmann::json()},
            {"archived", group.archived}}}};
}

// A group change is news in the group's room and in the room of each parent it is seen under.
void publish_group(db::Tx& tx, const char* kind, const Group& group,
                   std::initializer_list<std::optional<std::int64_t>> parents) {
  const auto payload = group_payload(group);
  std::set<std::int64_t> rooms{group.id};
  for (const auto& parent : parents) {
    if (parent)
      rooms.insert(*parent);
  }
  for (auto id : rooms)
    events::publish(tx, group_room(id), kind, payload);
}

// Everyone in the group's room hears of the change; the person hears it in their own room.
void publish_member(db::Tx& tx, const char* kind, const Member& member, const Group& group) {
  nlohmann::json payload = {{"group_id", member.group_id},
                            {"person_id", member.person_id},
                            {"role", role_name(member.role)},
                            {"status", status_name(member.status)},
                            {"joined_at", member.joined_at}};
  // The room is open to every member; a person hidden from the directory is not named there.
  if (!member.hidden_from_directory)
    payload["display_name"] = member.display_name;
  events::publish(tx, group_room(group.id), kind, payload);
  events::publish(tx, person_room(member.person_id), "membership.changed",
                  {{"group_id", group.id},
                   {"group_name", group.name},
                   {"role", role_name(member.role)},
                   {"status", status_name(member.status)}});
}

}  // namespace

std::string Service::today() const {
  return iso_date(clock_.now());
}

GroupList Service::list(db::Connection& db, const Actor* actor, bool include_archived) {
  return db::transact(db, [&](db::Tx& tx) {
    GroupList list;
    list.groups = repo::list_groups(tx, include_archived);
    list.can_create_group = can_create_top_level_group(make_viewer(identity_of(actor), {})).allowed;
    return list;
  });
}

Result<Group> Service::create(db::Connection& db, const Actor& actor, const NewGroup& input) {
  return db::transact(db, [&](db::Tx& tx) -> Result<Group> {
    std::optional<Group> parent;
    if (input.parent_id) {
      parent = repo::find_group(tx, *input.parent_id);
      if (!parent)
        return no_parent(*input.parent_id);
      const auto viewer = load_viewer(tx, &actor, parent->id);
      if (auto allowed = require(can(viewer, actions::create_subgroup, context_of(*parent)));
          !allowed) {
        return allowed.error();
      }
      if (auto problem = placement_problem(input.kind, ParentInfo{parent->kind, parent->name})) {
        return invalid_field("kind", *problem);
      }
    } else if (auto allowed =
                   require(can_create_top_level_group(make_viewer(identity_of(&actor), {})));
               !allowed) {
      return allowed.error();
    }
    if (repo::sibling_name_taken(tx, input.parent_id, input.name, std::nullopt)) {
      return name_taken(input.name, parent);
    }
    auto group = repo::insert_group(tx, input.name, input.kind, input.parent_id, input.description);
    publish_group(tx, "group.created", group, {group.parent_id});
    return group;
  });
}

Result<GroupView> Service::view(db::Connection& db, const Actor* actor, std::int64_t group_id) {
  return db::transact(db, [&](db::Tx& tx) -> Result<GroupView> {
    auto group = repo::find_group(tx, group_id);
    if (!group)
      return no_group(group_id);
    const auto viewer = load_viewer(tx, actor, group_id);
    const auto context = context_of(*group);
    if (auto allowed = require(can(viewer, actions::view_group, context)); !allowed) {
      return allowed.error();
    }
    GroupView view;
    view.page.group = *group;
    view.page.ancestors = repo::ancestors(tx, group_id);
    view.page.children = repo::children(tx, group_id);
    if (actor) {
      auto mine = repo::find_member(tx, group_id, actor->person_id);
      if (mine && mine->status != MembershipStatus::left)
        view.page.my_membership = *mine;
    }
    view.can = flags_for(viewer, context);
    return view;
  });
}

Result<Group> Service::update(db::Connection& db, const Actor& actor, std::int64_t group_id,
                              const GroupChanges& changes) {
  // Two moves at once could each look fine and together make a loop; serializable transactions
  // make one of them retry and see the other.
  const auto isolation =
      changes.moves ? db::Isolation::serializable : db::Isolation::read_committed;
  return db::transact(
      db,
      [&](db::Tx& tx) -> Result<Group> {
        auto group = repo::find_group(tx, group_id);
        if (!group)
          return no_group(group_id);
        const auto viewer = load_viewer(tx, &actor, group_id);
        const auto context = context_of(*group);

        const std::string name = changes.name.value_or(group->name);
        const std::string description = changes.description.value_or(group->description);
        const auto parent_id = changes.moves ? changes.parent_id : group->parent_id;
        const bool archived = changes.archived.value_or(group->archived);
        const bool renamed = name != group->name;
        const bool moved = parent_id != group->parent_id;
        const std::string time_zone = changes.time_zone.value_or(group->time_zone);
        const bool details_change =
            renamed || description != group->description || moved || time_zone != group->time_zone;
        const bool archiving = archived != group->archived;

        if (details_change) {
          if (auto allowed = require(can(viewer, actions::edit_group, context)); !allowed) {
            return allowed.error();
          }
        }
        if (archiving) {
          if (auto allowed = require(can(viewer, actions::archive, context)); !allowed) {
            return allowed.error();
          }
        }
        std::optional<Group> parent;
        if (moved && parent_id)
          parent = repo::find_group(tx, *parent_id);
        if (moved) {
          if (!parent_id) {
            if (auto allowed = require(can_create_top_level_group(viewer)); !allowed) {
              return allowed.error();
            }
          } else {
            if (!parent)
              return no_parent(*parent_id);
            const auto parent_viewer = load_viewer(tx, &actor, parent->id);
            if (auto allowed =
                    require(can(parent_viewer, actions::create_subgroup, context_of(*parent)));
                !allowed) {
              return allowed.error();
            }
            if (auto problem = move_problem(group_id, repo::chain_ids(tx, parent->id))) {
              return invalid_field("parent_id", *problem);
            }
            if (auto problem =
                    placement_problem(group->kind, ParentInfo{parent->kind, parent->name})) {
              return invalid_field("parent_id", *problem);
            }
          }
        }
        if (!details_change && !archiving)
          return *group;
        if (time_zone != group->time_zone && !repo::time_zone_known(tx, time_zone)) {
          return invalid_field("time_zone", "'" + time_zone +
                                                "' is not a time zone we know. Use a name such as "
                                                "Europe/London or America/New_York.");
        }
        if ((renamed || moved) && repo::sibling_name_taken(tx, parent_id, name, group_id)) {
          if (!parent && parent_id)
            parent = repo::find_group(tx, *parent_id);
          return name_taken(name, parent);
        }
        repo::update_group(tx, group_id, name, description, parent_id, archived, time_zone);
        auto updated = repo::find_group(tx, group_id);
        if (!updated)
          return no_group(group_id);
        publish_group(tx, "group.updated", *updated, {group->parent_id, parent_id});
        return *updated;
      },
      isolation);
}

Result<Member> Service::join(db::Connection& db, const Actor& actor, std::int64_t group_id) {
  const auto date = today();
  return db::transact(db, [&](db::Tx& tx) -> Result<Member> {
    auto group = repo::find_group(tx, group_id);
    if (!group)
      return no_group(group_id);
    const auto viewer = load_viewer(tx, &actor, group_id);
    if (auto allowed = require(can(viewer, actions::join, context_of(*group))); !allowed) {
      return allowed.error();
    }
    auto member = repo::write_membership(tx, group_id, actor.person_id, Role::supporter,
                                         MembershipStatus::active, date);
    publish_member(tx, "member.added", member, *group);
    return member;
  });
}

Status Service::leave(db::Connection& db, const Actor& actor, std::int64_t group_id) {
  return db::transact(db, [&](db::Tx& tx) -> Status {
    auto group = repo::find_group(tx, group_id);
    if (!group)
      return no_group(group_id);
    const auto viewer = load_viewer(tx, &actor, group_id);
    if (auto allowed = require(can(viewer, actions::leave, context_of(*group))); !allowed) {
      return allowed;
    }
    auto mine = repo::find_member(tx, group_id, actor.person_id);
    if (!mine)
      return forbidden("You are not a member of " + group->name + ".", "not_a_member");
    auto member = repo::write_membership(tx, group_id, actor.person_id, mine->role,
                                         MembershipStatus::left, mine->joined_at);
    publish_member(tx, "member.removed", member, *group);
    return ok();
  });
}

Result<MemberPage> Service::members(db::Connection& db, const Actor* actor, std::int64_t group_id,
                                    const std::optional<MemberCursor>& after, int limit) {
  limit = std::clamp(limit, 1, max_member_page);
  return db::transact(db, [&](db::Tx& tx) -> Result<MemberPage> {
    auto group = repo::find_group(tx, group_id);
    if (!group)
      return no_group(group_id);
    const auto viewer = load_viewer(tx, actor, group_id);
    const auto context = context_of(*group);
    if (auto allowed = require(can(viewer, actions::view_members, context)); !allowed) {
      return allowed.error();
    }
    const bool include_hidden = can(viewer, actions::view_hidden_members, context).allowed;
    auto rows = repo::list_members(tx, group_id, include_hidden, actor ? actor->person_id : 0,
                                   after, limit + 1);
    MemberPage page;
    if (static_cast<int>(rows.size()) > limit) {
      rows.resize(limit);
      page.next = MemberCursor{rows.back().sort_name, rows.back().member.person_id};
    }
    for (auto& row : rows)
      page.members.push_back(std::move(row.member));
    return page;
  });
}

Result<Member> Service::add_member(db::Connection& db, const Actor& actor, std::int64_t group_id,
                                   const NewMember& input) {
  const auto date = today();
  if (input.joined_at && *input.joined_at > date) {
    return invalid_field("joined_at", "The joining date cannot be in the future.");
  }
  return db::transact(db, [&](db::Tx& tx) -> Result<Member> {
    auto group = repo::find_group(tx, group_id);
    if (!group)
      return no_group(group_id);
    const auto viewer = load_viewer(tx, &actor, group_id);
    if (auto allowed = require(can(viewer, actions::assign_role(input.role), context_of(*group)));
        !allowed) {
      return allowed.error();
    }
    auto person = repo::find_person_by_email(tx, input.email);
    if (!person) {
      person = repo::insert_person_without_password(
          tx, input.email, input.display_name.value_or(name_from_email(input.email)));
    }
    auto existing = repo::find_member(tx, group_id, person->id);
    if (existing && existing->status == MembershipStatus::active) {
      Error error = conflict(existing->display_name + " is already a member of " + group->name +
                                 ". Change their role from the member list instead.",
                             "already_member");
      error.fields = {{"email", error.detail}};
      return error;
    }
    // A lapsed member who is renewed keeps the date they first joined.
    const std::string joined_at = input.joined_at.value_or(
        existing && existing->status == MembershipStatus::lapsed ? existing->joined_at : date);
    auto member = repo::write_membership(tx, group_id, person->id, input.role,
                                         MembershipStatus::active, joined_at);
    publish_member(tx, "member.added", member, *group);
    return member;
  });
}

Result<Member> Service::change_member(db::Connection& db, const Actor& actor, std::int64_t group_id,
                                      std::int64_t person_id, const MemberChanges& changes) {
  return db::transact(db, [&](db::Tx& tx) -> Result<Member> {
    auto group = repo::find_group(tx, group_id);
    if (!group)
      return no_group(group_id);
    const auto viewer = load_viewer(tx, &actor, group_id);
    const auto context = context_of(*group);
    if (auto allowed = require(can(viewer, actions::manage_members, context)); !allowed) {
      return allowed.error();
    }
    auto member = repo::find_member(tx, group_id, person_id);
    if (!member) {
      return not_found(group->name + " has no member with the number " + std::to_string(person_id) +
                       ".");
    }
    const Role role = changes.role.value_or(member->role);
    const MembershipStatus status = changes.status.value_or(member->status);
    // Changing anything about an active admin is itself admin business.
    const Role at_stake =
        member->status == MembershipStatus::active ? std::max(member->role, role) : role;
    if (auto allowed = require(can(viewer, actions::assign_role(at_stake), context)); !allowed) {
      return allowed.error();
    }
    if (role == member->role && status == member->status)
      return *member;
    auto updated = repo::write_membership(tx, group_id, person_id, role, status, member->joined_at);
    publish_member(tx, status == MembershipStatus::left ? "member.removed" : "member.updated",
                   updated, *group);
    return updated;
  });
}

Status Service::remove_member(db::Connection& db, const Actor& actor, std::int64_t group_id,
                              std::int64_t person_id) {
  return db::transact(db, [&](db::Tx& tx) -> Status {
    auto group = repo::find_group(tx, group_id);
    if (!group)
      return no_group(group_id);
    const auto viewer = load_viewer(tx, &actor, group_id);
    const auto context = context_of(*group);
    if (auto allowed = require(can(viewer, actions::manage_members, context)); !allowed) {
      return allowed;
    }
    auto member = repo::find_member(tx, group_id, person_id);
    if (!member) {
      return not_found(group->name + " has no member with the number " + std::to_string(person_id) +
                       ".");
    }
    const Role at_stake =
        member->status == MembershipStatus::active ? member->role : Role::supporter;
    if (auto allowed = require(can(viewer, actions::assign_role(at_stake), context)); !allowed) {
      return allowed;
    }
    if (member->status == MembershipStatus::left)
      return ok();
    auto updated = repo::write_membership(tx, group_id, person_id, member->role,
                                          MembershipStatus::left, member->joined_at);
    publish_member(tx, "member.removed", updated, *group);
    return ok();
  });
}

Result<ImportReport> Service::import_members(db::Connection& db, const Actor& actor,
                                             std::int64_t group_id, std::string_view csv) {
  const auto date = today();
  // Reading the file needs no database; its verdict is given after the permission check.
  const auto file = read_import_file(csv, date);
  return db::transact(db, [&](db::Tx& tx) -> Result<ImportReport> {
    auto group = repo::find_group(tx, group_id);
    if (!group)
      return no_group(group_id);
    if (auto allowed = require(
            can(load_viewer(tx, &actor, group_id), actions::import_members, context_of(*group)));
        !allowed) {
      return allowed.error();
    }
    if (!file)
      return file.error();

    ImportScope scope;
    scope.group_id = group_id;
    scope.groups = repo::subtree(tx, group_id);
    std::vector<std::int64_t> group_ids;
    for (const auto& g : scope.groups)
      group_ids.push_back(g.id);
    scope.viewers = viewers_in_scope(identity_of(&actor), group_id, scope.groups,
                                     repo::chain_memberships(tx, group_id, actor.person_id),
                                     repo::memberships_in(tx, actor.person_id, group_ids));

    std::vector<std::string> emails;
    for (const auto& row : file->rows)
      emails.push_back(row.email);
    std::sort(emails.begin(), emails.end());
    emails.erase(std::unique(emails.begin(), emails.end()), emails.end());
    auto people = repo::people_by_email(tx, emails);
    std::vector<std::int64_t> person_ids;
    for (const auto& person : people)
      person_ids.push_back(person.id);
    const auto memberships = repo::memberships_of_people(tx, person_ids, group_ids);

    const auto plan = plan_import(*file, scope, people, memberships, date);
    if (plan.writes.empty())
      return plan.report;

    repo::insert_people_without_password(tx, plan.new_people);
    if (!plan.new_people.empty())
      people = repo::people_by_email(tx, emails);
    std::unordered_map<std::string, const KnownPerson*> by_email;
    for (const auto& person : people)
      by_email[person.email] = &person;

    std::vector<repo::MembershipRow> rows;
    std::set<std::int64_t> changed_groups{group_id};
    std::set<std::int64_t> people_with_accounts;
    for (const auto& write : plan.writes) {
      auto person = by_email.find(write.email);
      if (person == by_email.end())
        throw std::runtime_error("an imported person was not stored");
      rows.push_back({person->second->id, write.group_id, write.role, write.joined_at});
      changed_groups.insert(write.group_id);
      if (person->second->has_account)
        people_with_accounts.insert(person->second->id);
    }
    repo::write_active_memberships(tx, rows);

    // Each group that changed hears of the import; the counts are for the whole file.
    for (auto id : changed_groups) {
      events::publish(tx, group_room(id), "members.imported",
                      {{"group_id", id},
                       {"import_group_id", group_id},
                       {"created", plan.report.created},
                       {"updated", plan.report.updated},
                       {"unchanged", plan.report.unchanged},
                       {"rejected", plan.report.rejected.size()}});
    }
    // People without an account cannot be listening; those with one hear that something changed.
    for (auto id : people_with_accounts) {
      events::publish(tx, person_room(id), "membership.changed", {{"group_id", group_id}});
    }
    return plan.report;
  });
}

Status authorize_live(db::Connection& db, const std::optional<Actor>& actor,
                      std::int64_t group_id) {
  return db::transact(db, [&](db::Tx& tx) -> Status {
    auto group = repo::find_group(tx, group_id);
    if (!group)
      return no_group(group_id);
    const auto viewer = load_viewer(tx, actor ? &*actor : nullptr, group_id);
    return require(can(viewer, actions::subscribe_live, context_of(*group)));
  });
}

std::vector<PersonalMembership> memberships_of_person(db::Connection& db, std::int64_t person_id) {
  return db::transact(db, [&](db::Tx& tx) { return repo::memberships_of_person(tx, person_id); });
}

}  // namespace plenary::groups
