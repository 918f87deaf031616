#include "shared/types/cast.h"

#include <cmath>
#include <limits>

#include "shared/errors/sql_error.h"
#include "shared/types/calendar.h"
#include "shared/types/datetime.h"
#include "shared/types/interval_io.h"
#include "shared/types/json.h"
#include "shared/types/text_io.h"
#include "shared/types/time_zone.h"

namespace sb::types {
namespace {

struct CastEntry {
  Oid from;
  Oid to;
  char context;  // 'i' implicit, 'a' assignment, 'e' explicit (as pg_cast.castcontext)
};

// The subset of PostgreSQL 15's pg_cast among the types SmarterBase implements.
constexpr CastEntry kCasts[] = {
    {kInt8, kInt2, 'a'},         {kInt8, kInt4, 'a'},         {kInt8, kFloat4, 'i'},
    {kInt8, kFloat8, 'i'},       {kInt8, kNumeric, 'i'},      {kInt2, kInt8, 'i'},
    {kInt2, kInt4, 'i'},         {kInt2, kFloat4, 'i'},       {kInt2, kFloat8, 'i'},
    {kInt2, kNumeric, 'i'},      {kInt4, kInt8, 'i'},         {kInt4, kInt2, 'a'},
    {kInt4, kFloat4, 'i'},       {kInt4, kFloat8, 'i'},       {kInt4, kNumeric, 'i'},
    {kFloat4, kInt8, 'a'},       {kFloat4, kInt2, 'a'},       {kFloat4, kInt4, 'a'},
    {kFloat4, kFloat8, 'i'},     {kFloat4, kNumeric, 'a'},    {kFloat8, kInt8, 'a'},
    {kFloat8, kInt2, 'a'},       {kFloat8, kInt4, 'a'},       {kFloat8, kFloat4, 'a'},
    {kFloat8, kNumeric, 'a'},    {kNumeric, kInt8, 'a'},      {kNumeric, kInt2, 'a'},
    {kNumeric, kInt4, 'a'},      {kNumeric, kFloat4, 'i'},    {kNumeric, kFloat8, 'i'},
    {kInt4, kBool, 'e'},         {kBool, kInt4, 'e'},         {kInt8, kOid, 'i'},
    {kInt2, kOid, 'i'},          {kInt4, kOid, 'i'},          {kOid, kInt8, 'a'},
    {kOid, kInt4, 'a'},          {kOid, kRegproc, 'i'},       {kRegproc, kOid, 'i'},
    {kInt8, kRegproc, 'i'},      {kInt4, kRegproc, 'i'},      {kRegproc, kInt8, 'a'},
    {kRegproc, kInt4, 'a'},      {kOid, kRegclass, 'i'},      {kRegclass, kOid, 'i'},
    {kInt8, kRegclass, 'i'},     {kInt4, kRegclass, 'i'},     {kRegclass, kInt8, 'a'},
    {kRegclass, kInt4, 'a'},     {kOid, kRegtype, 'i'},       {kRegtype, kOid, 'i'},
    {kInt8, kRegtype, 'i'},      {kInt4, kRegtype, 'i'},      {kRegtype, kInt8, 'a'},
    {kRegtype, kInt4, 'a'},      {kOid, kRegnamespace, 'i'},  {kRegnamespace, kOid, 'i'},
    {kInt8, kRegnamespace, 'i'}, {kInt4, kRegnamespace, 'i'}, {kRegnamespace, kInt8, 'a'},
    {kRegnamespace, kInt4, 'a'}, {kText, kBpchar, 'i'},       {kText, kVarchar, 'i'},
    {kBpchar, kText, 'i'},       {kBpchar, kVarchar, 'i'},    {kVarchar, kText, 'i'},
    {kVarchar, kBpchar, 'i'},    {kChar, kText, 'i'},         {kChar, kBpchar, 'a'},
    {kChar, kVarchar, 'a'},      {kName, kText, 'i'},         {kText, kName, 'i'},
    {kBpchar, kName, 'i'},       {kVarchar, kName, 'i'},      {kName, kBpchar, 'a'},
    {kName, kVarchar, 'a'},      {kText, kChar, 'a'},         {kBpchar, kChar, 'a'},
    {kVarchar, kChar, 'a'},      {kChar, kInt4, 'e'},         {kInt4, kChar, 'e'},
    {kDate, kTimestamp, 'i'},    {kDate, kTimestamptz, 'i'},  {kTime, kInterval, 'i'},
    {kTimestamp, kDate, 'a'},    {kTimestamp, kTime, 'a'},    {kTimestamp, kTimestamptz, 'i'},
    {kTimestamptz, kDate, 'a'},  {kTimestamptz, kTime, 'a'},  {kTimestamptz, kTimestamp, 'a'},
    {kInterval, kTime, 'a'},     {kJson, kJsonb, 'a'},        {kJsonb, kJson, 'a'},
    {kJsonb, kBool, 'e'},        {kJsonb, kNumeric, 'e'},     {kJsonb, kInt2, 'e'},
    {kJsonb, kInt4, 'e'},        {kJsonb, kInt8, 'e'},        {kJsonb, kFloat4, 'e'},
    {kJsonb, kFloat8, 'e'},      {kBool, kText, 'a'},         {kBool, kBpchar, 'a'},
    {kBool, kVarchar, 'a'},
};

bool IsStringCategory(Oid type) {
  const TypeInfo* info = FindType(type);
  return info != nullptr && info->category == kCategoryString;
}

bool IsTextLike(Oid type) {
  return type == kText || type == kVarchar || type == kBpchar || type == kName || type == kChar ||
         type == kUnknown;
}

bool IsIntegerType(Oid type) {
  return type == kInt2 || type == kInt4 || type == kInt8;
}

bool IsOidType(Oid type) {
  return type == kOid || type == kRegproc || type == kRegclass || type == kRegtype ||
         type == kRegnamespace;
}

bool ContextAllows(char context, CastKind kind) {
  switch (kind) {
    case CastKind::kImplicit:
      return context == 'i';
    case CastKind::kAssignment:
      return context == 'i' || context == 'a';
    case CastKind::kExplicit:
      return true;
  }
  return false;
}

std::string_view SqlName(Oid type) {
  const TypeInfo* info = FindType(type);
  return info != nullptr ? info->sql_name : std::string_view("unknown");
}

[[noreturn]] void OutOfRange(Oid type) {
  switch (type) {
    case kInt2:
      ThrowSqlError(SqlState::kNumericValueOutOfRange, "smallint out of range");
    case kInt4:
      ThrowSqlError(SqlState::kNumericValueOutOfRange, "integer out of range");
    default:
      ThrowSqlError(SqlState::kNumericValueOutOfRange, "bigint out of range");
  }
}

int64_t CheckIntRange(int64_t value, Oid target) {
  if (target == kInt2 && (value < std::numeric_limits<int16_t>::min() ||
                          value > std::numeric_limits<int16_t>::max())) {
    OutOfRange(target);
  }
  if (target == kInt4 && (value < std::numeric_limits<int32_t>::min() ||
                          value > std::numeric_limits<int32_t>::max())) {
    OutOfRange(target);
  }
  return value;
}

int64_t FloatToInt(double value, Oid target) {
  double rounded = std::rint(value);
  // 2^63 is exactly representable; anything at or above it does not fit.
  if (std::isnan(rounded) || rounded < -9223372036854775808.0 || rounded >= 9223372036854775808.0) {
    OutOfRange(target);
  }
  return CheckIntRange(static_cast<int64_t>(rounded), target);
}

// Text of a string-family value as the target string type sees it: bpchar loses its trailing
// spaces, "char" becomes its one byte.
std::string StringPayload(const Value& value) {
  std::string text = value.GetString();
  if (value.type() == kBpchar) {
    size_t end = text.find_last_not_of(' ');
    text.resize(end == std::string::npos ? 0 : end + 1);
  }
  return text;
}

std::string_view JsonbKind(std::string_view text) {
  if (text.empty()) return "null";
  switch (text[0]) {
    case '{':
      return "object";
    case '[':
      return "array";
    case '"':
      return "string";
    case 't':
    case 'f':
      return "boolean";
    case 'n':
      return "null";
    default:
      return "numeric";
  }
}

Value CastFromJsonb(const Value& value, Oid target) {
  const std::string& text = value.GetString();
  std::string_view kind = JsonbKind(text);
  bool wants_bool = target == kBool;
  if ((wants_bool && kind != "boolean") || (!wants_bool && kind != "numeric")) {
    ThrowSqlError(SqlState::kInvalidParameterValue, "cannot cast jsonb {} to type {}", kind,
                  SqlName(target));
  }
  if (wants_bool) return Value::Bool(text == "true");
  Numeric number = Numeric::Parse(text);
  switch (target) {
    case kNumeric:
      return Value::FromNumeric(number);
    case kInt2:
      return Value::Int2(number.ToInt16());
    case kInt4:
      return Value::Int4(number.ToInt32());
    case kInt8:
      return Value::Int8(number.ToInt64());
    case kFloat4:
      return Value::Float4(number.ToFloat4());
    default:
      return Value::Float8(number.ToDouble());
  }
}

float DoubleToFloat4(double value) {
  float result = static_cast<float>(value);
  if (std::isinf(result) && !std::isinf(value)) {
    ThrowSqlError(SqlState::kNumericValueOutOfRange, "value out of range: overflow");
  }
  if (result == 0.0f && value != 0.0) {
    ThrowSqlError(SqlState::kNumericValueOutOfRange, "value out of range: underflow");
  }
  return result;
}

// Numbers: ints, floats, numeric (value already known to be one of them).
Value CastNumber(const Value& value, Oid target, int32_t typmod) {
  Oid from = value.type();
  if (IsIntegerType(from) || IsOidType(from)) {
    int64_t v = value.GetInt();
    switch (target) {
      case kInt2:
      case kInt4:
        if (IsOidType(from) && target == kInt4) {
          return Value::Int4(static_cast<int32_t>(static_cast<uint32_t>(v)));
        }
        return Value::Integer(target, CheckIntRange(v, target));
      case kInt8:
        return Value::Int8(v);
      case kFloat4:
        return Value::Float4(static_cast<float>(v));
      case kFloat8:
        return Value::Float8(static_cast<double>(v));
      case kNumeric:
        return Value::FromNumeric(Numeric::FromInt64(v).ApplyTypmod(typmod));
      default:
        break;
    }
    if (IsOidType(target)) {
      if (from == kInt8 && (v < 0 || v > std::numeric_limits<uint32_t>::max())) {
        ThrowSqlError(SqlState::kNumericValueOutOfRange, "OID out of range");
      }
      return Value::OidValue(static_cast<Oid>(static_cast<uint32_t>(v)), target);
    }
  } else if (from == kFloat4 || from == kFloat8) {
    double v = value.GetFloat();
    switch (target) {
      case kInt2:
      case kInt4:
      case kInt8:
        return Value::Integer(target, FloatToInt(v, target));
      case kFloat4:
        return Value::Float4(DoubleToFloat4(v));
      case kFloat8:
        return Value::Float8(v);
      case kNumeric: {
        Numeric n =
            from == kFloat4 ? Numeric::FromFloat4(static_cast<float>(v)) : Numeric::FromDouble(v);
        return Value::FromNumeric(n.ApplyTypmod(typmod));
      }
      default:
        break;
    }
  } else if (from == kNumeric) {
    const Numeric& v = value.GetNumeric();
    switch (target) {
      case kInt2:
        return Value::Int2(v.ToInt16());
      case kInt4:
        return Value::Int4(v.ToInt32());
      case kInt8:
        return Value::Int8(v.ToInt64());
      case kFloat4:
        return Value::Float4(v.ToFloat4());
      case kFloat8:
        return Value::Float8(v.ToDouble());
      case kNumeric:
        return Value::FromNumeric(v.ApplyTypmod(typmod));
      default:
        break;
    }
  }
  CannotCoerce(from, target);
}

int64_t DateToTimestamp(int32_t days) {
  if (days == kDateMinusInfinity) return kTimestampMinusInfinity;
  if (days == kDatePlusInfinity) return kTimestampPlusInfinity;
  // Dates beyond the timestamp range (year > 294276).
  if (days >= kEndTimestamp / kUsPerDay) {
    ThrowSqlError(SqlState::kDatetimeFieldOverflow, "date out of range for timestamp");
  }
  return static_cast<int64_t>(days) * kUsPerDay;
}

bool IsInfiniteTimestamp(int64_t micros) {
  return micros == kTimestampMinusInfinity || micros == kTimestampPlusInfinity;
}

int64_t LocalToUtc(int64_t local, const FormatSettings& settings) {
  if (IsInfiniteTimestamp(local)) return local;
  int64_t result =
      local - static_cast<int64_t>(settings.zone().OffsetForLocal(local)) * kUsPerSecond;
  if (!IsValidTimestamp(result)) {
    ThrowSqlError(SqlState::kDatetimeFieldOverflow, "timestamp out of range");
  }
  return result;
}

int64_t UtcToLocal(int64_t utc, const FormatSettings& settings) {
  if (IsInfiniteTimestamp(utc)) return utc;
  int64_t result = utc + static_cast<int64_t>(settings.zone().UtcOffsetAt(utc)) * kUsPerSecond;
  if (!IsValidTimestamp(result)) {
    ThrowSqlError(SqlState::kDatetimeFieldOverflow, "timestamp out of range");
  }
  return result;
}

Value TimestampToDate(int64_t local) {
  if (local == kTimestampMinusInfinity) return Value::Date(kDateMinusInfinity);
  if (local == kTimestampPlusInfinity) return Value::Date(kDatePlusInfinity);
  return Value::Date(static_cast<int32_t>(FloorDiv(local, kUsPerDay)));
}

Value CastDateTime(const Value& value, Oid target, int32_t typmod, const FormatSettings& settings) {
  Oid from = value.type();
  int64_t v = value.kind() == Value::Kind::kInt ? value.GetInt() : 0;
  switch (from) {
    case kDate:
      if (target == kTimestamp) {
        return Value::Timestamp(
            AdjustTimestampForTypmod(DateToTimestamp(static_cast<int32_t>(v)), typmod));
      }
      if (target == kTimestamptz) {
        return Value::Timestamptz(AdjustTimestampForTypmod(
            LocalToUtc(DateToTimestamp(static_cast<int32_t>(v)), settings), typmod));
      }
      break;
    case kTimestamp:
      if (target == kTimestamptz) {
        return Value::Timestamptz(AdjustTimestampForTypmod(LocalToUtc(v, settings), typmod));
      }
      if (target == kDate) return TimestampToDate(v);
      if (target == kTime) {
        if (IsInfiniteTimestamp(v)) break;
        return Value::Time(AdjustTimeForTypmod(FloorMod(v, kUsPerDay), typmod));
      }
      break;
    case kTimestamptz:
      if (target == kTimestamp) {
        return Value::Timestamp(AdjustTimestampForTypmod(UtcToLocal(v, settings), typmod));
      }
      if (target == kDate) return TimestampToDate(UtcToLocal(v, settings));
      if (target == kTime) {
        if (IsInfiniteTimestamp(v)) break;
        return Value::Time(
            AdjustTimeForTypmod(FloorMod(UtcToLocal(v, settings), kUsPerDay), typmod));
      }
      break;
    case kTime:
      if (target == kInterval) {
        return Value::FromInterval(AdjustIntervalForTypmod(Interval{v, 0, 0}, typmod));
      }
      break;
    case kInterval:
      if (target == kTime) {
        int64_t time = value.GetInterval().micros % kUsPerDay;
        if (time < 0) time += kUsPerDay;
        return Value::Time(AdjustTimeForTypmod(time, typmod));
      }
      break;
    default:
      break;
  }
  if (IsInfiniteTimestamp(v) && target == kTime) {
    ThrowSqlError(SqlState::kDatetimeFieldOverflow, "timestamp out of range");
  }
  CannotCoerce(from, target);
}

// Same type: only the typmod changes.
Value ApplyTypmod(const Value& value, int32_t typmod, CastKind kind,
                  const FormatSettings& settings) {
  if (typmod < 0) return value;
  LengthMode mode = kind == CastKind::kExplicit ? LengthMode::kTruncate : LengthMode::kCheck;
  switch (value.type()) {
    case kVarchar:
    case kBpchar:
      return Value::Text(ApplyStringTypmod(value.type(), typmod, value.GetString(), mode),
                         value.type());
    case kNumeric:
      return Value::FromNumeric(value.GetNumeric().ApplyTypmod(typmod));
    case kTime:
      return Value::Time(AdjustTimeForTypmod(value.GetInt(), typmod));
    case kTimestamp:
    case kTimestamptz:
      return Value::Integer(value.type(), AdjustTimestampForTypmod(value.GetInt(), typmod));
    case kInterval:
      return Value::FromInterval(AdjustIntervalForTypmod(value.GetInterval(), typmod));
    default:
      break;
  }
  if (value.kind() == Value::Kind::kArray) {
    const ArrayValue& array = value.GetArray();
    std::vector<Value> elements;
    elements.reserve(array.elements.size());
    for (const Value& element : array.elements) {
      elements.push_back(element.IsNull() ? element : ApplyTypmod(element, typmod, kind, settings));
    }
    return Value::Array(array.element_type, std::move(elements), value.type());
  }
  return value;
}

std::optional<char> LookupCast(Oid from, Oid to) {
  for (const CastEntry& entry : kCasts) {
    if (entry.from == from && entry.to == to) return entry.context;
  }
  return std::nullopt;
}

}  // namespace

void CannotCoerce(Oid from, Oid to) {
  ThrowSqlError(SqlState::kCannotCoerce, "cannot cast type {} to {}", FormatType(from, -1),
                FormatType(to, -1));
}

bool CanCast(Oid from, Oid to, CastKind kind) {
  if (from == to || from == kUnknown) return true;
  if (std::optional<char> context = LookupCast(from, to)) return ContextAllows(*context, kind);
  if (IsArrayType(from) && IsArrayType(to)) {
    return CanCast(ArrayElementType(from), ArrayElementType(to), kind);
  }
  // Automatic I/O conversion casts: to a string type in assignment, from one explicitly.
  if (IsStringCategory(to)) return kind != CastKind::kImplicit;
  if (IsStringCategory(from)) return kind == CastKind::kExplicit;
  return false;
}

Value Cast(const Value& value, Oid target, int32_t typmod, CastKind kind,
           const FormatSettings& settings) {
  Oid from = value.type();
  if (!CanCast(from, target, kind)) CannotCoerce(from, target);
  if (value.IsNull()) return Value::Null(target);
  LengthMode mode = kind == CastKind::kExplicit ? LengthMode::kTruncate : LengthMode::kCheck;
  if (from == target) return ApplyTypmod(value, typmod, kind, settings);
  if (from == kUnknown) return ParseText(target, typmod, value.GetString(), settings, mode);

  // Among string types.
  if (IsTextLike(from) && IsTextLike(target)) {
    std::string text = StringPayload(value);
    if (from == kChar && !text.empty() && text[0] == '\0') text.clear();
    return ParseText(target, typmod, text, settings, mode);
  }
  if (value.kind() == Value::Kind::kInt || value.kind() == Value::Kind::kFloat ||
      value.kind() == Value::Kind::kNumeric) {
    bool numeric_from = IsIntegerType(from) || IsOidType(from) || from == kFloat4 ||
                        from == kFloat8 || from == kNumeric;
    bool numeric_to = IsIntegerType(target) || IsOidType(target) || target == kFloat4 ||
                      target == kFloat8 || target == kNumeric;
    if (numeric_from && numeric_to) return CastNumber(value, target, typmod);
  }
  if (from == kBool && target == kInt4) return Value::Int4(value.GetBool() ? 1 : 0);
  if (from == kBool && IsTextLike(target)) {
    // booltext(): the words, not boolout's t/f.
    return ParseText(target, typmod, value.GetBool() ? "true" : "false", settings, mode);
  }
  if (from == kInt4 && target == kBool) return Value::Bool(value.GetInt() != 0);
  if (from == kChar && target == kInt4) {
    const std::string& text = value.GetString();
    return Value::Int4(text.empty() ? 0 : static_cast<signed char>(text[0]));
  }
  if (from == kInt4 && target == kChar) {
    int64_t v = value.GetInt();
    if (v < -128 || v > 127) {
      ThrowSqlError(SqlState::kNumericValueOutOfRange, "\"char\" out of range");
    }
    return Value::Text(v == 0 ? std::string() : std::string(1, static_cast<char>(v)), kChar);
  }
  if (from == kJson && target == kJsonb) {
    return Value::Text(NormalizeJsonb(value.GetString()), kJsonb);
  }
  if (from == kJsonb && target == kJson) return Value::Text(value.GetString(), kJson);
  if (from == kJsonb && LookupCast(from, target)) return CastFromJsonb(value, target);
  if ((from == kDate || from == kTime || from == kTimestamp || from == kTimestamptz ||
       from == kInterval) &&
      LookupCast(from, target)) {
    return CastDateTime(value, target, typmod, settings);
  }
  if (IsArrayType(from) && IsArrayType(target)) {
    Oid element_target = ArrayElementType(target);
    const ArrayValue& array = value.GetArray();
    std::vector<Value> elements;
    elements.reserve(array.elements.size());
    for (const Value& element : array.elements) {
      elements.push_back(Cast(element, element_target, typmod, kind, settings));
    }
    return Value::Array(element_target, std::move(elements), target);
  }
  // Automatic I/O conversion.
  if (IsStringCategory(target) || IsStringCategory(from)) {
    std::string text = IsStringCategory(from) ? StringPayload(value) : FormatText(value, settings);
    return ParseText(target, typmod, text, settings, mode);
  }
  CannotCoerce(from, target);
}

}  // namespace sb::types
