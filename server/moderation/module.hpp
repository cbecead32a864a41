#pragma once
// Flags, the queue, suspensions and the moderation log's read side (moderators' actions on posts
// and threads live with them in discussions/, and log through moderation/log.hpp).
#include "core/clock.hpp"
#include "http/router.hpp"

namespace plenary::moderation {

void register_routes(http::Router& router, const Clock& clock);

}  // namespace plenary::moderation
