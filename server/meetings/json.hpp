#pragma once
// Meetings as the API shows them (see /api/v1/meetings in openapi.json); the live events carry
// the same shapes.
#include <nlohmann/json.hpp>
#include <vector>

#include "meetings/model.hpp"
#include "meetings/service.hpp"

namespace plenary::meetings {

nlohmann::json person_json(const PersonRef& person);
nlohmann::json meeting_json(const Meeting& meeting);
nlohmann::json item_json(const AgendaItem& item);
nlohmann::json items_json(const std::vector<AgendaItem>& items);
nlohmann::json attendance_json(const Attendance& attendance);
nlohmann::json speaker_json(const Speaker& speaker);
nlohmann::json speakers_json(const SpeakersList& speakers);
nlohmann::json current_json(const CurrentItem& current);
nlohmann::json page_json(const MeetingPage& page);
nlohmann::json minutes_json(const Minutes& minutes);

}  // namespace plenary::meetings
