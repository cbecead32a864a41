#pragma once
// A bounded pool of database worker threads, each owning one connection. Network threads never
// touch the database: they hand a job here and get the answer back by callback.
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/metrics.hpp"
#include "db/database.hpp"

namespace plenary::db {

class Pool {
 public:
  using Job = std::function<void(Connection&)>;
  // Runs on the worker's thread after each job, outside any transaction.
  using AfterJob = std::function<void()>;

  Pool(std::string url, int workers, int queue_limit, Metrics& metrics);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // False when the queue is full: the caller answers 503 instead of queueing without bound.
  bool try_submit(Job job);
  // Finishes the jobs already queued, then joins the workers.
  void stop();
  // Work that must follow a job's commits rather than sit inside its transactions (the events
  // notifier announces what the job published). Replaces any hook set before.
  void set_after_job(AfterJob hook);

 private:
  void work(int index);

  std::string url_;
  std::size_t queue_limit_;
  Metrics& metrics_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  std::shared_ptr<const AfterJob> after_job_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace plenary::db
