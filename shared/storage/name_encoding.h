// Name encoding: turns SQL names (databases, tables, columns, indexes) and index values into
// single path components that can never escape their folder or collide with each other.
//
// Pure functions, used by every process that builds or classifies paths under the data root
// (coordinator write path, worker reads, smarterbase-ctl). Nothing here touches the disk.
//
// Encoding: [a-z0-9-] are kept; "_" and "." are kept unless they lead the name (the server's
// own folders are "_schema", "_idx", "_seq" and hidden files start with "."); every other byte
// (including upper-case letters, so "Users" and "users" stay distinct on case-insensitive file
// systems) becomes "%XX" in upper-case hex. The empty name is "%". Encodings longer than
// kMaxComponentBytes are cut and suffixed with "~" + 16 hex digits of a SHA-256 of the full
// name; such names cannot be decoded (the owner keeps the real name inside the file).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sb::storage {

// Longest component EncodeName produces; leaves room for ".json" and temp-file decoration
// within the usual 255-byte NAME_MAX.
inline constexpr size_t kMaxComponentBytes = 200;
// "~" + 16 hex digits.
inline constexpr size_t kHashSuffixBytes = 17;

std::string EncodeName(std::string_view name);

// The exact inverse of EncodeName: nullopt for hashed (shortened) names and for anything
// EncodeName would not have produced (so one name has exactly one spelling on disk).
std::optional<std::string> DecodeName(std::string_view component);

// True when `component` is something EncodeName can produce (including hashed forms).
bool IsEncodedName(std::string_view component);
// True when `component` carries the "~hash" suffix of a shortened name.
bool IsHashedName(std::string_view component);

// Building blocks for composite names (document_key): the percent-encoding without the length
// bound, and the bound applied to an already encoded string (`full` is what gets hashed).
std::string EncodeNameUnbounded(std::string_view name);
std::string BoundComponent(std::string encoded, std::string_view full);

// Kinds of SQL names, for error messages.
enum class NameKind { kDatabase, kTable, kColumn, kIndex, kSequence, kConstraint };
std::string_view NameKindWord(NameKind kind);

enum class NameProblem { kNone, kEmpty, kContainsNul, kTooLong, kInvalidUtf8 };

// PostgreSQL's NAMEDATALEN - 1.
inline constexpr size_t kMaxSqlNameBytes = 63;

// Checks a SQL name without throwing (schema-file validation reports its own errors).
NameProblem CheckSqlName(std::string_view name);
// A short English description of a problem, e.g. "name is empty".
std::string_view NameProblemText(NameProblem problem);

// Throws SqlError: 42602 invalid_name for an empty name, a NUL byte or invalid UTF-8;
// 42622 name_too_long beyond 63 bytes.
void ValidateSqlName(NameKind kind, std::string_view name);

}  // namespace sb::storage
