#pragma once
#include <map>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace plenary {

enum class Command { serve, migrate, demo, count, outbox, help, version };

struct Config {
  Command command = Command::help;
  std::string listen_address = "127.0.0.1";
  int port = 8080;
  std::string database_url;
  std::string web_root = "web";
  std::string tls_certificate;  // both set: serve HTTPS directly
  std::string tls_private_key;
  int network_threads = 2;
  int database_connections = 16;  // also the number of database worker threads
  int database_queue_limit = 512;
  int max_connections = 10000;
  int request_timeout_seconds = 30;  // whole request, headers and body, must arrive in this time
  int idle_timeout_seconds = 60;     // keep-alive connections with nothing to say are closed
  std::string log_level = "info";
  std::string public_base_url;    // e.g. https://plenary.example.org; default from listen address
  int sign_in_failure_limit = 5;  // failed sign-ins per account per 15 minutes
  int address_rate_limit =
      100;  // sign-in, registration and reset requests per address per 15 minutes
  // Outgoing mail. Without an SMTP URL mail is queued but not sent (a log line says so).
  std::string smtp_url;  // smtp://host:port (STARTTLS when offered) or smtps://host:port
  std::string smtp_username;
  std::string smtp_password;
  bool smtp_require_tls = false;  // refuse to send over a connection STARTTLS did not protect
  std::string smtp_ca_file;       // trust this PEM file instead of the system's CAs
  std::string mail_from;          // the sender's address, required with smtp_url
  std::string mail_from_name = "Plenary";
  // An offer to volunteer nobody has acknowledged after this many days goes to the parent group.
  int offer_escalation_days = 7;
  // Tests reach deadlines (ballot closes, expiries) by moving this server's clock forward.
  bool test_clock = false;
  std::vector<std::string> arguments;  // positional arguments after the command (count FILE)
  std::map<std::string, std::string> options;  // command-specific --name=value options

  bool tls() const { return !tls_certificate.empty(); }
  // scheme://host:port values browsers may send as Origin, given the port actually bound.
  std::vector<std::string> allowed_origins(int bound_port) const;
  // public_base_url, or the first allowed origin when none is set.
  std::string base_url(int bound_port) const;
};

// Flags win over environment variables, which win over defaults.
Result<Config> parse_config(const std::vector<std::string>& args,
                            const std::map<std::string, std::string>& environment);

std::string usage_text();

}  // namespace plenary
