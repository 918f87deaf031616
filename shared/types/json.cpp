#include "shared/types/json.h"

#include <rapidjson/error/error.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <algorithm>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "shared/errors/sql_error.h"
#include "shared/types/numeric.h"

namespace sb::types {
namespace {

constexpr unsigned kParseFlags = rapidjson::kParseIterativeFlag |
                                 rapidjson::kParseNumbersAsStringsFlag |
                                 rapidjson::kParseValidateEncodingFlag;

[[noreturn]] void ThrowDepth() {
  throw SqlError(SqlState::kStatementTooComplex, "stack depth limit exceeded")
      .WithHint("JSON nesting is limited to 10000 levels.");
}

[[noreturn]] void ThrowJsonSyntax(std::string detail) {
  throw SqlError(SqlState::kInvalidTextRepresentation, "invalid input syntax for type json")
      .WithDetail(std::move(detail));
}

bool IsDelimiter(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ':' || c == '[' ||
         c == ']' || c == '{' || c == '}' || c == '"';
}

// The token PostgreSQL's lexer would report at `offset`.
std::string TokenAt(std::string_view text, size_t offset) {
  if (offset >= text.size()) return {};
  size_t end = offset;
  if (IsDelimiter(text[end])) return std::string(1, text[end]);
  while (end < text.size() && !IsDelimiter(text[end])) ++end;
  return std::string(text.substr(offset, end - offset));
}

// Start of the number/literal token containing `offset` (RapidJSON reports the offending
// character, PostgreSQL the whole token).
size_t TokenStart(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  while (offset > 0 && !IsDelimiter(text[offset - 1])) --offset;
  return offset;
}

[[noreturn]] void ThrowExpected(std::string_view text, size_t offset, std::string_view what) {
  std::string token = TokenAt(text, offset);
  if (token.empty()) ThrowJsonSyntax("The input string ended unexpectedly.");
  ThrowJsonSyntax(fmt::format("Expected {}, but found \"{}\".", what, token));
}

[[noreturn]] void ThrowParseError(std::string_view text, rapidjson::ParseErrorCode code,
                                  size_t offset) {
  switch (code) {
    case rapidjson::kParseErrorDocumentEmpty:
      ThrowJsonSyntax("The input string ended unexpectedly.");
    case rapidjson::kParseErrorObjectMissName:
      ThrowExpected(text, offset, "string");
    case rapidjson::kParseErrorObjectMissColon:
      ThrowExpected(text, offset, "\":\"");
    case rapidjson::kParseErrorObjectMissCommaOrCurlyBracket:
      ThrowExpected(text, offset, "\",\" or \"}\"");
    case rapidjson::kParseErrorArrayMissCommaOrSquareBracket:
      ThrowExpected(text, offset, "\",\" or \"]\"");
    case rapidjson::kParseErrorStringUnicodeEscapeInvalidHex:
      ThrowJsonSyntax("\"\\u\" must be followed by four hexadecimal digits.");
    case rapidjson::kParseErrorStringUnicodeSurrogateInvalid:
      ThrowJsonSyntax("Unicode low surrogate must follow a high surrogate.");
    case rapidjson::kParseErrorStringEscapeInvalid: {
      // RapidJSON points at the character after the backslash.
      size_t at = offset;
      while (at > 0 && text[at - 1] != '\\') --at;
      std::string escape = at < text.size() ? std::string(1, text[at]) : std::string();
      ThrowJsonSyntax(fmt::format("Escape sequence \"\\{}\" is invalid.", escape));
    }
    case rapidjson::kParseErrorStringMissQuotationMark:
      ThrowJsonSyntax("The input string ended unexpectedly.");
    case rapidjson::kParseErrorStringInvalidEncoding: {
      for (size_t i = std::min(offset, text.size()); i-- > 0;) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '"') break;
        if (c < 0x20) {
          ThrowJsonSyntax(fmt::format("Character with value 0x{:02x} must be escaped.", c));
        }
      }
      for (size_t i = std::min(offset, text.size()); i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '"') break;
        if (c < 0x20) {
          ThrowJsonSyntax(fmt::format("Character with value 0x{:02x} must be escaped.", c));
        }
      }
      ThrowSqlError(SqlState::kCharacterNotInRepertoire,
                    "invalid byte sequence for encoding \"UTF8\"");
    }
    default: {
      std::string token = TokenAt(text, TokenStart(text, offset));
      if (token.empty()) ThrowJsonSyntax("The input string ended unexpectedly.");
      ThrowJsonSyntax(fmt::format("Token \"{}\" is invalid.", token));
    }
  }
}

// Validation only: counts depth so hostile nesting fails cleanly.
class DepthHandler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, DepthHandler> {
 public:
  bool Default() { return true; }
  bool StartObject() { return Push(); }
  bool StartArray() { return Push(); }
  bool EndObject(rapidjson::SizeType) { return Pop(); }
  bool EndArray(rapidjson::SizeType) { return Pop(); }
  bool too_deep() const { return too_deep_; }

 private:
  bool Push() {
    if (++depth_ > kMaxJsonDepth) {
      too_deep_ = true;
      return false;
    }
    return true;
  }
  bool Pop() {
    --depth_;
    return true;
  }
  int depth_ = 0;
  bool too_deep_ = false;
};

// Builds jsonb text bottom-up without recursion: every container is rendered into a string
// when it closes and handed to its parent.
class JsonbHandler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, JsonbHandler> {
 public:
  bool Null() { return AddValue("null"); }
  bool Bool(bool value) { return AddValue(value ? "true" : "false"); }
  bool RawNumber(const char* text, rapidjson::SizeType length, bool) {
    std::string rendered;
    Numeric::Parse(std::string_view(text, length)).AppendTo(rendered);
    return AddValue(std::move(rendered));
  }
  bool String(const char* text, rapidjson::SizeType length, bool) {
    std::string_view value(text, length);
    CheckNoNul(value);
    std::string rendered;
    AppendJsonString(rendered, value);
    return AddValue(std::move(rendered));
  }
  bool Key(const char* text, rapidjson::SizeType length, bool) {
    std::string_view key(text, length);
    CheckNoNul(key);
    frames_.back().pending_key.assign(key);
    return true;
  }
  bool StartObject() { return Push(true); }
  bool StartArray() { return Push(false); }
  bool EndObject(rapidjson::SizeType) {
    Frame frame = std::move(frames_.back());
    frames_.pop_back();
    std::stable_sort(frame.members.begin(), frame.members.end(), [](const auto& a, const auto& b) {
      if (a.first.size() != b.first.size()) return a.first.size() < b.first.size();
      return a.first < b.first;
    });
    std::string rendered = "{";
    bool first = true;
    for (size_t i = 0; i < frame.members.size(); ++i) {
      // Duplicate keys: the last one written wins (stable sort keeps input order).
      if (i + 1 < frame.members.size() && frame.members[i + 1].first == frame.members[i].first) {
        continue;
      }
      if (!first) rendered += ", ";
      first = false;
      AppendJsonString(rendered, frame.members[i].first);
      rendered += ": ";
      rendered += frame.members[i].second;
    }
    rendered += "}";
    return AddValue(std::move(rendered));
  }
  bool EndArray(rapidjson::SizeType) {
    Frame frame = std::move(frames_.back());
    frames_.pop_back();
    std::string rendered = "[";
    for (size_t i = 0; i < frame.items.size(); ++i) {
      if (i > 0) rendered += ", ";
      rendered += frame.items[i];
    }
    rendered += "]";
    return AddValue(std::move(rendered));
  }

  bool too_deep() const { return too_deep_; }
  std::string& result() { return result_; }

 private:
  struct Frame {
    bool is_object = false;
    std::string pending_key;
    std::vector<std::pair<std::string, std::string>> members;
    std::vector<std::string> items;
  };

  static void CheckNoNul(std::string_view value) {
    if (value.find('\0') != std::string_view::npos) {
      throw SqlError(SqlState::kUntranslatableCharacter, "unsupported Unicode escape sequence")
          .WithDetail("\\u0000 cannot be converted to text.");
    }
  }

  bool Push(bool is_object) {
    if (frames_.size() >= static_cast<size_t>(kMaxJsonDepth)) {
      too_deep_ = true;
      return false;
    }
    frames_.emplace_back();
    frames_.back().is_object = is_object;
    return true;
  }

  bool AddValue(std::string rendered) {
    if (frames_.empty()) {
      result_ = std::move(rendered);
    } else if (frames_.back().is_object) {
      frames_.back().members.emplace_back(std::move(frames_.back().pending_key),
                                          std::move(rendered));
    } else {
      frames_.back().items.push_back(std::move(rendered));
    }
    return true;
  }

  std::vector<Frame> frames_;
  std::string result_;
  bool too_deep_ = false;
};

template <typename Handler>
void RunParser(std::string_view text, Handler& handler) {
  if (text.find('\0') != std::string_view::npos) {
    ThrowSqlError(SqlState::kCharacterNotInRepertoire,
                  "invalid byte sequence for encoding \"UTF8\": 0x00");
  }
  rapidjson::MemoryStream stream(text.data(), text.size());
  rapidjson::Reader reader;
  rapidjson::ParseResult result = reader.Parse<kParseFlags>(stream, handler);
  if (!result) {
    if (handler.too_deep()) ThrowDepth();
    ThrowParseError(text, result.Code(), result.Offset());
  }
}

}  // namespace

// PostgreSQL's json type checks \u escapes only for hex digits; surrogate pairing matters
// only when escapes are decoded (jsonb). Replaces surrogate escapes inside strings so
// RapidJSON accepts what json accepts.
std::string NeutraliseSurrogateEscapes(std::string_view text) {
  std::string out(text);
  bool in_string = false;
  for (size_t i = 0; i < out.size(); ++i) {
    char c = out[i];
    if (!in_string) {
      if (c == '"') in_string = true;
      continue;
    }
    if (c == '"') {
      in_string = false;
    } else if (c == '\\' && i + 1 < out.size()) {
      if (out[i + 1] == 'u' && i + 5 < out.size() && (out[i + 2] == 'd' || out[i + 2] == 'D')) {
        char third = static_cast<char>(out[i + 3] | 0x20);
        if (third >= '8' && third <= '9') third = 'x';  // d8..d9
        if (third == 'x' || (third >= 'a' && third <= 'f')) out.replace(i + 2, 4, "0041");
      }
      ++i;  // skip the escaped character
    }
  }
  return out;
}

void ValidateJson(std::string_view text) {
  try {
    DepthHandler handler;
    RunParser(text, handler);
  } catch (const SqlError& error) {
    if (error.detail() != "Unicode low surrogate must follow a high surrogate." &&
        error.detail() != "Unicode high surrogate must not follow a high surrogate.") {
      throw;
    }
    std::string patched = NeutraliseSurrogateEscapes(text);
    DepthHandler handler;
    RunParser(patched, handler);
  }
}

std::string NormalizeJsonb(std::string_view text) {
  JsonbHandler handler;
  RunParser(text, handler);
  return std::move(handler.result());
}

void AppendJsonString(std::string& out, std::string_view value) {
  out.push_back('"');
  for (char c : value) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned char>(c));
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

}  // namespace sb::types
