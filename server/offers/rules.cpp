#include "offers/rules.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "http/json_input.hpp"

namespace plenary::offers {
namespace {

const RoutingGroup* find(const std::vector<RoutingGroup>& groups, std::int64_t id) {
  for (const auto& group : groups) {
    if (group.id == id)
      return &group;
  }
  return nullptr;
}

// The first group on the chain (the chain's own order) that someone can answer for.
std::optional<std::int64_t> first_with_officer(const std::vector<RoutingGroup>& groups,
                                               const std::vector<std::int64_t>& chain) {
  for (auto id : chain) {
    const auto* group = find(groups, id);
    if (group && group->has_officer && !group->archived)
      return id;
  }
  return std::nullopt;
}

void add_once(std::vector<std::int64_t>& ids, std::int64_t id) {
  if (std::find(ids.begin(), ids.end(), id) == ids.end())
    ids.push_back(id);
}

bool too_long(const std::string& text, std::size_t limit) {
  return http::utf8_length(text) > limit;
}

// Dashboard sections, in the order they are shown.
int section_of(const OfferRecord& offer) {
  if (offer.status == OfferStatus::waiting)
    return offer.overdue ? 0 : 1;
  if (offer.status == OfferStatus::acknowledged)
    return 2;
  if (offer.status == OfferStatus::answered)
    return 3;
  return 4;
}

}  // namespace

std::vector<FieldError> offer_problems(const OfferInput& input, bool signed_in,
                                       const std::vector<Skill>& known_skills) {
  std::vector<FieldError> problems;
  if (!signed_in) {
    const auto name_length = http::utf8_length(input.name);
    if (name_length == 0) {
      problems.push_back({"name", "Enter your name."});
    } else if (name_length > max_name_length) {
      problems.push_back({"name", "Your name can be at most 100 characters."});
    }
    if (!http::plausible_email(input.email)) {
      problems.push_back(
          {"email", "Enter an email address in the right format, like name@example.org."});
    }
  }
  if (too_long(input.phone, max_phone_length))
    problems.push_back({"phone", "A phone number can be at most 40 characters."});
  for (auto id : input.skill_ids) {
    const bool known = std::any_of(known_skills.begin(), known_skills.end(),
                                   [id](const Skill& skill) { return skill.id == id; });
    if (!known) {
      problems.push_back({"skill_ids", "Choose skills from the list."});
      break;
    }
  }
  if (input.skill_ids.empty() && input.other_skills.empty()) {
    problems.push_back(
        {"skill_ids", "Choose at least one skill, or say in your own words how you could help."});
  }
  if (too_long(input.other_skills, max_other_skills_length))
    problems.push_back({"other_skills", "Other skills can be at most 1000 characters."});
  if (input.availability.empty()) {
    problems.push_back(
        {"availability", "Say when you could help, like \"weekday evenings, 4 hours a month\"."});
  } else if (too_long(input.availability, max_availability_length)) {
    problems.push_back({"availability", "Availability can be at most 500 characters."});
  }
  if (too_long(input.where_text, max_where_length))
    problems.push_back({"where_text", "The place can be at most 200 characters."});
  return problems;
}

std::vector<std::int64_t> distinct_skill_ids(const std::vector<std::int64_t>& ids) {
  std::vector<std::int64_t> distinct;
  for (auto id : ids)
    add_once(distinct, id);
  return distinct;
}

std::optional<std::int64_t> root_group(const std::vector<RoutingGroup>& groups) {
  std::optional<std::int64_t> national;
  std::optional<std::int64_t> any;
  for (const auto& group : groups) {
    if (group.parent_id || group.archived)
      continue;
    if (group.national && (!national || group.id < *national))
      national = group.id;
    if (!any || group.id < *any)
      any = group.id;
  }
  return national ? national : any;
}

std::vector<std::int64_t> chain_of(const std::vector<RoutingGroup>& groups, std::int64_t group_id) {
  std::vector<std::int64_t> chain;
  const auto* group = find(groups, group_id);
  // The depth bound keeps a corrupt tree (a cycle) from looping forever.
  while (group && chain.size() < groups.size()) {
    chain.push_back(group->id);
    group = group->parent_id ? find(groups, *group->parent_id) : nullptr;
  }
  return chain;
}

std::vector<std::int64_t> route(const std::vector<RoutingGroup>& groups,
                                std::optional<std::int64_t> lives_in,
                                std::optional<std::int64_t> works_in) {
  std::vector<std::int64_t> recipients;
  std::vector<std::int64_t> matching;
  if (lives_in)
    matching.push_back(*lives_in);
  if (works_in)
    matching.push_back(*works_in);
  if (matching.empty()) {
    if (auto root = root_group(groups))
      matching.push_back(*root);
  }
  for (auto id : matching) {
    const auto chain = chain_of(groups, id);
    if (chain.empty())
      continue;
    add_once(recipients, first_with_officer(groups, chain).value_or(chain.back()));
  }
  return recipients;
}

std::vector<std::int64_t> escalation_targets(const std::vector<RoutingGroup>& groups,
                                             const std::vector<Recipient>& recipients) {
  std::vector<std::int64_t> targets;
  if (recipients.empty())
    return targets;
  std::set<std::int64_t> told;
  int top_level = 0;
  for (const auto& recipient : recipients) {
    told.insert(recipient.group.id);
    top_level = std::max(top_level, recipient.level);
  }
  for (const auto& recipient : recipients) {
    if (recipient.level != top_level)
      continue;
    auto chain = chain_of(groups, recipient.group.id);
    if (chain.empty())
      continue;
    chain.erase(chain.begin());  // from the parent up
    std::erase_if(chain, [&told](std::int64_t id) { return told.contains(id); });
    if (auto next = first_with_officer(groups, chain))
      add_once(targets, *next);
  }
  return targets;
}

TimePoint due_after(TimePoint from, int escalation_days) {
  return from + std::chrono::hours(24) * escalation_days;
}

bool is_overdue(OfferStatus status, const std::optional<TimePoint>& due_at,
                bool found_overdue_before, TimePoint now) {
  if (status != OfferStatus::waiting)
    return false;
  return found_overdue_before || (due_at && *due_at <= now);
}

Result<OfferStatus> after_acknowledgement(OfferStatus status) {
  switch (status) {
    case OfferStatus::awaiting_confirmation:
      return conflict(
          "This offer is waiting for the person to confirm their email address: there is "
          "nothing to acknowledge yet.",
          "wrong_state");
    case OfferStatus::waiting:
      return OfferStatus::acknowledged;
    case OfferStatus::acknowledged:
    case OfferStatus::answered:
      break;
  }
  return conflict("This offer has already been acknowledged.", "already_acknowledged");
}

Result<OfferStatus> after_outcome(OfferStatus status, Outcome outcome, const std::string& note) {
  if (status == OfferStatus::awaiting_confirmation) {
    return conflict(
        "This offer is waiting for the person to confirm their email address: record what "
        "follows once it has reached you.",
        "wrong_state");
  }
  if (note.empty() && outcome != Outcome::contacted) {
    return invalid_field("note", outcome == Outcome::matched
                                     ? "Say which task the person was matched to."
                                     : "Say why not now, kindly: the person who offered will "
                                       "read this note.");
  }
  if (too_long(note, max_note_length))
    return invalid_field("note", "The note can be at most 2000 characters.");
  return OfferStatus::answered;
}

bool outcome_acknowledges(OfferStatus status) {
  return status == OfferStatus::waiting;
}

void sort_for_dashboard(std::vector<OfferRecord>& offers) {
  std::stable_sort(offers.begin(), offers.end(), [](const OfferRecord& a, const OfferRecord& b) {
    const int section_a = section_of(a);
    const int section_b = section_of(b);
    if (section_a != section_b)
      return section_a < section_b;
    if (section_a == 3) {
      const auto& at_a = a.outcome ? a.outcome->at : a.created_at;
      const auto& at_b = b.outcome ? b.outcome->at : b.created_at;
      return std::tie(at_b, b.id) < std::tie(at_a, a.id);
    }
    return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
  });
}

Counts count_offers(const std::vector<OfferRecord>& offers) {
  Counts counts;
  for (const auto& offer : offers) {
    if (offer.status == OfferStatus::waiting) {
      ++counts.waiting;
      if (offer.overdue)
        ++counts.overdue;
    } else if (offer.status == OfferStatus::answered) {
      ++counts.answered;
    }
  }
  return counts;
}

}  // namespace plenary::offers
