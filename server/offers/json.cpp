#include "offers/json.hpp"

namespace plenary::offers {
namespace {

nlohmann::json optional_json(const std::optional<std::string>& text) {
  return text ? nlohmann::json(*text) : nlohmann::json(nullptr);
}

nlohmann::json group_json(const std::optional<GroupRef>& group) {
  if (!group)
    return nullptr;
  return {{"id", group->id}, {"name", group->name}};
}

nlohmann::json person_json(const std::optional<PersonRef>& person) {
  if (!person)
    return nullptr;
  return {{"id", person->id}, {"display_name", person->display_name}};
}

// Officers are named to the offerer, nothing more.
nlohmann::json name_only_json(const std::optional<PersonRef>& person) {
  if (!person)
    return nullptr;
  return {{"display_name", person->display_name}};
}

nlohmann::json recipients_json(const std::vector<Recipient>& recipients) {
  auto list = nlohmann::json::array();
  for (const auto& recipient : recipients) {
    list.push_back({{"group", group_json(recipient.group)},
                    {"level", recipient.level},
                    {"added_at", recipient.added_at}});
  }
  return list;
}

// What the person typed in, shown back to them and to officers alike.
nlohmann::json offer_fields_json(const OfferRecord& offer) {
  return {{"id", offer.id},
          {"name", offer.name},
          {"skills", skills_json(offer.skills)},
          {"other_skills", offer.other_skills},
          {"availability", offer.availability},
          {"lives_in", group_json(offer.lives_in)},
          {"works_in", group_json(offer.works_in)},
          {"where_text", offer.where_text},
          {"status", offer_status_words.name(offer.status)},
          {"created_at", offer.created_at},
          {"confirmed_at", optional_json(offer.confirmed_at)}};
}

bool is_outcome(const std::string& action) {
  return outcome_words.parse(action).has_value();
}

}  // namespace

nlohmann::json skills_json(const std::vector<Skill>& skills) {
  auto list = nlohmann::json::array();
  for (const auto& skill : skills)
    list.push_back({{"id", skill.id}, {"name", skill.name}});
  return list;
}

nlohmann::json officer_offer_json(const OfferRecord& offer) {
  auto json = offer_fields_json(offer);
  json["email"] = offer.email;
  json["phone"] = offer.phone;
  json["overdue"] = offer.overdue;
  json["escalation_level"] = offer.escalation_level;
  json["due_at"] = optional_json(offer.due_at);
  json["acknowledged"] = offer.acknowledged
                             ? nlohmann::json{{"at", offer.acknowledged->at},
                                              {"by", person_json(offer.acknowledged->by)}}
                             : nlohmann::json(nullptr);
  json["outcome"] = offer.outcome
                        ? nlohmann::json{{"outcome", outcome_words.name(offer.outcome->outcome)},
                                         {"note", offer.outcome->note},
                                         {"at", offer.outcome->at},
                                         {"by", person_json(offer.outcome->by)}}
                        : nlohmann::json(nullptr);
  json["recipients"] = recipients_json(offer.recipients);
  auto history = nlohmann::json::array();
  for (const auto& entry : offer.history) {
    history.push_back({{"at", entry.at},
                       {"actor", person_json(entry.actor)},
                       {"action", entry.action},
                       {"note", entry.note}});
  }
  json["history"] = std::move(history);
  return json;
}

nlohmann::json offerer_offer_json(const OfferRecord& offer) {
  auto json = offer_fields_json(offer);
  json["sent_to"] = recipients_json(offer.recipients);
  json["acknowledged"] = nullptr;
  if (offer.acknowledged) {
    std::string note;
    for (const auto& entry : offer.history) {
      if (entry.action == "acknowledged")
        note = entry.note;
    }
    json["acknowledged"] = {{"at", offer.acknowledged->at},
                            {"by", name_only_json(offer.acknowledged->by)},
                            {"note", note}};
  }
  // Each outcome in turn (contacted, then matched), with the note written for the offerer.
  auto outcomes = nlohmann::json::array();
  for (const auto& entry : offer.history) {
    if (!is_outcome(entry.action))
      continue;
    outcomes.push_back({{"outcome", entry.action},
                        {"note", entry.note},
                        {"at", entry.at},
                        {"by", name_only_json(entry.actor)}});
  }
  json["outcome"] = outcomes.empty() ? nlohmann::json(nullptr) : outcomes.back();
  json["outcomes"] = std::move(outcomes);
  return json;
}

nlohmann::json can_json(const OfferCan& can) {
  return {{"acknowledge", can.acknowledge}, {"record_outcome", can.record_outcome}};
}

nlohmann::json counts_json(const Counts& counts) {
  return {{"waiting", counts.waiting}, {"overdue", counts.overdue}, {"answered", counts.answered}};
}

}  // namespace plenary::offers
