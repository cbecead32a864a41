#pragma once
// The database seen by repos and services: a connection owned by one worker thread, prepared
// statements declared next to the repo that uses them, and a transaction helper that retries on
// serialization failures and maps PostgreSQL error classes to expected outcomes.
#include <memory>
#include <optional>
#include <pqxx/pqxx>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <unordered_set>

#include "core/error.hpp"

namespace plenary::db {

// A named SQL statement. Declared as a constant beside the repo that owns it; prepared lazily on
// each connection the first time it is used there.
struct Statement {
  const char* name;
  const char* sql;
};

// The database cannot be reached now; requests answer 503 and the connection is rebuilt later.
class Unavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Connection {
 public:
  explicit Connection(std::string url);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Connects on first use and after a failure; throws Unavailable when the server is away.
  pqxx::connection& get();
  void prepare(const Statement& statement);
  // Forget the connection after it broke; the next get() opens a new one.
  void reset();
  // Forgets a connection the server closed while it sat idle (PostgreSQL restarted), so the next
  // job opens a new connection instead of failing on the old one. A poll of the socket, no
  // round trip.
  void drop_if_lost();

 private:
  std::string url_;
  std::unique_ptr<pqxx::connection> connection_;
  std::unordered_set<std::string> prepared_;
};

class Tx {
 public:
  Tx(Connection& connection, pqxx::dbtransaction& transaction)
      : connection_(connection), transaction_(transaction) {}

  template <class... Args>
  pqxx::result exec(const Statement& statement, Args&&... args) {
    connection_.prepare(statement);
    return transaction_.exec_prepared(statement.name, std::forward<Args>(args)...);
  }
  // The first row, or nothing when the statement returned no rows.
  template <class... Args>
  std::optional<pqxx::row> exec_maybe_row(const Statement& statement, Args&&... args) {
    auto result = exec(statement, std::forward<Args>(args)...);
    if (result.empty())
      return std::nullopt;
    return result[0];
  }
  pqxx::dbtransaction& raw() { return transaction_; }

 private:
  Connection& connection_;
  pqxx::dbtransaction& transaction_;
};

enum class Isolation { read_committed, serializable };

// Integrity errors turned into expected outcomes, for callers whose work returns a Result.
Error error_for_violation(const pqxx::sql_error& error);

namespace detail {
template <class Transaction, class Work>
auto run_once(Connection& connection, Work& work) {
  Transaction transaction(connection.get());
  Tx tx(connection, transaction);
  auto outcome = work(tx);
  using Outcome = decltype(outcome);
  if constexpr (is_result<Outcome>::value) {
    if (outcome.ok())
      transaction.commit();  // an error value rolls everything back
  } else {
    transaction.commit();
  }
  return outcome;
}
}  // namespace detail

// Runs work(Tx&) in a transaction. Commits when it returns a value (or a Result that is ok);
// rolls back on an error Result. Retries serialization failures and deadlocks a few times.
template <class Work>
auto transact(Connection& connection, Work&& work, Isolation isolation = Isolation::read_committed)
    -> std::invoke_result_t<Work&, Tx&> {
  using Outcome = std::invoke_result_t<Work&, Tx&>;
  constexpr int max_attempts = 8;
  for (int attempt = 1;; ++attempt) {
    try {
      if (isolation == Isolation::serializable) {
        return detail::run_once<pqxx::transaction<pqxx::serializable>>(connection, work);
      }
      return detail::run_once<pqxx::work>(connection, work);
    } catch (const pqxx::transaction_rollback&) {
      // serialization_failure or deadlock_detected: another transaction won; try again.
      if (attempt == max_attempts)
        throw;
    } catch (const pqxx::broken_connection& e) {
      connection.reset();
      throw Unavailable(e.what());
    } catch (const pqxx::in_doubt_error& e) {
      connection.reset();
      throw Unavailable(e.what());
    } catch (const pqxx::integrity_constraint_violation& e) {
      if constexpr (is_result<Outcome>::value) {
        return error_for_violation(e);
      } else {
        throw;
      }
    }
  }
}

}  // namespace plenary::db
