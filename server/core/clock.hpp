#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>

namespace plenary {

using TimePoint = std::chrono::system_clock::time_point;

// Injected wherever a rule depends on time, so deadlines and expiries are testable.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override { return std::chrono::system_clock::now(); }
};

// The system clock, moved forward by whatever tests ask (servers started with --test-clock), so
// an integration test reaches a deadline without waiting for it.
class AdjustableClock final : public Clock {
 public:
  TimePoint now() const override {
    return std::chrono::system_clock::now() + std::chrono::seconds(offset_seconds_.load());
  }
  void advance(std::chrono::seconds by) { offset_seconds_ += by.count(); }

 private:
  std::atomic<std::int64_t> offset_seconds_{0};
};

// A clock that tests move by hand.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start) : now_(start.time_since_epoch().count()) {}
  TimePoint now() const override { return TimePoint(TimePoint::duration(now_.load())); }
  void advance(std::chrono::seconds by) {
    now_ += std::chrono::duration_cast<TimePoint::duration>(by).count();
  }

 private:
  std::atomic<TimePoint::rep> now_;
};

}  // namespace plenary
