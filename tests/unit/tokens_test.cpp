#include "accounts/tokens.hpp"

#include <gtest/gtest.h>

#include <set>

#include "accounts/passwords.hpp"

namespace plenary::accounts {
namespace {

TEST(TokenTest, RandomTokensAre256BitsAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    auto token = random_token();
    EXPECT_EQ(token.size(), 43u);  // 32 bytes in base64url without padding
    EXPECT_TRUE(well_formed_token(token)) << token;
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 200u);
}

TEST(TokenTest, HashIsSha256Hex) {
  // SHA-256("abc"), FIPS 180-2 test vector.
  EXPECT_EQ(token_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_NE(token_hash("abd"), token_hash("abc"));
}

TEST(TokenTest, WellFormedRejectsOtherShapes) {
  EXPECT_FALSE(well_formed_token(""));
  EXPECT_FALSE(well_formed_token(std::string(42, 'a')));
  EXPECT_FALSE(well_formed_token(std::string(44, 'a')));
  EXPECT_FALSE(well_formed_token(std::string(42, 'a') + "="));
  EXPECT_FALSE(well_formed_token(std::string(42, 'a') + "/"));
  EXPECT_TRUE(well_formed_token(std::string(42, 'a') + "-"));
}

TEST(TokenTest, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("secret", "secret"));
  EXPECT_FALSE(constant_time_equal("secret", "secreT"));
  EXPECT_FALSE(constant_time_equal("secret", "secrets"));
  EXPECT_TRUE(constant_time_equal("", ""));
}

TEST(CookieTest, SessionCookieIsHttpOnlyLaxAndSecureOnlyUnderTls) {
  auto plain = session_cookie("tok", {.secure = false, .max_age_seconds = 3600});
  EXPECT_EQ(plain, "plenary_session=tok; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600");
  auto secure = session_cookie("tok", {.secure = true, .max_age_seconds = 60});
  EXPECT_NE(secure.find("; Secure"), std::string::npos);
  auto cleared = session_cookie("", {.secure = false, .max_age_seconds = 0});
  EXPECT_NE(cleared.find("Max-Age=0"), std::string::npos);
}

TEST(PasswordRuleTest, LengthCommonAndPersonalPasswordsAreRefused) {
  EXPECT_TRUE(password_weakness("short", "a@b.org", "A").has_value());
  EXPECT_TRUE(password_weakness(std::string(201, 'x') + "y", "a@b.org", "A").has_value());
  EXPECT_TRUE(password_weakness("Password123", "a@b.org", "A").has_value());
  EXPECT_TRUE(password_weakness("1234567890", "a@b.org", "A").has_value());
  EXPECT_TRUE(password_weakness("aaaaaaaaaaaa", "a@b.org", "A").has_value());
  EXPECT_TRUE(password_weakness("abcdefghijklm", "a@b.org", "A").has_value());
  EXPECT_TRUE(password_weakness("my-jordan-secret", "jordan@example.org", "J").has_value());
  EXPECT_FALSE(password_weakness("correct horse battery", "a@b.org", "A").has_value());
  // Length counts characters, not bytes.
  EXPECT_TRUE(password_weakness("ééééébcd", "a@b.org", "A").has_value());
}

TEST(PasswordHasherTest, VerifiesItsOwnHashesOnly) {
  PasswordHasher hasher(1);
  auto hash = hasher.hash("correct horse battery");
  EXPECT_TRUE(hash.starts_with("$argon2id$"));
  EXPECT_TRUE(hasher.verify(hash, "correct horse battery"));
  EXPECT_FALSE(hasher.verify(hash, "correct horse batterY"));
  EXPECT_NE(hasher.hash("correct horse battery"), hash);  // salted
}

}  // namespace
}  // namespace plenary::accounts
