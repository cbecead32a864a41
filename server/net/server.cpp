#include "net/server.hpp"

#include "core/log.hpp"
#include "http/app.hpp"
#include "net/http_session.hpp"

namespace plenary::net {

struct Server::Impl : std::enable_shared_from_this<Server::Impl> {
  Impl(asio::io_context& io, ServerOptions options, http::App& app, ws::Live& live,
       Metrics& metrics)
      : io(io),
        acceptor(asio::make_strand(io)),
        tls_context(asio::ssl::context::tls_server),
        shared{app, live, metrics, tracker, std::move(options)} {}

  void do_accept() {
    acceptor.async_accept(asio::make_strand(io),
                          beast::bind_front_handler(&Impl::on_accept, shared_from_this()));
  }

  void on_accept(error_code ec, tcp::socket socket) {
    if (!acceptor.is_open())
      return;
    if (ec) {
      // Out of file descriptors and the like: wait a little instead of spinning.
      log::warn("accept failed", {{"error", ec.message()}});
      auto timer = std::make_shared<asio::steady_timer>(io, std::chrono::milliseconds(100));
      timer->async_wait([self = shared_from_this(), timer](error_code) { self->do_accept(); });
      return;
    }
    if (static_cast<int>(tracker.size()) >= shared.options.max_connections) {
      error_code ignored;
      socket.close(ignored);  // over the bound: refuse rather than grow without limit
    } else {
      error_code endpoint_error;
      auto endpoint = socket.remote_endpoint(endpoint_error);
      std::string remote = endpoint_error ? "" : endpoint.address().to_string();
      if (tls) {
        std::make_shared<HttpSession<TlsStream>>(TlsStream(std::move(socket), tls_context), shared,
                                                 std::move(remote))
            ->run();
      } else {
        std::make_shared<HttpSession<PlainStream>>(PlainStream(std::move(socket)), shared,
                                                   std::move(remote))
            ->run();
      }
    }
    do_accept();
  }

  asio::io_context& io;
  tcp::acceptor acceptor;
  asio::ssl::context tls_context;
  bool tls = false;
  ConnectionTracker tracker;
  SessionShared shared;
};

Server::Server(asio::io_context& io, ServerOptions options, http::App& app, ws::Live& live,
               Metrics& metrics)
    : impl_(std::make_shared<Impl>(io, std::move(options), app, live, metrics)) {}

Server::~Server() = default;

Status Server::start() {
  auto& options = impl_->shared.options;
  if (!options.tls_certificate.empty()) {
    error_code ec;
    impl_->tls_context.set_options(asio::ssl::context::default_workarounds |
                                   asio::ssl::context::no_sslv2 | asio::ssl::context::no_sslv3 |
                                   asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
    impl_->tls_context.use_certificate_chain_file(options.tls_certificate, ec);
    if (ec)
      return bad_request("Cannot use the TLS certificate " + options.tls_certificate + ": " +
                         ec.message());
    impl_->tls_context.use_private_key_file(options.tls_private_key, asio::ssl::context::pem, ec);
    if (ec)
      return bad_request("Cannot use the TLS key " + options.tls_private_key + ": " + ec.message());
    impl_->tls = true;
  }
  error_code ec;
  auto address = asio::ip::make_address(options.address, ec);
  if (ec)
    return bad_request("'" + options.address + "' is not an IP address to listen on.");
  tcp::endpoint endpoint(address, static_cast<unsigned short>(options.port));
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec)
    acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec)
    acceptor.bind(endpoint, ec);
  if (!ec)
    acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return conflict("Cannot listen on " + options.address + ":" + std::to_string(options.port) +
                    ": " + ec.message());
  }
  impl_->do_accept();
  return ok();
}

int Server::port() const {
  error_code ec;
  auto endpoint = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

void Server::begin_shutdown() {
  asio::post(impl_->acceptor.get_executor(), [impl = impl_] {
    error_code ignored;
    impl->acceptor.close(ignored);
  });
  impl_->tracker.shutdown_all();
}

}  // namespace plenary::net
