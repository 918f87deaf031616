#include "shared/types/text_io.h"

#include <limits>

#include <fmt/format.h>

#include "shared/errors/sql_error.h"
#include "shared/types/array_io.h"
#include "shared/types/datetime.h"
#include "shared/types/float_format.h"
#include "shared/types/interval_io.h"
#include "shared/types/json.h"
#include "shared/types/time_zone.h"

namespace sb::types {
namespace {

constexpr size_t kNameDataLen = 64;  // PostgreSQL's NAMEDATALEN (63 usable bytes)
constexpr char kHexDigits[] = "0123456789abcdef";

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Byte length of the first `chars` UTF-8 characters of `text` (or its whole length).
size_t Utf8Prefix(std::string_view text, size_t chars) {
  size_t count = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (count == chars) return i;
      ++count;
    }
  }
  return text.size();
}

std::string_view IntegerTypeName(Oid type) {
  switch (type) {
    case kInt2:
      return "smallint";
    case kInt8:
      return "bigint";
    case kOid:
      return "oid";
    default:
      return "integer";
  }
}

int64_t ParseOidText(std::string_view text, std::string_view type_name) {
  std::string_view trimmed = Trim(text);
  bool negative = false;
  size_t i = 0;
  if (i < trimmed.size() && (trimmed[i] == '+' || trimmed[i] == '-')) {
    negative = trimmed[i] == '-';
    ++i;
  }
  if (i >= trimmed.size()) {
    ThrowSqlError(SqlState::kInvalidTextRepresentation, "invalid input syntax for type {}: \"{}\"",
                  type_name, text);
  }
  uint64_t value = 0;
  bool overflow = false;
  for (; i < trimmed.size(); ++i) {
    char c = trimmed[i];
    if (c < '0' || c > '9') {
      ThrowSqlError(SqlState::kInvalidTextRepresentation,
                    "invalid input syntax for type {}: \"{}\"", type_name, text);
    }
    if (value > (uint64_t{1} << 40)) overflow = true;
    if (!overflow) value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  // Like strtoul, negative values wrap around (PostgreSQL accepts "-1" as 4294967295).
  if (overflow || (!negative && value > 0xffffffffULL) || (negative && value > 0x80000000ULL)) {
    ThrowSqlError(SqlState::kNumericValueOutOfRange, "value \"{}\" is out of range for type {}",
                  text, type_name);
  }
  uint32_t result =
      negative ? static_cast<uint32_t>(-static_cast<int64_t>(value)) : static_cast<uint32_t>(value);
  return static_cast<int64_t>(result);
}

void AppendByteaEscape(std::string& out, std::string_view bytes) {
  for (char c : bytes) {
    unsigned char byte = static_cast<unsigned char>(c);
    if (byte == '\\') {
      out += "\\\\";
    } else if (byte < 0x20 || byte > 0x7e) {
      out.push_back('\\');
      out.push_back(static_cast<char>('0' + (byte >> 6)));
      out.push_back(static_cast<char>('0' + ((byte >> 3) & 7)));
      out.push_back(static_cast<char>('0' + (byte & 7)));
    } else {
      out.push_back(c);
    }
  }
}

void AppendChar(std::string& out, const std::string& value) {
  if (value.empty() || value[0] == '\0') return;
  unsigned char byte = static_cast<unsigned char>(value[0]);
  if (byte >= 0x80) {
    out.push_back('\\');
    out.push_back(static_cast<char>('0' + (byte >> 6)));
    out.push_back(static_cast<char>('0' + ((byte >> 3) & 7)));
    out.push_back(static_cast<char>('0' + (byte & 7)));
  } else {
    out.push_back(value[0]);
  }
}

std::string ParseCharText(std::string_view text) {
  // PostgreSQL 15's charin: "\ooo" is an octal byte, otherwise the first byte.
  if (text.size() == 4 && text[0] == '\\' && text[1] >= '0' && text[1] <= '3' && text[2] >= '0' &&
      text[2] <= '7' && text[3] >= '0' && text[3] <= '7') {
    int value = (text[1] - '0') * 64 + (text[2] - '0') * 8 + (text[3] - '0');
    return std::string(1, static_cast<char>(value));
  }
  if (text.empty()) return std::string();
  return std::string(1, text[0]);
}

}  // namespace

size_t Utf8Length(std::string_view text) {
  size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

bool ParseBoolText(std::string_view text, bool* out) {
  std::string_view value = Trim(text);
  if (value.empty()) return false;
  auto prefix_of = [&value](std::string_view word, size_t min_length) {
    if (value.size() < min_length || value.size() > word.size()) return false;
    for (size_t i = 0; i < value.size(); ++i) {
      char c = value[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != word[i]) return false;
    }
    return true;
  };
  switch (value[0]) {
    case 't':
    case 'T':
      if (prefix_of("true", 1)) return *out = true, true;
      break;
    case 'f':
    case 'F':
      if (prefix_of("false", 1)) return *out = false, true;
      break;
    case 'y':
    case 'Y':
      if (prefix_of("yes", 1)) return *out = true, true;
      break;
    case 'n':
    case 'N':
      if (prefix_of("no", 1)) return *out = false, true;
      break;
    case 'o':
    case 'O':
      if (prefix_of("on", 2)) return *out = true, true;
      if (prefix_of("off", 2)) return *out = false, true;
      break;
    case '1':
      if (value.size() == 1) return *out = true, true;
      break;
    case '0':
      if (value.size() == 1) return *out = false, true;
      break;
    default:
      break;
  }
  return false;
}

void AppendUuid(std::string& out, const Uuid& uuid) {
  for (size_t i = 0; i < uuid.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHexDigits[uuid[i] >> 4]);
    out.push_back(kHexDigits[uuid[i] & 15]);
  }
}

Uuid ParseUuid(std::string_view text) {
  auto syntax = [&]() {
    ThrowSqlError(SqlState::kInvalidTextRepresentation,
                  "invalid input syntax for type uuid: \"{}\"", text);
  };
  Uuid uuid{};
  size_t i = 0;
  bool braces = false;
  if (i < text.size() && text[i] == '{') {
    braces = true;
    ++i;
  }
  for (size_t byte = 0; byte < uuid.size(); ++byte) {
    if (i + 1 >= text.size()) syntax();
    int high = HexValue(text[i]);
    int low = HexValue(text[i + 1]);
    if (high < 0 || low < 0) syntax();
    uuid[byte] = static_cast<uint8_t>(high * 16 + low);
    i += 2;
    // A hyphen may follow any group of four hex digits.
    if (i < text.size() && text[i] == '-' && byte % 2 == 1 && byte < uuid.size() - 1) ++i;
  }
  if (braces) {
    if (i >= text.size() || text[i] != '}') syntax();
    ++i;
  }
  if (i != text.size()) syntax();
  return uuid;
}

void AppendByteaHex(std::string& out, std::string_view bytes) {
  size_t start = out.size();
  out.resize(start + 2 + bytes.size() * 2);
  out[start] = '\\';
  out[start + 1] = 'x';
  char* dst = out.data() + start + 2;
  for (char c : bytes) {
    unsigned char byte = static_cast<unsigned char>(c);
    *dst++ = kHexDigits[byte >> 4];
    *dst++ = kHexDigits[byte & 15];
  }
}

std::string ParseBytea(std::string_view text) {
  std::string out;
  if (text.size() >= 2 && text[0] == '\\' && text[1] == 'x') {
    out.reserve((text.size() - 2) / 2);
    size_t i = 2;
    while (i < text.size()) {
      char c = text[i];
      if (IsSpace(c)) {
        ++i;
        continue;
      }
      int high = HexValue(c);
      if (high < 0) {
        ThrowSqlError(SqlState::kInvalidParameterValue, "invalid hexadecimal digit: \"{}\"",
                      text.substr(i, 1));
      }
      if (i + 1 >= text.size()) {
        ThrowSqlError(SqlState::kInvalidParameterValue,
                      "invalid hexadecimal data: odd number of digits");
      }
      int low = HexValue(text[i + 1]);
      if (low < 0) {
        ThrowSqlError(SqlState::kInvalidParameterValue, "invalid hexadecimal digit: \"{}\"",
                      text.substr(i + 1, 1));
      }
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    }
    return out;
  }
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (text[i] != '\\') {
      out.push_back(text[i++]);
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '\\') {
      out.push_back('\\');
      i += 2;
      continue;
    }
    if (i + 3 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '3' && text[i + 2] >= '0' &&
        text[i + 2] <= '7' && text[i + 3] >= '0' && text[i + 3] <= '7') {
      int value = (text[i + 1] - '0') * 64 + (text[i + 2] - '0') * 8 + (text[i + 3] - '0');
      out.push_back(static_cast<char>(value));
      i += 4;
      continue;
    }
    ThrowSqlError(SqlState::kInvalidTextRepresentation, "invalid input syntax for type bytea");
  }
  return out;
}

int64_t ParseInteger(std::string_view text, Oid type) {
  std::string_view name = IntegerTypeName(type);
  auto syntax = [&]() {
    ThrowSqlError(SqlState::kInvalidTextRepresentation, "invalid input syntax for type {}: \"{}\"",
                  name, text);
  };
  std::string_view value = Trim(text);
  size_t i = 0;
  bool negative = false;
  if (i < value.size() && (value[i] == '+' || value[i] == '-')) {
    negative = value[i] == '-';
    ++i;
  }
  if (i >= value.size()) syntax();
  // Accumulate negatively so the minimum value is representable.
  int64_t result = 0;
  bool overflow = false;
  for (; i < value.size(); ++i) {
    char c = value[i];
    if (c < '0' || c > '9') syntax();
    if (!overflow && (__builtin_mul_overflow(result, 10, &result) ||
                      __builtin_sub_overflow(result, c - '0', &result))) {
      overflow = true;
    }
  }
  if (!overflow && !negative) {
    if (result == std::numeric_limits<int64_t>::min()) {
      overflow = true;
    } else {
      result = -result;
    }
  }
  int64_t min = std::numeric_limits<int64_t>::min();
  int64_t max = std::numeric_limits<int64_t>::max();
  if (type == kInt2) {
    min = std::numeric_limits<int16_t>::min();
    max = std::numeric_limits<int16_t>::max();
  } else if (type == kInt4) {
    min = std::numeric_limits<int32_t>::min();
    max = std::numeric_limits<int32_t>::max();
  }
  if (overflow || result < min || result > max) {
    ThrowSqlError(SqlState::kNumericValueOutOfRange, "value \"{}\" is out of range for type {}",
                  text, name);
  }
  return result;
}

std::string ApplyStringTypmod(Oid type, int32_t typmod, std::string value, LengthMode mode) {
  if (typmod < kVarHdrSz || (type != kVarchar && type != kBpchar)) return value;
  size_t max_chars = static_cast<size_t>(typmod - kVarHdrSz);
  size_t cut = Utf8Prefix(value, max_chars);
  if (cut < value.size()) {
    if (mode == LengthMode::kCheck) {
      for (size_t i = cut; i < value.size(); ++i) {
        if (value[i] != ' ') {
          ThrowSqlError(SqlState::kStringDataRightTruncation, "value too long for type {}({})",
                        type == kVarchar ? "character varying" : "character", max_chars);
        }
      }
    }
    value.resize(cut);
  }
  if (type == kBpchar) {
    size_t length = Utf8Length(value);
    if (length < max_chars) value.append(max_chars - length, ' ');
  }
  return value;
}

void AppendText(const Value& value, const FormatSettings& settings, std::string& out) {
  if (value.IsNull()) return;
  switch (value.type()) {
    case kBool:
      out.push_back(value.GetBool() ? 't' : 'f');
      return;
    case kInt2:
    case kInt4:
    case kInt8:
    case kOid:
    case kRegproc:
    case kRegclass:
    case kRegtype:
    case kRegnamespace:
      fmt::format_to(std::back_inserter(out), "{}", value.GetInt());
      return;
    case kFloat4:
      AppendFloat4(out, static_cast<float>(value.GetFloat()), settings.extra_float_digits);
      return;
    case kFloat8:
      AppendFloat8(out, value.GetFloat(), settings.extra_float_digits);
      return;
    case kNumeric:
      value.GetNumeric().AppendTo(out);
      return;
    case kChar:
      AppendChar(out, value.GetString());
      return;
    case kBytea:
      if (settings.bytea_output == ByteaOutput::kEscape) {
        AppendByteaEscape(out, value.GetString());
      } else {
        AppendByteaHex(out, value.GetString());
      }
      return;
    case kUuid:
      AppendUuid(out, value.GetUuid());
      return;
    case kDate:
      AppendDate(out, static_cast<int32_t>(value.GetInt()));
      return;
    case kTime:
      AppendTime(out, value.GetInt());
      return;
    case kTimestamp:
      AppendTimestamp(out, value.GetInt());
      return;
    case kTimestamptz:
      AppendTimestamptz(out, value.GetInt(), settings.zone());
      return;
    case kInterval:
      AppendInterval(out, value.GetInterval());
      return;
    default:
      break;
  }
  switch (value.kind()) {
    case Value::Kind::kString:
      out += value.GetString();
      return;
    case Value::Kind::kArray:
      AppendArrayText(value, settings, out);
      return;
    case Value::Kind::kBool:
      out.push_back(value.GetBool() ? 't' : 'f');
      return;
    case Value::Kind::kInt:
      fmt::format_to(std::back_inserter(out), "{}", value.GetInt());
      return;
    case Value::Kind::kFloat:
      AppendFloat8(out, value.GetFloat(), settings.extra_float_digits);
      return;
    case Value::Kind::kNumeric:
      value.GetNumeric().AppendTo(out);
      return;
    case Value::Kind::kUuid:
      AppendUuid(out, value.GetUuid());
      return;
    case Value::Kind::kInterval:
      AppendInterval(out, value.GetInterval());
      return;
    case Value::Kind::kNull:
      return;
  }
}

std::string FormatText(const Value& value, const FormatSettings& settings) {
  std::string out;
  AppendText(value, settings, out);
  return out;
}

Value ParseText(Oid type, int32_t typmod, std::string_view text, const FormatSettings& settings,
                LengthMode length_mode) {
  switch (type) {
    case kBool: {
      bool result = false;
      if (!ParseBoolText(text, &result)) {
        ThrowSqlError(SqlState::kInvalidTextRepresentation,
                      "invalid input syntax for type boolean: \"{}\"", text);
      }
      return Value::Bool(result);
    }
    case kInt2:
    case kInt4:
    case kInt8:
      return Value::Integer(type, ParseInteger(text, type));
    case kOid:
      return Value::OidValue(static_cast<Oid>(ParseOidText(text, "oid")));
    case kRegproc:
    case kRegclass:
    case kRegtype:
    case kRegnamespace: {
      std::string_view trimmed = Trim(text);
      if (trimmed.empty() || !((trimmed[0] >= '0' && trimmed[0] <= '9') || trimmed[0] == '-')) {
        ThrowSqlError(SqlState::kFeatureNotSupported,
                      "{} input by name must be resolved through the catalog: \"{}\"",
                      FindType(type)->name, text);
      }
      return Value::OidValue(static_cast<Oid>(ParseOidText(text, FindType(type)->name)), type);
    }
    case kFloat4:
      return Value::Float4(ParseFloat4(text));
    case kFloat8:
      return Value::Float8(ParseFloat8(text));
    case kNumeric:
      return Value::FromNumeric(Numeric::Parse(text).ApplyTypmod(typmod));
    case kText:
    case kUnknown:
    case kXml:
      return Value::Text(std::string(text), type);
    case kName: {
      // Truncated to 63 bytes without splitting a UTF-8 character.
      size_t cut = text.size();
      if (cut >= kNameDataLen) {
        cut = kNameDataLen - 1;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
      }
      return Value::Text(std::string(text.substr(0, cut)), kName);
    }
    case kVarchar:
    case kBpchar:
      return Value::Text(ApplyStringTypmod(type, typmod, std::string(text), length_mode), type);
    case kChar:
      return Value::Text(ParseCharText(text), kChar);
    case kBytea:
      return Value::Bytea(ParseBytea(text));
    case kUuid:
      return Value::FromUuid(ParseUuid(text));
    case kJson:
      ValidateJson(text);
      return Value::Text(std::string(text), kJson);
    case kJsonb:
      return Value::Text(NormalizeJsonb(text), kJsonb);
    case kDate:
      return Value::Date(ParseDate(text, settings));
    case kTime:
      return Value::Time(ParseTime(text, typmod, settings));
    case kTimestamp:
      return Value::Timestamp(ParseTimestamp(text, typmod, settings));
    case kTimestamptz:
      return Value::Timestamptz(ParseTimestamptz(text, typmod, settings));
    case kInterval:
      return Value::FromInterval(ParseInterval(text, typmod));
    default:
      break;
  }
  if (IsArrayType(type)) {
    return ParseArrayText(type, ArrayElementType(type), typmod, text, settings, length_mode);
  }
  const TypeInfo* info = FindType(type);
  ThrowSqlError(SqlState::kFeatureNotSupported, "text input for type {} is not supported",
                info != nullptr ? std::string(info->name) : std::to_string(type));
}

}  // namespace sb::types
