#include "shared/storage/value_text.h"

#include <fmt/format.h>

#include "shared/errors/sql_error.h"
#include "shared/types/datetime.h"
#include "shared/types/float_format.h"
#include "shared/types/interval_io.h"
#include "shared/types/text_io.h"

namespace sb::storage {
namespace {

using types::Value;

// "2024-02-29 23:59:58 BC" → "2024-02-29T23:59:58 BC" (infinity has no space).
void UseIsoSeparator(std::string& out, size_t from) {
  size_t space = out.find(' ', from);
  if (space != std::string::npos && out.compare(space, 3, " BC") != 0) out[space] = 'T';
}

// Reads `count` decimal digits at text[*pos]; false if any is not a digit.
bool Digits(std::string_view text, size_t* pos, size_t count, int64_t* value) {
  if (*pos + count > text.size()) return false;
  int64_t result = 0;
  for (size_t i = 0; i < count; ++i) {
    char c = text[*pos + i];
    if (c < '0' || c > '9') return false;
    result = result * 10 + (c - '0');
  }
  *pos += count;
  *value = result;
  return true;
}

bool Expect(std::string_view text, size_t* pos, char c) {
  if (*pos >= text.size() || text[*pos] != c) return false;
  ++*pos;
  return true;
}

// "YYYY-MM-DD" for years 1..9999 (AD); anything else is left to the general parser.
bool ParseIsoDate(std::string_view text, size_t* pos, int64_t* days) {
  int64_t year = 0, month = 0, day = 0;
  if (!Digits(text, pos, 4, &year) || !Expect(text, pos, '-') || !Digits(text, pos, 2, &month) ||
      !Expect(text, pos, '-') || !Digits(text, pos, 2, &day)) {
    return false;
  }
  if (year < 1 || month < 1 || month > 12 || day < 1 ||
      day > types::DaysInMonth(year, static_cast<int>(month))) {
    return false;
  }
  *days =
      types::DaysFromCivil(types::CivilDate{year, static_cast<int>(month), static_cast<int>(day)});
  return true;
}

// The canonical forms this module writes, "YYYY-MM-DDTHH:MM:SS[.ffffff]" plus "Z" for
// timestamptz, parsed without the general datetime machinery (the read path of every query).
bool ParseIsoTimestamp(std::string_view text, bool zulu, int64_t* micros) {
  size_t pos = 0;
  int64_t days = 0, hour = 0, minute = 0, second = 0;
  if (!ParseIsoDate(text, &pos, &days)) return false;
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != ' ')) return false;
  ++pos;
  if (!Digits(text, &pos, 2, &hour) || !Expect(text, &pos, ':') ||
      !Digits(text, &pos, 2, &minute) || !Expect(text, &pos, ':') ||
      !Digits(text, &pos, 2, &second)) {
    return false;
  }
  if (hour > 23 || minute > 59 || second > 59) return false;
  int64_t fraction = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    size_t digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && digits < 6) {
      fraction = fraction * 10 + (text[pos] - '0');
      ++pos;
      ++digits;
    }
    if (digits == 0) return false;
    for (size_t i = digits; i < 6; ++i) fraction *= 10;
  }
  if (zulu && !Expect(text, &pos, 'Z')) return false;
  if (pos != text.size()) return false;
  *micros = days * types::kUsPerDay + hour * types::kUsPerHour + minute * types::kUsPerMinute +
            second * types::kUsPerSecond + fraction;
  return true;
}

}  // namespace

const types::FormatSettings& StorageFormatSettings() {
  static const types::FormatSettings settings{};
  return settings;
}

void AppendStorageText(const Value& value, std::string& out) {
  switch (value.type()) {
    case types::kBool:
      out += value.GetBool() ? "true" : "false";
      return;
    case types::kInt2:
    case types::kInt4:
    case types::kInt8:
    case types::kOid:
    case types::kRegproc:
    case types::kRegclass:
    case types::kRegtype:
    case types::kRegnamespace:
      fmt::format_to(std::back_inserter(out), "{}", value.GetInt());
      return;
    case types::kFloat4:
      types::AppendFloat4(out, static_cast<float>(value.GetFloat()), 1);
      return;
    case types::kFloat8:
      types::AppendFloat8(out, value.GetFloat(), 1);
      return;
    case types::kNumeric:
      value.GetNumeric().AppendTo(out);
      return;
    case types::kText:
    case types::kVarchar:
    case types::kBpchar:
    case types::kName:
    case types::kChar:
    case types::kXml:
    case types::kUnknown:
    case types::kJson:
    case types::kJsonb:
      out += value.GetString();
      return;
    case types::kBytea:
      types::AppendByteaHex(out, value.GetString());
      return;
    case types::kUuid:
      types::AppendUuid(out, value.GetUuid());
      return;
    case types::kDate:
      types::AppendDate(out, static_cast<int32_t>(value.GetInt()));
      return;
    case types::kTime:
      types::AppendTime(out, value.GetInt());
      return;
    case types::kTimestamp: {
      size_t start = out.size();
      types::AppendTimestamp(out, value.GetInt());
      UseIsoSeparator(out, start);
      return;
    }
    case types::kTimestamptz: {
      // The UTC wall clock plus "Z": the same instant always has the same text.
      size_t start = out.size();
      int64_t micros = value.GetInt();
      types::AppendTimestamp(out, micros);
      if (micros == types::kTimestampPlusInfinity || micros == types::kTimestampMinusInfinity) {
        return;
      }
      UseIsoSeparator(out, start);
      size_t bc = out.find(" BC", start);
      if (bc == std::string::npos) {
        out.push_back('Z');
      } else {
        out.insert(bc, 1, 'Z');
      }
      return;
    }
    case types::kInterval:
      types::AppendInterval(out, value.GetInterval());
      return;
    default:
      break;
  }
  const types::TypeInfo* info = types::FindType(value.type());
  ThrowSqlError(SqlState::kFeatureNotSupported, "type {} cannot be stored",
                info != nullptr ? std::string(info->sql_name) : std::to_string(value.type()));
}

types::Value ParseStorageText(types::Oid type, int32_t typmod, std::string_view text) {
  switch (type) {
    case types::kDate: {
      size_t pos = 0;
      int64_t days = 0;
      if (ParseIsoDate(text, &pos, &days) && pos == text.size()) {
        return Value::Date(static_cast<int32_t>(days));
      }
      break;
    }
    case types::kTimestamp:
    case types::kTimestamptz: {
      int64_t micros = 0;
      if (ParseIsoTimestamp(text, type == types::kTimestamptz, &micros)) {
        return Value::Integer(type, types::AdjustTimestampForTypmod(micros, typmod));
      }
      break;
    }
    default:
      break;
  }
  return types::ParseText(type, typmod, text, StorageFormatSettings());
}

}  // namespace sb::storage
