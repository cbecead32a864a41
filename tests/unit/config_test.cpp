#include "core/config.hpp"

#include <gtest/gtest.h>

namespace plenary {
namespace {

const std::map<std::string, std::string> no_environment;

TEST(ConfigTest, DefaultsNeedADatabaseToServe) {
  auto config = parse_config({"serve"}, no_environment);
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.error().detail.find("DATABASE_URL"), std::string::npos);
}

TEST(ConfigTest, EnvironmentGivesValuesAndFlagsWin) {
  auto config = parse_config(
      {"serve", "--port", "9000"},
      {{"DATABASE_URL", "postgresql://x/y"}, {"PLENARY_PORT", "8000"}, {"PLENARY_THREADS", "4"}});
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->command, Command::serve);
  EXPECT_EQ(config->port, 9000);
  EXPECT_EQ(config->network_threads, 4);
  EXPECT_EQ(config->database_url, "postgresql://x/y");
}

TEST(ConfigTest, FlagWithEqualsSign) {
  auto config = parse_config({"migrate", "--database-url=postgresql://a/b", "--log-level=debug"},
                             no_environment);
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->database_url, "postgresql://a/b");
  EXPECT_EQ(config->log_level, "debug");
}

TEST(ConfigTest, PortZeroMeansAnyFreePort) {
  auto config = parse_config({"serve", "--port", "0", "--database-url", "x"}, no_environment);
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->port, 0);
}

TEST(ConfigTest, RejectsBadNumbersWithTheirName) {
  for (const char* bad : {"-1", "abc", "70000", "12x", ""}) {
    auto config = parse_config({"serve", "--database-url", "x", "--port", bad}, no_environment);
    ASSERT_FALSE(config.ok()) << bad;
    ASSERT_FALSE(config.error().fields.empty());
    EXPECT_EQ(config.error().fields.front().field, "port");
  }
}

TEST(ConfigTest, RejectsUnknownOptionsAndCommands) {
  EXPECT_FALSE(parse_config({"--frobnicate", "1"}, no_environment).ok());
  EXPECT_FALSE(parse_config({"launch"}, no_environment).ok());
  EXPECT_FALSE(parse_config({"serve", "--database-url"}, no_environment).ok());
}

TEST(ConfigTest, TlsNeedsCertificateAndKeyTogether) {
  EXPECT_FALSE(
      parse_config({"serve", "--database-url", "x", "--tls-cert", "c.pem"}, no_environment).ok());
  auto both =
      parse_config({"serve", "--database-url", "x", "--tls-cert", "c.pem", "--tls-key", "k.pem"},
                   no_environment);
  ASSERT_TRUE(both.ok());
  EXPECT_TRUE(both->tls());
}

TEST(ConfigTest, HelpNeedsNothingElse) {
  auto config = parse_config({"--help"}, no_environment);
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->command, Command::help);
  EXPECT_NE(usage_text().find("Usage: plenary COMMAND"), std::string::npos);
  EXPECT_NE(usage_text().find("DATABASE_URL"), std::string::npos);
}

TEST(ConfigTest, AllowedOriginsFollowTheBoundPortOrThePublicUrl) {
  auto local = parse_config({"serve", "--database-url", "x"}, no_environment);
  ASSERT_TRUE(local.ok());
  auto origins = local->allowed_origins(8123);
  EXPECT_EQ(origins.front(), "http://127.0.0.1:8123");
  EXPECT_NE(std::find(origins.begin(), origins.end(), "http://localhost:8123"), origins.end());

  auto public_url = parse_config(
      {"serve", "--database-url", "x", "--public-url", "https://plenary.example.org/app/"},
      no_environment);
  ASSERT_TRUE(public_url.ok());
  EXPECT_EQ(public_url->allowed_origins(8080),
            std::vector<std::string>{"https://plenary.example.org"});
  EXPECT_EQ(public_url->base_url(8080), "https://plenary.example.org/app");
  EXPECT_FALSE(
      parse_config({"serve", "--database-url", "x", "--public-url", "ftp://x"}, no_environment)
          .ok());
}

TEST(ConfigTest, MailSettingsFromFlagsAndEnvironment) {
  auto config = parse_config({"serve", "--database-url", "x", "--smtp-url", "smtp://127.0.0.1:2525",
                              "--mail-from", "plenary@example.org", "--smtp-tls", "required"},
                             {{"PLENARY_SMTP_USER", "mailer"},
                              {"PLENARY_SMTP_PASSWORD", "secret"},
                              {"PLENARY_MAIL_FROM_NAME", "Our Union"}});
  ASSERT_TRUE(config.ok()) << config.error().detail;
  EXPECT_EQ(config->smtp_url, "smtp://127.0.0.1:2525");
  EXPECT_EQ(config->mail_from, "plenary@example.org");
  EXPECT_EQ(config->mail_from_name, "Our Union");
  EXPECT_EQ(config->smtp_username, "mailer");
  EXPECT_EQ(config->smtp_password, "secret");
  EXPECT_TRUE(config->smtp_require_tls);
}

TEST(ConfigTest, MailIsOptionalButAnSmtpUrlNeedsASender) {
  auto without = parse_config({"serve", "--database-url", "x"}, no_environment);
  ASSERT_TRUE(without.ok());
  EXPECT_TRUE(without->smtp_url.empty());
  EXPECT_FALSE(without->smtp_require_tls);

  auto no_sender = parse_config({"serve", "--database-url", "x", "--smtp-url", "smtp://mail:25"},
                                no_environment);
  ASSERT_FALSE(no_sender.ok());
  EXPECT_NE(no_sender.error().detail.find("--mail-from"), std::string::npos);

  EXPECT_FALSE(parse_config({"serve", "--database-url", "x", "--smtp-url", "http://mail:25",
                             "--mail-from", "a@b.org"},
                            no_environment)
                   .ok());
  EXPECT_FALSE(
      parse_config({"serve", "--database-url", "x", "--smtp-tls", "sometimes"}, no_environment)
          .ok());
}

}  // namespace
}  // namespace plenary
