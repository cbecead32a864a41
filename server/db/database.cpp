#include "db/database.hpp"

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
