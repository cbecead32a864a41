#pragma once
// What the rest of the server uses from the offers module: offers to volunteer, routed to the
// officers of the matching groups, who must answer; unanswered offers are escalated.
#include <string>

#include "core/clock.hpp"
#include "db/database.hpp"
#include "http/router.hpp"

namespace plenary::offers {

struct Settings {
  int escalation_days = 7;      // unacknowledged this long: the parent group's officers are told
  std::string public_base_url;  // links in mails start with this (known once the port is bound)
};

// `settings` must outlive the router; main sets public_base_url before serving.
void register_routes(http::Router& router, const Clock& clock, const Settings& settings);

// Escalates the offers whose time for an answer has run out. The ticker calls it every second in
// every server process; rows are claimed with SKIP LOCKED so each offer is escalated once.
void run_due(db::Connection& db, const Clock& clock, const Settings& settings);

}  // namespace plenary::offers
