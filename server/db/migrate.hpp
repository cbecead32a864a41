#pragma once
// Schema migrations: schema/NNNN_name.sql, compiled into the binary, applied in order at start-up,
// each in its own transaction, recorded in schema_migrations.
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "db/database.hpp"

namespace plenary::db {

struct Migration {
  int version = 0;
  std::string name;
  std::string sql;
};

struct MigrationFile {
  std::string filename;
  std::string sql;
};

// Pure: parses file names, orders by number, refuses duplicates, gaps and odd names.
Result<std::vector<Migration>> order_migrations(const std::vector<MigrationFile>& files);

// Pure: what remains to apply, or a refusal when the database knows versions this binary does not.
Result<std::vector<Migration>> pending_migrations(const std::vector<Migration>& known,
                                                  const std::vector<int>& applied);

// The migrations compiled into this binary (generated from schema/ at build time).
const std::vector<MigrationFile>& embedded_migration_files();

// Applies what is pending under an advisory lock, so that processes starting together take turns.
// Returns the number applied.
Result<int> migrate(Connection& connection, const std::vector<Migration>& known);

// For /readyz: true when the database has exactly the migrations this binary knows.
bool migrations_current(Connection& connection, const std::vector<Migration>& known);

}  // namespace plenary::db
