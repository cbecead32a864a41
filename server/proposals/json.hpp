#pragma once
// The JSON the API sends for proposals (VOTES.md), also the payload of live events.
#include <nlohmann/json.hpp>

#include "proposals/model.hpp"
#include "proposals/service.hpp"

namespace plenary::proposals {

nlohmann::json person_json(const PersonRef& person);
nlohmann::json amendment_json(const Amendment& amendment);
// A row of a group's list, and the live event's payload.
nlohmann::json proposal_summary_json(const ProposalSummary& summary);
nlohmann::json proposal_json(const ProposalPage& page);
// {proposal, my, can}
nlohmann::json proposal_page_json(const ProposalPage& page);
nlohmann::json settings_json(const SettingsView& view);

}  // namespace plenary::proposals
