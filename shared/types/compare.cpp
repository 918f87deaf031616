#include "shared/types/compare.h"

#include <cmath>
#include <cstring>
#include <string_view>

#include "shared/errors/sql_error.h"
#include "shared/types/calendar.h"
#include "shared/types/time_zone.h"

namespace sb::types {
namespace {

enum class Family {
  kNumber,
  kString,
  kBool,
  kUuid,
  kBytea,
  kDateTime,
  kTime,
  kInterval,
  kJsonb,
  kArray,
  kOther
};

Family FamilyOf(const Value& value) {
  switch (value.type()) {
    case kInt2:
    case kInt4:
    case kInt8:
    case kOid:
    case kRegproc:
    case kRegclass:
    case kRegtype:
    case kRegnamespace:
    case kFloat4:
    case kFloat8:
    case kNumeric:
      return Family::kNumber;
    case kText:
    case kVarchar:
    case kBpchar:
    case kName:
    case kChar:
    case kUnknown:
      return Family::kString;
    case kBool:
      return Family::kBool;
    case kUuid:
      return Family::kUuid;
    case kBytea:
      return Family::kBytea;
    case kDate:
    case kTimestamp:
    case kTimestamptz:
      return Family::kDateTime;
    case kTime:
      return Family::kTime;
    case kInterval:
      return Family::kInterval;
    case kJsonb:
      return Family::kJsonb;
    default:
      break;
  }
  if (value.kind() == Value::Kind::kArray) return Family::kArray;
  return Family::kOther;
}

[[noreturn]] void NoOperator(const Value& a, const Value& b) {
  ThrowSqlError(SqlState::kUndefinedFunction, "operator does not exist: {} = {}",
                FormatType(a.type(), -1), FormatType(b.type(), -1));
}

template <typename T>
int Sign(T a, T b) {
  return a < b ? -1 : (a > b ? 1 : 0);
}

// Floats order NaN above everything and equal to itself (PostgreSQL's float8_cmp_internal).
int CompareDoubles(double a, double b) {
  bool nan_a = std::isnan(a);
  bool nan_b = std::isnan(b);
  if (nan_a || nan_b) return nan_a == nan_b ? 0 : (nan_a ? 1 : -1);
  return Sign(a, b);
}

double AsDouble(const Value& value) {
  switch (value.kind()) {
    case Value::Kind::kInt:
      return static_cast<double>(value.GetInt());
    case Value::Kind::kFloat:
      return value.GetFloat();
    case Value::Kind::kNumeric:
      return value.GetNumeric().ToDouble();
    default:
      return 0;
  }
}

int CompareNumbers(const Value& a, const Value& b) {
  Value::Kind ka = a.kind();
  Value::Kind kb = b.kind();
  if (ka == Value::Kind::kInt && kb == Value::Kind::kInt) return Sign(a.GetInt(), b.GetInt());
  if (ka == Value::Kind::kFloat || kb == Value::Kind::kFloat) {
    return CompareDoubles(AsDouble(a), AsDouble(b));
  }
  Numeric na = ka == Value::Kind::kNumeric ? a.GetNumeric() : Numeric::FromInt64(a.GetInt());
  Numeric nb = kb == Value::Kind::kNumeric ? b.GetNumeric() : Numeric::FromInt64(b.GetInt());
  return na.Compare(nb);
}

std::string_view StringOf(const Value& value) {
  std::string_view text = value.GetString();
  if (value.type() == kBpchar) {
    size_t end = text.find_last_not_of(' ');
    text = end == std::string_view::npos ? std::string_view() : text.substr(0, end + 1);
  }
  return text;
}

int CompareBytes(std::string_view a, std::string_view b) {
  int cmp = a.compare(b);
  return cmp < 0 ? -1 : (cmp > 0 ? 1 : 0);
}

// Date/timestamp/timestamptz on a common µs scale (UTC when a timestamptz is involved).
__int128 DateTimeMicros(const Value& value, bool as_utc, const TimeZone& zone) {
  int64_t v = value.GetInt();
  if (value.type() == kDate) {
    if (v == kDateMinusInfinity) return kTimestampMinusInfinity;
    if (v == kDatePlusInfinity) return kTimestampPlusInfinity;
  }
  if (v == kTimestampMinusInfinity || v == kTimestampPlusInfinity) return v;
  __int128 local = value.type() == kDate ? static_cast<__int128>(v) * kUsPerDay : v;
  if (as_utc && value.type() != kTimestamptz) {
    int64_t clamped = local > kEndTimestamp ? kEndTimestamp : static_cast<int64_t>(local);
    local -= static_cast<__int128>(zone.OffsetForLocal(clamped)) * kUsPerSecond;
  }
  return local;
}

__int128 IntervalSpan(const Interval& value) {
  return static_cast<__int128>(value.micros) +
         (static_cast<__int128>(value.days) + static_cast<__int128>(value.months) * 30) * kUsPerDay;
}

uint64_t Mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

uint64_t HashBytes(std::string_view bytes) {
  uint64_t h = 1469598103934665603ULL;
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return Mix(h);
}

uint64_t HashInt(int64_t value) {
  return Mix(static_cast<uint64_t>(value) ^ 0x5bd1e995ULL);
}
uint64_t HashInt128(__int128 value) {
  return Mix(static_cast<uint64_t>(value) ^ Mix(static_cast<uint64_t>(value >> 64)));
}

constexpr uint64_t kNaNHash = 0x7ff8dead7ff8beefULL;

uint64_t HashDouble(double value) {
  if (std::isnan(value)) return kNaNHash;
  if (value == std::trunc(value) && std::fabs(value) < 9.2e18) {
    return HashInt(static_cast<int64_t>(value));
  }
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  return Mix(bits);
}

}  // namespace

int Compare(const Value& a, const Value& b, const TimeZone* zone) {
  Family family = FamilyOf(a);
  if (family != FamilyOf(b) || family == Family::kOther || a.IsNull() || b.IsNull()) {
    NoOperator(a, b);
  }
  switch (family) {
    case Family::kNumber:
      return CompareNumbers(a, b);
    case Family::kString:
      return CompareBytes(StringOf(a), StringOf(b));
    case Family::kBool:
      return Sign(a.GetBool(), b.GetBool());
    case Family::kUuid: {
      int cmp = std::memcmp(a.GetUuid().data(), b.GetUuid().data(), 16);
      return cmp < 0 ? -1 : (cmp > 0 ? 1 : 0);
    }
    case Family::kBytea:
    case Family::kJsonb:
      return CompareBytes(a.GetString(), b.GetString());
    case Family::kDateTime: {
      if (a.type() == b.type()) return Sign(a.GetInt(), b.GetInt());
      bool as_utc = a.type() == kTimestamptz || b.type() == kTimestamptz;
      const TimeZone& tz = zone != nullptr ? *zone : *TimeZone::Utc();
      return Sign(DateTimeMicros(a, as_utc, tz), DateTimeMicros(b, as_utc, tz));
    }
    case Family::kTime:
      return Sign(a.GetInt(), b.GetInt());
    case Family::kInterval:
      return Sign(IntervalSpan(a.GetInterval()), IntervalSpan(b.GetInterval()));
    case Family::kArray: {
      const auto& ea = a.GetArray().elements;
      const auto& eb = b.GetArray().elements;
      size_t n = std::min(ea.size(), eb.size());
      for (size_t i = 0; i < n; ++i) {
        bool null_a = ea[i].IsNull();
        bool null_b = eb[i].IsNull();
        if (null_a || null_b) {
          if (null_a != null_b) return null_a ? 1 : -1;
          continue;
        }
        int cmp = Compare(ea[i], eb[i], zone);
        if (cmp != 0) return cmp;
      }
      return Sign(ea.size(), eb.size());
    }
    case Family::kOther:
      break;
  }
  NoOperator(a, b);
}

size_t Hash(const Value& value) {
  if (value.IsNull()) return 0;
  switch (FamilyOf(value)) {
    case Family::kNumber:
      switch (value.kind()) {
        case Value::Kind::kInt:
          return HashInt(value.GetInt());
        case Value::Kind::kFloat:
          return HashDouble(value.GetFloat());
        case Value::Kind::kNumeric: {
          const Numeric& n = value.GetNumeric();
          if (n.IsNaN()) return kNaNHash;
          if (n.IsInteger() && n.weight() < 5) {
            int64_t as_int = 0;
            try {
              as_int = n.ToInt64();
              return HashInt(as_int);
            } catch (const SqlError&) {
              // Beyond int64: fall through to the digit hash.
            }
          }
          return n.Hash();
        }
        default:
          return 0;
      }
    case Family::kString:
      return HashBytes(StringOf(value));
    case Family::kBool:
      return HashInt(value.GetBool() ? 1 : 0);
    case Family::kUuid:
      return HashBytes(std::string_view(reinterpret_cast<const char*>(value.GetUuid().data()), 16));
    case Family::kBytea:
    case Family::kJsonb:
      return HashBytes(value.GetString());
    case Family::kDateTime:
      return HashInt128(DateTimeMicros(value, false, *TimeZone::Utc()));
    case Family::kTime:
      return HashInt(value.GetInt());
    case Family::kInterval:
      return HashInt128(IntervalSpan(value.GetInterval()));
    case Family::kArray: {
      uint64_t h = 0x12345678ULL;
      for (const Value& element : value.GetArray().elements) {
        h = Mix(h * 31 + (element.IsNull() ? 0x9e3779b9ULL : Hash(element)));
      }
      return h;
    }
    case Family::kOther:
      break;
  }
  if (value.kind() == Value::Kind::kString) return HashBytes(value.GetString());
  return 0;
}

}  // namespace sb::types
