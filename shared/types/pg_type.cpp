#include "shared/types/pg_type.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace sb::types {
namespace {

// Values copied from PostgreSQL 15's pg_type catalogue.
constexpr TypeInfo kTypes[] = {
    {kBool, "bool", "boolean", 1, 'B', kBoolArray, 0, true, 'c', true},
    {kBytea, "bytea", "bytea", -1, 'U', kByteaArray, 0, false, 'i', false},
    {kChar, "char", "\"char\"", 1, 'Z', kCharArray, 0, true, 'c', false},
    {kName, "name", "name", 64, 'S', kNameArray, kChar, false, 'c', false},
    {kInt8, "int8", "bigint", 8, 'N', kInt8Array, 0, true, 'd', false},
    {kInt2, "int2", "smallint", 2, 'N', kInt2Array, 0, true, 's', false},
    {kInt2Vector, "int2vector", "int2vector", -1, 'A', 1006, kInt2, false, 'i', false},
    {kInt4, "int4", "integer", 4, 'N', kInt4Array, 0, true, 'i', false},
    {kRegproc, "regproc", "regproc", 4, 'N', kRegprocArray, 0, true, 'i', false},
    {kText, "text", "text", -1, 'S', kTextArray, 0, false, 'i', true},
    {kOid, "oid", "oid", 4, 'N', kOidArray, 0, true, 'i', true},
    {kOidVector, "oidvector", "oidvector", -1, 'A', 1013, kOid, false, 'i', false},
    {kJson, "json", "json", -1, 'U', kJsonArray, 0, false, 'i', false},
    {kXml, "xml", "xml", -1, 'U', kXmlArray, 0, false, 'i', false},
    {kFloat4, "float4", "real", 4, 'N', kFloat4Array, 0, true, 'i', false},
    {kFloat8, "float8", "double precision", 8, 'N', kFloat8Array, 0, true, 'd', true},
    {kUnknown, "unknown", "unknown", -2, 'X', 0, 0, false, 'c', false},
    {kBpchar, "bpchar", "character", -1, 'S', kBpcharArray, 0, false, 'i', false},
    {kVarchar, "varchar", "character varying", -1, 'S', kVarcharArray, 0, false, 'i', false},
    {kDate, "date", "date", 4, 'D', kDateArray, 0, true, 'i', false},
    {kTime, "time", "time without time zone", 8, 'D', kTimeArray, 0, true, 'd', false},
    {kTimestamp, "timestamp", "timestamp without time zone", 8, 'D', kTimestampArray, 0, true, 'd',
     false},
    {kTimestamptz, "timestamptz", "timestamp with time zone", 8, 'D', kTimestamptzArray, 0, true,
     'd', true},
    {kInterval, "interval", "interval", 16, 'T', kIntervalArray, 0, false, 'd', true},
    {kNumeric, "numeric", "numeric", -1, 'N', kNumericArray, 0, false, 'i', false},
    {kRegclass, "regclass", "regclass", 4, 'N', kRegclassArray, 0, true, 'i', false},
    {kRegtype, "regtype", "regtype", 4, 'N', kRegtypeArray, 0, true, 'i', false},
    {kUuid, "uuid", "uuid", 16, 'U', kUuidArray, 0, false, 'c', false},
    {kJsonb, "jsonb", "jsonb", -1, 'U', kJsonbArray, 0, false, 'i', false},
    {kRegnamespace, "regnamespace", "regnamespace", 4, 'N', kRegnamespaceArray, 0, true, 'i',
     false},
    // Pseudo-types.
    {kRecord, "record", "record", -1, 'P', kRecordArray, 0, false, 'd', false},
    {kCstring, "cstring", "cstring", -2, 'P', 1263, 0, false, 'c', false},
    {kAny, "any", "\"any\"", 4, 'P', 0, 0, true, 'i', false},
    {kAnyArray, "anyarray", "anyarray", -1, 'P', 0, 0, false, 'd', false},
    {kVoid, "void", "void", 4, 'P', 0, 0, true, 'i', false},
    {kAnyElement, "anyelement", "anyelement", 4, 'P', 0, 0, true, 'i', false},
    {kRecordArray, "_record", "record[]", -1, 'P', 0, kRecord, false, 'd', false},
    {kAnyNonArray, "anynonarray", "anynonarray", 4, 'P', 0, 0, true, 'i', false},
    // Arrays.
    {kXmlArray, "_xml", "xml[]", -1, 'A', 0, kXml, false, 'i', false},
    {kJsonArray, "_json", "json[]", -1, 'A', 0, kJson, false, 'i', false},
    {kBoolArray, "_bool", "boolean[]", -1, 'A', 0, kBool, false, 'i', false},
    {kByteaArray, "_bytea", "bytea[]", -1, 'A', 0, kBytea, false, 'i', false},
    {kCharArray, "_char", "\"char\"[]", -1, 'A', 0, kChar, false, 'i', false},
    {kNameArray, "_name", "name[]", -1, 'A', 0, kName, false, 'i', false},
    {kInt2Array, "_int2", "smallint[]", -1, 'A', 0, kInt2, false, 'i', false},
    {kInt4Array, "_int4", "integer[]", -1, 'A', 0, kInt4, false, 'i', false},
    {kRegprocArray, "_regproc", "regproc[]", -1, 'A', 0, kRegproc, false, 'i', false},
    {kTextArray, "_text", "text[]", -1, 'A', 0, kText, false, 'i', false},
    {kBpcharArray, "_bpchar", "character[]", -1, 'A', 0, kBpchar, false, 'i', false},
    {kVarcharArray, "_varchar", "character varying[]", -1, 'A', 0, kVarchar, false, 'i', false},
    {kInt8Array, "_int8", "bigint[]", -1, 'A', 0, kInt8, false, 'd', false},
    {kFloat4Array, "_float4", "real[]", -1, 'A', 0, kFloat4, false, 'i', false},
    {kFloat8Array, "_float8", "double precision[]", -1, 'A', 0, kFloat8, false, 'd', false},
    {kOidArray, "_oid", "oid[]", -1, 'A', 0, kOid, false, 'i', false},
    {kTimestampArray, "_timestamp", "timestamp without time zone[]", -1, 'A', 0, kTimestamp, false,
     'd', false},
    {kDateArray, "_date", "date[]", -1, 'A', 0, kDate, false, 'i', false},
    {kTimeArray, "_time", "time without time zone[]", -1, 'A', 0, kTime, false, 'd', false},
    {kTimestamptzArray, "_timestamptz", "timestamp with time zone[]", -1, 'A', 0, kTimestamptz,
     false, 'd', false},
    {kIntervalArray, "_interval", "interval[]", -1, 'A', 0, kInterval, false, 'd', false},
    {kNumericArray, "_numeric", "numeric[]", -1, 'A', 0, kNumeric, false, 'i', false},
    {kRegclassArray, "_regclass", "regclass[]", -1, 'A', 0, kRegclass, false, 'i', false},
    {kRegtypeArray, "_regtype", "regtype[]", -1, 'A', 0, kRegtype, false, 'i', false},
    {kUuidArray, "_uuid", "uuid[]", -1, 'A', 0, kUuid, false, 'i', false},
    {kJsonbArray, "_jsonb", "jsonb[]", -1, 'A', 0, kJsonb, false, 'i', false},
    {kRegnamespaceArray, "_regnamespace", "regnamespace[]", -1, 'A', 0, kRegnamespace, false, 'i',
     false},
};

struct Alias {
  std::string_view name;
  Oid oid;
};

// Spellings that are neither a typname nor the format_type() spelling.
constexpr Alias kAliases[] = {
    {"int", kInt4},
    {"integer", kInt4},
    {"smallint", kInt2},
    {"bigint", kInt8},
    {"real", kFloat4},
    {"float", kFloat8},
    {"double precision", kFloat8},
    {"decimal", kNumeric},
    {"dec", kNumeric},
    {"boolean", kBool},
    {"character varying", kVarchar},
    {"char varying", kVarchar},
    {"character", kBpchar},
    {"char", kBpchar},
    {"\"char\"", kChar},
    {"time without time zone", kTime},
    {"timestamp without time zone", kTimestamp},
    {"timestamp with time zone", kTimestamptz},
    {"\"any\"", kAny},
};

}  // namespace

const TypeInfo* FindType(Oid oid) {
  for (const TypeInfo& info : kTypes) {
    if (info.oid == oid) return &info;
  }
  return nullptr;
}

const TypeInfo* FindTypeByName(std::string_view name) {
  if (name.size() > 2 && name.substr(name.size() - 2) == "[]") {
    const TypeInfo* element = FindTypeByName(name.substr(0, name.size() - 2));
    if (element == nullptr || element->array_oid == 0 || IsArrayType(element->oid)) return nullptr;
    return FindType(element->array_oid);
  }
  for (const Alias& alias : kAliases) {
    if (alias.name == name) return FindType(alias.oid);
  }
  for (const TypeInfo& info : kTypes) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

std::span<const TypeInfo> AllTypes() {
  return kTypes;
}

bool IsArrayType(Oid oid) {
  const TypeInfo* info = FindType(oid);
  return info != nullptr && info->category == kCategoryArray && info->element_oid != 0 &&
         oid != kInt2Vector && oid != kOidVector;
}

Oid ArrayElementType(Oid array_oid) {
  return IsArrayType(array_oid) ? FindType(array_oid)->element_oid : 0;
}

Oid ArrayTypeOf(Oid element_oid) {
  const TypeInfo* info = FindType(element_oid);
  return info == nullptr ? 0 : info->array_oid;
}

namespace {

std::string IntervalTypmodSuffix(int32_t typmod) {
  std::string out;
  int32_t range = IntervalRangeFromTypmod(typmod);
  int32_t precision = IntervalPrecisionFromTypmod(typmod);
  switch (range) {
    case kIntervalYear:
      out = " year";
      break;
    case kIntervalMonth:
      out = " month";
      break;
    case kIntervalDay:
      out = " day";
      break;
    case kIntervalHour:
      out = " hour";
      break;
    case kIntervalMinute:
      out = " minute";
      break;
    case kIntervalSecond:
      out = " second";
      break;
    case kIntervalYear | kIntervalMonth:
      out = " year to month";
      break;
    case kIntervalDay | kIntervalHour:
      out = " day to hour";
      break;
    case kIntervalDay | kIntervalHour | kIntervalMinute:
      out = " day to minute";
      break;
    case kIntervalDay | kIntervalHour | kIntervalMinute | kIntervalSecond:
      out = " day to second";
      break;
    case kIntervalHour | kIntervalMinute:
      out = " hour to minute";
      break;
    case kIntervalHour | kIntervalMinute | kIntervalSecond:
      out = " hour to second";
      break;
    case kIntervalMinute | kIntervalSecond:
      out = " minute to second";
      break;
    default:
      break;
  }
  if (precision != kIntervalFullPrecision) out += fmt::format("({})", precision);
  return out;
}

// Scalar (non-array) spelling with the typmod applied.
std::string FormatScalar(const TypeInfo& info, int32_t typmod) {
  switch (info.oid) {
    case kBpchar:
      if (typmod > kVarHdrSz) return fmt::format("character({})", typmod - kVarHdrSz);
      // PostgreSQL: character without a length means character(1), so a typmod-less bpchar is
      // reported by its typname.
      return typmod < 0 ? "bpchar" : "character";
    case kVarchar:
      if (typmod > kVarHdrSz) return fmt::format("character varying({})", typmod - kVarHdrSz);
      return "character varying";
    case kNumeric:
      if (typmod >= kVarHdrSz) {
        return fmt::format("numeric({},{})", NumericPrecisionFromTypmod(typmod),
                           NumericScaleFromTypmod(typmod));
      }
      return "numeric";
    case kTime:
      if (typmod >= 0) return fmt::format("time({}) without time zone", typmod);
      return "time without time zone";
    case kTimestamp:
      if (typmod >= 0) return fmt::format("timestamp({}) without time zone", typmod);
      return "timestamp without time zone";
    case kTimestamptz:
      if (typmod >= 0) return fmt::format("timestamp({}) with time zone", typmod);
      return "timestamp with time zone";
    case kInterval:
      if (typmod >= 0) return "interval" + IntervalTypmodSuffix(typmod);
      return "interval";
    default:
      return std::string(info.sql_name);
  }
}

}  // namespace

std::string FormatType(Oid oid, int32_t typmod) {
  const TypeInfo* info = FindType(oid);
  if (info == nullptr) return "???";
  if (IsArrayType(oid)) {
    const TypeInfo* element = FindType(info->element_oid);
    if (element == nullptr) return std::string(info->sql_name);
    return FormatScalar(*element, typmod) + "[]";
  }
  return FormatScalar(*info, typmod);
}

}  // namespace sb::types
