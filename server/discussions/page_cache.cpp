#include "discussions/page_cache.hpp"

#include <mutex>

#include "discussions/service.hpp"
#include "events/rooms.hpp"

namespace plenary::discussions {

PageCache::PageCache(Limits limits, Now now) : limits_(limits), now_(std::move(now)) {}

namespace {

// What a cached shared page holds, roughly: its texts and fixed-size parts. Bounds memory only.
std::size_t size_of(const SharedThreadPage& page) {
  std::size_t bytes = sizeof page + page.thread.title.size() + 512;
  for (const auto& post : page.posts) {
    bytes += sizeof post + post.body_source.size() + post.body_html.size() + post.tree_path.size() +
             post.author.display_name.size() + 128;
  }
  for (const auto& post : page.serialized) {
    bytes += sizeof post + post.head.size() + post.body_source.size() + post.before_can.size() +
             post.middle.size() + post.tail.size();
  }
  return bytes;
}

}  // namespace

const PageCache::Entry* PageCache::find_entry(const PageKey& key, Form form) const {
  auto thread = threads_.find(key.thread_id);
  if (thread == threads_.end())
    return nullptr;
  auto page = thread->second.find({key.after, key.limit, form});
  if (page == thread->second.end() || now_() - page->second.stored_at > limits_.max_age)
    return nullptr;
  return &page->second;
}

std::shared_ptr<const std::string> PageCache::find(const PageKey& key) const {
  std::shared_lock lock(mutex_);
  const auto* entry = find_entry(key, key.gzipped ? Form::gzipped : Form::plain);
  return entry ? entry->page : nullptr;
}

std::shared_ptr<const SharedThreadPage> PageCache::find_shared(const PageKey& key) const {
  std::shared_lock lock(mutex_);
  const auto* entry = find_entry(key, Form::shared);
  return entry ? entry->shared : nullptr;
}

std::atomic<std::uint64_t>& PageCache::stripe_of(std::int64_t thread_id) {
  return thread_generations_[static_cast<std::uint64_t>(thread_id) % generation_stripes];
}

const std::atomic<std::uint64_t>& PageCache::stripe_of(std::int64_t thread_id) const {
  return thread_generations_[static_cast<std::uint64_t>(thread_id) % generation_stripes];
}

PageCache::Generation PageCache::generation(std::int64_t thread_id) const {
  return {all_generation_.load(std::memory_order_acquire),
          stripe_of(thread_id).load(std::memory_order_acquire)};
}

void PageCache::store(const PageKey& key, std::shared_ptr<const std::string> page,
                      Generation read_at) {
  if (!page)
    return;
  const auto bytes = page->size();
  store_entry(key, key.gzipped ? Form::gzipped : Form::plain, {std::move(page), nullptr, bytes, {}},
              read_at);
}

void PageCache::store_shared(const PageKey& key, std::shared_ptr<const SharedThreadPage> page,
                             Generation read_at) {
  if (!page)
    return;
  const auto bytes = size_of(*page);
  store_entry(key, Form::shared, {nullptr, std::move(page), bytes, {}}, read_at);
}

void PageCache::store_entry(const PageKey& key, Form form, Entry entry, Generation read_at) {
  if (entry.bytes > limits_.max_bytes)
    return;
  std::unique_lock lock(mutex_);
  if (generation(key.thread_id) != read_at)
    return;
  // Bounded memory: when full, start again rather than track recency on every hit.
  if (bytes_ + entry.bytes > limits_.max_bytes) {
    threads_.clear();
    bytes_ = 0;
  }
  auto& slot = threads_[key.thread_id][{key.after, key.limit, form}];
  bytes_ -= slot.bytes;
  bytes_ += entry.bytes;
  entry.stored_at = now_();
  slot = std::move(entry);
}

void PageCache::forget_thread(std::int64_t thread_id) {
  std::unique_lock lock(mutex_);
  stripe_of(thread_id).fetch_add(1, std::memory_order_acq_rel);
  auto thread = threads_.find(thread_id);
  if (thread == threads_.end())
    return;
  for (const auto& [unused, entry] : thread->second)
    bytes_ -= entry.bytes;
  threads_.erase(thread);
}

void PageCache::forget_all() {
  std::unique_lock lock(mutex_);
  all_generation_.fetch_add(1, std::memory_order_acq_rel);
  threads_.clear();
  bytes_ = 0;
}

void PageCache::forget_for(std::string_view room, std::string_view kind) {
  if (auto thread = events::room_id(room, "thread:"))
    return forget_thread(*thread);
  // A category's threads announce their own changes in their own rooms; what changes every page
  // of a category (visibility, name) or of a group (name, archived) is rare: forget everything.
  if (room.starts_with("category:") && kind != "thread.created" && kind != "thread.updated")
    return forget_all();
  if (room.starts_with("group:") && kind.starts_with("group."))
    return forget_all();
}

std::size_t PageCache::bytes() const {
  std::shared_lock lock(mutex_);
  return bytes_;
}

std::size_t PageCache::entries() const {
  std::shared_lock lock(mutex_);
  std::size_t count = 0;
  for (const auto& [unused, pages] : threads_)
    count += pages.size();
  return count;
}

}  // namespace plenary::discussions
