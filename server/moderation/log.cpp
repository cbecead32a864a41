#include "moderation/log.hpp"

namespace plenary::moderation {
namespace {

const db::Statement insert_log_entry{
    "moderation.log.insert",
    "INSERT INTO moderation_log (group_id, moderator_id, action, target_kind, target_id, reason) "
    "VALUES ($1, $2, $3, $4, $5, $6)"};

}  // namespace

void log_action(db::Tx& tx, const LogEntry& entry) {
  tx.exec(insert_log_entry, entry.group_id, entry.moderator_id, entry.action, entry.target_kind,
          entry.target_id, entry.reason);
}

}  // namespace plenary::moderation
