#pragma once
// The randomness and hashing a secret ballot relies on, from OpenSSL: trackers, the tie-order
// seed and the mixer's shuffle must be unpredictable, so none of them uses std::random_device or
// a seeded engine.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace plenary::votes {

// A fresh normalised tracker (100 bits from RAND_bytes).
std::string new_tracker();
// SHA-256 of `text` as 64 lower-case hex digits.
std::string sha256_hex(std::string_view text);
std::uint64_t random_seed();
// Uniform in [0, bound), without modulo bias.
std::uint64_t random_below(std::uint64_t bound);

// Fisher–Yates driven by RAND_bytes.
template <class T>
void shuffle_securely(std::vector<T>& items) {
  for (std::size_t i = items.size(); i > 1; --i) {
    const auto j = static_cast<std::size_t>(random_below(i));
    std::swap(items[i - 1], items[j]);
  }
}

}  // namespace plenary::votes
