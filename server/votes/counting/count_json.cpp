#include "votes/counting/count_json.hpp"

#include <algorithm>

#include "votes/counting/decimal.hpp"

namespace plenary::votes::counting {
namespace {

using nlohmann::ordered_json;

ordered_json candidate_ref(const Count& count, CandidateIndex candidate) {
  return ordered_json{{"number", candidate + 1}, {"name", count.candidates.at(candidate)}};
}

ordered_json candidate_refs(const Count& count, const std::vector<CandidateIndex>& candidates) {
  ordered_json list = ordered_json::array();
  for (CandidateIndex candidate : candidates) {
    list.push_back(candidate_ref(count, candidate));
  }
  return list;
}

ordered_json outcomes(const Count& count, const std::vector<Outcome>& decisions) {
  ordered_json list = ordered_json::array();
  for (const Outcome& outcome : decisions) {
    ordered_json entry = candidate_ref(count, outcome.candidate);
    entry["reason"] = reason_name(outcome.reason);
    list.push_back(std::move(entry));
  }
  return list;
}

ordered_json round_to_json(const Count& count, const Round& round) {
  const auto value = [&](std::int64_t units) { return format_decimal(units, count.precision); };
  ordered_json json;
  json["round"] = round.number;
  json["action"] = action_name(round.action);
  json["subjects"] = candidate_refs(count, round.subjects);
  json["quota"] = value(round.quota);
  ordered_json candidates = ordered_json::array();
  for (CandidateIndex c = 0; c < static_cast<CandidateIndex>(round.votes.size()); ++c) {
    ordered_json entry = candidate_ref(count, c);
    entry["votes"] = value(round.votes[c]);
    entry["change"] = value(round.changes.empty() ? 0 : round.changes[c]);
    entry["status"] = status_name(round.status.at(c));
    if (!round.keep_factors.empty()) {
      entry["keep_factor"] = value(round.keep_factors[c]);
    }
    candidates.push_back(std::move(entry));
  }
  json["candidates"] = std::move(candidates);
  json["exhausted"] = value(round.exhausted);
  if (count.method == Method::scottish_stv) {
    json["rounding_loss"] = value(round.rounding_loss);
  }
  if (count.method != Method::irv) {
    json["surplus"] = value(round.surplus);
  }
  if (round.action == RoundAction::surplus_transfer) {
    json["transferred_surplus"] = value(round.transferred_surplus);
  }
  if (count.method == Method::meek_stv) {
    json["iterations"] = round.iteration_surpluses.size();
    json["termination"] = round.termination;
  }
  json["elected"] = outcomes(count, round.elected);
  json["excluded"] = outcomes(count, round.excluded);
  ordered_json ties = ordered_json::array();
  for (const TieBreak& tie : round.ties) {
    ordered_json entry{{"purpose", tie.purpose},
                       {"tied", candidate_refs(count, tie.tied)},
                       {"chosen", candidate_ref(count, tie.chosen)},
                       {"resolution", resolution_name(tie.resolution)}};
    if (tie.resolution == TieResolution::earlier_round) {
      entry["decided_at_round"] = tie.decided_at_round;
    }
    ties.push_back(std::move(entry));
  }
  json["ties"] = std::move(ties);
  return json;
}

}  // namespace

nlohmann::ordered_json count_to_json(const Count& count) {
  ordered_json json;
  json["method"] = method_name(count.method);
  json["rule"] = count.rule;
  json["title"] = count.title;
  json["seats"] = count.seats;
  json["precision"] = count.precision;
  ordered_json candidates = ordered_json::array();
  for (CandidateIndex c = 0; c < static_cast<CandidateIndex>(count.candidates.size()); ++c) {
    ordered_json entry = candidate_ref(count, c);
    entry["withdrawn"] =
        std::find(count.withdrawn.begin(), count.withdrawn.end(), c) != count.withdrawn.end();
    candidates.push_back(std::move(entry));
  }
  json["candidates"] = std::move(candidates);
  json["ballots"] = {{"valid", count.valid_ballots}, {"invalid", count.invalid_ballots}};
  json["quota"] = format_decimal(count.quota, count.precision);
  ordered_json options = ordered_json::object();
  for (const auto& [name, setting] : count.options) {
    options[name] = setting;
  }
  json["options"] = std::move(options);
  json["notes"] = count.notes;
  ordered_json elected = ordered_json::array();
  for (const Round& round : count.rounds) {
    for (const Outcome& outcome : round.elected) {
      ordered_json entry = candidate_ref(count, outcome.candidate);
      entry["round"] = round.number;
      entry["reason"] = reason_name(outcome.reason);
      elected.push_back(std::move(entry));
    }
  }
  json["elected"] = std::move(elected);
  ordered_json rounds = ordered_json::array();
  for (const Round& round : count.rounds) {
    rounds.push_back(round_to_json(count, round));
  }
  json["rounds"] = std::move(rounds);
  return json;
}

}  // namespace plenary::votes::counting
