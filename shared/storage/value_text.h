// The text SmarterBase stores for scalar values that JSON cannot carry natively: dates and
// times in ISO 8601 ("T" separator, "Z" for timestamptz in UTC), numeric digits, uuid, bytea
// hex, interval in PostgreSQL's style. Also the text of document-key parts.
//
// Pure functions used by document_codec and document_key on any thread. The text is
// independent of session settings so files look the same whoever wrote them.
#pragma once

#include <string>
#include <string_view>

#include "shared/types/format_settings.h"
#include "shared/types/value.h"

namespace sb::storage {

// The settings used to read values back from storage text: ISO, UTC, MDY for hand-typed
// ambiguous dates, shortest float output.
const types::FormatSettings& StorageFormatSettings();

// Appends the storage text of a non-NULL scalar (not an array, not json).
// Throws SqlError 0A000 for a type without a storage form.
void AppendStorageText(const types::Value& value, std::string& out);

// Parses storage text (or anything PostgreSQL's input function accepts) as `type`/`typmod`.
// Throws what types::ParseText throws.
types::Value ParseStorageText(types::Oid type, int32_t typmod, std::string_view text);

}  // namespace sb::storage
