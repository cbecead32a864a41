#include "core/config.hpp"

#include <charconv>
#include <functional>

namespace plenary {
namespace {

Result<int> parse_positive_int(const std::string& name, const std::string& text, int max) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value <= 0 || value > max) {
    return invalid_field(name, name + " must be a whole number from 1 to " + std::to_string(max) +
                                   ", not '" + text + "'.");
  }
  return value;
}

struct Setting {
  const char* flag;
  const char* env;
  std::function<Status(Config&, const std::string&)> apply;
};

Status set_int(int& target, const char* name, const std::string& text, int max) {
  auto parsed = parse_positive_int(name, text, max);
  if (!parsed)
    return parsed.error();
  target = *parsed;
  return ok();
}

std::vector<Setting> settings() {
  return {
      {"--listen", "PLENARY_LISTEN",
       [](Config& c, const std::string& v) -> Status {
         if (v.empty())
           return invalid_field("listen", "--listen needs an address.");
         c.listen_address = v;
         return ok();
       }},
      {"--port", "PLENARY_PORT",
       [](Config& c, const std::string& v) -> Status {
         if (v == "0") {  // any free port: the one bound is logged
           c.port = 0;
           return ok();
         }
         return set_int(c.port, "port", v, 65535);
       }},
      {"--database-url", "DATABASE_URL",
       [](Config& c, const std::string& v) -> Status {
         c.database_url = v;
         return ok();
       }},
      {"--web-root", "PLENARY_WEB_ROOT",
       [](Config& c, const std::string& v) -> Status {
         c.web_root = v;
         return ok();
       }},
      {"--tls-cert", "PLENARY_TLS_CERT",
       [](Config& c, const std::string& v) -> Status {
         c.tls_certificate = v;
         return ok();
       }},
      {"--tls-key", "PLENARY_TLS_KEY",
       [](Config& c, const std::string& v) -> Status {
         c.tls_private_key = v;
         return ok();
       }},
      {"--threads", "PLENARY_THREADS",
       [](Config& c, const std::string& v) {
         return set_int(c.network_threads, "threads", v, 256);
       }},
      {"--db-connections", "PLENARY_DB_CONNECTIONS",
       [](Config& c, const std::string& v) {
         return set_int(c.database_connections, "db-connections", v, 1000);
       }},
      {"--db-queue", "PLENARY_DB_QUEUE",
       [](Config& c, const std::string& v) {
         return set_int(c.database_queue_limit, "db-queue", v, 1000000);
       }},
      {"--max-connections", "PLENARY_MAX_CONNECTIONS",
       [](Config& c, const std::string& v) {
         return set_int(c.max_connections, "max-connections", v, 1000000);
       }},
      {"--request-timeout", "PLENARY_REQUEST_TIMEOUT",
       [](Config& c, const std::string& v) {
         return set_int(c.request_timeout_seconds, "request-timeout", v, 3600);
       }},
      {"--idle-timeout", "PLENARY_IDLE_TIMEOUT",
       [](Config& c, const std::string& v) {
         return set_int(c.idle_timeout_seconds, "idle-timeout", v, 3600);
       }},
      {"--log-level", "PLENARY_LOG_LEVEL",
       [](Config& c, const std::string& v) -> Status {
         if (v != "debug" && v != "info" && v != "warn" && v != "error") {
           return invalid_field("log-level", "--log-level must be debug, info, warn or error.");
         }
         c.log_level = v;
         return ok();
       }},
      {"--sign-in-failure-limit", "PLENARY_SIGN_IN_FAILURE_LIMIT",
       [](Config& c, const std::string& v) {
         return set_int(c.sign_in_failure_limit, "sign-in-failure-limit", v, 1000000);
       }},
      {"--address-rate-limit", "PLENARY_ADDRESS_RATE_LIMIT",
       [](Config& c, const std::string& v) {
         return set_int(c.address_rate_limit, "address-rate-limit", v, 100000000);
       }},
      {"--offer-escalation-days", "PLENARY_OFFER_ESCALATION_DAYS",
       [](Config& c, const std::string& v) {
         return set_int(c.offer_escalation_days, "offer-escalation-days", v, 365);
       }},
      {"--test-clock", "PLENARY_TEST_CLOCK",
       [](Config& c, const std::string& v) -> Status {
         if (v != "on" && v != "off" && v != "1" && v != "0")
           return invalid_field("test-clock", "--test-clock must be on or off.");
         c.test_clock = v == "on" || v == "1";
         return ok();
       }},
      {"--smtp-url", "PLENARY_SMTP_URL",
       [](Config& c, const std::string& v) -> Status {
         if (!v.empty() && !v.starts_with("smtp://") && !v.starts_with("smtps://"))
           return invalid_field("smtp-url", "--smtp-url must start with smtp:// or smtps://.");
         c.smtp_url = v;
         return ok();
       }},
      {"--smtp-user", "PLENARY_SMTP_USER",
       [](Config& c, const std::string& v) -> Status {
         c.smtp_username = v;
         return ok();
       }},
      {"--smtp-password", "PLENARY_SMTP_PASSWORD",
       [](Config& c, const std::string& v) -> Status {
         c.smtp_password = v;
         return ok();
       }},
      {"--smtp-tls", "PLENARY_SMTP_TLS",
       [](Config& c, const std::string& v) -> Status {
         if (v != "required" && v != "when-offered")
           return invalid_field("smtp-tls", "--smtp-tls must be required or when-offered.");
         c.smtp_require_tls = v == "required";
         return ok();
       }},
      {"--smtp-ca-file", "PLENARY_SMTP_CA_FILE",
       [](Config& c, const std::string& v) -> Status {
         c.smtp_ca_file = v;
         return ok();
       }},
      {"--mail-from", "PLENARY_MAIL_FROM",
       [](Config& c, const std::string& v) -> Status {
         c.mail_from = v;
         return ok();
       }},
      {"--mail-from-name", "PLENARY_MAIL_FROM_NAME",
       [](Config& c, const std::string& v) -> Status {
         c.mail_from_name = v;
         return ok();
       }},
      {"--public-url", "PLENARY_PUBLIC_URL",
       [](Config& c, const std::string& v) -> Status {
         if (!(v.starts_with("http://") || v.starts_with("https://"))) {
           return invalid_field("public-url", "--public-url must start with http:// or https://.");
         }
         c.public_base_url = v;
         while (c.public_base_url.ends_with('/'))
           c.public_base_url.pop_back();
         return ok();
       }},
  };
}

Result<Command> parse_command(const std::string& word) {
  if (word == "serve")
    return Command::serve;
  if (word == "migrate")
    return Command::migrate;
  if (word == "demo")
    return Command::demo;
  if (word == "count")
    return Command::count;
  if (word == "outbox")
    return Command::outbox;
  if (word == "help" || word == "--help" || word == "-h")
    return Command::help;
  if (word == "--version" || word == "version")
    return Command::version;
  return bad_request("Unknown command '" + word + "'. Try 'plenary --help'.");
}

}  // namespace

std::vector<std::string> Config::allowed_origins(int bound_port) const {
  if (!public_base_url.empty()) {
    // Origin is scheme://host[:port], without any path.
    auto scheme_end = public_base_url.find("://");
    auto path_start = public_base_url.find('/', scheme_end + 3);
    return {public_base_url.substr(0, path_start)};
  }
  const std::string scheme = tls() ? "https://" : "http://";
  const std::string suffix = ":" + std::to_string(bound_port);
  const bool any_address = listen_address == "0.0.0.0" || listen_address == "::";
  if (any_address || listen_address == "127.0.0.1" || listen_address == "::1") {
    return {scheme + "127.0.0.1" + suffix, scheme + "localhost" + suffix,
            scheme + "[::1]" + suffix};
  }
  std::string host = listen_address;
  if (host.find(':') != std::string::npos)
    host = "[" + host + "]";
  return {scheme + host + suffix};
}

std::string Config::base_url(int bound_port) const {
  return public_base_url.empty() ? allowed_origins(bound_port).front() : public_base_url;
}

Result<Config> parse_config(const std::vector<std::string>& args,
                            const std::map<std::string, std::string>& environment) {
  Config config;
  const auto all = settings();
  for (const auto& setting : all) {
    if (auto found = environment.find(setting.env); found != environment.end()) {
      if (auto status = setting.apply(config, found->second); !status)
        return status.error();
    }
  }
  bool command_seen = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h" || arg == "--version") {
      config.command = *parse_command(arg);
      return config;
    }
    if (arg.starts_with("--")) {
      std::string name = arg;
      std::string value;
      bool has_value = false;
      if (auto eq = arg.find('='); eq != std::string::npos) {
        name = arg.substr(0, eq);
        value = arg.substr(eq + 1);
        has_value = true;
      }
      const Setting* setting = nullptr;
      for (const auto& s : all) {
        if (name == s.flag)
          setting = &s;
      }
      if (!has_value) {
        if (i + 1 >= args.size())
          return bad_request(name + " needs a value.");
        value = args[++i];
      }
      if (setting) {
        if (auto status = setting->apply(config, value); !status)
          return status.error();
      } else if (command_seen) {
        config.options[name.substr(2)] = value;  // checked by the command itself
      } else {
        return bad_request("Unknown option " + name + ". Try 'plenary --help'.");
      }
      continue;
    }
    if (!command_seen) {
      auto command = parse_command(arg);
      if (!command)
        return command.error();
      config.command = *command;
      command_seen = true;
    } else {
      config.arguments.push_back(arg);
    }
  }
  if (config.tls_certificate.empty() != config.tls_private_key.empty()) {
    return bad_request("--tls-cert and --tls-key go together: give both or neither.");
  }
  if (!config.smtp_url.empty() && config.mail_from.empty()) {
    return bad_request("--smtp-url needs --mail-from: the address mail is sent from.");
  }
  if ((config.command == Command::serve || config.command == Command::migrate ||
       config.command == Command::demo || config.command == Command::outbox) &&
      config.database_url.empty()) {
    return bad_request("No database: set DATABASE_URL or pass --database-url.");
  }
  return config;
}

std::string usage_text() {
  return R"(Plenary: discussions, proposals, votes and meetings for membership organisations.

Usage: plenary COMMAND [OPTIONS]

Commands:
  serve      migrate the database, then serve HTTP(S) and the live WebSocket
  migrate    apply pending schema migrations and exit
  demo       load the demo organisation if the database has no groups yet
  count      count a BLT ballot file: plenary count --method irv|scottish-stv|meek-stv FILE.blt
  outbox     print the mail waiting to be sent (e.g. sign-up links when no --smtp-url is set)
  --help     this text
  --version  the version

Options (each also read from the environment variable in brackets; flags win):
  --listen ADDRESS        address to listen on (PLENARY_LISTEN, default 127.0.0.1)
  --port N                port (PLENARY_PORT, default 8080)
  --database-url URL      PostgreSQL connection URL (DATABASE_URL, required)
  --web-root DIR          folder of the web app (PLENARY_WEB_ROOT, default ./web)
  --tls-cert FILE         PEM certificate chain: serve HTTPS directly (PLENARY_TLS_CERT)
  --tls-key FILE          PEM private key (PLENARY_TLS_KEY)
  --threads N             network threads (PLENARY_THREADS, default 2)
  --db-connections N      database connections and worker threads (PLENARY_DB_CONNECTIONS, default 16)
  --db-queue N            requests that may wait for the database before 503 (PLENARY_DB_QUEUE, default 512)
  --max-connections N     open connections at most (PLENARY_MAX_CONNECTIONS, default 10000)
  --request-timeout S     seconds for a request to arrive in full (PLENARY_REQUEST_TIMEOUT, default 30)
  --idle-timeout S        seconds an idle keep-alive connection stays open (PLENARY_IDLE_TIMEOUT, default 60)
  --log-level LEVEL       debug, info, warn or error (PLENARY_LOG_LEVEL, default info)
  --public-url URL        the address people use, e.g. https://plenary.example.org (PLENARY_PUBLIC_URL)
  --smtp-url URL          send mail through smtp://HOST:PORT (STARTTLS when offered) or
                          smtps://HOST:PORT (PLENARY_SMTP_URL); without it mail is queued, not sent
  --smtp-tls MODE         when-offered (default) or required (PLENARY_SMTP_TLS)
  --smtp-ca-file FILE     PEM file of CAs to trust for the SMTP server (PLENARY_SMTP_CA_FILE)
  --smtp-user NAME        SMTP login (PLENARY_SMTP_USER); the password from PLENARY_SMTP_PASSWORD
  --mail-from ADDRESS     the address mail comes from, needed with --smtp-url (PLENARY_MAIL_FROM)
  --mail-from-name NAME   the name shown with it (PLENARY_MAIL_FROM_NAME, default Plenary)
  --offer-escalation-days N  days an offer to volunteer may wait for an answer before it goes to
                          the parent group's officers (PLENARY_OFFER_ESCALATION_DAYS, default 7)
  --test-clock on|off     for tests only: POST /api/v1/test/clock moves the server's clock (PLENARY_TEST_CLOCK)
  --sign-in-failure-limit N  failed sign-ins per account per 15 minutes (PLENARY_SIGN_IN_FAILURE_LIMIT, default 5)
  --address-rate-limit N  sign-in/registration/reset requests per address per 15 minutes
                          (PLENARY_ADDRESS_RATE_LIMIT, default 100)
)";
}

}  // namespace plenary
