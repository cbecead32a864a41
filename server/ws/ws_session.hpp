#pragma once
// One WebSocket connection: its own strand, a bounded send queue, pings to find dead peers.
#include <deque>
#include <memory>

#include "core/metrics.hpp"
#include "http/message.hpp"
#include "net/beast.hpp"
#include "net/connection_tracker.hpp"
#include "ws/live.hpp"

namespace plenary::ws {

template <class Stream>
class WsSession final : public LiveConnection,
                        public net::Closable,
                        public std::enable_shared_from_this<WsSession<Stream>> {
 public:
  // A client that falls this many messages behind is disconnected rather than buffered.
  static constexpr std::size_t max_queued_messages = 256;
  static constexpr std::size_t max_message_bytes = 16 * 1024;

  WsSession(Stream&& stream, Live& live, Metrics& metrics, net::ConnectionTracker& tracker);
  ~WsSession() override;

  void run(net::bhttp::request<net::bhttp::string_body> upgrade, http::Request request);

  void send(std::shared_ptr<const std::string> message) override;
  void close() override;
  std::uint64_t connection_id() const override { return id_; }
  void begin_shutdown() override { close(); }

 private:
  void on_accept(net::error_code ec);
  void do_read();
  void on_read(net::error_code ec, std::size_t bytes);
  void do_write();
  void on_write(net::error_code ec, std::size_t bytes);

  net::websocket::stream<Stream> ws_;
  net::beast::flat_buffer buffer_;
  Live& live_;
  Metrics& metrics_;
  net::ConnectionTracker& tracker_;
  std::uint64_t id_ = 0;
  std::uint64_t tracker_id_ = 0;
  http::Request request_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  bool open_ = false;
  bool closing_ = false;
};

extern template class WsSession<net::PlainStream>;
extern template class WsSession<net::TlsStream>;

}  // namespace plenary::ws
