// PostgreSQL 15's keyword table: which words are keywords and in which category.
//
// Consulted by the lexical token rules (is this word usable as a column name, a function
// name, a bare column label?) and by the AST printer (must this identifier be quoted?).
// Immutable static data; thread-safe.
#pragma once

#include <string_view>

namespace sb::sql {

enum class KeywordCategory {
  kNone,          // not a keyword: a plain identifier
  kUnreserved,    // usable anywhere an identifier is
  kColName,       // usable as a column/table name, not as a function or type name
  kTypeFuncName,  // usable as a function or type name, not as a column/table name
  kReserved,      // usable only as an AS label
};

// `word` must already be lower case.
KeywordCategory LookupKeyword(std::string_view word);

// Whether a keyword may follow an expression as a column label without AS
// (PostgreSQL's BARE_LABEL, restricted to words that cannot continue an expression).
bool IsBareLabelKeyword(std::string_view word);

}  // namespace sb::sql
