#pragma once
// Reading a membership file: an RFC 4180 CSV parser, then the checks of the header and of each
// row of `email,name,group,role,joined_at`. Pure: the file is text in, values and reasons out.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "groups/model.hpp"

namespace plenary::groups {

namespace csv {

struct Record {
  std::size_t line = 0;  // where the record starts (a quoted value may span lines)
  std::vector<std::string> fields;
};

struct ParseError {
  std::size_t line = 0;
  std::string message;
};

struct Parsed {
  std::vector<Record> records;
  std::optional<ParseError> error;  // when set, the records are incomplete and must not be used
};

// Fields separated by commas, records by CRLF or LF (a lone CR too); a field in double quotes may
// hold commas, line breaks and doubled quotes. A UTF-8 byte order mark at the start is skipped.
// An empty line is a record with one empty field.
Parsed parse(std::string_view text);

}  // namespace csv

inline constexpr std::string_view import_columns_hint = "email,name,group,role,joined_at";

// Which field of a record holds which value. Only email is required; a missing column means an
// empty value in every row.
struct ImportColumns {
  std::size_t count = 0;
  std::size_t email = 0;
  std::optional<std::size_t> name;
  std::optional<std::size_t> group;
  std::optional<std::size_t> role;
  std::optional<std::size_t> joined_at;
};

Result<ImportColumns> read_import_header(const csv::Record& header);

// A row that is well-formed on its own; whether its group exists is decided later.
struct ImportRow {
  std::size_t line = 0;
  std::string email;                     // lower case
  std::string name;                      // empty: keep the person's name, or make one up
  std::string group;                     // empty: the import group; else an id or a name
  Role role = Role::member;              // empty in the file: member
  std::optional<std::string> joined_at;  // YYYY-MM-DD; empty: today for a new membership
};

struct ImportRows {
  std::vector<ImportRow> rows;
  std::vector<ImportRejection> rejected;
};

// Checks every record after the header. Blank records are skipped; each other one is either a
// row or a rejection with its line and the reasons.
ImportRows check_import_rows(const std::vector<csv::Record>& records, const ImportColumns& columns,
                             std::string_view today);

// The whole file: UTF-8, CSV structure, header, rows. A file that cannot be read as a whole is an
// error (field "file"); problems of single rows are rejections.
Result<ImportRows> read_import_file(std::string_view text, std::string_view today);

}  // namespace plenary::groups
