#include "sqlpeg/lexer.h"

#include <fmt/format.h>

#include "shared/errors/sql_error.h"
#include "sqlpeg/parser.h"

namespace sb::sql::lex {
namespace {

[[noreturn]] void ThrowLexError(std::string_view text, size_t pos, std::string_view what,
                                size_t token_end) {
  std::string near(text.substr(pos, token_end - pos));
  throw SqlError(SqlState::kSyntaxError, fmt::format("{} at or near \"{}\"", what, near))
      .WithPosition(CharPosition(text, static_cast<int>(pos)));
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsHex(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}
bool IsOpChar(char c) {
  switch (c) {
    case '~':
    case '!':
    case '@':
    case '#':
    case '^':
    case '&':
    case '|':
    case '`':
    case '?':
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
    case '<':
    case '>':
    case '=':
      return true;
    default:
      return false;
  }
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Kind of quoted string starting at pos: the prefix length before the opening quote.
enum class QuoteKind { kNone, kStandard, kEscape, kUnicode, kDollar };

QuoteKind QuoteAt(std::string_view text, size_t pos, size_t* prefix) {
  if (pos >= text.size()) return QuoteKind::kNone;
  char c = text[pos];
  if (c == '\'') {
    *prefix = 0;
    return QuoteKind::kStandard;
  }
  if ((c == 'E' || c == 'e') && pos + 1 < text.size() && text[pos + 1] == '\'') {
    *prefix = 1;
    return QuoteKind::kEscape;
  }
  if ((c == 'N' || c == 'n') && pos + 1 < text.size() && text[pos + 1] == '\'') {
    *prefix = 1;
    return QuoteKind::kStandard;
  }
  if ((c == 'U' || c == 'u') && pos + 2 < text.size() && text[pos + 1] == '&' &&
      text[pos + 2] == '\'') {
    *prefix = 2;
    return QuoteKind::kUnicode;
  }
  if (c == '$') {
    *prefix = 0;
    return QuoteKind::kDollar;
  }
  return QuoteKind::kNone;
}

// Length of a dollar-quote delimiter ($tag$) at pos, 0 if none.
size_t DollarTagLength(std::string_view text, size_t pos) {
  if (pos >= text.size() || text[pos] != '$') return 0;
  size_t i = pos + 1;
  if (i < text.size() && text[i] != '$') {
    unsigned char first = static_cast<unsigned char>(text[i]);
    if (!IsIdentStart(first)) return 0;
    ++i;
    while (i < text.size() && text[i] != '$') {
      unsigned char c = static_cast<unsigned char>(text[i]);
      if (!IsIdentStart(c) && !IsDigit(text[i])) return 0;
      ++i;
    }
  }
  if (i >= text.size()) return 0;
  return i + 1 - pos;
}

// End of one quoted segment whose opening quote is at `quote`; throws if unterminated.
// Backslash escapes only count in E'' strings.
size_t QuotedSegmentEnd(std::string_view text, size_t start, size_t quote, bool backslashes) {
  size_t i = quote + 1;
  while (i < text.size()) {
    char c = text[i];
    if (backslashes && c == '\\') {
      i += 2;
      continue;
    }
    if (c == '\'') {
      if (i + 1 < text.size() && text[i + 1] == '\'') {
        i += 2;
        continue;
      }
      return i + 1;
    }
    ++i;
  }
  ThrowLexError(text, start, "unterminated quoted string", text.size());
}

// If only whitespace with at least one newline (and -- comments) separates pos from a
// quote, returns the quote's offset; otherwise npos. PostgreSQL's string continuation.
size_t ContinuationQuote(std::string_view text, size_t pos) {
  bool newline = false;
  size_t i = pos;
  while (i < text.size()) {
    char c = text[i];
    if (c == '\n' || c == '\r') {
      newline = true;
      ++i;
    } else if (IsSpace(c)) {
      ++i;
    } else if (c == '-' && i + 1 < text.size() && text[i + 1] == '-' && newline) {
      while (i < text.size() && text[i] != '\n' && text[i] != '\r') ++i;
    } else {
      break;
    }
  }
  if (newline && i < text.size() && text[i] == '\'') return i;
  return std::string_view::npos;
}

void DecodeEscapeSegment(std::string_view body, std::string& out) {
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '\'' && i + 1 < body.size() && body[i + 1] == '\'') {
      out += '\'';
      ++i;
      continue;
    }
    if (c != '\\' || i + 1 >= body.size()) {
      out += c;
      continue;
    }
    char e = body[++i];
    switch (e) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case 'x': {
        int value = 0, n = 0;
        while (n < 2 && i + 1 < body.size() && IsHex(body[i + 1])) {
          value = value * 16 + HexValue(body[++i]);
          ++n;
        }
        if (n == 0) {
          out += 'x';
        } else {
          out += static_cast<char>(value);
        }
        break;
      }
      case 'u':
      case 'U': {
        int digits = e == 'u' ? 4 : 8;
        uint32_t value = 0;
        int n = 0;
        while (n < digits && i + 1 < body.size() && IsHex(body[i + 1])) {
          value = value * 16 + static_cast<uint32_t>(HexValue(body[++i]));
          ++n;
        }
        if (n == 0) {
          out += e;
        } else {
          AppendUtf8(out, value);
        }
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          int value = e - '0', n = 1;
          while (n < 3 && i + 1 < body.size() && body[i + 1] >= '0' && body[i + 1] <= '7') {
            value = value * 8 + (body[++i] - '0');
            ++n;
          }
          out += static_cast<char>(value & 0xFF);
        } else {
          out += e;
        }
    }
  }
}

void DecodeUnicodeSegment(std::string_view body, std::string& out) {
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '\'' && i + 1 < body.size() && body[i + 1] == '\'') {
      out += '\'';
      ++i;
    } else if (c == '\\' && i + 1 < body.size() && body[i + 1] == '\\') {
      out += '\\';
      ++i;
    } else if (c == '\\') {
      size_t digits = 4, start = i + 1;
      if (start < body.size() && body[start] == '+') {
        digits = 6;
        ++start;
      }
      uint32_t value = 0;
      size_t n = 0;
      while (n < digits && start + n < body.size() && IsHex(body[start + n])) {
        value = value * 16 + static_cast<uint32_t>(HexValue(body[start + n]));
        ++n;
      }
      if (n == digits) {
        AppendUtf8(out, value);
        i = start + n - 1;
      } else {
        out += c;
      }
    } else {
      out += c;
    }
  }
}

void DecodeStandardSegment(std::string_view body, std::string& out) {
  for (size_t i = 0; i < body.size(); ++i) {
    out += body[i];
    if (body[i] == '\'' && i + 1 < body.size() && body[i + 1] == '\'') ++i;
  }
}

}  // namespace

bool IsIdentStart(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

bool IsIdentCont(unsigned char c) {
  return IsIdentStart(c) || (c >= '0' && c <= '9') || c == '$';
}

size_t SkipSpace(std::string_view text, size_t pos) {
  while (pos < text.size()) {
    char c = text[pos];
    if (IsSpace(c)) {
      ++pos;
    } else if (c == '-' && pos + 1 < text.size() && text[pos + 1] == '-') {
      while (pos < text.size() && text[pos] != '\n' && text[pos] != '\r') ++pos;
    } else if (c == '/' && pos + 1 < text.size() && text[pos + 1] == '*') {
      size_t start = pos;
      int depth = 1;
      pos += 2;
      while (depth > 0) {
        if (pos + 1 >= text.size()) {
          ThrowLexError(text, start, "unterminated /* comment", text.size());
        }
        if (text[pos] == '/' && text[pos + 1] == '*') {
          ++depth;
          pos += 2;
        } else if (text[pos] == '*' && text[pos + 1] == '/') {
          --depth;
          pos += 2;
        } else {
          ++pos;
        }
      }
    } else {
      break;
    }
  }
  return pos;
}

size_t WordLength(std::string_view text, size_t pos) {
  if (pos >= text.size() || !IsIdentStart(static_cast<unsigned char>(text[pos]))) return 0;
  size_t i = pos + 1;
  while (i < text.size() && IsIdentCont(static_cast<unsigned char>(text[i]))) ++i;
  return i - pos;
}

size_t QuotedIdentLength(std::string_view text, size_t pos) {
  if (pos >= text.size() || text[pos] != '"') return 0;
  size_t i = pos + 1;
  while (i < text.size()) {
    if (text[i] == '"') {
      if (i + 1 < text.size() && text[i + 1] == '"') {
        i += 2;
        continue;
      }
      if (i == pos + 1) {
        throw SqlError(SqlState::kSyntaxError,
                       "zero-length delimited identifier at or near \"\"\"\"")
            .WithPosition(CharPosition(text, static_cast<int>(pos)));
      }
      return i + 1 - pos;
    }
    ++i;
  }
  ThrowLexError(text, pos, "unterminated quoted identifier", text.size());
}

std::string Lower(std::string_view word) {
  std::string out(word);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string IdentifierValue(std::string_view token) {
  std::string value;
  if (!token.empty() && token.front() == '"' && token.size() >= 2) {
    std::string_view body = token.substr(1, token.size() - 2);
    for (size_t i = 0; i < body.size(); ++i) {
      value += body[i];
      if (body[i] == '"' && i + 1 < body.size() && body[i + 1] == '"') ++i;
    }
  } else {
    value = Lower(token);
  }
  if (value.size() > kMaxIdentifierBytes) {
    size_t cut = kMaxIdentifierBytes;
    // Never split a UTF-8 sequence (PostgreSQL's pg_mbcliplen).
    while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
    value.resize(cut);
  }
  return value;
}

size_t StringLength(std::string_view text, size_t pos) {
  size_t prefix = 0;
  QuoteKind kind = QuoteAt(text, pos, &prefix);
  if (kind == QuoteKind::kNone) return 0;
  if (kind == QuoteKind::kDollar) {
    size_t tag = DollarTagLength(text, pos);
    if (tag == 0) return 0;
    std::string_view delimiter = text.substr(pos, tag);
    size_t close = text.find(delimiter, pos + tag);
    if (close == std::string_view::npos) {
      ThrowLexError(text, pos, "unterminated dollar-quoted string", text.size());
    }
    return close + tag - pos;
  }
  bool backslashes = kind == QuoteKind::kEscape;
  size_t end = QuotedSegmentEnd(text, pos, pos + prefix, backslashes);
  for (;;) {
    size_t quote = ContinuationQuote(text, end);
    if (quote == std::string_view::npos) break;
    end = QuotedSegmentEnd(text, quote, quote, backslashes);
  }
  return end - pos;
}

std::string StringValue(std::string_view token) {
  size_t prefix = 0;
  QuoteKind kind = QuoteAt(token, 0, &prefix);
  std::string out;
  if (kind == QuoteKind::kDollar) {
    size_t tag = DollarTagLength(token, 0);
    if (tag == 0 || token.size() < 2 * tag) return out;
    return std::string(token.substr(tag, token.size() - 2 * tag));
  }
  if (kind == QuoteKind::kNone) return out;
  size_t i = prefix;
  while (i < token.size() && token[i] == '\'') {
    size_t end = QuotedSegmentEnd(token, i, i, kind == QuoteKind::kEscape);
    std::string_view body = token.substr(i + 1, end - i - 2);
    switch (kind) {
      case QuoteKind::kEscape:
        DecodeEscapeSegment(body, out);
        break;
      case QuoteKind::kUnicode:
        DecodeUnicodeSegment(body, out);
        break;
      default:
        DecodeStandardSegment(body, out);
        break;
    }
    size_t next = ContinuationQuote(token, end);
    if (next == std::string_view::npos) break;
    i = next;
  }
  return out;
}

size_t NumberLength(std::string_view text, size_t pos) {
  size_t i = pos;
  size_t digits = 0;
  while (i < text.size() && IsDigit(text[i])) ++i, ++digits;
  if (i < text.size() && text[i] == '.') {
    // "1..2" is an integer followed by "..", not a numeric.
    if (!(i + 1 < text.size() && text[i + 1] == '.')) {
      size_t j = i + 1;
      size_t frac = 0;
      while (j < text.size() && IsDigit(text[j])) ++j, ++frac;
      if (digits > 0 || frac > 0) {
        i = j;
        digits += frac;
      }
    }
  }
  if (digits == 0) return 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    size_t j = i + 1;
    if (j < text.size() && (text[j] == '+' || text[j] == '-')) ++j;
    if (j < text.size() && IsDigit(text[j])) {
      while (j < text.size() && IsDigit(text[j])) ++j;
      i = j;
    }
  }
  if (i < text.size() && IsIdentStart(static_cast<unsigned char>(text[i]))) {
    size_t junk = i;
    while (junk < text.size() && IsIdentCont(static_cast<unsigned char>(text[junk]))) ++junk;
    ThrowLexError(text, pos, "trailing junk after numeric literal", junk);
  }
  return i - pos;
}

bool IsIntegerToken(std::string_view token) {
  for (char c : token) {
    if (!IsDigit(c)) return false;
  }
  return !token.empty();
}

size_t ParamLength(std::string_view text, size_t pos) {
  if (pos >= text.size() || text[pos] != '$') return 0;
  size_t i = pos + 1;
  while (i < text.size() && IsDigit(text[i])) ++i;
  if (i == pos + 1) return 0;
  if (i < text.size() && IsIdentStart(static_cast<unsigned char>(text[i]))) {
    size_t junk = i;
    while (junk < text.size() && IsIdentCont(static_cast<unsigned char>(text[junk]))) ++junk;
    ThrowLexError(text, pos, "trailing junk after parameter", junk);
  }
  return i - pos;
}

size_t OperatorLength(std::string_view text, size_t pos) {
  size_t i = pos;
  while (i < text.size() && IsOpChar(text[i])) {
    // A comment start ends the operator (and cannot begin one).
    if (i + 1 < text.size() &&
        ((text[i] == '-' && text[i + 1] == '-') || (text[i] == '/' && text[i + 1] == '*'))) {
      break;
    }
    ++i;
  }
  size_t n = i - pos;
  if (n > 1 && (text[pos + n - 1] == '+' || text[pos + n - 1] == '-')) {
    bool special = false;
    for (size_t k = 0; k + 1 < n; ++k) {
      switch (text[pos + k]) {
        case '~':
        case '!':
        case '@':
        case '#':
        case '^':
        case '&':
        case '|':
        case '`':
        case '?':
        case '%':
          special = true;
          break;
        default:
          break;
      }
    }
    if (!special) {
      do {
        --n;
      } while (n > 1 && (text[pos + n - 1] == '+' || text[pos + n - 1] == '-'));
    }
  }
  return n;
}

std::string_view TokenAt(std::string_view text, size_t pos) {
  if (pos >= text.size()) return {};
  size_t n = 0;
  try {
    n = StringLength(text, pos);
    if (n == 0) n = QuotedIdentLength(text, pos);
    if (n == 0) n = NumberLength(text, pos);
    if (n == 0) n = ParamLength(text, pos);
  } catch (const SqlError&) {
    n = 0;
  }
  if (n == 0) n = WordLength(text, pos);
  if (n == 0 && text[pos] == ':' && pos + 1 < text.size() &&
      (text[pos + 1] == ':' || text[pos + 1] == '=')) {
    n = 2;
  }
  if (n == 0) n = OperatorLength(text, pos);
  if (n == 0) {
    n = 1;
    while (pos + n < text.size() && (static_cast<unsigned char>(text[pos + n]) & 0xC0) == 0x80) {
      ++n;
    }
  }
  return text.substr(pos, n);
}

}  // namespace sb::sql::lex
