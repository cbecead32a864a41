#pragma once
// Argon2id through libsodium. Hashing costs 64 MiB and ~70 ms, so at most a few run at once.
#include <optional>
#include <semaphore>
#include <string>
#include <string_view>

namespace plenary::accounts {

inline constexpr std::size_t min_password_length = 10;
inline constexpr std::size_t max_password_length = 200;

// Pure: why this password may not be used, or nothing when it is acceptable.
std::optional<std::string> password_weakness(std::string_view password, std::string_view email,
                                             std::string_view display_name);

class PasswordHasher {
 public:
  explicit PasswordHasher(int max_concurrent = 2);
  PasswordHasher(const PasswordHasher&) = delete;
  PasswordHasher& operator=(const PasswordHasher&) = delete;

  std::string hash(std::string_view password);
  bool verify(std::string_view stored_hash, std::string_view password);
  // Spends the time of a verification, so that an unknown email answers as slowly as a known one.
  void waste_verification_time(std::string_view password);

 private:
  // Bounds how many 64 MiB hashes run at once.
  std::counting_semaphore<64> slots_;
};

}  // namespace plenary::accounts
