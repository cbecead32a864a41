#pragma once
// Counters and gauges exposed at /metrics in the Prometheus text format. One Metrics object is
// created in main and passed to whoever records something.
#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace plenary {

class Metrics {
 public:
  static constexpr std::array<double, 12> latency_buckets_seconds{
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0};

  void record_request(const std::string& route, int status, double seconds);

  std::atomic<std::int64_t> websocket_connections{0};
  std::atomic<std::int64_t> http_connections{0};
  std::atomic<std::int64_t> db_in_use{0};
  std::atomic<std::int64_t> db_waiting{0};
  std::atomic<std::int64_t> db_rejected{0};
  std::atomic<std::int64_t> events_published{0};
  std::atomic<std::int64_t> events_delivered{0};
  std::atomic<std::int64_t> websocket_overflow_closes{0};

  std::string render_prometheus() const;

 private:
  struct Histogram {
    std::array<std::uint64_t, latency_buckets_seconds.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
};

}  // namespace plenary
