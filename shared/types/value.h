// Value: one SQL datum (a type OID plus NULL or a payload) as the executor passes it around.
//
// Created and consumed by worker threads on the hot path (expression evaluation, row
// encoding), so it is a small tagged union that is cheap to move; arrays are shared immutably
// (std::shared_ptr<const ArrayValue>) so copying an array value does not copy its elements.
// Payload representations are PostgreSQL's internal ones, which are also its binary wire
// formats:
//   bool                       bool
//   int2/int4/int8/oid/reg*    int64_t
//   float4/float8              double (a float4 holds a value exactly representable as float)
//   numeric                    Numeric
//   text/varchar/bpchar/name/"char"/json/jsonb/xml/unknown: std::string (jsonb: normalised text)
//   bytea                      std::string of raw bytes
//   uuid                       Uuid
//   date                       int64_t days since 2000-01-01 (±infinity: INT32_MIN / INT32_MAX)
//   time                       int64_t microseconds since midnight
//   timestamp/timestamptz      int64_t µs since 2000-01-01 00:00 (UTC for timestamptz);
//                              ±infinity: INT64_MIN / INT64_MAX
//   interval                   Interval
//   arrays (1-D)               std::shared_ptr<const ArrayValue>
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "shared/types/calendar.h"
#include "shared/types/numeric.h"
#include "shared/types/pg_type.h"

namespace sb::types {

using Uuid = std::array<uint8_t, 16>;

struct Interval {
  int64_t micros = 0;  // time part, not normalised into days
  int32_t days = 0;
  int32_t months = 0;
  bool operator==(const Interval&) const = default;
};

class Value;

// A one-dimensional array (lower bound 1). Elements are Values of element_type or NULL.
struct ArrayValue {
  Oid element_type = kInvalidOid;
  std::vector<Value> elements;
};

class Value {
 public:
  enum class Kind : uint8_t {
    kNull,
    kBool,
    kInt,
    kFloat,
    kNumeric,
    kString,
    kUuid,
    kInterval,
    kArray
  };

  // NULL of type unknown.
  Value() = default;

  static Value Null(Oid type) { return Value(type, Payload()); }
  static Value Bool(bool value) { return Value(kBool, value); }
  static Value Int2(int16_t value) { return Value(kInt2, static_cast<int64_t>(value)); }
  static Value Int4(int32_t value) { return Value(kInt4, static_cast<int64_t>(value)); }
  static Value Int8(int64_t value) { return Value(kInt8, value); }
  // oid, regclass, regtype, regproc, regnamespace.
  static Value OidValue(Oid value, Oid type = kOid) {
    return Value(type, static_cast<int64_t>(value));
  }
  static Value Float4(float value) { return Value(kFloat4, static_cast<double>(value)); }
  static Value Float8(double value) { return Value(kFloat8, value); }
  static Value FromNumeric(Numeric value) { return Value(kNumeric, std::move(value)); }
  // text, varchar, bpchar, name, "char", json, jsonb (normalised), xml, unknown.
  static Value Text(std::string value, Oid type = kText) { return Value(type, std::move(value)); }
  static Value Bytea(std::string bytes) { return Value(kBytea, std::move(bytes)); }
  static Value FromUuid(const Uuid& value) { return Value(kUuid, value); }
  static Value Date(int32_t days) { return Value(kDate, static_cast<int64_t>(days)); }
  static Value Time(int64_t micros) { return Value(kTime, micros); }
  static Value Timestamp(int64_t micros) { return Value(kTimestamp, micros); }
  static Value Timestamptz(int64_t micros) { return Value(kTimestamptz, micros); }
  static Value FromInterval(const Interval& value) { return Value(kInterval, value); }
  // array_type 0 means "the array type of element_type".
  static Value Array(Oid element_type, std::vector<Value> elements, Oid array_type = 0);
  static Value FromArray(Oid array_type, std::shared_ptr<const ArrayValue> array) {
    return Value(array_type, std::move(array));
  }
  // Generic integer of any integer-represented type (int2/4/8, oid, reg*, date, time, ts).
  static Value Integer(Oid type, int64_t value) { return Value(type, value); }
  static Value Double(Oid type, double value) { return Value(type, value); }

  Oid type() const { return type_; }
  // Relabels (binary-coercible casts such as varchar → text, oid → regclass).
  void set_type(Oid type) { type_ = type; }
  Value WithType(Oid type) const& {
    Value copy = *this;
    copy.type_ = type;
    return copy;
  }
  Value WithType(Oid type) && {
    type_ = type;
    return std::move(*this);
  }

  bool IsNull() const { return data_.index() == 0; }
  Kind kind() const { return static_cast<Kind>(data_.index()); }

  // Accessors throw std::bad_variant_access on a kind mismatch (a programming error).
  bool GetBool() const { return std::get<bool>(data_); }
  int64_t GetInt() const { return std::get<int64_t>(data_); }
  double GetFloat() const { return std::get<double>(data_); }
  const Numeric& GetNumeric() const { return std::get<Numeric>(data_); }
  const std::string& GetString() const { return std::get<std::string>(data_); }
  std::string TakeString() && { return std::move(std::get<std::string>(data_)); }
  const Uuid& GetUuid() const { return std::get<Uuid>(data_); }
  const Interval& GetInterval() const { return std::get<Interval>(data_); }
  const ArrayValue& GetArray() const { return *std::get<std::shared_ptr<const ArrayValue>>(data_); }
  const std::shared_ptr<const ArrayValue>& GetArrayPtr() const {
    return std::get<std::shared_ptr<const ArrayValue>>(data_);
  }

  // Structural equality (same type, same payload; NULL equals NULL; NaN equals NaN).
  // SQL comparison semantics live in compare.h.
  bool operator==(const Value& other) const;

  // For test failures and logs: "int4:42", "text:'abc'", "NULL::int4".
  std::string DebugString() const;

 private:
  using Payload = std::variant<std::monostate, bool, int64_t, double, Numeric, std::string, Uuid,
                               Interval, std::shared_ptr<const ArrayValue>>;

  template <typename T>
  Value(Oid type, T&& payload) : data_(std::forward<T>(payload)), type_(type) {}

  Payload data_;
  Oid type_ = kUnknown;
};

}  // namespace sb::types
