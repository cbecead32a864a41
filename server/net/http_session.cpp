#include "net/http_session.hpp"

#include <algorithm>

#include "core/log.hpp"
#include "http/problem.hpp"
#include "ws/ws_session.hpp"

namespace plenary::net {

template <class Stream>
HttpSession<Stream>::HttpSession(Stream&& stream, SessionShared& shared, std::string remote_address)
    : stream_(std::move(stream)), shared_(shared), remote_address_(std::move(remote_address)) {
  ++shared_.metrics.http_connections;
}

template <class Stream>
HttpSession<Stream>::~HttpSession() {
  --shared_.metrics.http_connections;
  shared_.tracker.remove(tracker_id_);
}

template <class Stream>
void HttpSession<Stream>::run() {
  tracker_id_ = shared_.tracker.add(this->weak_from_this());
  asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
    if constexpr (is_tls<Stream>) {
      beast::get_lowest_layer(self->stream_)
          .expires_after(std::chrono::seconds(self->shared_.options.request_timeout_seconds));
      self->stream_.async_handshake(asio::ssl::stream_base::server,
                                    beast::bind_front_handler(&HttpSession::on_handshake, self));
    } else {
      self->do_read();
    }
  });
}

template <class Stream>
void HttpSession<Stream>::on_handshake(error_code ec) {
  if (ec)
    return;  // not TLS, or gave up: nothing to answer
  do_read();
}

template <class Stream>
void HttpSession<Stream>::begin_shutdown() {
  asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
    self->closing_ = true;
    // Waiting for a request that may never come: stop now. Busy: close after the answer.
    if (!self->busy_)
      beast::get_lowest_layer(self->stream_).cancel();
  });
}

template <class Stream>
void HttpSession<Stream>::do_read() {
  if (closing_)
    return do_close();
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(shared_.options.header_limit));
  // The body limit depends on the route, known only once the header is in: none until then
  // (Beast would otherwise judge Content-Length against its own 1 MB default).
  parser_->body_limit(boost::none);
  const int seconds = first_request_ ? shared_.options.request_timeout_seconds
                                     : shared_.options.idle_timeout_seconds;
  beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(seconds));
  bhttp::async_read_header(
      stream_, buffer_, *parser_,
      beast::bind_front_handler(&HttpSession::on_header, this->shared_from_this()));
}

template <class Stream>
void HttpSession<Stream>::refuse(int status, std::string detail) {
  http::Request request;
  request.request_id = http::App::new_request_id();
  request_keep_alive_ = false;
  auto response = http::problem(status, std::move(detail));
  shared_.app.decorate(response, request);
  answer(std::move(response));
}

template <class Stream>
void HttpSession<Stream>::on_header(error_code ec, std::size_t) {
  if (ec == bhttp::error::header_limit)
    return refuse(431, "The request headers are too large.");
  if (ec)
    return do_close();
  auto& request = parser_->get();
  version_ = request.version();
  request_keep_alive_ = request.keep_alive();
  head_request_ = request.method() == bhttp::verb::head;
  if (websocket::is_upgrade(request))
    return upgrade_to_websocket();
  const auto limit = shared_.app.body_limit(request.method_string(), request.target());
  if (auto length = parser_->content_length(); length && *length > limit) {
    linger_on_close_ = true;
    return refuse(413, "The request body is larger than this address accepts (" +
                           std::to_string(limit) + " bytes at most).");
  }
  parser_->body_limit(limit);
  // Most requests (GETs) end with their header: no read to wait for.
  if (parser_->is_done())
    return on_body({}, 0);
  // The body must arrive within the request timeout as well, however slowly it trickles.
  beast::get_lowest_layer(stream_).expires_after(
      std::chrono::seconds(shared_.options.request_timeout_seconds));
  bhttp::async_read(stream_, buffer_, *parser_,
                    beast::bind_front_handler(&HttpSession::on_body, this->shared_from_this()));
}

template <class Stream>
std::optional<http::Request> HttpSession<Stream>::convert(
    bhttp::request<bhttp::string_body>& request) {
  http::Request converted;
  converted.method = http::parse_method(request.method_string());
  converted.target = std::string(request.target());
  if (!http::split_target(converted.target, converted.path, converted.query))
    return std::nullopt;
  converted.headers.reserve(16);
  for (const auto& field : request) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    converted.headers.push_back({std::move(name), std::string(field.value())});
  }
  converted.body = std::move(request.body());
  converted.remote_address = remote_address_;
  converted.secure = is_tls<Stream>;
  converted.request_id = http::App::new_request_id();
  return converted;
}

template <class Stream>
void HttpSession<Stream>::on_body(error_code ec, std::size_t) {
  if (ec == bhttp::error::body_limit) {
    linger_on_close_ = true;
    return refuse(413, "The request body is larger than this address accepts.");
  }
  if (ec)
    return do_close();
  busy_ = true;
  first_request_ = false;
  beast::get_lowest_layer(stream_).expires_never();
  auto request = convert(parser_->get());
  if (!request)
    return refuse(400, "The request address is not valid.");
  // The callback owns the session while the request is handled: no read or write is pending
  // meanwhile, so nothing else keeps it alive. App::handle calls it exactly once.
  auto self = this->shared_from_this();
  // An answer from memory comes back at once on this strand and is written straight away; one
  // from a database worker is queued onto the strand.
  shared_.app.handle(std::move(*request), [self](http::Response response) {
    asio::dispatch(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
      self->answer(std::move(response));
    });
  });
}

template <class Stream>
void HttpSession<Stream>::answer(http::Response response) {
  busy_ = true;
  const bool keep_alive = request_keep_alive_ && !closing_ && !shared_.tracker.shutting_down();
  response_ = std::make_shared<bhttp::response<SharedTextBody>>(
      static_cast<bhttp::status>(response.status), version_);
  for (auto& header : response.headers)
    response_->set(header.name, header.value);
  response_->set(bhttp::field::server, "plenary");
  response_->keep_alive(keep_alive);
  auto body = response.shared_body ? std::move(response.shared_body)
                                   : std::make_shared<const std::string>(std::move(response.body));
  if (head_request_) {
    response_->content_length(body->size());
  } else {
    response_->body() = std::move(body);
    response_->prepare_payload();
  }
  beast::get_lowest_layer(stream_).expires_after(
      std::chrono::seconds(shared_.options.request_timeout_seconds));
  bhttp::async_write(
      stream_, *response_,
      beast::bind_front_handler(&HttpSession::on_write, this->shared_from_this(), keep_alive));
}

template <class Stream>
void HttpSession<Stream>::on_write(bool keep_alive, error_code ec, std::size_t) {
  busy_ = false;
  response_.reset();
  if (ec)
    return do_close();
  if (!keep_alive)
    return do_close();
  do_read();
}

template <class Stream>
void HttpSession<Stream>::upgrade_to_websocket() {
  auto request = convert(parser_->get());
  if (!request || request->path != "/api/v1/live") {
    return refuse(404, "WebSocket connections are accepted at /api/v1/live only.");
  }
  if (auto refusal = shared_.app.check_websocket_origin(*request)) {
    request_keep_alive_ = false;
    shared_.app.decorate(*refusal, *request);
    return answer(std::move(*refusal));
  }
  if (shared_.tracker.shutting_down())
    return refuse(503, "The server is shutting down.");
  std::make_shared<ws::WsSession<Stream>>(std::move(stream_), shared_.live, shared_.metrics,
                                          shared_.tracker)
      ->run(parser_->release(), std::move(*request));
}

template <class Stream>
void HttpSession<Stream>::do_close() {
  error_code ec;
  if constexpr (is_tls<Stream>) {
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
    stream_.async_shutdown([self = this->shared_from_this()](error_code) {
      error_code ignored;
      beast::get_lowest_layer(self->stream_).socket().close(ignored);
    });
  } else {
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (linger_on_close_)
      return discard_until_peer_closes();
    stream_.socket().close(ec);
  }
}

template <class Stream>
void HttpSession<Stream>::discard_until_peer_closes() {
  constexpr std::size_t max_discarded = 64 * 1024 * 1024;
  if (discarded_ == 0)
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
  stream_.async_read_some(asio::buffer(discard_buffer_),
                          [self = this->shared_from_this()](error_code ec, std::size_t bytes) {
                            self->discarded_ += bytes;
                            if (ec || self->discarded_ > max_discarded) {
                              error_code ignored;
                              beast::get_lowest_layer(self->stream_).socket().close(ignored);
                              return;
                            }
                            self->discard_until_peer_closes();
                          });
}

template class HttpSession<PlainStream>;
template class HttpSession<TlsStream>;

}  // namespace plenary::net
