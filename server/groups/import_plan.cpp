#include "groups/import_plan.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <unordered_set>
#include <variant>

#include "groups/rules.hpp"
#include "http/json_input.hpp"

namespace plenary::groups {
namespace {

bool all_digits(std::string_view text) {
  return !text.empty() && text.size() <= 18 &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

class GroupFinder {
 public:
  explicit GroupFinder(const ImportScope& scope) {
    for (const auto& group : scope.groups) {
      by_id_[group.id] = &group;
      by_name_[group.name].push_back(&group);
    }
    auto top = by_id_.find(scope.group_id);
    top_ = top == by_id_.end() ? nullptr : top->second;
  }

  // The group a row means, or why it cannot be found.
  std::variant<const ScopeGroup*, std::string> find(const std::string& text) const {
    if (!top_)
      return std::string("The import group no longer exists.");
    if (text.empty())
      return top_;
    if (all_digits(text)) {
      auto found = by_id_.find(std::stoll(text));
      if (found != by_id_.end())
        return found->second;
      return "Group " + text + " is not " + top_->name + " or a group inside it.";
    }
    auto named = by_name_.find(text);
    if (named == by_name_.end()) {
      return "There is no group called '" + text + "' in " + top_->name + ".";
    }
    if (named->second.size() > 1) {
      std::string ids;
      for (const auto* group : named->second) {
        ids += (ids.empty() ? "" : ", ") + std::to_string(group->id);
      }
      return "Several groups in " + top_->name + " are called '" + text +
             "'. Use the group's number instead: " + ids + ".";
    }
    return named->second.front();
  }

 private:
  const ScopeGroup* top_ = nullptr;
  std::unordered_map<std::int64_t, const ScopeGroup*> by_id_;
  std::unordered_map<std::string, std::vector<const ScopeGroup*>> by_name_;
};

}  // namespace

std::unordered_map<std::int64_t, Viewer> viewers_in_scope(
    const ViewerIdentity& identity, std::int64_t top, const std::vector<ScopeGroup>& groups,
    const std::vector<ChainMembership>& above,
    const std::unordered_map<std::int64_t, DirectMembership>& own) {
  std::unordered_map<std::int64_t, std::optional<std::int64_t>> parents;
  for (const auto& group : groups)
    parents[group.id] = group.parent_id;
  std::unordered_map<std::int64_t, Viewer> viewers;
  for (const auto& group : groups) {
    const auto path = path_up(group.id, parents, top);
    if (path.back() != top)
      continue;  // not below the import group: never a target
    std::vector<ChainMembership> chain;
    for (std::size_t depth = 0; depth + 1 < path.size(); ++depth) {
      auto membership = own.find(path[depth]);
      if (membership != own.end()) {
        chain.push_back(
            {static_cast<int>(depth), membership->second.role, membership->second.status});
      }
    }
    const int top_depth = static_cast<int>(path.size()) - 1;
    for (const auto& membership : above) {
      chain.push_back({membership.depth + top_depth, membership.role, membership.status});
    }
    viewers[group.id] = make_viewer(identity, chain);
  }
  return viewers;
}

ImportPlan plan_import(const ImportRows& rows, const ImportScope& scope,
                       const std::vector<KnownPerson>& people,
                       const std::vector<KnownMembership>& memberships, std::string_view today) {
  ImportPlan plan;
  plan.report.rejected = rows.rejected;
  const GroupFinder finder(scope);

  std::unordered_map<std::string, const KnownPerson*> person_by_email;
  for (const auto& person : people)
    person_by_email[person.email] = &person;
  std::map<std::pair<std::int64_t, std::int64_t>, const KnownMembership*> known_memberships;
  for (const auto& m : memberships)
    known_memberships[{m.person_id, m.group_id}] = &m;

  std::map<std::pair<std::string, std::int64_t>, std::size_t> line_of;  // (email, group) → line
  std::unordered_map<std::string, std::size_t> new_person_at;           // email → index
  std::unordered_set<std::string> made_up_names;

  for (const auto& row : rows.rows) {
    auto reject = [&](std::string reason) {
      plan.report.rejected.push_back({row.line, std::move(reason)});
    };
    auto target_or_reason = finder.find(row.group);
    if (auto* reason = std::get_if<std::string>(&target_or_reason)) {
      reject(std::move(*reason));
      continue;
    }
    const ScopeGroup& target = *std::get<const ScopeGroup*>(target_or_reason);

    auto [earlier, first_time] = line_of.try_emplace({row.email, target.id}, row.line);
    if (!first_time) {
      reject("This person is already listed for " + target.name + " on line " +
             std::to_string(earlier->second) + ".");
      continue;
    }

    const auto viewer_at = scope.viewers.find(target.id);
    const Viewer viewer = viewer_at == scope.viewers.end() ? Viewer{} : viewer_at->second;
    const GroupContext context{target.name, target.archived};

    const auto person = person_by_email.find(row.email);
    const KnownMembership* existing = nullptr;
    if (person != person_by_email.end()) {
      auto found = known_memberships.find({person->second->id, target.id});
      if (found != known_memberships.end())
        existing = found->second;
    }

    if (existing) {
      const std::string joined_at = row.joined_at.value_or(existing->joined_at);
      const bool changes = existing->role != row.role ||
                           existing->status != MembershipStatus::active ||
                           joined_at != existing->joined_at;
      if (!changes) {
        ++plan.report.unchanged;
        continue;
      }
      // Changing an active admin's role is itself admin business.
      const Role at_stake = existing->status == MembershipStatus::active
                                ? std::max(existing->role, row.role)
                                : row.role;
      if (auto decision = can(viewer, actions::assign_role(at_stake), context); !decision) {
        reject(decision.reason);
        continue;
      }
      plan.writes.push_back({row.email, target.id, row.role, joined_at});
      ++plan.report.updated;
      continue;
    }

    if (auto decision = can(viewer, actions::assign_role(row.role), context); !decision) {
      reject(decision.reason);
      continue;
    }
    if (person == person_by_email.end()) {
      auto [at, added] = new_person_at.try_emplace(row.email, plan.new_people.size());
      if (added) {
        plan.new_people.push_back(
            {row.email, row.name.empty() ? name_from_email(row.email) : row.name});
        if (row.name.empty())
          made_up_names.insert(row.email);
      } else if (!row.name.empty() && made_up_names.erase(row.email) > 0) {
        plan.new_people[at->second].display_name = row.name;
      }
    }
    plan.writes.push_back(
        {row.email, target.id, row.role, row.joined_at.value_or(std::string(today))});
    ++plan.report.created;
  }

  std::stable_sort(
      plan.report.rejected.begin(), plan.report.rejected.end(),
      [](const ImportRejection& a, const ImportRejection& b) { return a.line < b.line; });
  return plan;
}

std::string name_from_email(std::string_view email) {
  const auto local = email.substr(0, email.find('@'));
  std::string name;
  bool word_start = true;
  for (char c : local) {
    if (c == '.' || c == '_' || c == '-' || c == '+') {
      if (!name.empty() && name.back() != ' ')
        name += ' ';
      word_start = true;
      continue;
    }
    name += word_start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    word_start = false;
  }
  while (!name.empty() && name.back() == ' ')
    name.pop_back();
  if (name.empty())
    name = std::string(email);
  // The column holds at most 100 characters; never cut a UTF-8 sequence in half.
  while (http::utf8_length(name) > 100 || !http::valid_utf8(name))
    name.pop_back();
  return name;
}

}  // namespace plenary::groups
