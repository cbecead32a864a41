// What the rest of the server uses from the offers module (module.hpp); routes are in
// routes.cpp.
#include "offers/module.hpp"

#include "core/log.hpp"
#include "offers/service.hpp"

namespace plenary::offers {

void run_due(db::Connection& db, const Clock& clock, const Settings& settings) {
  try {
    Service(clock, settings).escalate_due(db);
  } catch (const std::exception& e) {
    // The next tick tries again: a database away for a moment must not stop the ticker.
    log::warn("offers ticker could not escalate", {{"error", e.what()}});
  }
}

}  // namespace plenary::offers
