#pragma once
// Every moderation action writes one entry in the group's public, append-only log, in the same
// transaction as the action.
#include <cstdint>
#include <string>

#include "db/database.hpp"

namespace plenary::moderation {

struct LogEntry {
  std::int64_t group_id = 0;
  std::int64_t moderator_id = 0;
  std::string action;       // hide, restore, edit_post, lock, unlock, pin, unpin, move, …
  std::string target_kind;  // post, thread, person, flag
  std::int64_t target_id = 0;
  std::string reason;
};

void log_action(db::Tx& tx, const LogEntry& entry);

}  // namespace plenary::moderation
