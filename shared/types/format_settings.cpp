#include "shared/types/format_settings.h"

#include <chrono>

#include "shared/types/calendar.h"
#include "shared/types/time_zone.h"

namespace sb::types {

const TimeZone& FormatSettings::zone() const {
  return time_zone != nullptr ? *time_zone : *TimeZone::Utc();
}

int64_t FormatSettings::NowMicros() const {
  return now ? *now : CurrentTimeMicros();
}

int64_t CurrentTimeMicros() {
  auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  int64_t unix_micros = std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count();
  return unix_micros - kUnixToPostgresSeconds * kUsPerSecond;
}

bool ParseDateStyle(std::string_view text, FormatSettings* settings) {
  DateOrder order = settings->date_order;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string_view word = text.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    while (!word.empty() && (word.front() == ' ' || word.front() == '\t')) word.remove_prefix(1);
    while (!word.empty() && (word.back() == ' ' || word.back() == '\t')) word.remove_suffix(1);
    std::string lower(word);
    for (char& c : lower) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (lower == "iso" || lower == "default") {
      // ISO output is the only style.
    } else if (lower == "mdy" || lower == "us" || lower == "noneuropean" ||
               lower == "non-european") {
      order = DateOrder::kMdy;
    } else if (lower == "dmy" || lower == "euro" || lower == "european") {
      order = DateOrder::kDmy;
    } else if (lower == "ymd") {
      order = DateOrder::kYmd;
    } else {
      return false;
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  settings->date_order = order;
  return true;
}

std::string DateStyleName(const FormatSettings& settings) {
  switch (settings.date_order) {
    case DateOrder::kMdy:
      return "ISO, MDY";
    case DateOrder::kDmy:
      return "ISO, DMY";
    case DateOrder::kYmd:
      return "ISO, YMD";
  }
  return "ISO, MDY";
}

}  // namespace sb::types
