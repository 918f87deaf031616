// How column types map onto JSON kinds in documents; shared by the encoder and decoder.
#pragma once

#include "shared/types/pg_type.h"

namespace sb::storage {

// Integer-represented types written as JSON numbers (dates and times are strings).
inline bool IsJsonNumberType(types::Oid oid) {
  switch (oid) {
    case types::kInt2:
    case types::kInt4:
    case types::kInt8:
    case types::kOid:
    case types::kRegproc:
    case types::kRegclass:
    case types::kRegtype:
    case types::kRegnamespace:
      return true;
    default:
      return false;
  }
}

// Types that accept a JSON number when decoding.
inline bool AcceptsJsonNumber(types::Oid oid) {
  return IsJsonNumberType(oid) || oid == types::kFloat4 || oid == types::kFloat8 ||
         oid == types::kNumeric;
}

inline bool IsJsonType(types::Oid oid) {
  return oid == types::kJson || oid == types::kJsonb;
}

}  // namespace sb::storage
