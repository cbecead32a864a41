#pragma once
// Notification digests: a daily or weekly mail of what a person has not read, by their choice.
#include <string>

#include "core/clock.hpp"
#include "db/database.hpp"

namespace plenary::notifications {

// Queues the digests that are due (in the mail outbox). The ticker calls it in every process;
// each person's row is claimed with SKIP LOCKED so a digest is sent once.
void send_due_digests(db::Connection& db, const Clock& clock, const std::string& public_base_url);

}  // namespace plenary::notifications
