#include "shared/storage/document_key.h"

#include <cmath>

#include "shared/errors/sql_error.h"
#include "shared/storage/name_encoding.h"
#include "shared/storage/value_text.h"
#include "shared/types/text_io.h"
#include "shared/types/uuid_gen.h"

namespace sb::storage {
namespace {

using types::Value;

// Numeric text without trailing fractional zeros: 1.50 and 1.5 are the same key.
void AppendCanonicalNumeric(const types::Numeric& numeric, std::string& out) {
  size_t start = out.size();
  numeric.AppendTo(out);
  if (out.find('.', start) == std::string::npos) return;
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
}

std::string EncodeKeyPart(const Value& part) {
  if (part.IsNull()) {
    ThrowSqlError(SqlState::kNotNullViolation, "a primary key value must not be NULL");
  }
  if (!IsSupportedKeyType(part.type())) {
    const types::TypeInfo* info = types::FindType(part.type());
    ThrowSqlError(SqlState::kFeatureNotSupported, "primary keys of type {} are not supported",
                  info != nullptr ? std::string(info->sql_name) : std::to_string(part.type()));
  }
  std::string text;
  switch (part.type()) {
    case types::kInt2:
    case types::kInt4:
    case types::kInt8:
    case types::kUuid:
      AppendStorageText(part, text);
      return text;  // digits, '-' and hex only: nothing to encode
    case types::kNumeric:
      AppendCanonicalNumeric(part.GetNumeric(), text);
      break;
    case types::kFloat4:
    case types::kFloat8:
      if (part.GetFloat() == 0.0) {
        text = "0";  // -0 = 0
        break;
      }
      AppendStorageText(part, text);
      break;
    default:
      AppendStorageText(part, text);
      break;
  }
  return EncodeNameUnbounded(text);
}

}  // namespace

bool IsSupportedKeyType(types::Oid type) {
  switch (type) {
    case types::kInt2:
    case types::kInt4:
    case types::kInt8:
    case types::kText:
    case types::kVarchar:
    case types::kBpchar:
    case types::kName:
    case types::kChar:
    case types::kUuid:
    case types::kNumeric:
    case types::kFloat4:
    case types::kFloat8:
    case types::kBool:
    case types::kDate:
    case types::kTime:
    case types::kTimestamp:
    case types::kTimestamptz:
    case types::kBytea:
    case types::kOid:
      return true;
    default:
      return false;
  }
}

std::string EncodeKeyStem(std::span<const Value> parts) {
  if (parts.empty()) ThrowSqlError(SqlState::kInternalError, "a document key has no parts");
  std::string stem;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) stem.push_back(',');
    stem += EncodeKeyPart(parts[i]);
  }
  std::string full = stem;
  return BoundComponent(std::move(stem), full);
}

std::string EncodeKeyStem(const Value& single) {
  return EncodeKeyStem(std::span<const Value>(&single, 1));
}

DecodedKey DecodeKeyStem(std::string_view stem, std::span<const KeyColumn> columns) {
  DecodedKey result;
  if (stem.empty() || stem.size() > kMaxComponentBytes || columns.empty()) return result;
  size_t tilde = stem.find('~');
  if (tilde != std::string_view::npos) {
    // Shortened: "<cut encoding>~<16 hex>" and nothing else.
    bool shape = tilde + kHashSuffixBytes == stem.size() && stem.size() + 2 >= kMaxComponentBytes;
    for (char c : stem.substr(tilde + 1)) {
      shape = shape && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }
    if (shape) result.status = KeyStemStatus::kHashed;
    return result;
  }
  result.values.reserve(columns.size());
  size_t start = 0;
  for (size_t i = 0; i < columns.size(); ++i) {
    size_t comma = stem.find(',', start);
    bool last = i + 1 == columns.size();
    if (last != (comma == std::string_view::npos)) return result;  // wrong number of parts
    std::string_view part = stem.substr(start, last ? std::string_view::npos : comma - start);
    start = comma + 1;
    std::optional<std::string> text = DecodeName(part);
    if (!text.has_value()) return result;
    try {
      Value value = ParseStorageText(columns[i].type, columns[i].typmod, *text);
      if (!IsSupportedKeyType(value.type()) || EncodeKeyPart(value) != part) return result;
      result.values.push_back(std::move(value));
    } catch (const SqlError&) {
      return result;
    }
  }
  result.status = KeyStemStatus::kOk;
  return result;
}

std::string NewHiddenRowKey() {
  std::string out;
  types::AppendUuid(out, types::NewUuidV7());
  return out;
}

}  // namespace sb::storage
