#pragma once
// The JSON the API sends for groups and memberships (API.md, Groups).
#include <nlohmann/json.hpp>

#include "groups/model.hpp"
#include "groups/service.hpp"

namespace plenary::groups {

nlohmann::json group_json(const Group& group);
// A row of GET /api/v1/groups: the group without its description.
nlohmann::json group_summary_json(const Group& group);
nlohmann::json group_view_json(const GroupView& view);
nlohmann::json member_json(const Member& member);
nlohmann::json membership_json(const Member& member);
nlohmann::json member_page_json(const MemberPage& page);
nlohmann::json personal_memberships_json(const std::vector<PersonalMembership>& memberships);
nlohmann::json import_report_json(const ImportReport& report);

}  // namespace plenary::groups
