// TimeZone: a session time zone (UTC, a fixed offset, a POSIX TZ rule, or an IANA zone read
// from a TZif file under /usr/share/zoneinfo or $TZDIR).
//
// Zones are immutable once loaded and live in a process-wide cache for the life of the
// process, so `const TimeZone*` may be stored anywhere (FormatSettings, session state) and
// shared between threads. Find() is thread-safe. UTC and fixed offsets work without tzdata.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::types {

class TimeZone {
 public:
  // The always-available UTC zone (canonical name "UTC").
  static const TimeZone* Utc();

  // Resolves a TimeZone setting as PostgreSQL does: a number of hours east of UTC ("-5",
  // "5.5"), an IANA name matched case-insensitively ("europe/berlin" → "Europe/Berlin"), or a
  // POSIX TZ string ("UTC+3", "+02:00", "EST5EDT" — POSIX offsets count west, so "UTC+3" is
  // three hours behind UTC). nullptr when unknown; the caller raises 22023
  // `invalid value for parameter "TimeZone": "x"`.
  static const TimeZone* Find(std::string_view name);

  // A fixed offset in seconds east of UTC, named like PostgreSQL ("<+05:30>-05:30").
  static const TimeZone* FixedOffset(int32_t seconds_east);

  // Parsers, exposed for tests. nullptr on malformed input.
  static std::unique_ptr<TimeZone> FromTzif(std::string name, std::string_view data);
  static std::unique_ptr<TimeZone> FromPosix(std::string name, std::string_view spec);

  // Canonical name for SHOW TimeZone.
  const std::string& name() const { return name_; }

  // Seconds east of UTC in effect at the instant `utc_micros` (µs since 2000-01-01 UTC).
  int32_t UtcOffsetAt(int64_t utc_micros) const;
  // Abbreviation in effect ("CEST"), empty if unknown.
  std::string_view AbbreviationAt(int64_t utc_micros) const;
  // The offset to subtract from a local wall-clock time (µs since 2000-01-01 local) to get UTC.
  // Times skipped by a spring-forward transition use the offset before it; times repeated by a
  // fall-back transition use the offset after it (PostgreSQL's rule).
  int32_t OffsetForLocal(int64_t local_micros) const;

 private:
  struct LocalType {
    int32_t offset = 0;  // seconds east
    bool dst = false;
    std::string abbreviation;
  };
  // A date in a POSIX TZ rule.
  struct RuleDate {
    enum class Kind { kJulianNoLeap, kZeroBased, kMonthWeekDay } kind = Kind::kMonthWeekDay;
    int month = 0, week = 0, day = 0;  // Mm.w.d, or day for J/n forms
    int32_t time = 7200;               // local seconds after midnight
  };
  struct PosixRule {
    LocalType standard;
    std::optional<LocalType> daylight;
    RuleDate start, end;
  };
  struct Transition {
    int64_t at;  // UTC seconds since 1970
    int32_t offset_before;
    int32_t offset_after;
  };

  explicit TimeZone(std::string name) : name_(std::move(name)) {}
  static std::optional<PosixRule> ParsePosix(std::string_view spec);
  // Seconds since 1970 (UTC) of a rule date in `year`, given the offset in effect before it.
  static int64_t RuleTransition(const RuleDate& date, int64_t year, int32_t offset_before);
  const LocalType& TypeAt(int64_t unix_seconds) const;
  const LocalType& RuleTypeAt(const PosixRule& rule, int64_t unix_seconds) const;
  // The first transition strictly after `unix_seconds`, if any.
  std::optional<Transition> NextTransition(int64_t unix_seconds) const;
  std::optional<Transition> NextRuleTransition(const PosixRule& rule, int64_t unix_seconds) const;

  std::string name_;
  std::vector<int64_t> transition_times_;  // UTC seconds since 1970, ascending
  std::vector<uint8_t> transition_types_;  // index into types_
  std::vector<LocalType> types_;           // types_[0] applies before the first transition
  std::optional<PosixRule> rule_;          // applies after the last transition
};

}  // namespace sb::types
