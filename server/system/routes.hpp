#pragma once
// Routes about the server itself: liveness, readiness, metrics and the API document.
#include <vector>

#include "core/metrics.hpp"
#include "db/migrate.hpp"
#include "http/router.hpp"

namespace plenary::system {

void register_routes(http::Router& router, Metrics& metrics,
                     const std::vector<db::Migration>& migrations);

}  // namespace plenary::system
