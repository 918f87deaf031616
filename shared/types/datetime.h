// Text input and output of date, time, timestamp and timestamptz in PostgreSQL's ISO style.
//
// Called by text_io (and casts) on worker threads. Input accepts the ISO forms
// ("2024-02-29", "2024-02-29 23:59:58.123456", "2024-02-29T23:59:58+05:30", "... Z",
// "... Europe/Berlin"), numeric dates in the session's field order ("02/29/2024"),
// month names ("Feb 29 2024", "29-Feb-2024"), BC/AD, AM/PM, and the special words epoch,
// infinity, -infinity, now, today, tomorrow, yesterday, allballs. Errors carry PostgreSQL's
// SQLSTATEs and wording (22007 invalid syntax, 22008 field out of range, 22023 unknown zone).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "shared/types/format_settings.h"

namespace sb::types {

class TimeZone;

// Typmod (fractional-second precision 0..6) rounding, half away from zero, as PostgreSQL.
// -1 leaves the value alone. Timestamps that leave the valid range raise 22008.
int64_t AdjustTimestampForTypmod(int64_t micros, int32_t typmod);
int64_t AdjustTimeForTypmod(int64_t micros, int32_t typmod);

int32_t ParseDate(std::string_view text, const FormatSettings& settings);
int64_t ParseTime(std::string_view text, int32_t typmod, const FormatSettings& settings);
int64_t ParseTimestamp(std::string_view text, int32_t typmod, const FormatSettings& settings);
int64_t ParseTimestamptz(std::string_view text, int32_t typmod, const FormatSettings& settings);

void AppendDate(std::string& out, int32_t days);
void AppendTime(std::string& out, int64_t micros);
void AppendTimestamp(std::string& out, int64_t micros);
void AppendTimestamptz(std::string& out, int64_t micros, const TimeZone& zone);
// "+05:30", "-08", "+00:53:28" as PostgreSQL appends to timestamptz output.
void AppendUtcOffset(std::string& out, int32_t seconds_east);

}  // namespace sb::types
