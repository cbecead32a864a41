#include "petitions/json.hpp"

namespace plenary::petitions {
namespace {

nlohmann::json optional_json(const std::optional<std::string>& text) {
  return text ? nlohmann::json(*text) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json petition_json(const Petition& petition) {
  return {{"id", petition.id},
          {"slug", petition.slug},
          {"title", petition.title},
          {"statement", petition.statement},
          {"statement_html", petition.statement_html},
          {"target", petition.target},
          {"group", {{"id", petition.group.id}, {"name", petition.group.name}}},
          {"status", petition_status_words.name(petition.status)},
          {"closes_at", optional_json(petition.closes_at)},
          {"created_at", petition.created_at}};
}

nlohmann::json counts_json(const Counts& counts) {
  return {{"confirmed", counts.confirmed}, {"pending", counts.pending}};
}

nlohmann::json signers_json(const std::vector<PublicSigner>& signers) {
  auto list = nlohmann::json::array();
  for (const auto& signer : signers)
    list.push_back({{"name", signer.name}, {"signed_at", signer.signed_at}});
  return list;
}

nlohmann::json can_json(const PetitionCan& can) {
  return {{"export", can.export_signatures}, {"close", can.close}};
}

nlohmann::json breakdown_json(const Breakdown& breakdown) {
  auto by_group = nlohmann::json::array();
  for (const auto& entry : breakdown.by_group) {
    nlohmann::json row = counts_json(entry.counts);
    row["group"] = entry.group
                       ? nlohmann::json{{"id", entry.group->id}, {"name", entry.group->name}}
                       : nlohmann::json(nullptr);
    by_group.push_back(std::move(row));
  }
  auto by_area = nlohmann::json::array();
  for (const auto& entry : breakdown.by_area) {
    nlohmann::json row = counts_json(entry.counts);
    row["area"] = entry.area;
    by_area.push_back(std::move(row));
  }
  return {{"by_group", by_group}, {"by_area", by_area}};
}

}  // namespace plenary::petitions
