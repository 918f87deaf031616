#include "shared/types/binary_io.h"

#include <bit>
#include <cstring>

#include <fmt/format.h>

#include "shared/errors/sql_error.h"
#include "shared/types/calendar.h"
#include "shared/types/datetime.h"
#include "shared/types/interval_io.h"
#include "shared/types/json.h"
#include "shared/types/text_io.h"

namespace sb::types {
namespace {

constexpr uint16_t kNumericPositive = 0x0000;
constexpr uint16_t kNumericNegative = 0x4000;
constexpr uint16_t kNumericNaN = 0xC000;
constexpr uint16_t kNumericPlusInf = 0xD000;
constexpr uint16_t kNumericMinusInf = 0xF000;
constexpr int kMaxArrayDims = 6;
constexpr size_t kNameDataLen = 64;

void PutU8(std::string& out, uint8_t value) {
  out.push_back(static_cast<char>(value));
}
void PutU16(std::string& out, uint16_t value) {
  out.push_back(static_cast<char>(value >> 8));
  out.push_back(static_cast<char>(value));
}
void PutU32(std::string& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
}
void PutU64(std::string& out, uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
}

[[noreturn]] void Insufficient() {
  ThrowSqlError(SqlState::kProtocolViolation, "insufficient data left in message");
}

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  size_t Remaining() const { return data_.size() - pos_; }
  uint64_t ReadBe(size_t bytes) {
    if (Remaining() < bytes) Insufficient();
    uint64_t value = 0;
    for (size_t i = 0; i < bytes; ++i) value = (value << 8) | static_cast<uint8_t>(data_[pos_ + i]);
    pos_ += bytes;
    return value;
  }
  int16_t ReadI16() { return static_cast<int16_t>(ReadBe(2)); }
  int32_t ReadI32() { return static_cast<int32_t>(ReadBe(4)); }
  int64_t ReadI64() { return static_cast<int64_t>(ReadBe(8)); }
  std::string_view ReadBytes(size_t n) {
    if (Remaining() < n) Insufficient();
    std::string_view out = data_.substr(pos_, n);
    pos_ += n;
    return out;
  }
  std::string_view ReadRest() { return ReadBytes(Remaining()); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

void EncodeNumeric(const Numeric& value, std::string& out) {
  if (value.IsNaN()) {
    PutU16(out, 0);
    PutU16(out, 0);
    PutU16(out, kNumericNaN);
    PutU16(out, 0);
    return;
  }
  const auto& digits = value.digits();
  PutU16(out, static_cast<uint16_t>(digits.size()));
  PutU16(out, static_cast<uint16_t>(static_cast<int16_t>(digits.empty() ? 0 : value.weight())));
  PutU16(out, value.IsNegative() ? kNumericNegative : kNumericPositive);
  PutU16(out, static_cast<uint16_t>(value.dscale()));
  for (int16_t digit : digits) PutU16(out, static_cast<uint16_t>(digit));
}

Numeric DecodeNumeric(Reader& reader) {
  uint16_t count = static_cast<uint16_t>(reader.ReadBe(2));
  int16_t weight = reader.ReadI16();
  uint16_t sign = static_cast<uint16_t>(reader.ReadBe(2));
  uint16_t dscale = static_cast<uint16_t>(reader.ReadBe(2));
  if (sign != kNumericPositive && sign != kNumericNegative && sign != kNumericNaN &&
      sign != kNumericPlusInf && sign != kNumericMinusInf) {
    ThrowSqlError(SqlState::kInvalidBinaryRepresentation,
                  "invalid sign in external \"numeric\" value");
  }
  if ((dscale & 0x3FFF) != dscale) {
    ThrowSqlError(SqlState::kInvalidBinaryRepresentation,
                  "invalid scale in external \"numeric\" value");
  }
  std::vector<int16_t> digits(count);
  for (uint16_t i = 0; i < count; ++i) {
    int16_t digit = reader.ReadI16();
    if (digit < 0 || digit >= Numeric::kBase) {
      ThrowSqlError(SqlState::kInvalidBinaryRepresentation,
                    "invalid digit in external \"numeric\" value");
    }
    digits[i] = digit;
  }
  if (sign == kNumericNaN) return Numeric::NaN();
  if (sign == kNumericPlusInf || sign == kNumericMinusInf) {
    ThrowSqlError(SqlState::kFeatureNotSupported, "numeric infinity is not supported");
  }
  return Numeric::FromParts(
      sign == kNumericNegative ? Numeric::Sign::kNegative : Numeric::Sign::kPositive, weight,
      dscale, std::move(digits));
}

void EncodeArray(const Value& value, std::string& out) {
  const ArrayValue& array = value.GetArray();
  bool has_null = false;
  for (const Value& element : array.elements) has_null |= element.IsNull();
  PutU32(out, array.elements.empty() ? 0 : 1);
  PutU32(out, has_null ? 1 : 0);
  PutU32(out, array.element_type);
  if (array.elements.empty()) return;
  PutU32(out, static_cast<uint32_t>(array.elements.size()));
  PutU32(out, 1);
  for (const Value& element : array.elements) {
    if (element.IsNull()) {
      PutU32(out, 0xFFFFFFFFu);
      continue;
    }
    size_t length_at = out.size();
    PutU32(out, 0);
    EncodeBinary(element, out);
    uint32_t length = static_cast<uint32_t>(out.size() - length_at - 4);
    for (int k = 0; k < 4; ++k) out[length_at + k] = static_cast<char>(length >> (24 - 8 * k));
  }
}

Value DecodeValue(Oid type, int32_t typmod, Reader& reader);

Value DecodeArray(Oid array_type, int32_t typmod, Reader& reader) {
  Oid expected_element = ArrayElementType(array_type);
  int32_t ndim = reader.ReadI32();
  int32_t flags = reader.ReadI32();
  Oid element_type = static_cast<Oid>(reader.ReadBe(4));
  if (ndim < 0) {
    ThrowSqlError(SqlState::kInvalidBinaryRepresentation, "invalid number of dimensions: {}", ndim);
  }
  if (ndim > kMaxArrayDims) {
    ThrowSqlError(SqlState::kProgramLimitExceeded,
                  "number of array dimensions ({}) exceeds the maximum allowed ({})", ndim,
                  kMaxArrayDims);
  }
  if (flags != 0 && flags != 1) {
    ThrowSqlError(SqlState::kInvalidBinaryRepresentation, "invalid array flags");
  }
  if (element_type != expected_element) {
    const TypeInfo* got = FindType(element_type);
    const TypeInfo* want = FindType(expected_element);
    ThrowSqlError(SqlState::kDatatypeMismatch,
                  "binary data has array element type {} ({}) instead of expected {} ({})",
                  element_type, got != nullptr ? got->name : "unknown", expected_element,
                  want != nullptr ? want->name : "unknown");
  }
  if (ndim > 1) {
    ThrowSqlError(SqlState::kFeatureNotSupported, "multidimensional arrays are not supported");
  }
  std::vector<Value> elements;
  if (ndim == 1) {
    int32_t count = reader.ReadI32();
    int32_t lower_bound = reader.ReadI32();
    if (count < 0) {
      ThrowSqlError(SqlState::kInvalidBinaryRepresentation, "invalid array dimensions");
    }
    int32_t upper = 0;
    if (__builtin_add_overflow(lower_bound, count, &upper)) {
      ThrowSqlError(SqlState::kProgramLimitExceeded, "array upper bound is too large: {}", count);
    }
    // Every element needs at least its 4-byte length word.
    if (static_cast<size_t>(count) > reader.Remaining() / 4) Insufficient();
    elements.reserve(static_cast<size_t>(count));
    for (int32_t i = 0; i < count; ++i) {
      int32_t length = reader.ReadI32();
      if (length == -1) {
        elements.push_back(Value::Null(element_type));
        continue;
      }
      if (length < -1 || static_cast<size_t>(length) > reader.Remaining()) {
        ThrowSqlError(SqlState::kInvalidBinaryRepresentation, "insufficient data left in message");
      }
      Reader element_reader(reader.ReadBytes(static_cast<size_t>(length)));
      Value element = DecodeValue(element_type, typmod, element_reader);
      if (element_reader.Remaining() != 0) {
        ThrowSqlError(SqlState::kInvalidBinaryRepresentation,
                      "improper binary format in array element {}", i + 1);
      }
      elements.push_back(std::move(element));
    }
  }
  return Value::Array(element_type, std::move(elements), array_type);
}

Value DecodeValue(Oid type, int32_t typmod, Reader& reader) {
  switch (type) {
    case kBool:
      return Value::Bool(reader.ReadBe(1) != 0);
    case kInt2:
      return Value::Int2(reader.ReadI16());
    case kInt4:
      return Value::Int4(reader.ReadI32());
    case kInt8:
      return Value::Int8(reader.ReadI64());
    case kOid:
    case kRegproc:
    case kRegclass:
    case kRegtype:
    case kRegnamespace:
      return Value::OidValue(static_cast<Oid>(reader.ReadBe(4)), type);
    case kFloat4:
      return Value::Float4(std::bit_cast<float>(static_cast<uint32_t>(reader.ReadBe(4))));
    case kFloat8:
      return Value::Float8(std::bit_cast<double>(reader.ReadBe(8)));
    case kNumeric:
      return Value::FromNumeric(DecodeNumeric(reader).ApplyTypmod(typmod));
    case kChar:
      return Value::Text(std::string(reader.ReadBytes(1)), kChar);
    case kName: {
      std::string_view text = reader.ReadRest();
      CheckUtf8(text);
      if (text.size() >= kNameDataLen) {
        throw SqlError(SqlState::kNameTooLong, "identifier too long")
            .WithDetail(fmt::format("Identifier must be less than {} characters.", kNameDataLen));
      }
      return Value::Text(std::string(text), kName);
    }
    case kText:
    case kUnknown:
    case kXml: {
      std::string_view text = reader.ReadRest();
      CheckUtf8(text);
      return Value::Text(std::string(text), type);
    }
    case kVarchar:
    case kBpchar: {
      std::string_view text = reader.ReadRest();
      CheckUtf8(text);
      return Value::Text(ApplyStringTypmod(type, typmod, std::string(text), LengthMode::kCheck),
                         type);
    }
    case kBytea:
      return Value::Bytea(std::string(reader.ReadRest()));
    case kUuid: {
      std::string_view bytes = reader.ReadBytes(16);
      Uuid uuid;
      std::memcpy(uuid.data(), bytes.data(), 16);
      return Value::FromUuid(uuid);
    }
    case kJson: {
      std::string_view text = reader.ReadRest();
      CheckUtf8(text);
      ValidateJson(text);
      return Value::Text(std::string(text), kJson);
    }
    case kJsonb: {
      uint64_t version = reader.ReadBe(1);
      if (version != 1) {
        ThrowSqlError(SqlState::kInvalidBinaryRepresentation, "unsupported jsonb version number {}",
                      version);
      }
      std::string_view text = reader.ReadRest();
      CheckUtf8(text);
      return Value::Text(NormalizeJsonb(text), kJsonb);
    }
    case kDate: {
      int32_t days = reader.ReadI32();
      if (days != kDateMinusInfinity && days != kDatePlusInfinity && !IsValidDate(days)) {
        ThrowSqlError(SqlState::kDatetimeFieldOverflow, "date out of range");
      }
      return Value::Date(days);
    }
    case kTime: {
      int64_t micros = reader.ReadI64();
      if (micros < 0 || micros > kUsPerDay) {
        ThrowSqlError(SqlState::kDatetimeFieldOverflow, "time out of range");
      }
      return Value::Time(AdjustTimeForTypmod(micros, typmod));
    }
    case kTimestamp:
    case kTimestamptz: {
      int64_t micros = reader.ReadI64();
      if (micros != kTimestampMinusInfinity && micros != kTimestampPlusInfinity &&
          !IsValidTimestamp(micros)) {
        ThrowSqlError(SqlState::kDatetimeFieldOverflow, "timestamp out of range");
      }
      return Value::Integer(type, AdjustTimestampForTypmod(micros, typmod));
    }
    case kInterval: {
      Interval interval;
      interval.micros = reader.ReadI64();
      interval.days = reader.ReadI32();
      interval.months = reader.ReadI32();
      return Value::FromInterval(AdjustIntervalForTypmod(interval, typmod));
    }
    default:
      break;
  }
  if (IsArrayType(type)) return DecodeArray(type, typmod, reader);
  const TypeInfo* info = FindType(type);
  ThrowSqlError(SqlState::kFeatureNotSupported, "binary input for type {} is not supported",
                info != nullptr ? std::string(info->name) : std::to_string(type));
}

}  // namespace

void CheckUtf8(std::string_view text) {
  size_t i = 0;
  const size_t n = text.size();
  auto bad = [&](size_t at) {
    // PostgreSQL prints as many bytes as the lead byte announces (one for a byte that cannot
    // start a character).
    unsigned char lead = static_cast<unsigned char>(text[at]);
    size_t announced = (lead & 0xE0) == 0xC0   ? 2
                       : (lead & 0xF0) == 0xE0 ? 3
                       : (lead & 0xF8) == 0xF0 ? 4
                                               : 1;
    std::string bytes;
    for (size_t k = at; k < n && k < at + announced; ++k) {
      if (!bytes.empty()) bytes += ' ';
      bytes += fmt::format("0x{:02x}", static_cast<unsigned char>(text[k]));
    }
    ThrowSqlError(SqlState::kCharacterNotInRepertoire,
                  "invalid byte sequence for encoding \"UTF8\": {}", bytes);
  };
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c == 0) bad(i);
      ++i;
      continue;
    }
    size_t length;
    uint32_t min_code;
    uint32_t code;
    if ((c & 0xE0) == 0xC0) {
      length = 2, min_code = 0x80, code = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3, min_code = 0x800, code = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4, min_code = 0x10000, code = c & 0x07;
    } else {
      bad(i);
    }
    if (i + length > n) bad(i);
    for (size_t k = 1; k < length; ++k) {
      unsigned char cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) bad(i);
      code = (code << 6) | (cc & 0x3F);
    }
    if (code < min_code || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) bad(i);
    i += length;
  }
}

void EncodeBinary(const Value& value, std::string& out) {
  if (value.IsNull()) return;
  switch (value.type()) {
    case kBool:
      PutU8(out, value.GetBool() ? 1 : 0);
      return;
    case kInt2:
      PutU16(out, static_cast<uint16_t>(value.GetInt()));
      return;
    case kInt4:
    case kOid:
    case kRegproc:
    case kRegclass:
    case kRegtype:
    case kRegnamespace:
    case kDate:
      PutU32(out, static_cast<uint32_t>(value.GetInt()));
      return;
    case kInt8:
    case kTime:
    case kTimestamp:
    case kTimestamptz:
      PutU64(out, static_cast<uint64_t>(value.GetInt()));
      return;
    case kFloat4:
      PutU32(out, std::bit_cast<uint32_t>(static_cast<float>(value.GetFloat())));
      return;
    case kFloat8:
      PutU64(out, std::bit_cast<uint64_t>(value.GetFloat()));
      return;
    case kNumeric:
      EncodeNumeric(value.GetNumeric(), out);
      return;
    case kUuid:
      out.append(reinterpret_cast<const char*>(value.GetUuid().data()), 16);
      return;
    case kInterval: {
      const Interval& interval = value.GetInterval();
      PutU64(out, static_cast<uint64_t>(interval.micros));
      PutU32(out, static_cast<uint32_t>(interval.days));
      PutU32(out, static_cast<uint32_t>(interval.months));
      return;
    }
    case kChar:
      PutU8(out, value.GetString().empty() ? 0 : static_cast<uint8_t>(value.GetString()[0]));
      return;
    case kJsonb:
      PutU8(out, 1);
      out += value.GetString();
      return;
    default:
      break;
  }
  switch (value.kind()) {
    case Value::Kind::kString:
      out += value.GetString();
      return;
    case Value::Kind::kArray:
      EncodeArray(value, out);
      return;
    case Value::Kind::kBool:
      PutU8(out, value.GetBool() ? 1 : 0);
      return;
    case Value::Kind::kInt:
      PutU64(out, static_cast<uint64_t>(value.GetInt()));
      return;
    case Value::Kind::kFloat:
      PutU64(out, std::bit_cast<uint64_t>(value.GetFloat()));
      return;
    case Value::Kind::kNumeric:
      EncodeNumeric(value.GetNumeric(), out);
      return;
    case Value::Kind::kUuid:
      out.append(reinterpret_cast<const char*>(value.GetUuid().data()), 16);
      return;
    case Value::Kind::kInterval:
    case Value::Kind::kNull:
      return;
  }
}

Value DecodeBinary(Oid type, int32_t typmod, std::string_view bytes) {
  Reader reader(bytes);
  Value value = DecodeValue(type, typmod, reader);
  if (reader.Remaining() != 0) {
    ThrowSqlError(SqlState::kInvalidBinaryRepresentation, "incorrect binary data format");
  }
  return value;
}

}  // namespace sb::types
