#pragma once
// The demo organisation loaded by the first `deploy/run`: a living app for a new user at once.
#include <string>
#include <vector>

#include "accounts/passwords.hpp"
#include "core/error.hpp"
#include "db/database.hpp"

namespace plenary::demo {

struct SignInDetail {
  std::string email;
  std::string role;  // what this person can do, in words
};

struct Summary {
  bool loaded = false;   // false: the database already had groups, nothing was changed
  std::string password;  // shared by every demo account
  std::vector<SignInDetail> accounts;
};

Result<Summary> load(db::Connection& db, accounts::PasswordHasher& hasher);

}  // namespace plenary::demo
