#include "votes/json.hpp"

#include "votes/rules.hpp"

namespace plenary::votes {
namespace {

nlohmann::json optional_json(const std::optional<std::string>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json ballot_json(const Ballot& ballot) {
  auto options = nlohmann::json::array();
  for (const auto& option : ballot.options) {
    options.push_back({{"number", option.number},
                       {"label", option.label},
                       {"description", option.description},
                       {"withdrawn", option.withdrawn}});
  }
  nlohmann::json quorum_required = nullptr;
  if (ballot.eligible_count)
    quorum_required = votes::quorum_required(*ballot.eligible_count, ballot.quorum_percent);
  return {
      {"id", ballot.id},
      {"group", {{"id", ballot.group_id}, {"name", ballot.group_name}}},
      {"title", ballot.title},
      {"description", ballot.description},
      {"description_html", ballot.description_html},
      {"method", method_name(ballot.method)},
      {"seats", ballot.seats},
      {"options", options},
      {"threshold", ballot.threshold ? nlohmann::json(threshold_name(*ballot.threshold))
                                     : nlohmann::json(nullptr)},
      {"rule_explanation",
       rule_explanation(ballot.method, ballot.seats, ballot.threshold, ballot.quorum_percent)},
      {"quorum_percent", ballot.quorum_percent},
      {"quorum_required", quorum_required},
      {"secret", ballot.secret},
      {"eligibility",
       {{"include_subgroups", ballot.eligibility.include_subgroups},
        {"include_supporters", ballot.eligibility.include_supporters},
        {"joined_on_or_before", optional_json(ballot.eligibility.joined_on_or_before)},
        {"explanation", eligibility_explanation(ballot.eligibility, ballot.group_name)}}},
      {"time_zone", ballot.time_zone},
      {"manual", ballot.manual},
      {"opens_at", optional_json(ballot.opens_at)},
      {"closes_at", optional_json(ballot.closes_at)},
      {"status", status_name(ballot.status)},
      {"eligible_count",
       ballot.eligible_count ? nlohmann::json(*ballot.eligible_count) : nlohmann::json(nullptr)},
      {"ballots_cast", ballot.ballots_cast},
      {"tie_order",
       ballot.tie_order.empty() ? nlohmann::json(nullptr) : nlohmann::json(ballot.tie_order)},
      {"created_by",
       {{"id", ballot.created_by.id}, {"display_name", ballot.created_by.display_name}}},
      {"created_at", ballot.created_at},
      {"opened_at", optional_json(ballot.opened_at)},
      {"closed_at", optional_json(ballot.closed_at)},
  };
}

nlohmann::json standing_json(const MyStanding& my) {
  return {{"eligible", my.eligible},
          {"reason", my.eligible ? nlohmann::json(nullptr) : nlohmann::json(my.reason)},
          {"voted", my.voted}};
}

nlohmann::json can_json(const BallotCan& can) {
  return {{"vote", can.vote},
          {"replace", can.replace},
          {"open", can.open},
          {"close", can.close},
          {"cancel", can.cancel}};
}

}  // namespace plenary::votes
