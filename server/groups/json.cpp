#include "groups/json.hpp"

#include "groups/rules.hpp"

namespace plenary::groups {
namespace {

nlohmann::json optional_id(const std::optional<std::int64_t>& id) {
  return id ? nlohmann::json(*id) : nlohmann::json();
}

nlohmann::json can_json(const CanFlags& can) {
  return {{"view_members", can.view_members},
          {"join", can.join},
          {"leave", can.leave},
          {"manage_members", can.manage_members},
          {"import_members", can.import_members},
          {"edit", can.edit},
          {"create_subgroup", can.create_subgroup},
          {"archive", can.archive}};
}

}  // namespace

nlohmann::json group_json(const Group& group) {
  return {{"id", group.id},
          {"name", group.name},
          {"kind", kind_name(group.kind)},
          {"parent_id", optional_id(group.parent_id)},
          {"description", group.description},
          {"archived", group.archived},
          {"member_count", group.member_count},
          {"time_zone", group.time_zone}};
}

nlohmann::json group_summary_json(const Group& group) {
  return {{"id", group.id},
          {"name", group.name},
          {"kind", kind_name(group.kind)},
          {"parent_id", optional_id(group.parent_id)},
          {"archived", group.archived},
          {"member_count", group.member_count}};
}

nlohmann::json group_view_json(const GroupView& view) {
  auto ancestors = nlohmann::json::array();
  for (const auto& ref : view.page.ancestors) {
    ancestors.push_back({{"id", ref.id}, {"name", ref.name}, {"kind", kind_name(ref.kind)}});
  }
  auto children = nlohmann::json::array();
  for (const auto& ref : view.page.children) {
    children.push_back({{"id", ref.id},
                        {"name", ref.name},
                        {"kind", kind_name(ref.kind)},
                        {"archived", ref.archived}});
  }
  nlohmann::json mine = nullptr;
  if (view.page.my_membership) {
    const auto& m = *view.page.my_membership;
    mine = {
        {"role", role_name(m.role)}, {"status", status_name(m.status)}, {"joined_at", m.joined_at}};
  }
  return {{"group", group_json(view.page.group)},
          {"ancestors", ancestors},
          {"children", children},
          {"my_membership", mine},
          {"can", can_json(view.can)}};
}

nlohmann::json member_json(const Member& member) {
  return {{"person_id", member.person_id},
          {"display_name", member.display_name},
          {"role", role_name(member.role)},
          {"status", status_name(member.status)},
          {"joined_at", member.joined_at}};
}

nlohmann::json membership_json(const Member& member) {
  return {{"group_id", member.group_id},
          {"person_id", member.person_id},
          {"role", role_name(member.role)},
          {"status", status_name(member.status)},
          {"joined_at", member.joined_at}};
}

nlohmann::json member_page_json(const MemberPage& page) {
  auto members = nlohmann::json::array();
  for (const auto& member : page.members)
    members.push_back(member_json(member));
  return {
      {"members", members},
      {"next_cursor", page.next ? nlohmann::json(encode_cursor(*page.next)) : nlohmann::json()}};
}

nlohmann::json personal_memberships_json(const std::vector<PersonalMembership>& memberships) {
  auto list = nlohmann::json::array();
  for (const auto& m : memberships) {
    list.push_back({{"group_id", m.group_id},
                    {"group_name", m.group_name},
                    {"group_kind", kind_name(m.group_kind)},
                    {"role", role_name(m.role)},
                    {"status", status_name(m.status)},
                    {"joined_at", m.joined_at}});
  }
  return list;
}

nlohmann::json import_report_json(const ImportReport& report) {
  auto rejected = nlohmann::json::array();
  for (const auto& r : report.rejected)
    rejected.push_back({{"line", r.line}, {"reason", r.reason}});
  return {{"created", report.created},
          {"updated", report.updated},
          {"unchanged", report.unchanged},
          {"rejected", rejected}};
}

}  // namespace plenary::groups
