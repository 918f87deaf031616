// PostgreSQL type catalogue: the OIDs, pg_type attributes and format_type() spellings of the
// built-in types SmarterBase knows about.
//
// Used by every process (parser, planner, executor, wire layer, catalog views). The table is a
// compile-time constant; lookups return pointers into it that stay valid for the program's life.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace sb::types {

using Oid = uint32_t;

inline constexpr Oid kInvalidOid = 0;

// Scalar types.
inline constexpr Oid kBool = 16;
inline constexpr Oid kBytea = 17;
inline constexpr Oid kChar = 18;
inline constexpr Oid kName = 19;
inline constexpr Oid kInt8 = 20;
inline constexpr Oid kInt2 = 21;
inline constexpr Oid kInt2Vector = 22;
inline constexpr Oid kInt4 = 23;
inline constexpr Oid kRegproc = 24;
inline constexpr Oid kText = 25;
inline constexpr Oid kOid = 26;
inline constexpr Oid kOidVector = 30;
inline constexpr Oid kJson = 114;
inline constexpr Oid kXml = 142;
inline constexpr Oid kFloat4 = 700;
inline constexpr Oid kFloat8 = 701;
inline constexpr Oid kUnknown = 705;
inline constexpr Oid kBpchar = 1042;
inline constexpr Oid kVarchar = 1043;
inline constexpr Oid kDate = 1082;
inline constexpr Oid kTime = 1083;
inline constexpr Oid kTimestamp = 1114;
inline constexpr Oid kTimestamptz = 1184;
inline constexpr Oid kInterval = 1186;
inline constexpr Oid kNumeric = 1700;
inline constexpr Oid kRegclass = 2205;
inline constexpr Oid kRegtype = 2206;
inline constexpr Oid kUuid = 2950;
inline constexpr Oid kJsonb = 3802;
inline constexpr Oid kRegnamespace = 4089;

// Pseudo-types.
inline constexpr Oid kRecord = 2249;
inline constexpr Oid kCstring = 2275;
inline constexpr Oid kAny = 2276;
inline constexpr Oid kAnyArray = 2277;
inline constexpr Oid kVoid = 2278;
inline constexpr Oid kAnyElement = 2283;
inline constexpr Oid kRecordArray = 2287;
inline constexpr Oid kAnyNonArray = 2776;

// Array types.
inline constexpr Oid kJsonArray = 199;
inline constexpr Oid kXmlArray = 143;
inline constexpr Oid kBoolArray = 1000;
inline constexpr Oid kByteaArray = 1001;
inline constexpr Oid kCharArray = 1002;
inline constexpr Oid kNameArray = 1003;
inline constexpr Oid kInt2Array = 1005;
inline constexpr Oid kInt4Array = 1007;
inline constexpr Oid kRegprocArray = 1008;
inline constexpr Oid kTextArray = 1009;
inline constexpr Oid kBpcharArray = 1014;
inline constexpr Oid kVarcharArray = 1015;
inline constexpr Oid kInt8Array = 1016;
inline constexpr Oid kFloat4Array = 1021;
inline constexpr Oid kFloat8Array = 1022;
inline constexpr Oid kOidArray = 1028;
inline constexpr Oid kTimestampArray = 1115;
inline constexpr Oid kDateArray = 1182;
inline constexpr Oid kTimeArray = 1183;
inline constexpr Oid kTimestamptzArray = 1185;
inline constexpr Oid kIntervalArray = 1187;
inline constexpr Oid kNumericArray = 1231;
inline constexpr Oid kRegclassArray = 2210;
inline constexpr Oid kRegtypeArray = 2211;
inline constexpr Oid kUuidArray = 2951;
inline constexpr Oid kJsonbArray = 3807;
inline constexpr Oid kRegnamespaceArray = 4090;

// pg_type.typcategory values.
inline constexpr char kCategoryArray = 'A';
inline constexpr char kCategoryBoolean = 'B';
inline constexpr char kCategoryDatetime = 'D';
inline constexpr char kCategoryNumeric = 'N';
inline constexpr char kCategoryPseudo = 'P';
inline constexpr char kCategoryString = 'S';
inline constexpr char kCategoryTimespan = 'T';
inline constexpr char kCategoryUser = 'U';
inline constexpr char kCategoryUnknown = 'X';
inline constexpr char kCategoryInternal = 'Z';

struct TypeInfo {
  Oid oid;
  std::string_view name;      // pg_type.typname, e.g. "int4", "_int4"
  std::string_view sql_name;  // format_type() without modifiers, e.g. "integer", "integer[]"
  int16_t typlen;             // -1 varlena, -2 cstring
  char category;              // pg_type.typcategory
  Oid array_oid;              // pg_type.typarray (0 if none)
  Oid element_oid;            // pg_type.typelem (0 if none)
  bool by_value;              // pg_type.typbyval
  char align;                 // pg_type.typalign: 'c', 's', 'i', 'd'
  bool preferred;             // pg_type.typispreferred
};

// nullptr when the OID is not a built-in type SmarterBase knows.
const TypeInfo* FindType(Oid oid);

// Resolves a type name as the parser hands it over (already lower-cased, quotes removed):
// typnames ("int4", "_int4", "bpchar"), SQL spellings ("integer", "double precision",
// "character varying", "timestamp with time zone"), and aliases ("int", "decimal", "float",
// "bool", "char" meaning character). The quoted spelling "\"char\"" selects the one-byte
// "char" type. A trailing "[]" selects the array type. nullptr when unknown.
const TypeInfo* FindTypeByName(std::string_view name);

// The whole table, for catalog views (pg_type).
std::span<const TypeInfo> AllTypes();

// True for the true array types (typcategory 'A' with an element type and a subscript handler,
// i.e. not int2vector/oidvector).
bool IsArrayType(Oid oid);
// Element type of an array type, 0 for non-arrays.
Oid ArrayElementType(Oid array_oid);
// Array type of an element type, 0 if it has none.
Oid ArrayTypeOf(Oid element_oid);

// PostgreSQL's format_type(oid, typmod) with the typmod given: "character varying(200)",
// "numeric(10,2)", "timestamp(3) with time zone", "integer[]", "bpchar" for character with no
// typmod, "???" for an unknown OID.
std::string FormatType(Oid oid, int32_t typmod);

// Typmod encodings (the 4 is PostgreSQL's VARHDRSZ, kept for wire compatibility).
inline constexpr int32_t kVarHdrSz = 4;
inline constexpr int32_t VarcharTypmod(int32_t max_length) {
  return max_length + kVarHdrSz;
}
inline constexpr int32_t NumericTypmod(int32_t precision, int32_t scale) {
  return ((precision << 16) | (scale & 0x7ff)) + kVarHdrSz;
}
// -1 when the typmod carries no length / precision.
inline constexpr int32_t VarcharLengthFromTypmod(int32_t typmod) {
  return typmod >= kVarHdrSz ? typmod - kVarHdrSz : -1;
}
inline constexpr int32_t NumericPrecisionFromTypmod(int32_t typmod) {
  return typmod >= kVarHdrSz ? ((typmod - kVarHdrSz) >> 16) & 0xffff : -1;
}
// Scale may be negative (numeric(2,-3)), as PostgreSQL 15 allows.
inline constexpr int32_t NumericScaleFromTypmod(int32_t typmod) {
  return ((((typmod - kVarHdrSz) & 0x7ff) ^ 1024) - 1024);
}

// Interval typmods pack a field range mask and a fractional-second precision.
inline constexpr int32_t kIntervalFullRange = 0x7fff;
inline constexpr int32_t kIntervalFullPrecision = 0xffff;
inline constexpr int32_t kIntervalMonth = 1 << 1;
inline constexpr int32_t kIntervalYear = 1 << 2;
inline constexpr int32_t kIntervalDay = 1 << 3;
inline constexpr int32_t kIntervalHour = 1 << 10;
inline constexpr int32_t kIntervalMinute = 1 << 11;
inline constexpr int32_t kIntervalSecond = 1 << 12;
inline constexpr int32_t IntervalTypmod(int32_t precision, int32_t range) {
  return ((range & 0x7fff) << 16) | (precision & 0xffff);
}
inline constexpr int32_t IntervalRangeFromTypmod(int32_t typmod) {
  return typmod < 0 ? kIntervalFullRange : (typmod >> 16) & 0x7fff;
}
inline constexpr int32_t IntervalPrecisionFromTypmod(int32_t typmod) {
  return typmod < 0 ? kIntervalFullPrecision : typmod & 0xffff;
}

}  // namespace sb::types
