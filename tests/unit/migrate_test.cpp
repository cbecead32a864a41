#include "db/migrate.hpp"

#include <gtest/gtest.h>

namespace plenary::db {
namespace {

TEST(MigrationOrderTest, OrdersByNumberNotByName) {
  auto ordered = order_migrations({{"0002_second.sql", "B"},
                                   {"0001_first.sql", "A"},
                                   {"0010_tenth.sql", "J"},
                                   {"0003_third.sql", "C"},
                                   {"0004_x.sql", ""},
                                   {"0005_x.sql", ""},
                                   {"0006_x.sql", ""},
                                   {"0007_x.sql", ""},
                                   {"0008_x.sql", ""},
                                   {"0009_x.sql", ""}});
  ASSERT_TRUE(ordered.ok()) << ordered.error().detail;
  ASSERT_EQ(ordered->size(), 10u);
  EXPECT_EQ(ordered->front().name, "first");
  EXPECT_EQ((*ordered)[1].sql, "B");
  EXPECT_EQ(ordered->back().version, 10);
  EXPECT_EQ(ordered->back().name, "tenth");
}

TEST(MigrationOrderTest, RefusesGapsDuplicatesAndOddNames) {
  EXPECT_FALSE(order_migrations({{"0001_a.sql", ""}, {"0003_c.sql", ""}}).ok());
  EXPECT_FALSE(order_migrations({{"0001_a.sql", ""}, {"0001_b.sql", ""}}).ok());
  EXPECT_FALSE(order_migrations({{"first.sql", ""}}).ok());
  EXPECT_FALSE(order_migrations({{"0001_a.txt", ""}}).ok());
  EXPECT_FALSE(order_migrations({{"00x1_a.sql", ""}}).ok());
  EXPECT_FALSE(order_migrations({{"0002_b.sql", ""}}).ok());
}

TEST(MigrationOrderTest, EmbeddedMigrationsAreWellFormed) {
  auto ordered = order_migrations(embedded_migration_files());
  ASSERT_TRUE(ordered.ok()) << ordered.error().detail;
  ASSERT_FALSE(ordered->empty());
  EXPECT_EQ(ordered->front().version, 1);
}

std::vector<Migration> three() {
  return *order_migrations({{"0001_a.sql", "A"}, {"0002_b.sql", "B"}, {"0003_c.sql", "C"}});
}

TEST(PendingMigrationsTest, ReturnsWhatIsNotAppliedInOrder) {
  auto pending = pending_migrations(three(), {1});
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_EQ((*pending)[0].version, 2);
  EXPECT_EQ((*pending)[1].version, 3);
  EXPECT_TRUE(pending_migrations(three(), {1, 2, 3})->empty());
  EXPECT_EQ(pending_migrations(three(), {})->size(), 3u);
}

TEST(PendingMigrationsTest, RefusesADatabaseFromANewerVersion) {
  auto pending = pending_migrations(three(), {1, 2, 3, 4});
  ASSERT_FALSE(pending.ok());
  EXPECT_EQ(pending.error().code, "database_newer_than_binary");
  EXPECT_NE(pending.error().detail.find("newer version"), std::string::npos);
}

}  // namespace
}  // namespace plenary::db
