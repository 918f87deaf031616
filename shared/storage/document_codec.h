// Document codec: one table row ↔ one JSON document file, by the table's schema.
//
// EncodeDocument runs on the coordinator's writer path; DecodeDocument is the read path of
// every query on the workers (and of index rebuilds), so it is a single SAX pass with no DOM.
// Both are pure; the caller owns the row, the text and the schema.
//
// Type mapping (docs/data_format.md has the full table): text types → string; integers →
// number; real/double → number, with "NaN"/"Infinity"/"-Infinity" as strings and -0 as -0.0;
// numeric → string (exact digits); boolean → true/false; uuid → string; date "YYYY-MM-DD";
// time "HH:MM:SS[.ffffff]"; timestamp "YYYY-MM-DDTHH:MM:SS[.ffffff]"; timestamptz the same in
// UTC with "Z"; ±infinity as "infinity"/"-infinity"; interval → PostgreSQL's text; json/jsonb
// → the JSON value itself; arrays → JSON arrays; bytea → "\\x…"; NULL → null.
//
// Decoding is lenient where PostgreSQL's text input is: a string is accepted for every
// column type and goes through the type's input function ("42" for an integer, "t" for a
// boolean, "2024-01-01 12:00" for a timestamptz, read as UTC); a JSON number is accepted for
// integer, floating-point and numeric columns; true/false only for boolean columns. Anything
// else (a number for a text column, an object for an integer column) is an error naming the
// column, because it usually means the schema and the document disagree.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "shared/storage/table_schema.h"
#include "shared/types/value.h"

namespace sb::storage {

enum class JsonStyle { kPretty, kCompact };

// A key the schema does not know, kept with its value's JSON text exactly as found, so that
// rewriting a row never drops data a person or another program put there.
struct ExtraKey {
  std::string name;
  std::string json;
  bool operator==(const ExtraKey&) const = default;
};
using ExtraKeys = std::vector<ExtraKey>;

struct DecodedRow {
  // One value per schema column, of the column's type; NULL where the key was absent.
  std::vector<types::Value> values;
  // False where the document had no key for the column: the caller applies the column
  // default (or keeps NULL).
  std::vector<bool> present;
  ExtraKeys extra;  // in document order
};

// `row` holds one value per schema column (SqlError XX000 otherwise). Keys follow the schema's
// column order, then `extra` (skipping names that are columns now). Pretty: one key per line,
// 2-space indent; compact: one line. Both end with a newline. Throws 0A000 for a value of a
// type that has no storage form.
std::string EncodeDocument(const TableSchema& schema, const std::vector<types::Value>& row,
                           const ExtraKeys& extra, JsonStyle style);

// Errors (SqlError): XX001 `invalid JSON in document "path": <reason> at line L, column C`
// for malformed JSON, a non-object document or a duplicate key; 22P02 `invalid value for
// column "c" in document "path": <reason> at line L, column C` for a value of the wrong kind
// or one the column type does not accept.
DecodedRow DecodeDocument(const TableSchema& schema, std::string_view json, std::string_view path);

}  // namespace sb::storage
