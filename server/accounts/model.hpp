#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace plenary::accounts {

struct Person {
  std::int64_t id = 0;
  std::string email;
  std::string display_name;
  bool email_verified = false;
  bool site_admin = false;
  bool hidden_from_directory = false;
};

struct SessionInfo {
  std::int64_t id = 0;
  std::string created_at;
  std::string last_seen_at;
  std::string user_agent;
  std::string ip_address;
  bool current = false;
};

struct SignedIn {
  Person person;
  std::string session_token;  // goes into the cookie, never stored
  std::string csrf_token;
  long max_age_seconds = 0;
};

struct RateLimits {
  int failed_sign_ins_per_account = 5;  // per window
  int requests_per_address = 100;       // sign-in, registration and reset requests per window
  int window_seconds = 15 * 60;
};

struct SessionLifetime {
  long idle_seconds = 14L * 24 * 3600;
  long absolute_seconds = 60L * 24 * 3600;
};

}  // namespace plenary::accounts
