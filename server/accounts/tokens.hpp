#pragma once
// Secrets handed to browsers and mailboxes: random 256-bit tokens, stored only as hashes.
#include <string>
#include <string_view>

namespace plenary::accounts {

inline constexpr const char* session_cookie_name = "plenary_session";

// 32 random bytes from OpenSSL, base64url without padding (43 characters).
std::string random_token();
// SHA-256 of the token in hex, for storage and lookup.
std::string token_hash(std::string_view token);
// A token must look like one of ours before we spend a query on it.
bool well_formed_token(std::string_view token);
bool constant_time_equal(std::string_view a, std::string_view b);

struct CookieOptions {
  bool secure = false;
  long max_age_seconds = 0;  // 0: expire the cookie now (sign out)
};
std::string session_cookie(std::string_view token, const CookieOptions& options);

}  // namespace plenary::accounts
