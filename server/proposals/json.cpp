#include "proposals/json.hpp"

namespace plenary::proposals {
namespace {

nlohmann::json optional_json(const auto& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

nlohmann::json support_json(const Proposal& proposal, const SupportThreshold& threshold) {
  return {{"count", proposal.support_count},
          {"needed", threshold.needed},
          {"threshold_explanation", threshold.explanation}};
}

nlohmann::json diff_json(const std::vector<DiffPiece>& pieces) {
  auto list = nlohmann::json::array();
  for (const auto& piece : pieces)
    list.push_back({{"op", diff_op_name(piece.op)}, {"text", piece.text}});
  return list;
}

nlohmann::json history_json(const HistoryEntry& entry) {
  return {{"from", entry.from ? nlohmann::json(state_name(*entry.from)) : nlohmann::json()},
          {"to", state_name(entry.to)},
          {"by", entry.by ? person_json(*entry.by) : nlohmann::json()},
          {"at", entry.at},
          {"note", entry.note}};
}

}  // namespace

nlohmann::json person_json(const PersonRef& person) {
  return {{"id", person.id}, {"display_name", person.display_name}};
}

nlohmann::json amendment_json(const Amendment& amendment) {
  return {{"id", amendment.id},
          {"number", amendment.number},
          {"author", person_json(amendment.author)},
          {"body", amendment.body},
          {"rationale", amendment.rationale},
          {"diff", diff_json(word_diff(amendment.base_body, amendment.body))},
          {"state", amendment_state_name(amendment.state)},
          {"ballot_id", optional_json(amendment.ballot_id)},
          {"created_at", amendment.created_at}};
}

nlohmann::json proposal_summary_json(const ProposalSummary& summary) {
  const auto& proposal = summary.proposal;
  return {{"id", proposal.id},
          {"group", {{"id", proposal.group.id}, {"name", proposal.group.name}}},
          {"title", proposal.title},
          {"state", state_name(proposal.state)},
          {"state_label", state_label(proposal.state)},
          {"author", person_json(proposal.author)},
          {"support", support_json(proposal, summary.threshold)},
          {"thread_id", optional_json(proposal.thread_id)},
          {"ballot_id", optional_json(proposal.ballot_id)},
          {"created_at", proposal.created_at}};
}

nlohmann::json proposal_json(const ProposalPage& page) {
  const auto& proposal = page.proposal;
  auto amendments = nlohmann::json::array();
  for (const auto& amendment : page.amendments)
    amendments.push_back(amendment_json(amendment));
  auto history = nlohmann::json::array();
  for (const auto& entry : page.history)
    history.push_back(history_json(entry));
  nlohmann::json schedule;
  if (proposal.schedule) {
    schedule = {{"mode", proposal.schedule->mode == ScheduleMode::meeting ? "meeting" : "ballot"},
                {"note", proposal.schedule->note}};
  }
  nlohmann::json outcome;
  if (proposal.outcome) {
    outcome = {{"text", proposal.outcome->text},
               {"html", proposal.outcome->html},
               {"by", person_json(proposal.outcome->by)},
               {"at", proposal.outcome->at}};
  }
  return {{"id", proposal.id},
          {"group", {{"id", proposal.group.id}, {"name", proposal.group.name}}},
          {"title", proposal.title},
          {"body", proposal.body},
          {"body_html", proposal.body_html},
          {"decision", proposal.decision},
          {"author", person_json(proposal.author)},
          {"state", state_name(proposal.state)},
          {"state_label", state_label(proposal.state)},
          {"created_at", proposal.created_at},
          {"published_at", optional_json(proposal.published_at)},
          {"support", support_json(proposal, page.threshold)},
          {"thread_id", optional_json(proposal.thread_id)},
          {"ballot_id", optional_json(proposal.ballot_id)},
          {"schedule", schedule},
          {"amendments", amendments},
          {"history", history},
          {"outcome_record", outcome}};
}

nlohmann::json proposal_page_json(const ProposalPage& page) {
  const auto& can = page.can;
  return {
      {"proposal", proposal_json(page)},
      {"my", page.supported ? nlohmann::json{{"supported", *page.supported}} : nlohmann::json()},
      {"can",
       {{"edit", can.edit},
        {"publish", can.publish},
        {"support", can.support},
        {"withdraw", can.withdraw},
        {"amend", can.amend},
        {"schedule", can.schedule},
        {"record_outcome", can.record_outcome}}}};
}

nlohmann::json settings_json(const SettingsView& view) {
  return {{"support_count", optional_json(view.settings.support_count)},
          {"support_percent", optional_json(view.settings.support_percent)},
          {"threshold",
           {{"needed", view.threshold.needed}, {"explanation", view.threshold.explanation}}},
          {"can_edit", view.can_edit}};
}

}  // namespace plenary::proposals
