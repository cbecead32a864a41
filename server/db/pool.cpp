#include "db/pool.hpp"

#include "core/log.hpp"

namespace plenary::db {

Pool::Pool(std::string url, int workers, int queue_limit, Metrics& metrics)
    : url_(std::move(url)), queue_limit_(static_cast<std::size_t>(queue_limit)), metrics_(metrics) {
  for (int i = 0; i < workers; ++i)
    workers_.emplace_back([this, i] { work(i); });
}

Pool::~Pool() {
  stop();
}

bool Pool::try_submit(Job job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= queue_limit_) {
      ++metrics_.db_rejected;
      return false;
    }
    queue_.push_back(std::move(job));
    ++metrics_.db_waiting;
  }
  wake_.notify_one();
  return true;
}

void Pool::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && workers_.empty())
      return;
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& worker : workers_) {
    if (worker.joinable())
      worker.join();
  }
  workers_.clear();
}

void Pool::set_after_job(AfterJob hook) {
  auto shared = std::make_shared<const AfterJob>(std::move(hook));
  std::lock_guard lock(mutex_);
  after_job_ = std::move(shared);
}

void Pool::work(int index) {
  Connection connection(url_);
  for (;;) {
    Job job;
    std::shared_ptr<const AfterJob> after_job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty())
        return;  // stopping, and everything queued is done
      job = std::move(queue_.front());
      queue_.pop_front();
      after_job = after_job_;
      --metrics_.db_waiting;
    }
    ++metrics_.db_in_use;
    connection.drop_if_lost();
    try {
      job(connection);
    } catch (const std::exception& e) {
      // Jobs handle their own errors; reaching here is a bug, but the worker must live on.
      log::error("database job failed", {{"worker", index}, {"error", e.what()}});
      connection.reset();
    }
    --metrics_.db_in_use;
    if (after_job && *after_job) {
      try {
        (*after_job)();
      } catch (const std::exception& e) {
        log::error("after-job hook failed", {{"worker", index}, {"error", e.what()}});
      }
    }
  }
}

}  // namespace plenary::db
