// COPY ... FROM stdin text format: one row per line, columns separated by tabs, NULL as \N,
// and backslash escapes for the bytes that would otherwise end a field or a row.
//
// Pure functions used by smarterbase-ctl export (one thread). Values are written with their
// PostgreSQL output function under fixed settings (ISO dates, UTC, shortest round-trip floats,
// hex bytea), which PostgreSQL's input functions read back exactly whatever the loading
// session's DateStyle or TimeZone.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "shared/types/format_settings.h"
#include "shared/types/value.h"

namespace sb::ctl {

// The settings values are printed with.
const types::FormatSettings& DumpFormatSettings();

// Appends `text` with \\ \t \n \r (and the other C0 escapes COPY knows) escaped.
void AppendCopyEscaped(std::string_view text, std::string& out);

// Appends one field: \N for NULL, else the escaped text form of the value.
void AppendCopyField(const types::Value& value, std::string& out);

// Appends one row: the fields separated by tabs, ended by a newline.
void AppendCopyRow(const std::vector<types::Value>& row, std::string& out);

}  // namespace sb::ctl
