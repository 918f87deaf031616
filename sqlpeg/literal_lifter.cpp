#include "sqlpeg/literal_lifter.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>

#include "shared/errors/sql_error.h"
#include "sqlpeg/lexer.h"

namespace sb::sql {
namespace {

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

LiftedLiteral::Kind NumberKind(std::string_view token) {
  if (!lex::IsIntegerToken(token)) return LiftedLiteral::Kind::kNumeric;
  const std::string text(token);
  errno = 0;
  char* end = nullptr;
  const long long n = std::strtoll(text.c_str(), &end, 10);
  if (errno != 0 || end != text.c_str() + text.size()) return LiftedLiteral::Kind::kNumeric;
  return n <= INT32_MAX ? LiftedLiteral::Kind::kInt4 : LiftedLiteral::Kind::kInt8;
}

// Words that lead to a nested query or a statement the cache does not take.
bool IsNestingWord(std::string_view lower) {
  return lower == "select" || lower == "with" || lower == "union" || lower == "intersect" ||
         lower == "except" || lower == "values" || lower == "table";
}

class Lifter {
 public:
  Lifter(std::string_view text, size_t max_literals) : text_(text), max_literals_(max_literals) {}

  std::optional<LiftedQuery> Run() {
    size_t done = 0;  // text_[0, done) has been copied or lifted
    size_t pos = lex::SkipSpace(text_, 0);
    if (pos >= text_.size() || !lex::IsIdentStart(static_cast<unsigned char>(text_[pos]))) {
      return std::nullopt;  // empty, or not led by a keyword
    }
    bool first = true;
    while (pos < text_.size()) {
      out_.text.append(text_.substr(done, pos - done));  // space and comments, as written
      const size_t length = Token(pos, first);
      if (length == 0) return std::nullopt;
      first = false;
      done = pos + length;
      pos = lex::SkipSpace(text_, done);
    }
    out_.text.append(text_.substr(done));
    return std::move(out_);
  }

 private:
  // Appends the token at pos (lifted or verbatim); returns its length, 0 to give up.
  size_t Token(size_t pos, bool first) {
    const char c = text_[pos];
    if (c == ';') {
      // Only a trailing one: several statements go the normal way.
      return lex::SkipSpace(text_, pos + 1) == text_.size() ? Verbatim(pos, 1) : 0;
    }
    if (c == '$') {
      if (lex::ParamLength(text_, pos) != 0) return 0;      // $n has no value in a simple Query
      const size_t length = lex::StringLength(text_, pos);  // $tag$...$tag$
      return length == 0 ? Verbatim(pos, 1) : String(pos, length);
    }
    if (c == '\'') {
      // Glued to a word, a quote is a prefix's (B'..', X'..'): not an ordinary string.
      if (pos > 0 && lex::IsIdentCont(static_cast<unsigned char>(text_[pos - 1]))) return 0;
      return String(pos, lex::StringLength(text_, pos));
    }
    if (IsDigit(c) || (c == '.' && pos + 1 < text_.size() && IsDigit(text_[pos + 1]))) {
      const size_t length = lex::NumberLength(text_, pos);
      if (length == 0) return 0;
      const std::string_view token = text_.substr(pos, length);
      return Lift(NumberKind(token), std::string(token), length);
    }
    if (lex::IsIdentStart(static_cast<unsigned char>(c))) {
      if (const size_t length = lex::StringLength(text_, pos); length != 0) {
        // E'..' is an ordinary string; B'..', X'..', N'..' and U&'..' have other types or
        // rules: leave those statements alone.
        if (c != 'e' && c != 'E') return 0;
        return String(pos, length);
      }
      const size_t length = lex::WordLength(text_, pos);
      const std::string lower = lex::Lower(text_.substr(pos, length));
      if (first && lower != "select" && lower != "insert" && lower != "update" &&
          lower != "delete") {
        return 0;
      }
      if (!first && IsNestingWord(lower)) {
        // INSERT ... VALUES is the one VALUES that stays flat.
        if (lower != "values" || !insert_) return 0;
      }
      if (first && lower == "insert") insert_ = true;
      return Verbatim(pos, length);
    }
    if (c == '"') return Verbatim(pos, lex::QuotedIdentLength(text_, pos));
    if (const size_t length = lex::OperatorLength(text_, pos); length != 0) {
      return Verbatim(pos, length);
    }
    return Verbatim(pos, 1);  // ( ) , [ ] . : and anything else the parser will judge
  }

  size_t Verbatim(size_t pos, size_t length) {
    out_.text.append(text_.substr(pos, length));
    return length;
  }

  size_t String(size_t pos, size_t length) {
    if (length == 0) return 0;
    return Lift(LiftedLiteral::Kind::kString, lex::StringValue(text_.substr(pos, length)), length);
  }

  size_t Lift(LiftedLiteral::Kind kind, std::string value, size_t length) {
    if (out_.literals.size() >= max_literals_) return 0;
    out_.literals.push_back({kind, std::move(value)});
    out_.text += fmt::format("${}", out_.literals.size());
    return length;
  }

  std::string_view text_;
  size_t max_literals_;
  bool insert_ = false;
  LiftedQuery out_;
};

}  // namespace

std::optional<LiftedQuery> LiftLiterals(std::string_view text, size_t max_bytes,
                                        size_t max_literals) {
  if (text.size() > max_bytes) return std::nullopt;
  try {
    return Lifter(text, max_literals).Run();
  } catch (const SqlError&) {
    return std::nullopt;  // unterminated string or comment, bad number: the parser reports it
  }
}

}  // namespace sb::sql
