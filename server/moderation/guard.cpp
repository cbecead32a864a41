// The posting guard: loads what the rules need, in the posting transaction, and asks them.
#include "moderation/guard.hpp"

#include "core/time.hpp"
#include "moderation/posting_rules.hpp"

namespace plenary::moderation {
namespace {

// Times travel as microseconds since the epoch: exact, and free of time zone parsing.
#define MICROS(column) "(extract(epoch FROM " column ") * 1000000)::bigint"

const db::Statement select_active_suspension{
    "moderation.guard.active_suspension",
    "WITH RECURSIVE up(id, parent_id, depth) AS ("
    "SELECT id, parent_id, 0 FROM groups WHERE id = $1 "
    "UNION ALL SELECT g.id, g.parent_id, up.depth + 1 FROM groups g "
    "JOIN up ON g.id = up.parent_id WHERE up.depth < 1000) "
    "SELECT g.name, " MICROS("s.ends_at") ", s.reason FROM suspensions s "
    "JOIN up ON up.id = s.group_id JOIN groups g ON g.id = s.group_id "
    "WHERE s.person_id = $2 AND s.lifted_at IS NULL AND s.starts_at <= $3::timestamptz "
    "AND s.ends_at > $3::timestamptz ORDER BY s.ends_at DESC LIMIT 1"};

const db::Statement select_person_and_thread_activity{
    "moderation.guard.person_activity",
    "SELECT " MICROS("p.created_at") ", (SELECT " MICROS("max(created_at)")
    " FROM posts WHERE thread_id = $2 AND author_id = p.id) FROM persons p WHERE p.id = $1"};

const db::Statement select_recent_posts{
    "moderation.guard.recent_posts",
    "SELECT " MICROS("created_at") " FROM posts WHERE author_id = $1 "
    "AND created_at > $2::timestamptz - make_interval(secs => $3) "
    "ORDER BY created_at DESC LIMIT $4"};

TimePoint from_micros(std::int64_t micros) {
  return TimePoint(
      std::chrono::duration_cast<TimePoint::duration>(std::chrono::microseconds(micros)));
}

PostingRecord load_record(db::Tx& tx, const PostingAttempt& attempt, TimePoint now,
                          const PostingLimits& limits) {
  const std::string at = iso8601(now);
  PostingRecord record;
  if (auto row =
          tx.exec_maybe_row(select_active_suspension, attempt.group_id, attempt.person_id, at)) {
    record.suspension =
        ActiveSuspension{(*row)[0].as<std::string>(), from_micros((*row)[1].as<std::int64_t>()),
                         (*row)[2].as<std::string>()};
  }
  if (auto row = tx.exec_maybe_row(select_person_and_thread_activity, attempt.person_id,
                                   attempt.thread_id)) {
    record.account_created_at = from_micros((*row)[0].as<std::int64_t>());
    if (!(*row)[1].is_null())
      record.last_post_in_thread = from_micros((*row)[1].as<std::int64_t>());
  }
  for (const auto& row :
       tx.exec(select_recent_posts, attempt.person_id, at,
               static_cast<double>(rate_lookback(limits).count()), rate_sample_size(limits))) {
    record.recent_posts.push_back(from_micros(row[0].as<std::int64_t>()));
  }
  return record;
}

}  // namespace

Status check_posting(db::Tx& tx, const PostingAttempt& attempt, TimePoint now) {
  return decide_posting(attempt, load_record(tx, attempt, now, default_posting_limits), now);
}

}  // namespace plenary::moderation
