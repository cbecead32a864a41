#include "db/database.hpp"

#include <poll.h>

namespace plenary::db {

Connection::Connection(std::string url) : url_(std::move(url)) {}
Connection::~Connection() = default;

pqxx::connection& Connection::get() {
  if (connection_ && !connection_->is_open())
    reset();
  if (!connection_) {
    try {
      connection_ = std::make_unique<pqxx::connection>(url_);
    } catch (const pqxx::broken_connection& e) {
      throw Unavailable(e.what());
    }
  }
  return *connection_;
}

void Connection::prepare(const Statement& statement) {
  if (prepared_.contains(statement.name))
    return;
  get().prepare(statement.name, statement.sql);
  prepared_.insert(statement.name);
}

void Connection::reset() {
  connection_.reset();
  prepared_.clear();
}

void Connection::drop_if_lost() {
  if (!connection_)
    return;
  // An idle pool connection is sent nothing (it LISTENs to nothing): anything waiting on its
  // socket is the server saying it is going away (a restart), or the end of the stream. Seldom
  // anything else, and then a new connection costs no more than a reconnect.
  pollfd socket{connection_->sock(), POLLIN, 0};
  if (socket.fd >= 0 && ::poll(&socket, 1, 0) == 0)
    return;
  reset();
}

Error error_for_violation(const pqxx::sql_error& error) {
  if (dynamic_cast<const pqxx::unique_violation*>(&error)) {
    return conflict("That already exists.", "already_exists");
  }
  if (dynamic_cast<const pqxx::foreign_key_violation*>(&error)) {
    return Error{ErrorKind::unprocessable, "Something this refers to does not exist (any more)."};
  }
  return Error{ErrorKind::unprocessable, "The values break a rule of the data."};
}

}  // namespace plenary::db
