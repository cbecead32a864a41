#pragma once
// Routes about the server itself: liveness, readiness, metrics and the API document.
#include <vector>

#include "core/clock.hpp"
#include "core/metrics.hpp"
#include "db/migrate.hpp"
#include "http/router.hpp"

namespace plenary::system {

void register_routes(http::Router& router, Metrics& metrics,
                     const std::vector<db::Migration>& migrations);

// Only on servers started with --test-clock: POST /api/v1/test/clock {advance_seconds} moves the
// clock every module reads, so tests reach deadlines without waiting.
void register_test_routes(http::Router& router, AdjustableClock& clock);

}  // namespace plenary::system
