// FormatSettings: the session settings that change how values are read and written as text
// (DateStyle, TimeZone, extra_float_digits, bytea_output, IntervalStyle) plus the statement's
// notion of "now".
//
// Owned by the session (worker connection state); passed by const reference into the text
// codecs and casts. The time zone pointer refers to a cached, immortal TimeZone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sb::types {

class TimeZone;

// Field order for ambiguous numeric dates ("01/02/03"); output is always ISO.
enum class DateOrder : uint8_t { kMdy, kDmy, kYmd };

enum class ByteaOutput : uint8_t { kHex, kEscape };

struct FormatSettings {
  DateOrder date_order = DateOrder::kMdy;
  const TimeZone* time_zone = nullptr;  // nullptr means UTC
  // PostgreSQL's extra_float_digits: > 0 shortest exact output, otherwise %.{15+n}g.
  int extra_float_digits = 1;
  ByteaOutput bytea_output = ByteaOutput::kHex;
  // Transaction start time (µs since 2000-01-01 UTC) for 'now', 'today', ...; the system clock
  // is read when unset.
  std::optional<int64_t> now;

  const TimeZone& zone() const;
  int64_t NowMicros() const;
};

// Parses a DateStyle setting ("ISO, MDY", "iso,dmy", "DMY") into `settings`.
// Only ISO output is supported: false for another output style or an unknown word.
bool ParseDateStyle(std::string_view text, FormatSettings* settings);
// "ISO, MDY" etc., for SHOW DateStyle.
std::string DateStyleName(const FormatSettings& settings);

// The system clock as µs since 2000-01-01 UTC.
int64_t CurrentTimeMicros();

}  // namespace sb::types
