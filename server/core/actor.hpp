#pragma once
#include <cstdint>
#include <string>

namespace plenary {

// Who is making a request: resolved from the session cookie by accounts, used by every policy.
struct Actor {
  std::int64_t person_id = 0;
  std::int64_t session_id = 0;
  std::string display_name;
  std::string csrf_token;
  bool site_admin = false;
  bool email_verified = false;
};

}  // namespace plenary
