// Document keys: the file stem of a row ("42", "019363e8-7c1a-7d5e-8f00-1b2c3d4e5f60",
// "alice%40example.com") from its primary-key value(s), and back.
//
// Pure functions used by the coordinator (naming the file a write goes to) and by workers and
// recovery (turning a directory listing back into keys). Each key value has exactly one stem,
// so equal keys can never name two files: integers are plain decimal, uuids canonical lower
// case, text goes through EncodeName, numerics drop trailing fractional zeros, -0 is 0.
// Composite keys join the encoded parts with "," (a "," inside a part is encoded). Stems longer
// than kMaxComponentBytes are shortened with a hash like EncodeName (they cannot be decoded:
// the caller reads the key from the document). Tables without a primary key name their rows
// with a hidden UUIDv7.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shared/types/value.h"

namespace sb::storage {

// The type of one primary-key column.
struct KeyColumn {
  types::Oid type = types::kInvalidOid;
  int32_t typmod = -1;
};

// Types a primary key may have: integers, text types, uuid, numeric, floats, bool, date, time,
// timestamp(tz), bytea. (interval and jsonb equality is not textual, arrays and json have no
// stable single spelling.)
bool IsSupportedKeyType(types::Oid type);

// The stem for a row's key values, one per key column in key order. Throws SqlError 23502 for
// a NULL part, 0A000 for an unsupported type, XX000 for no parts.
std::string EncodeKeyStem(std::span<const types::Value> parts);
std::string EncodeKeyStem(const types::Value& single);

enum class KeyStemStatus {
  kOk,       // values holds the key
  kHashed,   // a shortened stem: the key must be read from the document
  kInvalid,  // not a stem EncodeKeyStem produces for these column types
};

struct DecodedKey {
  KeyStemStatus status = KeyStemStatus::kInvalid;
  std::vector<types::Value> values;
};

DecodedKey DecodeKeyStem(std::string_view stem, std::span<const KeyColumn> columns);

// The stem for a new row of a table without a primary key (a fresh UUIDv7, canonical text).
std::string NewHiddenRowKey();

}  // namespace sb::storage
