#include "shared/types/interval_io.h"

#include <cmath>
#include <cstdlib>
#include <limits>
#include <vector>

#include <fmt/format.h>

#include "shared/errors/sql_error.h"
#include "shared/types/calendar.h"
#include "shared/types/pg_type.h"

namespace sb::types {
namespace {

enum class Unit {
  kMicrosecond,
  kMillisecond,
  kSecond,
  kMinute,
  kHour,
  kDay,
  kWeek,
  kMonth,
  kYear,
  kDecade,
  kCentury,
  kMillennium
};

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

bool UnitFromName(std::string_view name, Unit* unit) {
  struct Entry {
    std::string_view name;
    Unit unit;
  };
  static constexpr Entry kUnits[] = {
      {"microsecond", Unit::kMicrosecond},
      {"microseconds", Unit::kMicrosecond},
      {"usec", Unit::kMicrosecond},
      {"usecs", Unit::kMicrosecond},
      {"us", Unit::kMicrosecond},
      {"millisecond", Unit::kMillisecond},
      {"milliseconds", Unit::kMillisecond},
      {"msec", Unit::kMillisecond},
      {"msecs", Unit::kMillisecond},
      {"ms", Unit::kMillisecond},
      {"second", Unit::kSecond},
      {"seconds", Unit::kSecond},
      {"sec", Unit::kSecond},
      {"secs", Unit::kSecond},
      {"s", Unit::kSecond},
      {"minute", Unit::kMinute},
      {"minutes", Unit::kMinute},
      {"min", Unit::kMinute},
      {"mins", Unit::kMinute},
      {"m", Unit::kMinute},
      {"hour", Unit::kHour},
      {"hours", Unit::kHour},
      {"hr", Unit::kHour},
      {"hrs", Unit::kHour},
      {"h", Unit::kHour},
      {"day", Unit::kDay},
      {"days", Unit::kDay},
      {"d", Unit::kDay},
      {"week", Unit::kWeek},
      {"weeks", Unit::kWeek},
      {"w", Unit::kWeek},
      {"month", Unit::kMonth},
      {"months", Unit::kMonth},
      {"mon", Unit::kMonth},
      {"mons", Unit::kMonth},
      {"year", Unit::kYear},
      {"years", Unit::kYear},
      {"yr", Unit::kYear},
      {"yrs", Unit::kYear},
      {"y", Unit::kYear},
      {"decade", Unit::kDecade},
      {"decades", Unit::kDecade},
      {"dec", Unit::kDecade},
      {"decs", Unit::kDecade},
      {"century", Unit::kCentury},
      {"centuries", Unit::kCentury},
      {"cent", Unit::kCentury},
      {"c", Unit::kCentury},
      {"millennium", Unit::kMillennium},
      {"millennia", Unit::kMillennium},
      {"mil", Unit::kMillennium},
      {"mils", Unit::kMillennium},
  };
  for (const Entry& entry : kUnits) {
    if (entry.name == name) {
      *unit = entry.unit;
      return true;
    }
  }
  return false;
}

class IntervalParser {
 public:
  IntervalParser(std::string_view text, int32_t typmod) : text_(text), typmod_(typmod) {}

  Interval Parse() {
    size_t start = 0;
    while (start < text_.size() && IsSpace(text_[start])) ++start;
    bool iso = start + 1 < text_.size() && (text_[start] == 'P' || text_[start] == 'p');
    if (iso) {
      char next = text_[start + 1];
      iso = IsDigit(next) || next == '-' || next == '+' || next == '.' ||
            ((next == 'T' || next == 't') && start + 2 < text_.size() &&
             (IsDigit(text_[start + 2]) || text_[start + 2] == '.' || text_[start + 2] == '-'));
    }
    if (iso) {
      ParseIso(start + 1);
    } else {
      ParsePostgres(start);
    }
    return Finish();
  }

 private:
  [[noreturn]] void Syntax() const {
    ThrowSqlError(SqlState::kInvalidDatetimeFormat,
                  "invalid input syntax for type interval: \"{}\"", text_);
  }
  [[noreturn]] void FieldRange() const {
    ThrowSqlError(SqlState::kIntervalFieldOverflow, "interval field value out of range: \"{}\"",
                  text_);
  }
  [[noreturn]] static void OutOfRange() {
    ThrowSqlError(SqlState::kDatetimeFieldOverflow, "interval out of range");
  }

  void AddChecked(int64_t* target, int64_t a, int64_t b) {
    int64_t product = 0;
    if (__builtin_mul_overflow(a, b, &product) ||
        __builtin_add_overflow(*target, product, target)) {
      FieldRange();
    }
  }

  // Fractional spill-over into smaller fields, as PostgreSQL's AdjustFract* helpers.
  void AddFractionSeconds(double fraction, double scale) {
    if (fraction == 0) return;
    double seconds = fraction * scale;
    if (!std::isfinite(seconds) || std::fabs(seconds) > 9.2e12) FieldRange();
    int64_t whole = static_cast<int64_t>(seconds);
    AddChecked(&micros_, whole, kUsPerSecond);
    AddChecked(&micros_, static_cast<int64_t>(std::rint((seconds - whole) * 1e6)), 1);
  }
  void AddFractionDays(double fraction, double scale) {
    if (fraction == 0) return;
    double days = fraction * scale;
    if (!std::isfinite(days) || std::fabs(days) > 9e15) FieldRange();
    int64_t whole = static_cast<int64_t>(days);
    AddChecked(&days_, whole, 1);
    AddFractionSeconds(days - whole, kSecondsPerDay);
  }
  void AddMonthsFraction(int64_t whole, double fraction, int64_t months_per_unit) {
    int64_t months = 0;
    if (__builtin_mul_overflow(whole, months_per_unit, &months) ||
        __builtin_add_overflow(months_, months, &months_) || months_ > INT32_MAX ||
        months_ < INT32_MIN) {
      OutOfRange();
    }
    double extra = std::rint(fraction * static_cast<double>(months_per_unit));
    if (!std::isfinite(extra) || std::fabs(extra) > 9e15) FieldRange();
    AddChecked(&months_, static_cast<int64_t>(extra), 1);
  }

  void AddUnit(int64_t whole, double fraction, Unit unit) {
    switch (unit) {
      case Unit::kMicrosecond:
        AddChecked(&micros_, whole, 1);
        AddChecked(&micros_, static_cast<int64_t>(std::rint(fraction)), 1);
        break;
      case Unit::kMillisecond:
        AddChecked(&micros_, whole, 1000);
        AddChecked(&micros_, static_cast<int64_t>(std::rint(fraction * 1000)), 1);
        break;
      case Unit::kSecond:
        AddChecked(&micros_, whole, kUsPerSecond);
        AddChecked(&micros_, static_cast<int64_t>(std::rint(fraction * 1e6)), 1);
        break;
      case Unit::kMinute:
        AddChecked(&micros_, whole, kUsPerMinute);
        AddFractionSeconds(fraction, 60);
        break;
      case Unit::kHour:
        AddChecked(&micros_, whole, kUsPerHour);
        AddFractionSeconds(fraction, 3600);
        break;
      case Unit::kDay:
        AddChecked(&days_, whole, 1);
        AddFractionSeconds(fraction, kSecondsPerDay);
        break;
      case Unit::kWeek:
        AddChecked(&days_, whole, 7);
        AddFractionDays(fraction, 7);
        break;
      case Unit::kMonth:
        AddChecked(&months_, whole, 1);
        AddFractionDays(fraction, 30);
        break;
      case Unit::kYear:
        AddMonthsFraction(whole, fraction, 12);
        break;
      case Unit::kDecade:
        AddMonthsFraction(whole, fraction, 120);
        break;
      case Unit::kCentury:
        AddMonthsFraction(whole, fraction, 1200);
        break;
      case Unit::kMillennium:
        AddMonthsFraction(whole, fraction, 12000);
        break;
    }
  }

  // Reads "[+-]digits[.digits]" at i; false if there is no number.
  bool ReadNumber(size_t* i, int64_t* whole, double* fraction) {
    size_t pos = *i;
    bool negative = false;
    if (pos < text_.size() && (text_[pos] == '+' || text_[pos] == '-')) {
      negative = text_[pos] == '-';
      ++pos;
    }
    size_t digits_start = pos;
    int64_t value = 0;
    while (pos < text_.size() && IsDigit(text_[pos])) {
      if (__builtin_mul_overflow(value, 10, &value) ||
          __builtin_add_overflow(value, text_[pos] - '0', &value)) {
        FieldRange();
      }
      ++pos;
    }
    bool has_int = pos > digits_start;
    double frac = 0;
    if (pos < text_.size() && text_[pos] == '.') {
      size_t frac_start = pos;
      ++pos;
      while (pos < text_.size() && IsDigit(text_[pos])) ++pos;
      if (pos - frac_start > 1) {
        std::string digits =
            "0" + std::string(text_.substr(frac_start, std::min<size_t>(pos - frac_start, 40)));
        frac = std::strtod(digits.c_str(), nullptr);
      } else if (!has_int) {
        return false;
      }
    } else if (!has_int) {
      return false;
    }
    *whole = negative ? -value : value;
    *fraction = negative ? -frac : frac;
    *i = pos;
    return true;
  }

  // "[+-]h:m[:s[.f]]" starting at i (sign already included).
  void ReadTime(size_t* i) {
    size_t pos = *i;
    bool negative = false;
    if (text_[pos] == '+' || text_[pos] == '-') {
      negative = text_[pos] == '-';
      ++pos;
    }
    int64_t parts[3] = {0, 0, 0};
    int count = 0;
    double frac = 0;
    bool has_fraction = false;
    while (count < 3) {
      size_t begin = pos;
      int64_t value = 0;
      while (pos < text_.size() && IsDigit(text_[pos])) {
        if (__builtin_mul_overflow(value, 10, &value) ||
            __builtin_add_overflow(value, text_[pos] - '0', &value)) {
          FieldRange();
        }
        ++pos;
      }
      if (pos == begin) Syntax();
      parts[count++] = value;
      if (pos < text_.size() && text_[pos] == ':' && count < 3) {
        ++pos;
        continue;
      }
      break;
    }
    if (pos < text_.size() && text_[pos] == '.') {
      size_t frac_start = pos;
      ++pos;
      while (pos < text_.size() && IsDigit(text_[pos])) ++pos;
      std::string digits =
          "0" + std::string(text_.substr(frac_start, std::min<size_t>(pos - frac_start, 40)));
      frac = std::strtod(digits.c_str(), nullptr);
      has_fraction = true;
    }
    int64_t hours = parts[0], minutes = parts[1], seconds = parts[2];
    if (count == 2 && has_fraction) {
      hours = 0;
      minutes = parts[0];
      seconds = parts[1];
    }
    if (minutes > 59 || seconds > 59) FieldRange();
    int64_t total = 0;
    AddChecked(&total, hours, kUsPerHour);
    AddChecked(&total, minutes, kUsPerMinute);
    AddChecked(&total, seconds, kUsPerSecond);
    AddChecked(&total, static_cast<int64_t>(std::rint(frac * 1e6)), 1);
    AddChecked(&micros_, negative ? -total : total, 1);
    *i = pos;
  }

  Unit DefaultUnit() const {
    int32_t range = IntervalRangeFromTypmod(typmod_);
    if (range == kIntervalYear) return Unit::kYear;
    if (range == kIntervalMonth || range == (kIntervalYear | kIntervalMonth)) return Unit::kMonth;
    if (range == kIntervalDay) return Unit::kDay;
    if (range == kIntervalHour || range == (kIntervalDay | kIntervalHour)) return Unit::kHour;
    if (range == kIntervalMinute || range == (kIntervalHour | kIntervalMinute) ||
        range == (kIntervalDay | kIntervalHour | kIntervalMinute)) {
      return Unit::kMinute;
    }
    return Unit::kSecond;
  }

  void ParsePostgres(size_t i) {
    const size_t n = text_.size();
    bool any = false;
    bool pending_number = false;  // a unit-less number waiting for its unit
    int64_t pending_whole = 0;
    double pending_fraction = 0;
    auto flush_pending = [&](Unit unit) {
      AddUnit(pending_whole, pending_fraction, unit);
      pending_number = false;
    };
    while (i < n) {
      char c = text_[i];
      if (IsSpace(c)) {
        ++i;
        continue;
      }
      if (c == '@' && !any) {
        ++i;
        continue;
      }
      if (IsAlpha(c)) {
        size_t begin = i;
        while (i < n && IsAlpha(text_[i])) ++i;
        std::string word(text_.substr(begin, i - begin));
        for (char& ch : word) {
          if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
        }
        if (word == "ago") {
          if (pending_number) flush_pending(DefaultUnit());
          if (!any || negate_) Syntax();
          negate_ = true;
          continue;
        }
        Unit unit;
        if (!pending_number || !UnitFromName(word, &unit)) Syntax();
        flush_pending(unit);
        continue;
      }
      if (IsDigit(c) || c == '+' || c == '-' || c == '.') {
        if (pending_number) Syntax();
        // Classify the token: time (has ':'), year-month ("1-2"), or number.
        size_t scan = i;
        if (text_[scan] == '+' || text_[scan] == '-') ++scan;
        while (scan < n && IsDigit(text_[scan])) ++scan;
        if (scan < n && text_[scan] == ':') {
          if (time_seen_) Syntax();
          time_seen_ = true;
          ReadTime(&i);
          any = true;
          continue;
        }
        size_t digit_start = (text_[i] == '+' || text_[i] == '-') ? i + 1 : i;
        if (scan > digit_start && scan + 1 < n && text_[scan] == '-' && IsDigit(text_[scan + 1])) {
          bool negative = text_[i] == '-';
          size_t year_start = text_[i] == '+' || text_[i] == '-' ? i + 1 : i;
          int64_t years = 0, months = 0;
          size_t pos = year_start;
          while (pos < scan) {
            if (__builtin_mul_overflow(years, 10, &years) ||
                __builtin_add_overflow(years, text_[pos] - '0', &years)) {
              FieldRange();
            }
            ++pos;
          }
          pos = scan + 1;
          while (pos < n && IsDigit(text_[pos])) {
            if (__builtin_mul_overflow(months, 10, &months) ||
                __builtin_add_overflow(months, text_[pos] - '0', &months)) {
              FieldRange();
            }
            ++pos;
          }
          if (months > 11) FieldRange();
          int64_t total = 0;
          AddChecked(&total, years, 12);
          AddChecked(&total, months, 1);
          AddChecked(&months_, negative ? -total : total, 1);
          i = pos;
          any = true;
          continue;
        }
        int64_t whole = 0;
        double fraction = 0;
        if (!ReadNumber(&i, &whole, &fraction)) Syntax();
        any = true;
        // A unit may be glued on ("1h", "30m", "10secs").
        if (i < n && IsAlpha(text_[i])) {
          size_t begin = i;
          while (i < n && IsAlpha(text_[i])) ++i;
          std::string word(text_.substr(begin, i - begin));
          for (char& ch : word) {
            if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
          }
          Unit unit;
          if (!UnitFromName(word, &unit)) Syntax();
          AddUnit(whole, fraction, unit);
          continue;
        }
        // "3 4:05:06": a number followed by a time is a day count.
        size_t look = i;
        while (look < n && IsSpace(text_[look])) ++look;
        if (look < n && (IsDigit(text_[look]) || text_[look] == '+' || text_[look] == '-')) {
          size_t scan2 = look;
          if (text_[scan2] == '+' || text_[scan2] == '-') ++scan2;
          while (scan2 < n && IsDigit(text_[scan2])) ++scan2;
          if (scan2 < n && text_[scan2] == ':') {
            AddUnit(whole, fraction, Unit::kDay);
            continue;
          }
        }
        pending_number = true;
        pending_whole = whole;
        pending_fraction = fraction;
        continue;
      }
      Syntax();
    }
    if (pending_number) flush_pending(DefaultUnit());
    if (!any) Syntax();
  }

  void ParseIso(size_t i) {
    const size_t n = text_.size();
    bool in_time = false;
    bool any = false;
    while (i < n) {
      char c = text_[i];
      if (c == 'T' || c == 't') {
        if (in_time) Syntax();
        in_time = true;
        ++i;
        continue;
      }
      if (IsSpace(c)) {
        while (i < n && IsSpace(text_[i])) ++i;
        if (i != n) Syntax();
        break;
      }
      int64_t whole = 0;
      double fraction = 0;
      if (!ReadNumber(&i, &whole, &fraction) || i >= n) Syntax();
      char designator = static_cast<char>(text_[i] | 0x20);
      ++i;
      any = true;
      if (!in_time) {
        switch (designator) {
          case 'y':
            AddUnit(whole, fraction, Unit::kYear);
            break;
          case 'm':
            AddUnit(whole, fraction, Unit::kMonth);
            break;
          case 'w':
            AddUnit(whole, fraction, Unit::kWeek);
            break;
          case 'd':
            AddUnit(whole, fraction, Unit::kDay);
            break;
          default:
            Syntax();
        }
      } else {
        switch (designator) {
          case 'h':
            AddUnit(whole, fraction, Unit::kHour);
            break;
          case 'm':
            AddUnit(whole, fraction, Unit::kMinute);
            break;
          case 's':
            AddUnit(whole, fraction, Unit::kSecond);
            break;
          default:
            Syntax();
        }
      }
    }
    if (!any) Syntax();
  }

  Interval Finish() {
    if (negate_) {
      if (months_ == std::numeric_limits<int64_t>::min() ||
          days_ == std::numeric_limits<int64_t>::min() ||
          micros_ == std::numeric_limits<int64_t>::min()) {
        FieldRange();
      }
      months_ = -months_;
      days_ = -days_;
      micros_ = -micros_;
    }
    if (months_ < INT32_MIN || months_ > INT32_MAX) OutOfRange();
    if (days_ < INT32_MIN || days_ > INT32_MAX) FieldRange();
    Interval result;
    result.months = static_cast<int32_t>(months_);
    result.days = static_cast<int32_t>(days_);
    result.micros = micros_;
    return AdjustIntervalForTypmod(result, typmod_);
  }

  std::string_view text_;
  int32_t typmod_;
  int64_t months_ = 0;
  int64_t days_ = 0;
  int64_t micros_ = 0;
  bool negate_ = false;
  bool time_seen_ = false;
};

void AppendPart(std::string& out, int64_t value, std::string_view unit, bool* is_zero,
                bool* is_before) {
  if (value == 0) return;
  fmt::format_to(std::back_inserter(out), "{}{}{} {}{}", *is_zero ? "" : " ",
                 (*is_before && value > 0) ? "+" : "", value, unit, value != 1 ? "s" : "");
  *is_before = value < 0;
  *is_zero = false;
}

}  // namespace

Interval ParseInterval(std::string_view text, int32_t typmod) {
  IntervalParser parser(text, typmod);
  return parser.Parse();
}

void AppendInterval(std::string& out, const Interval& value) {
  int64_t years = value.months / 12;
  int64_t months = value.months % 12;
  bool is_zero = true;
  bool is_before = false;
  AppendPart(out, years, "year", &is_zero, &is_before);
  AppendPart(out, months, "mon", &is_zero, &is_before);
  AppendPart(out, value.days, "day", &is_zero, &is_before);
  int64_t time = value.micros;
  if (is_zero || time != 0) {
    bool minus = time < 0;
    // |INT64_MIN| does not fit: work on the unsigned magnitude.
    uint64_t magnitude =
        minus ? static_cast<uint64_t>(-(time + 1)) + 1 : static_cast<uint64_t>(time);
    uint64_t hours = magnitude / static_cast<uint64_t>(kUsPerHour);
    uint64_t rest = magnitude % static_cast<uint64_t>(kUsPerHour);
    uint64_t minutes = rest / static_cast<uint64_t>(kUsPerMinute);
    rest %= static_cast<uint64_t>(kUsPerMinute);
    uint64_t seconds = rest / static_cast<uint64_t>(kUsPerSecond);
    uint64_t fraction = rest % static_cast<uint64_t>(kUsPerSecond);
    fmt::format_to(std::back_inserter(out), "{}{}{:02}:{:02}:{:02}", is_zero ? "" : " ",
                   minus ? "-" : (is_before ? "+" : ""), hours, minutes, seconds);
    if (fraction != 0) {
      std::string digits = fmt::format("{:06}", fraction);
      while (!digits.empty() && digits.back() == '0') digits.pop_back();
      out.push_back('.');
      out += digits;
    }
  }
}

Interval AdjustIntervalForTypmod(const Interval& value, int32_t typmod) {
  if (typmod < 0) return value;
  Interval result = value;
  int32_t range = IntervalRangeFromTypmod(typmod);
  int32_t precision = IntervalPrecisionFromTypmod(typmod);
  auto truncate_time = [&result](int64_t unit) { result.micros = (result.micros / unit) * unit; };
  if (range == kIntervalYear) {
    result.months = (result.months / 12) * 12;
    result.days = 0;
    result.micros = 0;
  } else if (range == kIntervalMonth || range == (kIntervalYear | kIntervalMonth)) {
    result.days = 0;
    result.micros = 0;
  } else if (range == kIntervalDay) {
    result.micros = 0;
  } else if (range == kIntervalHour || range == (kIntervalDay | kIntervalHour)) {
    truncate_time(kUsPerHour);
  } else if (range == kIntervalMinute || range == (kIntervalHour | kIntervalMinute) ||
             range == (kIntervalDay | kIntervalHour | kIntervalMinute)) {
    truncate_time(kUsPerMinute);
  }
  if (precision != kIntervalFullPrecision && precision >= 0 && precision < 6) {
    static constexpr int64_t kScales[6] = {1000000, 100000, 10000, 1000, 100, 10};
    int64_t scale = kScales[precision];
    int64_t half = scale / 2;
    if (result.micros >= 0) {
      if (result.micros > INT64_MAX - half) {
        ThrowSqlError(SqlState::kDatetimeFieldOverflow, "interval out of range");
      }
      result.micros = ((result.micros + half) / scale) * scale;
    } else {
      if (result.micros < INT64_MIN + half) {
        ThrowSqlError(SqlState::kDatetimeFieldOverflow, "interval out of range");
      }
      result.micros = -(((-result.micros) + half) / scale) * scale;
    }
  }
  return result;
}

}  // namespace sb::types
