// The matching code behind the grammar's token rules (sqlpeg/grammar/tokens.h).
#include <algorithm>

#include "sqlpeg/grammar/tokens.h"
#include "sqlpeg/keywords.h"
#include "sqlpeg/lexer.h"

namespace sb::sql {
namespace {

// Consumes `length` bytes of token and the space after it.
bool Accept(Input& in, ParseState& st, size_t length) {
  const size_t pos = static_cast<size_t>(st.Offset(in));
  const size_t body_end = pos + length;
  const size_t next = lex::SkipSpace(st.text, body_end);
  in.bump_in_this_line(next - pos);
  st.NoteTokenEnd(static_cast<int>(body_end), static_cast<int>(next));
  return true;
}

bool WordEquals(std::string_view word, std::string_view lower) {
  if (word.size() != lower.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

bool Allowed(KeywordCategory category, std::string_view lower, IdentClass cls) {
  switch (cls) {
    case IdentClass::kColId:
      return category == KeywordCategory::kNone || category == KeywordCategory::kUnreserved ||
             category == KeywordCategory::kColName;
    case IdentClass::kTypeFuncName:
      return category == KeywordCategory::kNone || category == KeywordCategory::kUnreserved ||
             category == KeywordCategory::kTypeFuncName;
    case IdentClass::kFuncName:
    case IdentClass::kNonReserved:
      return category != KeywordCategory::kReserved;
    case IdentClass::kColLabel:
      return true;
    case IdentClass::kBareLabel:
      return category == KeywordCategory::kNone || IsBareLabelKeyword(lower);
  }
  return false;
}

// The same word is offered to several identifier classes in a row: classify it once.
void ClassifyWord(ParseState& st, size_t pos, size_t length) {
  if (st.word_pos == pos) return;
  st.word_pos = pos;
  st.word_lower = lex::Lower(st.text.substr(pos, length));
  st.word_category = LookupKeyword(st.word_lower);
}

}  // namespace

bool MatchLeadingSpace(Input& in, ParseState& st) {
  const size_t pos = static_cast<size_t>(st.Offset(in));
  in.bump_in_this_line(lex::SkipSpace(st.text, pos) - pos);
  return true;
}

bool MatchKeyword(Input& in, ParseState& st, std::string_view word) {
  const size_t pos = static_cast<size_t>(st.Offset(in));
  // Most attempts fail on the first letter: PEG alternatives try keyword after keyword.
  if (pos >= st.text.size() || word.empty()) return false;
  char first = st.text[pos];
  if (first >= 'A' && first <= 'Z') first = static_cast<char>(first - 'A' + 'a');
  if (first != word[0]) return false;
  const size_t length = lex::WordLength(st.text, pos);
  if (length == 0 || !WordEquals(st.text.substr(pos, length), word)) return false;
  return Accept(in, st, length);
}

bool MatchIdent(Input& in, ParseState& st, IdentClass cls) {
  const size_t pos = static_cast<size_t>(st.Offset(in));
  size_t length = lex::QuotedIdentLength(st.text, pos);
  if (length > 0) return Accept(in, st, length);
  length = lex::WordLength(st.text, pos);
  if (length == 0) return false;
  // A word directly followed by a quote may be a string prefix (E'..', U&'..', N'..').
  if (length == 1 && pos + 1 < st.text.size() && st.text[pos + 1] == '\'') {
    char c = st.text[pos];
    if (c == 'e' || c == 'E' || c == 'n' || c == 'N') return false;
  }
  if (length == 1 && pos + 2 < st.text.size() && st.text[pos + 1] == '&' &&
      (st.text[pos] == 'u' || st.text[pos] == 'U') && st.text[pos + 2] == '\'') {
    return false;
  }
  ClassifyWord(st, pos, length);
  if (!Allowed(st.word_category, st.word_lower, cls)) return false;
  return Accept(in, st, length);
}

bool MatchPunct(Input& in, ParseState& st, std::string_view punct) {
  const size_t pos = static_cast<size_t>(st.Offset(in));
  if (st.text.substr(pos, punct.size()) != punct) return false;
  const size_t after = pos + punct.size();
  if (punct == ":" && after < st.text.size() && (st.text[after] == ':' || st.text[after] == '=')) {
    return false;
  }
  if (punct == "." && after < st.text.size() && st.text[after] >= '0' && st.text[after] <= '9') {
    return false;  // .5 is a number
  }
  return Accept(in, st, punct.size());
}

bool MatchOperator(Input& in, ParseState& st, std::string_view op) {
  const size_t pos = static_cast<size_t>(st.Offset(in));
  const size_t length = lex::OperatorLength(st.text, pos);
  if (length == 0) return false;
  if (!op.empty() && st.text.substr(pos, length) != op) return false;
  return Accept(in, st, length);
}

bool MatchPrefixOperator(Input& in, ParseState& st) {
  const size_t pos = static_cast<size_t>(st.Offset(in));
  const size_t length = lex::OperatorLength(st.text, pos);
  if (length == 0) return false;
  const std::string_view token = st.text.substr(pos, length);
  if (length == 1 && token != "+" && token != "-" &&
      std::string_view("*/%^<>=").find(token[0]) != std::string_view::npos) {
    return false;
  }
  if (token == "<=" || token == ">=" || token == "<>" || token == "!=") return false;
  return Accept(in, st, length);
}

bool MatchString(Input& in, ParseState& st) {
  const size_t pos = static_cast<size_t>(st.Offset(in));
  const size_t length = lex::StringLength(st.text, pos);
  if (length == 0) return false;
  return Accept(in, st, length);
}

bool MatchNumber(Input& in, ParseState& st, bool integer_only) {
  const size_t pos = static_cast<size_t>(st.Offset(in));
  const size_t length = lex::NumberLength(st.text, pos);
  if (length == 0) return false;
  if (integer_only && !lex::IsIntegerToken(st.text.substr(pos, length))) return false;
  return Accept(in, st, length);
}

bool MatchParam(Input& in, ParseState& st) {
  const size_t pos = static_cast<size_t>(st.Offset(in));
  const size_t length = lex::ParamLength(st.text, pos);
  if (length == 0) return false;
  return Accept(in, st, length);
}

bool MatchPlainColumnAhead(Input& in, ParseState& st) {
  const size_t pos = static_cast<size_t>(st.Offset(in));
  const size_t length = lex::WordLength(st.text, pos);
  if (length == 0 || lex::StringLength(st.text, pos) != 0) return false;  // E'..', U&'..'
  const size_t after = pos + length;
  if (after < st.text.size() && (st.text[after] == '&' || st.text[after] == '\'')) return false;
  ClassifyWord(st, pos, length);
  // Reserved, col_name and type_func_name keywords start special forms (CASE, CAST, EXISTS,
  // ROW, EXTRACT, typed literals like INT '1'...); of the unreserved ones only DOUBLE
  // (PRECISION '1.5') does.
  if (st.word_category != KeywordCategory::kNone &&
      (st.word_category != KeywordCategory::kUnreserved || st.word_lower == "double")) {
    return false;
  }
  const size_t next = lex::SkipSpace(st.text, after);
  if (next < st.text.size()) {
    const char c = st.text[next];
    if (c == '(' || c == '.' || c == '$') return false;
    if (lex::StringLength(st.text, next) != 0) return false;  // a typed literal: name 'x'
  }
  return true;
}

bool MatchEnd(Input& in, ParseState& st) {
  return static_cast<size_t>(st.Offset(in)) >= st.text.size();
}

}  // namespace sb::sql
