// The membership file's header and rows: each row accepted, or rejected with its line and reason.
#include <gtest/gtest.h>

#include "groups/csv.hpp"

namespace plenary::groups {
namespace {

constexpr std::string_view today = "2026-06-15";
const std::string header = "email,name,group,role,joined_at\n";

ImportRows read_ok(std::string_view text) {
  auto rows = read_import_file(text, today);
  EXPECT_TRUE(rows.ok()) << (rows.ok() ? "" : rows.error().detail);
  return rows.ok() ? *rows : ImportRows{};
}

std::string field_error(std::string_view text) {
  auto rows = read_import_file(text, today);
  if (rows.ok()) {
    return "(accepted)";
  }
  EXPECT_EQ(rows.error().kind, ErrorKind::unprocessable);
  EXPECT_EQ(rows.error().fields.size(), 1u);
  if (!rows.error().fields.empty()) {
    EXPECT_EQ(rows.error().fields[0].field, "file");
  }
  return rows.error().detail;
}

TEST(CsvImportRows, AGoodRowBecomesValues) {
  auto rows = read_ok(header + "Alice@Example.ORG , Alice Able ,North Branch,Officer,2023-01-15\n");
  ASSERT_EQ(rows.rows.size(), 1u);
  EXPECT_TRUE(rows.rejected.empty());
  const auto& row = rows.rows[0];
  EXPECT_EQ(row.line, 2u);
  EXPECT_EQ(row.email, "alice@example.org");
  EXPECT_EQ(row.name, "Alice Able");
  EXPECT_EQ(row.group, "North Branch");
  EXPECT_EQ(row.role, Role::officer);
  EXPECT_EQ(row.joined_at, "2023-01-15");
}

TEST(CsvImportRows, EmptyValuesMeanDefaults) {
  auto rows = read_ok(header + "bob@example.org,,,,\n");
  ASSERT_EQ(rows.rows.size(), 1u);
  EXPECT_EQ(rows.rows[0].name, "");
  EXPECT_EQ(rows.rows[0].group, "");
  EXPECT_EQ(rows.rows[0].role, Role::member);
  EXPECT_FALSE(rows.rows[0].joined_at);
}

TEST(CsvImportRows, ColumnsMayComeInAnyOrderAndCaseAndOnlyEmailIsRequired) {
  auto rows = read_ok(" ROLE ,Email\nsupporter,carol@example.org\n");
  ASSERT_EQ(rows.rows.size(), 1u);
  EXPECT_EQ(rows.rows[0].email, "carol@example.org");
  EXPECT_EQ(rows.rows[0].role, Role::supporter);
}

TEST(CsvImportRows, BadHeadersRefuseTheWholeFile) {
  EXPECT_NE(field_error("mail,who\nx@example.org,X\n").find("'mail'"), std::string::npos);
  EXPECT_NE(field_error("name,role\nX,member\n").find("no 'email' column"), std::string::npos);
  EXPECT_NE(field_error("email,EMAIL\n").find("twice"), std::string::npos);
  EXPECT_NE(field_error("email,,role\n").find("Column 2"), std::string::npos);
}

TEST(CsvImportRows, UnreadableFilesAreRefusedWithTheLine) {
  EXPECT_NE(field_error("").find("empty"), std::string::npos);
  EXPECT_NE(field_error("\xEF\xBB\xBF").find("empty"), std::string::npos);
  EXPECT_NE(field_error(header + "a@example.org,\"Unclosed,,member,\n").find("Line 2"),
            std::string::npos);
  EXPECT_NE(field_error(header + "caf\xE9@example.org,Caf\xE9,,member,\n").find("UTF-8"),
            std::string::npos);
}

TEST(CsvImportRows, EachBadRowIsRejectedWithItsLineAndTheOthersKept) {
  const std::string file = header +
                           "good@example.org,Good,,member,\n"                 // 2
                           "not-an-email,Bad,,member,\n"                      // 3
                           "erin@example.org,Erin,,emperor,\n"                // 4
                           "frank@example.org,Frank,,member,2023-02-30\n"     // 5
                           "gina@example.org,Gina,,member,30/01/2023\n"       // 6
                           "hal@example.org,Hal,,member,2027-01-01\n"         // 7
                           "ida@example.org,Ida\n"                            // 8
                           ",No Email,,member,\n"                             // 9
                           "\"jo@example.org\",\"Jo\nTwo Lines\",,member,\n"  // 10-11
                           "kim@example.org,Kim,,member,\n";                  // 12
  auto rows = read_ok(file);
  ASSERT_EQ(rows.rows.size(), 2u);
  EXPECT_EQ(rows.rows[0].line, 2u);
  EXPECT_EQ(rows.rows[1].line, 12u);
  std::vector<std::size_t> lines;
  for (const auto& rejection : rows.rejected)
    lines.push_back(rejection.line);
  EXPECT_EQ(lines, (std::vector<std::size_t>{3, 4, 5, 6, 7, 8, 9, 10}));
  auto reason = [&](std::size_t line) {
    for (const auto& r : rows.rejected) {
      if (r.line == line)
        return r.reason;
    }
    return std::string();
  };
  EXPECT_NE(reason(3).find("not an email address"), std::string::npos) << reason(3);
  EXPECT_NE(reason(4).find("'emperor' is not a role"), std::string::npos) << reason(4);
  EXPECT_NE(reason(5).find("'2023-02-30' is not a date"), std::string::npos) << reason(5);
  EXPECT_NE(reason(6).find("YYYY-MM-DD"), std::string::npos) << reason(6);
  EXPECT_NE(reason(7).find("future"), std::string::npos) << reason(7);
  EXPECT_NE(reason(8).find("2 values"), std::string::npos) << reason(8);
  EXPECT_NE(reason(9).find("missing"), std::string::npos) << reason(9);
  EXPECT_NE(reason(10).find("one line"), std::string::npos) << reason(10);
}

TEST(CsvImportRows, ARowWithSeveralProblemsNamesThemAll) {
  auto rows = read_ok(header + "nope,Name,,king,2023-02-30\n");
  ASSERT_EQ(rows.rejected.size(), 1u);
  const auto& reason = rows.rejected[0].reason;
  EXPECT_NE(reason.find("email"), std::string::npos) << reason;
  EXPECT_NE(reason.find("'king'"), std::string::npos) << reason;
  EXPECT_NE(reason.find("'2023-02-30'"), std::string::npos) << reason;
}

TEST(CsvImportRows, BlankRowsAreSkippedSilently) {
  auto rows = read_ok(header + "\n,,,,\n  ,  ,,,\na@example.org,A,,member,\n");
  EXPECT_EQ(rows.rows.size(), 1u);
  EXPECT_TRUE(rows.rejected.empty());
  EXPECT_EQ(rows.rows[0].line, 5u);
}

TEST(CsvImportRows, AHeaderOnlyFileHasNothingToDo) {
  auto rows = read_ok(
      "\xEF\xBB\xBF"
      "email,name,group,role,joined_at\r\n");
  EXPECT_TRUE(rows.rows.empty());
  EXPECT_TRUE(rows.rejected.empty());
}

TEST(CsvImportRows, LongValuesAreShortenedInReasons) {
  auto rows = read_ok(header + "x@example.org,X,," + std::string(500, 'r') + ",\n");
  ASSERT_EQ(rows.rejected.size(), 1u);
  EXPECT_LT(rows.rejected[0].reason.size(), 200u);
}

TEST(CsvImportRows, OverlongNamesAreRejected) {
  auto rows = read_ok(header + "x@example.org," + std::string(101, 'n') + ",,member,\n");
  ASSERT_EQ(rows.rejected.size(), 1u);
  EXPECT_NE(rows.rejected[0].reason.find("100 characters"), std::string::npos);
  // 100 characters of two bytes each are fine.
  std::string wide;
  for (int i = 0; i < 100; ++i)
    wide += "é";
  EXPECT_EQ(read_ok(header + "x@example.org," + wide + ",,member,\n").rows.size(), 1u);
}

}  // namespace
}  // namespace plenary::groups
