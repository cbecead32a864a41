#pragma once
// Event ids are handed out at insert time but become visible at commit time, so id 11 can appear
// before id 10. The sequencer delivers each id once, remembers the gaps below the newest id for a
// while (the transaction that holds the gap may still commit), and gives a gap up after a grace
// period (its transaction rolled back and the id is never used). Pure: no I/O, time passed in.
#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <vector>

namespace plenary::events {

class Sequencer {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::seconds gap_grace{10};

  explicit Sequencer(std::int64_t delivered_up_to) : low_water_(delivered_up_to) {}

  // Fetch events with id greater than this.
  std::int64_t fetch_after() const { return low_water_; }
  // Ids fetched (ascending); returns the ones not delivered before, in order.
  std::vector<std::int64_t> accept(const std::vector<std::int64_t>& ids, Clock::time_point now);
  bool has_gaps() const { return !delivered_above_.empty(); }

 private:
  std::int64_t low_water_;                  // every id up to here is delivered or given up
  std::set<std::int64_t> delivered_above_;  // delivered ids above a gap
  // When the gap just above low_water_ was first seen. Every id in it was handed out before the
  // first delivered id above it, so the whole run is given up together once the grace is over.
  std::optional<Clock::time_point> gap_seen_since_;
};

}  // namespace plenary::events
