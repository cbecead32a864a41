#include "db/migrate.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include "core/log.hpp"

namespace plenary::db {
namespace {

constexpr long long migration_lock_key = 0x706c656e617279;  // "plenary"

std::vector<int> applied_versions(pqxx::dbtransaction& transaction) {
  std::vector<int> versions;
  for (const auto& row :
       transaction.exec("SELECT version FROM schema_migrations ORDER BY version")) {
    versions.push_back(row[0].as<int>());
  }
  return versions;
}

void ensure_migrations_table(pqxx::connection& connection) {
  pqxx::work transaction(connection);
  transaction.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version integer PRIMARY KEY,"
      " name text NOT NULL,"
      " applied_at timestamptz NOT NULL DEFAULT now())");
  transaction.commit();
}

}  // namespace

Result<std::vector<Migration>> order_migrations(const std::vector<MigrationFile>& files) {
  std::vector<Migration> migrations;
  for (const auto& file : files) {
    const std::string& name = file.filename;
    auto underscore = name.find('_');
    if (underscore == std::string::npos || underscore == 0 || !name.ends_with(".sql")) {
      return bad_request("Migration file '" + name + "' is not named NNNN_name.sql.");
    }
    int version = 0;
    auto [end, ec] = std::from_chars(name.data(), name.data() + underscore, version);
    if (ec != std::errc{} || end != name.data() + underscore || version <= 0) {
      return bad_request("Migration file '" + name + "' does not start with a positive number.");
    }
    migrations.push_back(
        {version, name.substr(underscore + 1, name.size() - underscore - 5), file.sql});
  }
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      if (i > 0 && migrations[i].version == migrations[i - 1].version) {
        return bad_request("Two migrations have the number " +
                           std::to_string(migrations[i].version) + ".");
      }
      return bad_request("Migration " + std::to_string(i + 1) +
                         " is missing: numbers must run 1, 2, 3, … without gaps.");
    }
  }
  return migrations;
}

Result<std::vector<Migration>> pending_migrations(const std::vector<Migration>& known,
                                                  const std::vector<int>& applied) {
  std::set<int> known_versions;
  for (const auto& migration : known)
    known_versions.insert(migration.version);
  for (int version : applied) {
    if (!known_versions.contains(version)) {
      return conflict("The database has migration " + std::to_string(version) +
                          ", which this version of Plenary does not know: it was migrated by a "
                          "newer version. Run that version, or restore a matching backup.",
                      "database_newer_than_binary");
    }
  }
  std::set<int> done(applied.begin(), applied.end());
  std::vector<Migration> pending;
  for (const auto& migration : known) {
    if (!done.contains(migration.version))
      pending.push_back(migration);
  }
  return pending;
}

Result<int> migrate(Connection& connection, const std::vector<Migration>& known) {
  auto& raw = connection.get();
  {
    pqxx::nontransaction lock(raw);
    lock.exec("SELECT pg_advisory_lock(" + std::to_string(migration_lock_key) + ")");
  }
  struct Unlock {
    pqxx::connection& raw;
    ~Unlock() {
      try {
        pqxx::nontransaction unlock(raw);
        unlock.exec("SELECT pg_advisory_unlock(" + std::to_string(migration_lock_key) + ")");
      } catch (const std::exception&) {
        // The lock goes with the session anyway.
      }
    }
  } unlock{raw};

  ensure_migrations_table(raw);
  std::vector<int> applied;
  {
    pqxx::read_transaction transaction(raw);
    applied = applied_versions(transaction);
  }
  auto pending = pending_migrations(known, applied);
  if (!pending)
    return pending.error();
  for (const auto& migration : *pending) {
    pqxx::work transaction(raw);
    transaction.exec(migration.sql);
    transaction.exec_params("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                            migration.version, migration.name);
    transaction.commit();
    log::info("migration applied", {{"version", migration.version}, {"name", migration.name}});
  }
  return static_cast<int>(pending->size());
}

bool migrations_current(Connection& connection, const std::vector<Migration>& known) {
  pqxx::read_transaction transaction(connection.get());
  auto rows = transaction.exec("SELECT coalesce(max(version), 0), count(*) FROM schema_migrations");
  int latest = known.empty() ? 0 : known.back().version;
  return rows[0][0].as<int>() == latest && rows[0][1].as<int>() == latest;
}

}  // namespace plenary::db
