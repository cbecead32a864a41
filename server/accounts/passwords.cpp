#include "accounts/passwords.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>

#include "http/json_input.hpp"

namespace plenary::accounts {
namespace {

// Common passwords of ten characters or more (shorter ones fail the length rule anyway), from
// the most frequent entries of public breach-frequency lists. Compared case-insensitively.
constexpr std::array common_passwords = {
    "1234567890",   "12345678910",  "123456789a",       "1234567890a",   "0123456789",
    "0987654321",   "1111111111",   "0000000000",       "1234512345",    "1122334455",
    "1q2w3e4r5t",   "1q2w3e4r5t6y", "q1w2e3r4t5",       "qwertyuiop",    "qwerty1234",
    "qwerty12345",  "qwerty123456", "asdfghjkl1",       "asdfghjkl;",    "zxcvbnm123",
    "password12",   "password123",  "password1234",     "password!1",    "passw0rd12",
    "p@ssw0rd123",  "iloveyou12",   "iloveyou123",      "football12",    "football123",
    "baseball12",   "basketball",   "letmein123",       "welcome123",    "welcome1234",
    "sunshine12",   "princess12",   "starwars12",       "trustno1234",   "superman12",
    "michael123",   "charlie123",   "monkey1234",       "dragon1234",    "master1234",
    "abcdefghij",   "abcd123456",   "abc1234567",       "a1b2c3d4e5",    "1qaz2wsx3edc",
    "qazwsxedc123", "zaq12wsxcde3", "changeme123",      "administrator", "adminadmin",
    "admin12345",   "admin123456",  "letmeinplease",    "whatever12",    "computer12",
    "internet12",   "liverpool1",   "chelsea123",       "arsenal123",    "manchester",
    "everton123",   "blink18212",   "1234qwerty",       "123qweasdzxc",  "qweasdzxc123",
    "mypassword",   "mypassword1",  "passwordpassword", "123123123123",  "1231231234",
    "9876543210",   "5555555555",   "7777777777",       "1212121212",    "6969696969",
    "summer2024",   "summer2025",   "winter2024",       "spring2025",    "autumn2025",
    "plenary123",   "plenary1234",  "solidarity",       "solidarity1",   "democracy1",
};

bool same_character_repeated(std::string_view password) {
  return std::all_of(password.begin(), password.end(),
                     [&](char c) { return c == password.front(); });
}

bool simple_sequence(std::string_view password) {
  int up = 0, down = 0;
  for (std::size_t i = 1; i < password.size(); ++i) {
    int step =
        static_cast<unsigned char>(password[i]) - static_cast<unsigned char>(password[i - 1]);
    up += step == 1;
    down += step == -1;
  }
  const int steps = static_cast<int>(password.size()) - 1;
  return up == steps || down == steps;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::optional<std::string> password_weakness(std::string_view password, std::string_view email,
                                             std::string_view display_name) {
  const auto length = http::utf8_length(password);
  if (length < min_password_length) {
    return "Your password must be at least " + std::to_string(min_password_length) +
           " characters long.";
  }
  if (length > max_password_length) {
    return "Your password must be at most " + std::to_string(max_password_length) +
           " characters long.";
  }
  const auto lowered = lower(password);
  for (const char* common : common_passwords) {
    if (lowered == common) {
      return "This password is one of the most common ones and easy to guess. Choose another.";
    }
  }
  if (same_character_repeated(password) || simple_sequence(password)) {
    return "This password is too easy to guess. Choose another.";
  }
  const auto local_part = lower(email.substr(0, email.find('@')));
  if ((local_part.size() >= 4 && lowered.find(local_part) != std::string::npos) ||
      lowered == lower(email) || lowered == lower(display_name)) {
    return "Your password must not contain your email address or name.";
  }
  return std::nullopt;
}

namespace {
// Holds one of the hasher's slots for as long as it lives.
class SlotTicket {
 public:
  explicit SlotTicket(std::counting_semaphore<64>& slots) : slots_(slots) { slots_.acquire(); }
  ~SlotTicket() { slots_.release(); }
  SlotTicket(const SlotTicket&) = delete;
  SlotTicket& operator=(const SlotTicket&) = delete;

 private:
  std::counting_semaphore<64>& slots_;
};
}  // namespace

PasswordHasher::PasswordHasher(int max_concurrent) : slots_(std::clamp(max_concurrent, 1, 64)) {
  if (sodium_init() < 0)
    throw std::runtime_error("libsodium could not start");
}

std::string PasswordHasher::hash(std::string_view password) {
  SlotTicket ticket(slots_);
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("out of memory while hashing a password");
  }
  return out;
}

bool PasswordHasher::verify(std::string_view stored_hash, std::string_view password) {
  SlotTicket ticket(slots_);
  std::string stored(stored_hash);  // libsodium wants a NUL-terminated string
  return crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
}

void PasswordHasher::waste_verification_time(std::string_view password) {
  // A fixed hash of a random password: verifying against it costs what a real check costs.
  static const std::string decoy = hash("decoy password nobody has");
  (void)verify(decoy, password);
}

}  // namespace plenary::accounts
