#pragma once
// Thread pages as a signed-out reader sees them, kept serialized: every signed-out reader of a
// page gets the same bytes, so a busy thread is read from the database once per change instead
// of once per reader.
//
// Several server processes may share one database, so an entry is dropped when the live events
// that every process receives through LISTEN/NOTIFY say the page may have changed (forget_for),
// never only when this process changed it. What no event announces (a person renaming
// themselves) is bounded by a short maximum age.
//
// Signed-in readers share the page too, as values without anyone's part (SharedThreadPage): a
// reader's part (memberships, read state, thanks, rights) is read with one query and spliced in,
// and the page as that reader sees it is kept for them (a busy page is read again and again by
// the same people). A reader's page is dropped with the thread's pages, when the person's
// memberships or account change (their membership.changed and account.updated events), when they
// read or watch through this process, and after the same maximum age — what no event announces,
// their read state and watch set through another process. Readers' pages have their own memory
// budget, so many readers never push the shared pages out.
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>

namespace plenary::discussions {

struct SharedThreadPage;

struct PageKey {
  std::int64_t thread_id = 0;
  std::string
      after;  // the decoded cursor: the tree path the page starts after, empty for the first
  int limit = 0;
  bool gzipped = false;  // the same page, gzip-compressed once for the clients that accept it
};

struct PageCacheLimits {
  std::size_t max_bytes = 64 * 1024 * 1024;
  std::size_t max_reader_bytes = 32 * 1024 * 1024;
  std::chrono::milliseconds max_age{5000};
};

class PageCache {
 public:
  using Now = std::function<std::chrono::steady_clock::time_point()>;
  using Limits = PageCacheLimits;

  explicit PageCache(Limits limits = {}, Now now = &std::chrono::steady_clock::now);

  std::shared_ptr<const std::string> find(const PageKey& key) const;

  // A reader takes the thread's generation before reading the database and hands it back with
  // what it read: if the thread (or everything) was forgotten meanwhile, what it read may predate
  // the change and is not kept. Changes to other threads do not stop it, mostly.
  struct Generation {
    std::uint64_t all = 0;
    std::uint64_t thread = 0;
    bool operator==(const Generation&) const = default;
  };
  Generation generation(std::int64_t thread_id) const;
  void store(const PageKey& key, std::shared_ptr<const std::string> page, Generation read_at);

  // The shared part of a page for signed-in readers (PageKey::gzipped is not used).
  std::shared_ptr<const SharedThreadPage> find_shared(const PageKey& key) const;
  void store_shared(const PageKey& key, std::shared_ptr<const SharedThreadPage> page,
                    Generation read_at);

  // A page as one signed-in reader sees it. The generation is taken before reading, as above.
  struct ReaderGeneration {
    Generation page;
    std::uint64_t person = 0;
  };
  ReaderGeneration reader_generation(std::int64_t thread_id, std::int64_t person_id) const;
  std::shared_ptr<const std::string> find_reader(const PageKey& key, std::int64_t person_id) const;
  void store_reader(const PageKey& key, std::int64_t person_id,
                    std::shared_ptr<const std::string> page, ReaderGeneration read_at);

  void forget_thread(std::int64_t thread_id);
  // Every page kept for the person (their memberships or account changed, they read or watched).
  void forget_person(std::int64_t person_id);
  void forget_all();
  // A live event from any process (room and kind as in the events table).
  void forget_for(std::string_view room, std::string_view kind);

  std::size_t bytes() const;
  std::size_t reader_bytes() const;
  std::size_t entries() const;

 private:
  struct Entry {
    std::shared_ptr<const std::string> page;
    std::shared_ptr<const SharedThreadPage> shared;
    std::uint64_t person_generation = 0;  // a reader's page: their stripe's when read
    std::size_t bytes = 0;
    std::chrono::steady_clock::time_point stored_at;
  };
  enum class Form { plain, gzipped, shared, reader };
  // Pages of one thread by (after, limit, form, the reader's person id or 0).
  using ThreadPages = std::map<std::tuple<std::string, int, Form, std::int64_t>, Entry>;
  const Entry* find_entry(const PageKey& key, Form form, std::int64_t person_id = 0) const;
  void store_entry(const PageKey& key, Form form, Entry entry, Generation read_at,
                   std::int64_t person_id = 0);
  void drop_readers_pages();

  Limits limits_;
  Now now_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::int64_t, ThreadPages> threads_;
  std::size_t bytes_ = 0;         // shared and signed-out pages
  std::size_t reader_bytes_ = 0;  // readers' pages
  // Threads share a counter by their id's remainder: bounded memory, and a change to another
  // thread refuses a store only when the two share a stripe.
  static constexpr std::size_t generation_stripes = 256;
  std::atomic<std::uint64_t> all_generation_{0};
  std::array<std::atomic<std::uint64_t>, generation_stripes> thread_generations_{};
  std::atomic<std::uint64_t>& stripe_of(std::int64_t thread_id);
  const std::atomic<std::uint64_t>& stripe_of(std::int64_t thread_id) const;
  // People share counters the same way; a reader's entry is good while its stripe's is unchanged.
  std::array<std::atomic<std::uint64_t>, generation_stripes> person_generations_{};
  static std::size_t person_stripe(std::int64_t person_id);
};

}  // namespace plenary::discussions
