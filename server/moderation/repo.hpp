#pragma once
// SQL for flags, the queue, suspensions and the log's read side. Maps rows to structs; decides
// nothing.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "moderation/model.hpp"

namespace plenary::moderation::repo {

std::optional<PostPlace> find_post_place(db::Tx& tx, std::int64_t post_id);
std::optional<PersonRef> find_person(db::Tx& tx, std::int64_t person_id);

bool has_open_flag(db::Tx& tx, std::int64_t post_id, std::int64_t flagger_id);
std::int64_t insert_flag(db::Tx& tx, std::int64_t post_id, std::int64_t flagger_id,
                         const std::string& reason, const std::string& detail,
                         const std::string& at);

struct FlagRecord {
  std::int64_t id = 0;
  bool resolved = false;
  PostPlace post;
};
std::optional<FlagRecord> find_flag(db::Tx& tx, std::int64_t flag_id);
// False when someone resolved it first.
bool resolve_flag(db::Tx& tx, std::int64_t flag_id, std::int64_t by, const std::string& resolution,
                  const std::string& at);

struct QueueScope {
  std::int64_t group_id = 0;  // this group and every group below it
  bool public_open = false;
  std::vector<std::int64_t> readable_category_ids;
};
// Posts with open flags, oldest first flag first; each item's flags are filled in.
std::vector<QueueItem> queue_page(db::Tx& tx, const QueueScope& scope,
                                  const std::optional<QueueCursor>& after, int limit);

Suspension insert_suspension(db::Tx& tx, std::int64_t group_id, std::int64_t person_id,
                             const std::string& reason, const std::string& starts_at,
                             const std::string& ends_at, std::int64_t created_by,
                             const std::string& now);
// Active ones first, then the most recently ended; at most `limit`.
std::vector<Suspension> list_suspensions(db::Tx& tx, std::int64_t group_id, const std::string& now,
                                         int limit);
std::optional<Suspension> find_suspension(db::Tx& tx, std::int64_t suspension_id,
                                          const std::string& now);
// False when it had already been lifted.
bool lift_suspension(db::Tx& tx, std::int64_t suspension_id, std::int64_t by,
                     const std::string& at);

std::vector<LogLine> log_page(db::Tx& tx, std::int64_t group_id,
                              const std::optional<std::int64_t>& before_id, int limit);

}  // namespace plenary::moderation::repo
