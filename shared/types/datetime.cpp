#include "shared/types/datetime.h"

#include <cmath>
#include <cstdlib>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "shared/errors/sql_error.h"
#include "shared/types/calendar.h"
#include "shared/types/time_zone.h"

namespace sb::types {
namespace {

constexpr int64_t kTimeScales[7] = {1000000, 100000, 10000, 1000, 100, 10, 1};

enum class Special {
  kNone,
  kEpoch,
  kInfinity,
  kMinusInfinity,
  kNow,
  kToday,
  kTomorrow,
  kYesterday
};

// Everything the tokenizer found in one input string.
struct Fields {
  Special special = Special::kNone;
  bool has_date = false;
  CivilDate date;
  bool has_time = false;
  int hour = 0, minute = 0, second = 0;
  int64_t fraction = 0;  // µs, may be 1000000 after rounding
  bool has_offset = false;
  int32_t offset = 0;  // seconds east
  const TimeZone* zone = nullptr;
};

struct Context {
  std::string_view text;
  std::string_view type_name;
  const FormatSettings& settings;

  [[noreturn]] void Syntax() const {
    ThrowSqlError(SqlState::kInvalidDatetimeFormat, "invalid input syntax for type {}: \"{}\"",
                  type_name, text);
  }
  [[noreturn]] void FieldRange(bool hint_datestyle = false) const {
    SqlError error(SqlState::kDatetimeFieldOverflow,
                   fmt::format("date/time field value out of range: \"{}\"", text));
    if (hint_datestyle) error.WithHint("Perhaps you need a different \"datestyle\" setting.");
    throw error;
  }
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

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

int MonthFromName(std::string_view lower) {
  static constexpr std::string_view kShort[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                  "jul", "aug", "sep", "oct", "nov", "dec"};
  static constexpr std::string_view kLong[12] = {"january",   "february", "march",    "april",
                                                 "may",       "june",     "july",     "august",
                                                 "september", "october",  "november", "december"};
  for (int i = 0; i < 12; ++i) {
    if (lower == kShort[i] || lower == kLong[i]) return i + 1;
  }
  if (lower == "sept") return 9;
  return 0;
}

bool IsWeekdayName(std::string_view lower) {
  static constexpr std::string_view kNames[] = {
      "sun", "mon", "tue",    "tues",   "wed",     "wedn",      "thu",      "thur",   "thurs",
      "fri", "sat", "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
  for (std::string_view name : kNames) {
    if (lower == name) return true;
  }
  return false;
}

// Fixed-offset zone abbreviations from PostgreSQL's "Default" timezone_abbreviations set
// (the commonly used ones). Checked before zone names, as PostgreSQL does.
bool AbbreviationOffset(std::string_view lower, int32_t* offset) {
  struct Abbreviation {
    std::string_view name;
    int32_t minutes;
  };
  static constexpr Abbreviation kAbbreviations[] = {
      {"z", 0},      {"zulu", 0},   {"ut", 0},       {"utc", 0},     {"uct", 0},
      {"gmt", 0},    {"wet", 0},    {"bst", 60},     {"cet", 60},    {"met", 60},
      {"mez", 60},   {"wat", 60},   {"wetdst", 60},  {"cest", 120},  {"cetdst", 120},
      {"mest", 120}, {"mesz", 120}, {"metdst", 120}, {"eet", 120},   {"ist", 120},
      {"sast", 120}, {"eest", 180}, {"eetdst", 180}, {"idt", 180},   {"msk", 180},
      {"eat", 180},  {"msd", 240},  {"pkt", 300},    {"ict", 420},   {"hkt", 480},
      {"sgt", 480},  {"awst", 480}, {"cct", 480},    {"jst", 540},   {"kst", 540},
      {"acst", 570}, {"aest", 600}, {"acdt", 630},   {"aedt", 660},  {"nzst", 720},
      {"nzdt", 780}, {"hst", -600}, {"akst", -540},  {"akdt", -480}, {"pst", -480},
      {"pdt", -420}, {"mst", -420}, {"mdt", -360},   {"cst", -360},  {"cdt", -300},
      {"est", -300}, {"edt", -240}, {"ast", -240},   {"adt", -180},  {"nst", -210},
      {"ndt", -150}, {"brt", -180}, {"art", -180},
  };
  for (const Abbreviation& abbreviation : kAbbreviations) {
    if (abbreviation.name == lower) {
      *offset = abbreviation.minutes * 60;
      return true;
    }
  }
  return false;
}

// Parses an unsigned decimal of at most 18 digits; false if empty or too long.
bool ParseUnsigned(std::string_view digits, int64_t* out) {
  if (digits.empty() || digits.size() > 18) return false;
  int64_t value = 0;
  for (char c : digits) {
    if (!IsDigit(c)) return false;
    value = value * 10 + (c - '0');
  }
  *out = value;
  return true;
}

// ".123456789" → µs, rounded like PostgreSQL (rint of the parsed fraction).
int64_t FractionMicros(std::string_view digits_after_point) {
  std::string text = "0." + std::string(digits_after_point.substr(0, 30));
  double value = std::strtod(text.c_str(), nullptr);
  return static_cast<int64_t>(std::rint(value * 1000000.0));
}

// Years written with one or two digits mean 1970..2069.
int64_t AdjustTwoDigitYear(int64_t year, size_t length) {
  if (length <= 2) return year < 70 ? year + 2000 : year + 1900;
  return year;
}

class Parser {
 public:
  explicit Parser(const Context& context) : ctx_(context), text_(context.text) {}

  Fields Parse() {
    size_t i = 0;
    const size_t n = text_.size();
    while (i < n) {
      char c = text_[i];
      if (IsSpace(c) || c == ',') {
        ++i;
      } else if (IsDigit(c)) {
        i = NumberToken(i);
      } else if ((c == '+' || c == '-') && i + 1 < n && IsDigit(text_[i + 1])) {
        i = OffsetToken(i);
      } else if ((c == '+' || c == '-') && i + 1 < n && IsAlpha(text_[i + 1])) {
        // "-infinity" / "+infinity"
        size_t end = i + 1;
        while (end < n && IsAlpha(text_[end])) ++end;
        std::string word = Lower(text_.substr(i + 1, end - i - 1));
        if (word != "infinity" || fields_.special != Special::kNone) ctx_.Syntax();
        fields_.special = c == '-' ? Special::kMinusInfinity : Special::kInfinity;
        i = end;
      } else if (IsAlpha(c)) {
        i = WordToken(i);
      } else {
        ctx_.Syntax();
      }
    }
    Resolve();
    return fields_;
  }

 private:
  size_t NumberToken(size_t start) {
    const size_t n = text_.size();
    size_t i = start;
    while (i < n && IsDigit(text_[i])) ++i;
    if (i < n && text_[i] == ':') return TimeToken(start);
    if (i < n && (text_[i] == '-' || text_[i] == '/' || (text_[i] == '.' && DotDate(i)))) {
      return DateToken(start, text_[i]);
    }
    if (i < n && text_[i] == '.') {
      // A decimal number is not a date/time field we know.
      ctx_.Syntax();
    }
    std::string_view digits = text_.substr(start, i - start);
    if (digits.size() == 8 && !fields_.has_date && month_name_ == 0) {
      // YYYYMMDD
      int64_t value = 0;
      ParseUnsigned(digits, &value);
      SetDate(value / 10000, static_cast<int>(value / 100 % 100), static_cast<int>(value % 100));
      return i;
    }
    if (loose_.size() >= 3) ctx_.Syntax();
    loose_.push_back(std::string(digits));
    return i;
  }

  // "29.02.2024": digits '.' digits '.' digits
  bool DotDate(size_t dot) const {
    size_t j = dot + 1;
    size_t digits = 0;
    while (j < text_.size() && IsDigit(text_[j])) {
      ++j;
      ++digits;
    }
    return digits > 0 && j < text_.size() && text_[j] == '.';
  }

  size_t TimeToken(size_t start) {
    if (fields_.has_time) ctx_.Syntax();
    const size_t n = text_.size();
    size_t i = start;
    std::vector<std::string_view> parts;
    std::string_view fraction;
    bool has_fraction = false;
    while (true) {
      size_t begin = i;
      while (i < n && IsDigit(text_[i])) ++i;
      if (i == begin) ctx_.Syntax();
      parts.push_back(text_.substr(begin, i - begin));
      if (i < n && text_[i] == ':' && parts.size() < 3) {
        ++i;
        continue;
      }
      if (i < n && text_[i] == '.') {
        ++i;
        size_t frac_begin = i;
        while (i < n && IsDigit(text_[i])) ++i;
        fraction = text_.substr(frac_begin, i - frac_begin);
        has_fraction = true;
      }
      break;
    }
    int64_t values[3] = {0, 0, 0};
    for (size_t k = 0; k < parts.size(); ++k) {
      if (!ParseUnsigned(parts[k], &values[k])) ctx_.FieldRange();
    }
    if (parts.size() == 2 && has_fraction) {
      // "mm:ss.fff"
      fields_.minute = static_cast<int>(std::min<int64_t>(values[0], 1000));
      fields_.second = static_cast<int>(std::min<int64_t>(values[1], 1000));
    } else {
      fields_.hour = static_cast<int>(std::min<int64_t>(values[0], 1000));
      fields_.minute = static_cast<int>(std::min<int64_t>(values[1], 1000));
      fields_.second = static_cast<int>(std::min<int64_t>(values[2], 1000));
    }
    if (has_fraction) fields_.fraction = FractionMicros(fraction);
    fields_.has_time = true;
    return i;
  }

  size_t DateToken(size_t start, char separator) {
    if (fields_.has_date) ctx_.Syntax();
    const size_t n = text_.size();
    size_t i = start;
    std::vector<std::string_view> parts;
    while (true) {
      size_t begin = i;
      if (i < n && IsDigit(text_[i])) {
        while (i < n && IsDigit(text_[i])) ++i;
      } else if (i < n && IsAlpha(text_[i])) {
        while (i < n && IsAlpha(text_[i])) ++i;
      }
      if (i == begin) ctx_.Syntax();
      parts.push_back(text_.substr(begin, i - begin));
      if (parts.size() < 3 && i < n && text_[i] == separator) {
        ++i;
        continue;
      }
      break;
    }
    if (parts.size() != 3) ctx_.Syntax();
    ResolveDateParts(parts);
    return i;
  }

  void ResolveDateParts(const std::vector<std::string_view>& parts) {
    int month_index = -1;
    for (size_t k = 0; k < parts.size(); ++k) {
      if (IsAlpha(parts[k][0])) {
        if (month_index >= 0) ctx_.Syntax();
        month_index = static_cast<int>(k);
      }
    }
    int64_t values[3] = {0, 0, 0};
    for (size_t k = 0; k < 3; ++k) {
      if (static_cast<int>(k) == month_index) continue;
      if (!ParseUnsigned(parts[k], &values[k])) ctx_.FieldRange();
    }
    if (month_index >= 0) {
      int month = MonthFromName(Lower(parts[static_cast<size_t>(month_index)]));
      if (month == 0) ctx_.Syntax();
      // The other two are day and year: the year is the one with more than two digits, else
      // the one that follows the month name.
      std::vector<size_t> others;
      for (size_t k = 0; k < 3; ++k) {
        if (static_cast<int>(k) != month_index) others.push_back(k);
      }
      size_t year_index = others[1];
      if (parts[others[0]].size() > 2) year_index = others[0];
      size_t day_index = year_index == others[0] ? others[1] : others[0];
      SetDate(AdjustTwoDigitYear(values[year_index], parts[year_index].size()), month,
              static_cast<int>(std::min<int64_t>(values[day_index], 1000)));
      return;
    }
    size_t year_index, month_pos, day_index;
    if (parts[0].size() > 2 || ctx_.settings.date_order == DateOrder::kYmd) {
      year_index = 0, month_pos = 1, day_index = 2;
    } else if (ctx_.settings.date_order == DateOrder::kDmy) {
      day_index = 0, month_pos = 1, year_index = 2;
    } else {
      month_pos = 0, day_index = 1, year_index = 2;
    }
    int64_t month = values[month_pos];
    int64_t day = values[day_index];
    if (month < 1 || month > 12) ctx_.FieldRange(parts[0].size() <= 2);
    SetDate(AdjustTwoDigitYear(values[year_index], parts[year_index].size()),
            static_cast<int>(month), static_cast<int>(std::min<int64_t>(day, 1000)));
  }

  void SetDate(int64_t year, int month, int day) {
    if (fields_.has_date) ctx_.Syntax();
    fields_.has_date = true;
    fields_.date = CivilDate{year, month, day};
  }

  size_t OffsetToken(size_t start) {
    // Only after a time (or a date, for "2024-01-01+05").
    if (!fields_.has_time && !fields_.has_date) ctx_.Syntax();
    if (fields_.has_offset) ctx_.Syntax();
    const size_t n = text_.size();
    bool negative = text_[start] == '-';
    size_t i = start + 1;
    size_t begin = i;
    while (i < n && IsDigit(text_[i])) ++i;
    std::string_view first = text_.substr(begin, i - begin);
    int64_t hours = 0, minutes = 0, seconds = 0;
    if (i < n && text_[i] == ':') {
      if (!ParseUnsigned(first, &hours)) ctx_.Syntax();
      ++i;
      size_t mbegin = i;
      while (i < n && IsDigit(text_[i])) ++i;
      if (!ParseUnsigned(text_.substr(mbegin, i - mbegin), &minutes)) ctx_.Syntax();
      if (i < n && text_[i] == ':') {
        ++i;
        size_t sbegin = i;
        while (i < n && IsDigit(text_[i])) ++i;
        if (!ParseUnsigned(text_.substr(sbegin, i - sbegin), &seconds)) ctx_.Syntax();
      }
    } else if (first.size() <= 2) {
      ParseUnsigned(first, &hours);
    } else if (first.size() == 4) {
      int64_t value = 0;
      ParseUnsigned(first, &value);
      hours = value / 100;
      minutes = value % 100;
    } else if (first.size() == 6) {
      int64_t value = 0;
      ParseUnsigned(first, &value);
      hours = value / 10000;
      minutes = value / 100 % 100;
      seconds = value % 100;
    } else {
      ctx_.Syntax();
    }
    if (hours > 15 || minutes > 59 || seconds > 59) {
      ThrowSqlError(SqlState::kInvalidTimeZoneDisplacementValue,
                    "time zone displacement out of range: \"{}\"", ctx_.text);
    }
    int32_t offset = static_cast<int32_t>(hours * 3600 + minutes * 60 + seconds);
    fields_.has_offset = true;
    fields_.offset = negative ? -offset : offset;
    return i;
  }

  size_t WordToken(size_t start) {
    const size_t n = text_.size();
    size_t i = start;
    while (i < n && IsAlpha(text_[i])) ++i;
    // A zone name continues with '/', '_', digits, '+' or '-' ("America/Port-au-Prince",
    // "Etc/GMT+3").
    bool zone_like = false;
    if (i < n && (text_[i] == '/' || text_[i] == '_')) {
      zone_like = true;
      while (i < n && (IsAlpha(text_[i]) || IsDigit(text_[i]) || text_[i] == '/' ||
                       text_[i] == '_' || text_[i] == '+' || text_[i] == '-')) {
        ++i;
      }
    }
    std::string_view word = text_.substr(start, i - start);
    std::string lower = Lower(word);
    if (zone_like) {
      SetNamedZone(word);
      return i;
    }
    if (lower == "t" && i < n && IsDigit(text_[i])) return i;  // ISO 8601 separator
    if (lower == "am" || lower == "pm") {
      if (meridian_ != 0) ctx_.Syntax();
      meridian_ = lower == "am" ? 1 : 2;
      return i;
    }
    if (lower == "bc" || lower == "ad") {
      if (era_ != 0) ctx_.Syntax();
      era_ = lower == "bc" ? 2 : 1;
      return i;
    }
    if (int month = MonthFromName(lower); month != 0) {
      if (month_name_ != 0 || fields_.has_date) ctx_.Syntax();
      month_name_ = month;
      return i;
    }
    if (IsWeekdayName(lower)) return i;
    bool word_ends = i >= n || !(IsDigit(text_[i]) || text_[i] == '+' || text_[i] == '-');
    if (int32_t offset = 0; word_ends && AbbreviationOffset(lower, &offset)) {
      if (fields_.has_offset || fields_.zone != nullptr) ctx_.Syntax();
      fields_.has_offset = true;
      fields_.offset = offset;
      return i;
    }
    Special special = Special::kNone;
    if (lower == "epoch") special = Special::kEpoch;
    if (lower == "infinity") special = Special::kInfinity;
    if (lower == "now") special = Special::kNow;
    if (lower == "today") special = Special::kToday;
    if (lower == "tomorrow") special = Special::kTomorrow;
    if (lower == "yesterday") special = Special::kYesterday;
    if (lower == "allballs") {
      if (fields_.has_time) ctx_.Syntax();
      fields_.has_time = true;
      return i;
    }
    if (special != Special::kNone) {
      if (fields_.special != Special::kNone) ctx_.Syntax();
      fields_.special = special;
      return i;
    }
    // Zone names without a slash ("EST5EDT", "Japan", "CET") and POSIX specs.
    size_t end = i;
    while (end < n &&
           (IsAlpha(text_[end]) || IsDigit(text_[end]) || text_[end] == '+' || text_[end] == '-')) {
      ++end;
    }
    std::string_view zone_word = text_.substr(start, end - start);
    if (TimeZone::Find(zone_word) != nullptr && (fields_.has_time || fields_.has_date)) {
      SetNamedZone(zone_word);
      return end;
    }
    ctx_.Syntax();
  }

  void SetNamedZone(std::string_view name) {
    if (fields_.has_offset || fields_.zone != nullptr) ctx_.Syntax();
    const TimeZone* zone = TimeZone::Find(name);
    if (zone == nullptr) {
      ThrowSqlError(SqlState::kInvalidParameterValue, "time zone \"{}\" not recognized",
                    Lower(name));
    }
    fields_.zone = zone;
  }

  void Resolve() {
    if (month_name_ != 0) {
      // "Feb 29 2024", "29 Feb 2024", "February 29, 2024": day and year among loose numbers.
      if (fields_.has_date || loose_.size() != 2) ctx_.Syntax();
      size_t year_index = 1;
      if (loose_[0].size() > 2) year_index = 0;
      const std::string& year_text = loose_[year_index];
      const std::string& day_text = loose_[1 - year_index];
      int64_t year = 0, day = 0;
      if (!ParseUnsigned(year_text, &year) || !ParseUnsigned(day_text, &day)) ctx_.FieldRange();
      SetDate(AdjustTwoDigitYear(year, year_text.size()), month_name_,
              static_cast<int>(std::min<int64_t>(day, 1000)));
      loose_.clear();
    }
    if (!loose_.empty()) ctx_.Syntax();
    if (fields_.special != Special::kNone) {
      bool date_like = fields_.special == Special::kToday ||
                       fields_.special == Special::kTomorrow ||
                       fields_.special == Special::kYesterday;
      // Only "today 12:00" style combinations are meaningful.
      if (fields_.has_date || (!date_like && fields_.has_time) || era_ != 0) ctx_.Syntax();
    }
    if (fields_.has_date) {
      CivilDate& date = fields_.date;
      if (date.year == 0 && era_ != 0) ctx_.FieldRange();
      if (date.year == 0) ctx_.FieldRange();
      if (era_ == 2) date.year = 1 - date.year;
      if (date.month < 1 || date.month > 12) ctx_.FieldRange();
      if (date.day < 1 || date.day > DaysInMonth(date.year, date.month)) ctx_.FieldRange();
    } else if (era_ != 0) {
      ctx_.Syntax();
    }
    if (meridian_ != 0) {
      if (!fields_.has_time || fields_.hour > 12) ctx_.FieldRange();
      if (meridian_ == 1 && fields_.hour == 12) fields_.hour = 0;
      if (meridian_ == 2 && fields_.hour != 12) fields_.hour += 12;
    }
    if (fields_.has_time) {
      if (fields_.hour > 24 || fields_.minute > 59 || fields_.second > 60 || fields_.fraction < 0 ||
          fields_.fraction > kUsPerSecond) {
        ctx_.FieldRange();
      }
      if (fields_.hour == 24 &&
          (fields_.minute > 0 || fields_.second > 0 || fields_.fraction > 0)) {
        ctx_.FieldRange();
      }
    }
  }

  const Context& ctx_;
  std::string_view text_;
  Fields fields_;
  std::vector<std::string> loose_;
  int month_name_ = 0;
  int meridian_ = 0;  // 1 am, 2 pm
  int era_ = 0;       // 1 AD, 2 BC
};

Fields ParseFields(const Context& context) {
  Parser parser(context);
  return parser.Parse();
}

int64_t TimeOfDayMicros(const Fields& fields) {
  return ((static_cast<int64_t>(fields.hour) * 60 + fields.minute) * 60 + fields.second) *
             kUsPerSecond +
         fields.fraction;
}

// Local midnight of today (in the session zone) plus `day_delta` days, as days since 2000.
int64_t LocalDayOfNow(const FormatSettings& settings, int day_delta) {
  int64_t now = settings.NowMicros();
  int64_t local = now + static_cast<int64_t>(settings.zone().UtcOffsetAt(now)) * kUsPerSecond;
  return FloorDiv(local, kUsPerDay) + day_delta;
}

int DayDelta(Special special) {
  switch (special) {
    case Special::kTomorrow:
      return 1;
    case Special::kYesterday:
      return -1;
    default:
      return 0;
  }
}

[[noreturn]] void TimestampOutOfRange(std::string_view text) {
  ThrowSqlError(SqlState::kDatetimeFieldOverflow, "timestamp out of range: \"{}\"", text);
}

// Local timestamp (µs since 2000-01-01 local) for the non-special parts of `fields`.
int64_t LocalTimestamp(const Fields& fields, std::string_view text) {
  if (!IsValidJulianDate(fields.date)) TimestampOutOfRange(text);
  int64_t days = DaysFromCivil(fields.date);
  int64_t result = 0;
  if (__builtin_mul_overflow(days, kUsPerDay, &result) ||
      __builtin_add_overflow(result, TimeOfDayMicros(fields), &result)) {
    TimestampOutOfRange(text);
  }
  return result;
}

void AppendTwo(std::string& out, int64_t value) {
  out.push_back(static_cast<char>('0' + value / 10 % 10));
  out.push_back(static_cast<char>('0' + value % 10));
}

void AppendYear(std::string& out, int64_t year) {
  int64_t shown = year > 0 ? year : 1 - year;
  if (shown < 10000) {
    out.push_back(static_cast<char>('0' + shown / 1000));
    out.push_back(static_cast<char>('0' + shown / 100 % 10));
    AppendTwo(out, shown);
  } else {
    fmt::format_to(std::back_inserter(out), "{}", shown);
  }
}

void AppendCivilDate(std::string& out, const CivilDate& date) {
  AppendYear(out, date.year);
  out.push_back('-');
  AppendTwo(out, date.month);
  out.push_back('-');
  AppendTwo(out, date.day);
}

void AppendTimeOfDay(std::string& out, int64_t micros) {
  int64_t seconds = micros / kUsPerSecond;
  int64_t fraction = micros % kUsPerSecond;
  AppendTwo(out, seconds / 3600);
  out.push_back(':');
  AppendTwo(out, seconds / 60 % 60);
  out.push_back(':');
  AppendTwo(out, seconds % 60);
  if (fraction != 0) {
    char digits[7];
    for (int k = 5; k >= 0; --k) {
      digits[k] = static_cast<char>('0' + fraction % 10);
      fraction /= 10;
    }
    int length = 6;
    while (length > 0 && digits[length - 1] == '0') --length;
    out.push_back('.');
    out.append(digits, static_cast<size_t>(length));
  }
}

// Timestamp-like value (µs, local) with infinities handled by the caller.
void AppendLocalTimestamp(std::string& out, int64_t local, const int32_t* offset) {
  int64_t days = FloorDiv(local, kUsPerDay);
  int64_t time = local - days * kUsPerDay;
  CivilDate date = CivilFromDays(days);
  AppendCivilDate(out, date);
  out.push_back(' ');
  AppendTimeOfDay(out, time);
  if (offset != nullptr) AppendUtcOffset(out, *offset);
  if (date.year <= 0) out += " BC";
}

}  // namespace

int64_t AdjustTimestampForTypmod(int64_t micros, int32_t typmod) {
  if (typmod < 0 || typmod >= 6) return micros;
  if (micros == kTimestampMinusInfinity || micros == kTimestampPlusInfinity) return micros;
  int64_t scale = kTimeScales[typmod];
  int64_t half = scale / 2;
  int64_t result =
      micros >= 0 ? ((micros + half) / scale) * scale : -(((-micros + half) / scale) * scale);
  if (!IsValidTimestamp(result)) {
    ThrowSqlError(SqlState::kDatetimeFieldOverflow, "timestamp out of range");
  }
  return result;
}

int64_t AdjustTimeForTypmod(int64_t micros, int32_t typmod) {
  if (typmod < 0 || typmod >= 6) return micros;
  int64_t scale = kTimeScales[typmod];
  int64_t half = scale / 2;
  return micros >= 0 ? ((micros + half) / scale) * scale : -(((-micros + half) / scale) * scale);
}

int32_t ParseDate(std::string_view text, const FormatSettings& settings) {
  Context context{text, "date", settings};
  Fields fields = ParseFields(context);
  switch (fields.special) {
    case Special::kInfinity:
      return kDatePlusInfinity;
    case Special::kMinusInfinity:
      return kDateMinusInfinity;
    case Special::kEpoch:
      return static_cast<int32_t>(-kUnixToPostgresDays);
    case Special::kNow:
    case Special::kToday:
    case Special::kTomorrow:
    case Special::kYesterday:
      return static_cast<int32_t>(LocalDayOfNow(settings, DayDelta(fields.special)));
    case Special::kNone:
      break;
  }
  if (!fields.has_date) context.Syntax();
  if (!IsValidJulianDate(fields.date)) {
    ThrowSqlError(SqlState::kDatetimeFieldOverflow, "date out of range: \"{}\"", text);
  }
  int64_t days = DaysFromCivil(fields.date);
  if (!IsValidDate(days)) {
    ThrowSqlError(SqlState::kDatetimeFieldOverflow, "date out of range: \"{}\"", text);
  }
  return static_cast<int32_t>(days);
}

int64_t ParseTime(std::string_view text, int32_t typmod, const FormatSettings& settings) {
  Context context{text, "time", settings};
  Fields fields = ParseFields(context);
  int64_t result = 0;
  switch (fields.special) {
    case Special::kNow: {
      int64_t now = settings.NowMicros();
      int64_t local = now + static_cast<int64_t>(settings.zone().UtcOffsetAt(now)) * kUsPerSecond;
      result = FloorMod(local, kUsPerDay);
      break;
    }
    case Special::kNone:
      if (!fields.has_time && !fields.has_date) context.Syntax();
      result = TimeOfDayMicros(fields);
      break;
    case Special::kToday:
    case Special::kTomorrow:
    case Special::kYesterday:
      result = TimeOfDayMicros(fields);
      break;
    default:
      context.Syntax();
  }
  result = AdjustTimeForTypmod(result, typmod);
  if (result < 0 || result > kUsPerDay) {
    ThrowSqlError(SqlState::kDatetimeFieldOverflow, "time out of range");
  }
  return result;
}

int64_t ParseTimestamp(std::string_view text, int32_t typmod, const FormatSettings& settings) {
  Context context{text, "timestamp", settings};
  Fields fields = ParseFields(context);
  int64_t result = 0;
  switch (fields.special) {
    case Special::kInfinity:
      return kTimestampPlusInfinity;
    case Special::kMinusInfinity:
      return kTimestampMinusInfinity;
    case Special::kEpoch:
      result = -kUnixToPostgresSeconds * kUsPerSecond;
      break;
    case Special::kNow: {
      int64_t now = settings.NowMicros();
      result = now + static_cast<int64_t>(settings.zone().UtcOffsetAt(now)) * kUsPerSecond;
      break;
    }
    case Special::kToday:
    case Special::kTomorrow:
    case Special::kYesterday:
      result =
          LocalDayOfNow(settings, DayDelta(fields.special)) * kUsPerDay + TimeOfDayMicros(fields);
      break;
    case Special::kNone:
      if (!fields.has_date) context.Syntax();
      result = LocalTimestamp(fields, text);
      break;
  }
  if (!IsValidTimestamp(result)) TimestampOutOfRange(text);
  return AdjustTimestampForTypmod(result, typmod);
}

int64_t ParseTimestamptz(std::string_view text, int32_t typmod, const FormatSettings& settings) {
  Context context{text, "timestamp with time zone", settings};
  Fields fields = ParseFields(context);
  int64_t result = 0;
  const TimeZone& zone = fields.zone != nullptr ? *fields.zone : settings.zone();
  auto to_utc = [&](int64_t local) {
    int64_t offset = fields.has_offset ? fields.offset : zone.OffsetForLocal(local);
    return local - offset * kUsPerSecond;
  };
  switch (fields.special) {
    case Special::kInfinity:
      return kTimestampPlusInfinity;
    case Special::kMinusInfinity:
      return kTimestampMinusInfinity;
    case Special::kEpoch:
      result = -kUnixToPostgresSeconds * kUsPerSecond;
      break;
    case Special::kNow:
      result = settings.NowMicros();
      break;
    case Special::kToday:
    case Special::kTomorrow:
    case Special::kYesterday:
      result = to_utc(LocalDayOfNow(settings, DayDelta(fields.special)) * kUsPerDay +
                      TimeOfDayMicros(fields));
      break;
    case Special::kNone:
      if (!fields.has_date) context.Syntax();
      result = to_utc(LocalTimestamp(fields, text));
      break;
  }
  if (!IsValidTimestamp(result)) TimestampOutOfRange(text);
  return AdjustTimestampForTypmod(result, typmod);
}

void AppendDate(std::string& out, int32_t days) {
  if (days == kDatePlusInfinity) {
    out += "infinity";
    return;
  }
  if (days == kDateMinusInfinity) {
    out += "-infinity";
    return;
  }
  CivilDate date = CivilFromDays(days);
  AppendCivilDate(out, date);
  if (date.year <= 0) out += " BC";
}

void AppendTime(std::string& out, int64_t micros) {
  if (micros < 0 || micros > kUsPerDay) micros = FloorMod(micros, kUsPerDay);
  AppendTimeOfDay(out, micros);
}

void AppendTimestamp(std::string& out, int64_t micros) {
  if (micros == kTimestampPlusInfinity) {
    out += "infinity";
    return;
  }
  if (micros == kTimestampMinusInfinity) {
    out += "-infinity";
    return;
  }
  AppendLocalTimestamp(out, micros, nullptr);
}

void AppendTimestamptz(std::string& out, int64_t micros, const TimeZone& zone) {
  if (micros == kTimestampPlusInfinity) {
    out += "infinity";
    return;
  }
  if (micros == kTimestampMinusInfinity) {
    out += "-infinity";
    return;
  }
  int32_t offset = zone.UtcOffsetAt(micros);
  AppendLocalTimestamp(out, micros + static_cast<int64_t>(offset) * kUsPerSecond, &offset);
}

void AppendUtcOffset(std::string& out, int32_t seconds_east) {
  out.push_back(seconds_east < 0 ? '-' : '+');
  int32_t magnitude = std::abs(seconds_east);
  AppendTwo(out, magnitude / 3600);
  int minutes = magnitude / 60 % 60;
  int seconds = magnitude % 60;
  if (minutes != 0 || seconds != 0) {
    out.push_back(':');
    AppendTwo(out, minutes);
  }
  if (seconds != 0) {
    out.push_back(':');
    AppendTwo(out, seconds);
  }
}

}  // namespace sb::types
