#include "events/sequencer.hpp"

namespace plenary::events {

std::vector<std::int64_t> Sequencer::accept(const std::vector<std::int64_t>& ids,
                                            Clock::time_point now) {
  std::vector<std::int64_t> fresh;
  for (auto id : ids) {
    if (id <= low_water_ || delivered_above_.contains(id))
      continue;
    fresh.push_back(id);
    delivered_above_.insert(id);
  }
  // Advance over what is contiguous; a gap holds the low-water mark until its grace runs out.
  while (!delivered_above_.empty()) {
    const auto first_above = *delivered_above_.begin();
    if (first_above == low_water_ + 1) {
      delivered_above_.erase(delivered_above_.begin());
      low_water_ = first_above;
      gap_seen_since_.reset();
      continue;
    }
    if (!gap_seen_since_)
      gap_seen_since_ = now;
    if (now - *gap_seen_since_ < gap_grace)
      break;
    low_water_ = first_above - 1;  // rolled back: those ids will never appear
    gap_seen_since_.reset();
  }
  return fresh;
}

}  // namespace plenary::events
