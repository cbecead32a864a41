#pragma once
// Each person's choices about mail and their profile: a daily or weekly digest of unread
// notifications (or none), and whether others see what they have done for the organisation.
#include <cstdint>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "db/database.hpp"
#include "http/router.hpp"
#include "notifications/digest_rules.hpp"

namespace plenary::notifications {

struct Preferences {
  DigestChoice digest = DigestChoice::off;
  bool show_recognition = false;
};

nlohmann::json to_json(const Preferences& preferences);

// The person's choices; the defaults when they have never chosen.
Preferences load_preferences(db::Tx& tx, std::int64_t person_id);
// Saves them; turning a digest on starts it afresh (digest_restarts).
void save_preferences(db::Tx& tx, std::int64_t person_id, const Preferences& preferences);

// GET and PUT /api/v1/me/preferences.
void register_preferences_routes(http::Router& router);

}  // namespace plenary::notifications
