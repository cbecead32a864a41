#pragma once
// Flags, the moderation queue, suspensions and the log's read side. Each use case runs in one
// transaction: load, ask the policy, act, log, notify. Returns values or an Error.
#include <cstdint>
#include <optional>
#include <string>

#include "core/actor.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "db/database.hpp"
#include "moderation/model.hpp"

namespace plenary::moderation {

struct NewFlag {
  std::string reason;
  std::string detail;
};

struct FlagResolution {
  std::string resolution;  // dismissed | actioned
  std::string reason;
};

struct NewSuspension {
  std::int64_t person_id = 0;
  TimePoint ends_at;
  std::string reason;
};

inline constexpr int max_page = 100;
inline constexpr int max_suspension_list = 200;

class Service {
 public:
  explicit Service(const Clock& clock) : clock_(clock) {}

  Result<std::int64_t> flag(db::Connection& db, const Actor& actor, std::int64_t post_id,
                            const NewFlag& flag);
  Result<QueuePage> queue(db::Connection& db, const Actor& actor, std::int64_t group_id,
                          const std::optional<QueueCursor>& after, int limit);
  Status resolve(db::Connection& db, const Actor& actor, std::int64_t flag_id,
                 const FlagResolution& resolution);

  Result<Suspension> suspend(db::Connection& db, const Actor& actor, std::int64_t group_id,
                             const NewSuspension& suspension);
  Result<std::vector<Suspension>> suspensions(db::Connection& db, const Actor& actor,
                                              std::int64_t group_id);
  Status lift(db::Connection& db, const Actor& actor, std::int64_t suspension_id,
              const std::string& reason);

  Result<LogPage> log(db::Connection& db, const Actor* actor, std::int64_t group_id,
                      const std::optional<std::int64_t>& before_id, int limit);

 private:
  const Clock& clock_;
};

}  // namespace plenary::moderation
