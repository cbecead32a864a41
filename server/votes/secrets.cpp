#include "votes/secrets.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "votes/rules.hpp"

namespace plenary::votes {
namespace {

void fill_random(unsigned char* bytes, std::size_t size) {
  // Without entropy no secret ballot is safe: an exception, not a weaker fallback.
  if (RAND_bytes(bytes, static_cast<int>(size)) != 1)
    throw std::runtime_error("OpenSSL RAND_bytes failed");
}

}  // namespace

std::string new_tracker() {
  std::array<unsigned char, tracker_random_bytes> random{};
  fill_random(random.data(), random.size());
  return tracker_from_random(random);
}

std::string sha256_hex(std::string_view text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("OpenSSL EVP_Digest failed");
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0x0F];
  }
  return out;
}

std::uint64_t random_seed() {
  std::array<unsigned char, 8> bytes{};
  fill_random(bytes.data(), bytes.size());
  std::uint64_t seed = 0;
  std::memcpy(&seed, bytes.data(), sizeof seed);
  return seed;
}

std::uint64_t random_below(std::uint64_t bound) {
  if (bound <= 1)
    return 0;
  // Reject the top partial range so every value is equally likely.
  const std::uint64_t limit =
      std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % bound;
  for (;;) {
    const std::uint64_t value = random_seed();
    if (value < limit)
      return value % bound;
  }
}

}  // namespace plenary::votes
