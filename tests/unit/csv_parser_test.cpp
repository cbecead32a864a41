// RFC 4180 parsing: what spreadsheets actually write, and what breaks a file.
#include <gtest/gtest.h>

#include "groups/csv.hpp"

namespace plenary::groups::csv {
namespace {

using Fields = std::vector<std::string>;

std::vector<Fields> fields_of(const Parsed& parsed) {
  std::vector<Fields> all;
  for (const auto& record : parsed.records)
    all.push_back(record.fields);
  return all;
}

TEST(CsvParser, SplitsFieldsAndRecords) {
  auto parsed = parse("a,b,c\n1,2,3\n");
  ASSERT_FALSE(parsed.error);
  EXPECT_EQ(fields_of(parsed), (std::vector<Fields>{{"a", "b", "c"}, {"1", "2", "3"}}));
  EXPECT_EQ(parsed.records[0].line, 1u);
  EXPECT_EQ(parsed.records[1].line, 2u);
}

TEST(CsvParser, TheLastRecordNeedsNoLineBreak) {
  auto parsed = parse("a,b\n1,2");
  ASSERT_FALSE(parsed.error);
  EXPECT_EQ(fields_of(parsed), (std::vector<Fields>{{"a", "b"}, {"1", "2"}}));
}

TEST(CsvParser, AcceptsCrlfLfAndLoneCr) {
  auto parsed = parse("a,b\r\n1,2\n3,4\r5,6\r\n");
  ASSERT_FALSE(parsed.error);
  EXPECT_EQ(fields_of(parsed),
            (std::vector<Fields>{{"a", "b"}, {"1", "2"}, {"3", "4"}, {"5", "6"}}));
  EXPECT_EQ(parsed.records[3].line, 4u);
}

TEST(CsvParser, SkipsAByteOrderMark) {
  auto parsed = parse(
      "\xEF\xBB\xBF"
      "email,name\r\n");
  ASSERT_FALSE(parsed.error);
  EXPECT_EQ(fields_of(parsed), (std::vector<Fields>{{"email", "name"}}));
}

TEST(CsvParser, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
  auto parsed = parse("\"Smith, Jane\",\"say \"\"hi\"\"\",\"two\nlines\"\nnext,row,here\n");
  ASSERT_FALSE(parsed.error) << parsed.error->message;
  ASSERT_EQ(parsed.records.size(), 2u);
  EXPECT_EQ(parsed.records[0].fields, (Fields{"Smith, Jane", "say \"hi\"", "two\nlines"}));
  // The record after a value spanning two lines starts on line 3.
  EXPECT_EQ(parsed.records[1].line, 3u);
}

TEST(CsvParser, EmptyFieldsAndEmptyLinesAreKept) {
  auto parsed = parse("a,,c\n\n,\n\"\",x\n");
  ASSERT_FALSE(parsed.error);
  EXPECT_EQ(fields_of(parsed), (std::vector<Fields>{{"a", "", "c"}, {""}, {"", ""}, {"", "x"}}));
  EXPECT_EQ(parsed.records[2].line, 3u);
}

TEST(CsvParser, ATrailingCommaMeansAnEmptyLastField) {
  auto parsed = parse("a,b,");
  ASSERT_FALSE(parsed.error);
  EXPECT_EQ(fields_of(parsed), (std::vector<Fields>{{"a", "b", ""}}));
}

TEST(CsvParser, EmptyInputHasNoRecords) {
  EXPECT_TRUE(parse("").records.empty());
  EXPECT_TRUE(parse("\xEF\xBB\xBF").records.empty());
  EXPECT_FALSE(parse("").error);
}

TEST(CsvParser, AnUnclosedQuoteIsReportedWhereItOpened) {
  auto parsed = parse("a,b\n1,\"never\nclosed\n");
  ASSERT_TRUE(parsed.error);
  EXPECT_EQ(parsed.error->line, 2u);
  EXPECT_NE(parsed.error->message.find("Line 2"), std::string::npos) << parsed.error->message;
  EXPECT_NE(parsed.error->message.find("never closed"), std::string::npos);
}

TEST(CsvParser, AQuoteInsideAnUnquotedValueIsAnError) {
  auto parsed = parse("a,b\nO\"Brien,x\n");
  ASSERT_TRUE(parsed.error);
  EXPECT_EQ(parsed.error->line, 2u);
}

TEST(CsvParser, TextAfterAClosingQuoteIsAnError) {
  auto parsed = parse("a,b\n\n\"x\"y,z\n");
  ASSERT_TRUE(parsed.error);
  EXPECT_EQ(parsed.error->line, 3u);
  EXPECT_NE(parsed.error->message.find("closing quote"), std::string::npos);
}

TEST(CsvParser, KeepsUtf8AsItIs) {
  auto parsed = parse("Zoë,Tomás Novák,日本\n");
  ASSERT_FALSE(parsed.error);
  EXPECT_EQ(parsed.records[0].fields, (Fields{"Zoë", "Tomás Novák", "日本"}));
}

}  // namespace
}  // namespace plenary::groups::csv
