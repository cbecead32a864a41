#include "db/rate_limit.hpp"

#include "core/time.hpp"

namespace plenary::db {
namespace {

const Statement add_hit{
    "rate_limit.add_hit",
    "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2::timestamptz, 1) "
    "ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1 RETURNING hits"};

}  // namespace

Status count_request(Connection& db, TimePoint now, const RateRule& rule) {
  const auto since_epoch = now.time_since_epoch();
  const auto into_window = since_epoch % rule.window;
  const auto window_start =
      TimePoint(std::chrono::duration_cast<TimePoint::duration>(since_epoch - into_window));
  const int hits = transact(db, [&](Tx& tx) {
    return tx.exec(add_hit, rule.bucket, iso8601(window_start))[0][0].as<int>();
  });
  if (hits > rule.limit) {
    const auto left = rule.window - std::chrono::duration_cast<std::chrono::seconds>(into_window);
    return too_many_requests(rule.refusal, static_cast<int>(left.count()));
  }
  return ok();
}

}  // namespace plenary::db
