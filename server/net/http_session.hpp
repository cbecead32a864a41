#pragma once
// One HTTP/1.1 connection on its own strand: read a header, decide the body limit, read the body,
// hand the request to the App, write the answer, repeat while keep-alive. Timeouts bound every
// read, so a slow or silent client cannot hold a connection.
#include <array>
#include <memory>
#include <optional>

#include "core/metrics.hpp"
#include "http/app.hpp"
#include "net/beast.hpp"
#include "net/connection_tracker.hpp"
#include "net/server.hpp"
#include "ws/live.hpp"

namespace plenary::net {

struct SessionShared {
  http::App& app;
  ws::Live& live;
  Metrics& metrics;
  ConnectionTracker& tracker;
  ServerOptions options;
};

// A response body that shares its bytes (a cached page is sent as it is kept, not copied).
struct SharedTextBody {
  using value_type = std::shared_ptr<const std::string>;
  static std::uint64_t size(const value_type& body) { return body ? body->size() : 0; }

  class writer {
   public:
    using const_buffers_type = asio::const_buffer;
    template <bool isRequest, class Fields>
    writer(const bhttp::header<isRequest, Fields>&, const value_type& body) : body_(body) {}
    void init(error_code& ec) { ec = {}; }
    boost::optional<std::pair<const_buffers_type, bool>> get(error_code& ec) {
      ec = {};
      if (!body_ || body_->empty())
        return boost::none;
      return std::make_pair(const_buffers_type(body_->data(), body_->size()), false);
    }

   private:
    const value_type& body_;
  };
};

template <class Stream>
class HttpSession final : public Closable,
                          public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  HttpSession(Stream&& stream, SessionShared& shared, std::string remote_address);
  ~HttpSession() override;

  void run();
  void begin_shutdown() override;

 private:
  void on_handshake(error_code ec);
  void do_read();
  void on_header(error_code ec, std::size_t bytes);
  void on_body(error_code ec, std::size_t bytes);
  void upgrade_to_websocket();
  void answer(http::Response response);
  void on_write(bool keep_alive, error_code ec, std::size_t bytes);
  void do_close();
  void discard_until_peer_closes();
  std::optional<http::Request> convert(bhttp::request<bhttp::string_body>& request);
  void refuse(int status, std::string detail);

  Stream stream_;
  SessionShared& shared_;
  std::string remote_address_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::shared_ptr<bhttp::response<SharedTextBody>> response_;
  std::uint64_t tracker_id_ = 0;
  unsigned version_ = 11;
  bool request_keep_alive_ = false;
  bool head_request_ = false;
  bool busy_ = false;
  bool closing_ = false;
  bool first_request_ = true;
  // A refused request whose body is still arriving: close gently, reading and discarding what
  // the client is still sending, so it can read our answer instead of seeing a reset.
  bool linger_on_close_ = false;
  std::size_t discarded_ = 0;
  std::array<char, 16 * 1024> discard_buffer_{};
};

extern template class HttpSession<PlainStream>;
extern template class HttpSession<TlsStream>;

}  // namespace plenary::net
