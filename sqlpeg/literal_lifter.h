// LiftLiterals: a simple-protocol statement's text with its constants lifted out, so that
// the same statement with other constants can reuse one plan (the worker's query plan cache).
//
// `SELECT a FROM t WHERE id = 42` becomes the parameterised text `SELECT a FROM t WHERE id =
// $1` with one integer value "42". The lexer's own token rules are used, so literals are found
// exactly where the parser would see them; whether the parameterised statement really means
// the same is for the caller to check (typed literals like DATE '...' do not even parse with a
// parameter in place, ORDER BY 1 does but means something else). Stateless; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::sql {

struct LiftedLiteral {
  // As PostgreSQL types a literal: an integer that fits int4, one that fits int8, any other
  // number (numeric), or a string (type unknown, resolved by context).
  enum class Kind { kInt4, kInt8, kNumeric, kString };
  Kind kind = Kind::kString;
  std::string value;  // the number's text, or the string's value (escapes decoded)
};

struct LiftedQuery {
  std::string text;  // the statement with $1..$n in place of its literals
  std::vector<LiftedLiteral> literals;
};

// Only one SELECT, INSERT, UPDATE or DELETE (an optional trailing ';') without subqueries,
// set operations, WITH or $n parameters is lifted; nullopt for anything else, including
// text the lexer rejects (the parser reports that) and text longer than `max_bytes`.
std::optional<LiftedQuery> LiftLiterals(std::string_view text, size_t max_bytes = 4096,
                                        size_t max_literals = 64);

}  // namespace sb::sql
