// PostgreSQL's lexical rules (scan.l) as plain functions over the statement text.
//
// The grammar's token rules (sqlpeg/grammar/tokens.h) call these to match one token at a
// byte offset; the AST builders call them again to decode a token's value; the error
// reporter uses TokenAt for "at or near". Stateless; lexical errors throw sb::SqlError.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sb::sql::lex {

// PostgreSQL's NAMEDATALEN - 1: longer identifiers are truncated.
inline constexpr size_t kMaxIdentifierBytes = 63;

bool IsIdentStart(unsigned char c);
bool IsIdentCont(unsigned char c);

// Offset after whitespace and comments (-- to end of line, nested /* */) starting at pos.
// Throws 42601 for an unterminated /* comment.
size_t SkipSpace(std::string_view text, size_t pos);

// Length of an unquoted word (identifier or keyword) at pos; 0 if none.
size_t WordLength(std::string_view text, size_t pos);
// Length of a "quoted identifier" at pos including quotes; 0 if none. Throws if
// unterminated or empty.
size_t QuotedIdentLength(std::string_view text, size_t pos);
// An identifier token's value: quoted ones unescaped, unquoted ones folded to lower case;
// both truncated to kMaxIdentifierBytes.
std::string IdentifierValue(std::string_view token);
// ASCII lower-casing, as PostgreSQL folds identifiers and matches keywords.
std::string Lower(std::string_view word);

// Length of a string literal at pos ('..', E'..', U&'..', N'..', $tag$..$tag$), including
// newline-separated continuation segments; 0 if none. Throws 42601 if unterminated.
size_t StringLength(std::string_view text, size_t pos);
// The value of a string literal token as matched by StringLength.
std::string StringValue(std::string_view token);

// Length of a numeric literal at pos; 0 if none. Throws on trailing junk ("12abc").
size_t NumberLength(std::string_view text, size_t pos);
// Whether a numeric token is an integer (no '.', no exponent).
bool IsIntegerToken(std::string_view token);

// Length of a $n parameter at pos; 0 if none.
size_t ParamLength(std::string_view text, size_t pos);

// Length of an operator token at pos after PostgreSQL's rules (stop before -- and /*,
// drop trailing + and - unless the operator contains ~ ! @ # ^ & | ` ? %); 0 if none.
size_t OperatorLength(std::string_view text, size_t pos);

// The token starting at pos, as PostgreSQL quotes it in "syntax error at or near".
std::string_view TokenAt(std::string_view text, size_t pos);

}  // namespace sb::sql::lex
