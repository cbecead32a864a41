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

const PageCache::Entry* PageCache::find_entry(const PageKey& key, Form form,
                                              std::int64_t person_id) const {
  auto thread = threads_.find(key.thread_id);
  if (thread == threads_.end())
    return nullptr;
  auto page = thread->second.find({key.after, key.limit, form, person_id});
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
  store_entry(key, key.gzipped ? Form::gzipped : Form::plain,
              {std::move(page), nullptr, 0, bytes, {}}, read_at);
}

void PageCache::store_shared(const PageKey& key, std::shared_ptr<const SharedThreadPage> page,
                             Generation read_at) {
  if (!page)
    return;
  const auto bytes = size_of(*page);
  store_entry(key, Form::shared, {nullptr, std::move(page), 0, bytes, {}}, read_at);
}

std::size_t PageCache::person_stripe(std::int64_t person_id) {
  return static_cast<std::uint64_t>(person_id) % generation_stripes;
}

PageCache::ReaderGeneration PageCache::reader_generation(std::int64_t thread_id,
                                                         std::int64_t person_id) const {
  return {generation(thread_id),
          person_generations_[person_stripe(person_id)].load(std::memory_order_acquire)};
}

std::shared_ptr<const std::string> PageCache::find_reader(const PageKey& key,
                                                          std::int64_t person_id) const {
  std::shared_lock lock(mutex_);
  const auto* entry = find_entry(key, Form::reader, person_id);
  if (!entry || entry->person_generation !=
                    person_generations_[person_stripe(person_id)].load(std::memory_order_acquire)) {
    return nullptr;
  }
  return entry->page;
}

void PageCache::store_reader(const PageKey& key, std::int64_t person_id,
                             std::shared_ptr<const std::string> page, ReaderGeneration read_at) {
  if (!page)
    return;
  const auto bytes = page->size();
  // A forget_person meanwhile changed the stripe: the entry is born stale and never found.
  store_entry(key, Form::reader, {std::move(page), nullptr, read_at.person, bytes, {}},
              read_at.page, person_id);
}

void PageCache::forget_person(std::int64_t person_id) {
  person_generations_[person_stripe(person_id)].fetch_add(1, std::memory_order_acq_rel);
}

void PageCache::store_entry(const PageKey& key, Form form, Entry entry, Generation read_at,
                            std::int64_t person_id) {
  const bool readers = form == Form::reader;
  if (entry.bytes > (readers ? limits_.max_reader_bytes : limits_.max_bytes))
    return;
  std::unique_lock lock(mutex_);
  if (generation(key.thread_id) != read_at)
    return;
  // Bounded memory: when full, start again rather than track recency on every hit.
  if (readers && reader_bytes_ + entry.bytes > limits_.max_reader_bytes)
    drop_readers_pages();
  if (!readers && bytes_ + entry.bytes > limits_.max_bytes) {
    threads_.clear();
    bytes_ = 0;
    reader_bytes_ = 0;
  }
  auto& slot = threads_[key.thread_id][{key.after, key.limit, form, person_id}];
  auto& budget = readers ? reader_bytes_ : bytes_;
  budget -= slot.bytes;
  budget += entry.bytes;
  entry.stored_at = now_();
  slot = std::move(entry);
}

void PageCache::drop_readers_pages() {
  for (auto thread = threads_.begin(); thread != threads_.end();) {
    std::erase_if(thread->second,
                  [](const auto& entry) { return std::get<Form>(entry.first) == Form::reader; });
    thread = thread->second.empty() ? threads_.erase(thread) : std::next(thread);
  }
  reader_bytes_ = 0;
}

void PageCache::forget_thread(std::int64_t thread_id) {
  std::unique_lock lock(mutex_);
  stripe_of(thread_id).fetch_add(1, std::memory_order_acq_rel);
  auto thread = threads_.find(thread_id);
  if (thread == threads_.end())
    return;
  for (const auto& [key, entry] : thread->second)
    (std::get<Form>(key) == Form::reader ? reader_bytes_ : bytes_) -= entry.bytes;
  threads_.erase(thread);
}

void PageCache::forget_all() {
  std::unique_lock lock(mutex_);
  all_generation_.fetch_add(1, std::memory_order_acq_rel);
  threads_.clear();
  bytes_ = 0;
  reader_bytes_ = 0;
}

void PageCache::forget_for(std::string_view room, std::string_view kind) {
  if (auto thread = events::room_id(room, "thread:"))
    return forget_thread(*thread);
  // What a reader's pages depend on besides the thread: their memberships, and their account
  // (a verified address, the site admin flag).
  if (kind == "membership.changed" || kind == "account.updated") {
    if (auto person = events::room_id(room, "person:"))
      return forget_person(*person);
  }
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

std::size_t PageCache::reader_bytes() const {
  std::shared_lock lock(mutex_);
  return reader_bytes_;
}

std::size_t PageCache::entries() const {
  std::shared_lock lock(mutex_);
  std::size_t count = 0;
  for (const auto& [unused, pages] : threads_)
    count += pages.size();
  return count;
}

}  // namespace plenary::discussions
