#include "core/metrics.hpp"

#include <sstream>

namespace plenary {
namespace {
std::string escape_label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"')
      out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}
}  // namespace

void Metrics::record_request(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
  auto& histogram = latency_[route];
  for (std::size_t i = 0; i < latency_buckets_seconds.size(); ++i) {
    if (seconds <= latency_buckets_seconds[i])
      ++histogram.buckets[i];
  }
  ++histogram.count;
  histogram.sum += seconds;
}

std::string Metrics::render_prometheus() const {
  std::ostringstream out;
  {
    std::lock_guard lock(mutex_);
    out << "# HELP plenary_http_requests_total HTTP requests by route and status.\n"
        << "# TYPE plenary_http_requests_total counter\n";
    for (const auto& [key, count] : requests_) {
      out << "plenary_http_requests_total{route=\"" << escape_label(key.first) << "\",status=\""
          << key.second << "\"} " << count << "\n";
    }
    out << "# HELP plenary_http_request_duration_seconds Time from request read to response.\n"
        << "# TYPE plenary_http_request_duration_seconds histogram\n";
    for (const auto& [route, histogram] : latency_) {
      const auto label = escape_label(route);
      for (std::size_t i = 0; i < latency_buckets_seconds.size(); ++i) {
        out << "plenary_http_request_duration_seconds_bucket{route=\"" << label << "\",le=\""
            << latency_buckets_seconds[i] << "\"} " << histogram.buckets[i] << "\n";
      }
      out << "plenary_http_request_duration_seconds_bucket{route=\"" << label << "\",le=\"+Inf\"} "
          << histogram.count << "\n"
          << "plenary_http_request_duration_seconds_sum{route=\"" << label << "\"} "
          << histogram.sum << "\n"
          << "plenary_http_request_duration_seconds_count{route=\"" << label << "\"} "
          << histogram.count << "\n";
    }
  }
  auto gauge = [&](const char* name, const char* help, const char* type, std::int64_t value) {
    out << "# HELP " << name << " " << help << "\n# TYPE " << name << " " << type << "\n"
        << name << " " << value << "\n";
  };
  gauge("plenary_http_connections", "Open HTTP connections.", "gauge", http_connections.load());
  gauge("plenary_websocket_connections", "Open WebSocket connections.", "gauge",
        websocket_connections.load());
  gauge("plenary_db_pool_in_use", "Database connections running a job.", "gauge", db_in_use.load());
  gauge("plenary_db_pool_waiting", "Jobs waiting for a database connection.", "gauge",
        db_waiting.load());
  gauge("plenary_db_pool_rejected_total", "Jobs refused because the queue was full.", "counter",
        db_rejected.load());
  gauge("plenary_events_published_total", "Live events written by this process.", "counter",
        events_published.load());
  gauge("plenary_events_delivered_total", "Live event messages sent to WebSocket clients.",
        "counter", events_delivered.load());
  gauge("plenary_websocket_overflow_closes_total",
        "WebSocket clients closed because they could not keep up.", "counter",
        websocket_overflow_closes.load());
  return out.str();
}

}  // namespace plenary
