#include "ws/ws_session.hpp"

#include <atomic>

#include "core/log.hpp"

namespace plenary::ws {
using namespace plenary::net;

namespace {
std::atomic<std::uint64_t> next_connection_id{0};
}

template <class Stream>
WsSession<Stream>::WsSession(Stream&& stream, Live& live, Metrics& metrics,
                             net::ConnectionTracker& tracker)
    : ws_(std::move(stream)), live_(live), metrics_(metrics), tracker_(tracker) {
  id_ = ++next_connection_id;
  ++metrics_.websocket_connections;
}

template <class Stream>
WsSession<Stream>::~WsSession() {
  --metrics_.websocket_connections;
  tracker_.remove(tracker_id_);
  live_.on_close(id_);
}

template <class Stream>
void WsSession<Stream>::run(bhttp::request<bhttp::string_body> upgrade, http::Request request) {
  request_ = std::move(request);
  tracker_id_ = tracker_.add(this->weak_from_this());
  beast::get_lowest_layer(ws_).expires_never();
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = std::chrono::seconds(10);
  timeouts.idle_timeout = std::chrono::seconds(40);
  timeouts.keep_alive_pings = true;  // a ping at half the idle time; no pong → closed
  ws_.set_option(timeouts);
  ws_.read_message_max(max_message_bytes);
  ws_.set_option(websocket::stream_base::decorator(
      [request_id = request_.request_id](websocket::response_type& response) {
        response.set(bhttp::field::server, "plenary");
        response.set("X-Request-Id", request_id);
      }));
  ws_.async_accept(upgrade,
                   beast::bind_front_handler(&WsSession::on_accept, this->shared_from_this()));
}

template <class Stream>
void WsSession<Stream>::on_accept(error_code ec) {
  if (ec)
    return;
  open_ = true;
  live_.on_open(this->shared_from_this(), request_);
  // The upgrade's headers (cookies, user agent…) are not needed again: an idle connection should
  // hold as little as it can, there may be thousands.
  request_ = {};
  do_read();
}

template <class Stream>
void WsSession<Stream>::do_read() {
  ws_.async_read(buffer_, beast::bind_front_handler(&WsSession::on_read, this->shared_from_this()));
}

template <class Stream>
void WsSession<Stream>::on_read(error_code ec, std::size_t) {
  if (ec) {
    open_ = false;
    return;  // closed, timed out or too large: the destructor unsubscribes
  }
  std::string text = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  live_.on_message(this->shared_from_this(), std::move(text));
  do_read();
}

template <class Stream>
void WsSession<Stream>::send(std::shared_ptr<const std::string> message) {
  asio::post(ws_.get_executor(), [self = this->shared_from_this(), message = std::move(message)] {
    if (!self->open_ || self->closing_)
      return;
    if (self->queue_.size() >= max_queued_messages) {
      ++self->metrics_.websocket_overflow_closes;
      log::warn("live client too slow, disconnecting", {{"connection", self->id_}});
      // Closing the socket cancels the write in flight; its handler then drops the queue.
      self->closing_ = true;
      beast::get_lowest_layer(self->ws_).close();
      return;
    }
    self->queue_.push_back(std::move(message));
    if (self->queue_.size() == 1)
      self->do_write();
  });
}

template <class Stream>
void WsSession<Stream>::do_write() {
  ws_.text(true);
  ws_.async_write(asio::buffer(*queue_.front()),
                  beast::bind_front_handler(&WsSession::on_write, this->shared_from_this()));
}

template <class Stream>
void WsSession<Stream>::on_write(error_code ec, std::size_t) {
  if (ec) {
    open_ = false;
    queue_.clear();
    return;
  }
  queue_.pop_front();
  if (!queue_.empty())
    do_write();
}

template <class Stream>
void WsSession<Stream>::close() {
  asio::post(ws_.get_executor(), [self = this->shared_from_this()] {
    if (self->closing_)
      return;
    self->closing_ = true;
    if (!self->open_) {
      beast::get_lowest_layer(self->ws_).close();
      return;
    }
    // A write may be in flight; async_close must not overlap it, so the socket is closed
    // directly when the queue is busy.
    if (!self->queue_.empty()) {
      beast::get_lowest_layer(self->ws_).close();
      return;
    }
    self->ws_.async_close(websocket::close_code::going_away, [self](error_code) {});
  });
}

template class WsSession<PlainStream>;
template class WsSession<TlsStream>;

}  // namespace plenary::ws
