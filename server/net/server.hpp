#pragma once
// The network side: accept TCP (or TLS) connections, speak HTTP/1.1 and hand WebSocket upgrades
// at /api/v1/live to the live channel. Knows requests and bytes, nothing of the domain.
#include <memory>
#include <string>

#include "core/error.hpp"
#include "core/metrics.hpp"

namespace boost::asio {
class io_context;
}

namespace plenary::http {
class App;
}
namespace plenary::ws {
class Live;
}

namespace plenary::net {

struct ServerOptions {
  std::string address = "127.0.0.1";
  int port = 8080;
  std::string tls_certificate;
  std::string tls_private_key;
  int max_connections = 10000;
  int request_timeout_seconds = 30;
  int idle_timeout_seconds = 60;
  std::size_t header_limit = 16 * 1024;
};

class Server {
 public:
  Server(boost::asio::io_context& io, ServerOptions options, http::App& app, ws::Live& live,
         Metrics& metrics);
  ~Server();

  // Binds and starts accepting. An error when the port is taken or the certificate is unusable.
  Status start();
  // The port actually bound (useful with --port 0 in tests).
  int port() const;
  // Stops accepting; idle connections close now, busy ones after their response.
  void begin_shutdown();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace plenary::net
