// Text input and output of interval values (IntervalStyle "postgres").
//
// Called by text_io and casts on worker threads. Input: "1 day 02:00:00", "5 minutes",
// "-1 day 2 hours", "1.5 days", "@ 1 day ago", "1-2" (years-months), "3 4:05:06",
// ISO 8601 "P1Y2M3DT4H5M6S", a bare number of seconds. Output as PostgreSQL:
// "1 year 2 mons 3 days 04:05:06.789", "-1 days +02:00:00", "00:00:00".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "shared/types/value.h"

namespace sb::types {

// 22007 invalid syntax, 22008 "interval field value out of range" / "interval out of range".
Interval ParseInterval(std::string_view text, int32_t typmod);
void AppendInterval(std::string& out, const Interval& value);
// Interval typmods restrict the fields kept ("interval year to month") and the fractional
// second precision ("interval(3)").
Interval AdjustIntervalForTypmod(const Interval& value, int32_t typmod);

}  // namespace sb::types
