#pragma once
// Handing one message to an SMTP server with libcurl: STARTTLS when the server offers it (or
// required), optional login, bounded by timeouts. Blocking: call it from a worker thread.
#include <chrono>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace plenary::mail {

struct SmtpSettings {
  // smtp://host:port (plain, upgraded with STARTTLS when offered) or smtps://host:port (TLS
  // from the start). Empty: no mail is sent, it stays queued.
  std::string url;
  std::string username;  // empty: no login
  std::string password;
  bool require_tls = false;  // refuse to send when the server does not offer STARTTLS
  std::string ca_file;       // PEM file of the CAs to trust instead of the system's; for tests
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds timeout{60};  // the whole conversation
};

// libcurl's process-wide set-up (curl_global_init), which is not thread-safe: main makes one
// before any thread starts and keeps it until every thread has ended.
class CurlLibrary {
 public:
  CurlLibrary();
  ~CurlLibrary();
  CurlLibrary(const CurlLibrary&) = delete;
  CurlLibrary& operator=(const CurlLibrary&) = delete;
};

// Sends `message` (CRLF lines, headers included) from one address to another. An error (kind
// unavailable) carries what curl and the server said, for the outbox's last_error.
Status send_by_smtp(const SmtpSettings& settings, std::string_view from_address,
                    std::string_view to_address, std::string_view message);

}  // namespace plenary::mail
