#include "shared/types/time_zone.h"

#include <dirent.h>
#include <strings.h>
#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>

#include <fmt/format.h>

#include "shared/types/calendar.h"

namespace sb::types {
namespace {

constexpr size_t kMaxCachedZones = 4096;
constexpr size_t kMaxZoneNameLength = 255;
constexpr size_t kMaxTzifSize = 4 << 20;
constexpr int32_t kMaxPosixOffset = 167 * 3600 + 59 * 60 + 59;  // tzcode's limit (v3 rules)

int64_t MicrosToUnixSeconds(int64_t micros) {
  return FloorDiv(micros, kUsPerSecond) + kUnixToPostgresSeconds;
}

std::string ZoneInfoDirectory() {
  const char* dir = std::getenv("TZDIR");
  return (dir != nullptr && dir[0] != '\0') ? dir : "/usr/share/zoneinfo";
}

bool IsValidZoneFileName(std::string_view name) {
  if (name.empty() || name.size() > kMaxZoneNameLength || name.front() == '/') return false;
  if (name.find("..") != std::string_view::npos) return false;
  for (char c : name) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '/' || c == '+' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool IsDirectory(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool IsRegularFile(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// Resolves `name` below `root` matching each component case-insensitively, like PostgreSQL.
// Returns the canonical (on-disk) spelling, or nullopt.
std::optional<std::string> ResolveZoneFile(const std::string& root, std::string_view name) {
  std::string canonical;
  std::string path = root;
  size_t start = 0;
  while (start <= name.size()) {
    size_t slash = name.find('/', start);
    std::string component(name.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (component.empty() || component == "." || component == "..") return std::nullopt;
    if (!IsDirectory(path)) return std::nullopt;
    std::string candidate = path + "/" + component;
    struct stat st;
    if (stat(candidate.c_str(), &st) != 0) {
      DIR* dir = opendir(path.c_str());
      if (dir == nullptr) return std::nullopt;
      bool found = false;
      while (dirent* entry = readdir(dir)) {
        if (strcasecmp(entry->d_name, component.c_str()) == 0) {
          component = entry->d_name;
          found = true;
          break;
        }
      }
      closedir(dir);
      if (!found) return std::nullopt;
      candidate = path + "/" + component;
    }
    path = candidate;
    if (!canonical.empty()) canonical.push_back('/');
    canonical += component;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (!IsRegularFile(path)) return std::nullopt;
  return canonical;
}

class ByteReader {
 public:
  explicit ByteReader(std::string_view data) : data_(data) {}
  bool Has(size_t n) const { return data_.size() - pos_ >= n; }
  bool Skip(size_t n) {
    if (!Has(n)) return false;
    pos_ += n;
    return true;
  }
  bool ReadU8(uint8_t* out) {
    if (!Has(1)) return false;
    *out = static_cast<uint8_t>(data_[pos_++]);
    return true;
  }
  bool ReadBe(size_t bytes, uint64_t* out) {
    if (!Has(bytes)) return false;
    uint64_t value = 0;
    for (size_t i = 0; i < bytes; ++i) value = (value << 8) | static_cast<uint8_t>(data_[pos_ + i]);
    pos_ += bytes;
    *out = value;
    return true;
  }
  std::string_view Rest() const { return data_.substr(pos_); }
  std::string_view Take(size_t n) {
    std::string_view out = data_.substr(pos_, n);
    pos_ += n;
    return out;
  }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

struct TzifCounts {
  uint64_t isut = 0, isstd = 0, leap = 0, time = 0, type = 0, chars = 0;
};

bool ReadTzifHeader(ByteReader& reader, char* version, TzifCounts* counts) {
  if (!reader.Has(44)) return false;
  std::string_view magic = reader.Take(4);
  if (magic != "TZif") return false;
  uint8_t v = 0;
  reader.ReadU8(&v);
  *version = static_cast<char>(v);
  reader.Skip(15);
  return reader.ReadBe(4, &counts->isut) && reader.ReadBe(4, &counts->isstd) &&
         reader.ReadBe(4, &counts->leap) && reader.ReadBe(4, &counts->time) &&
         reader.ReadBe(4, &counts->type) && reader.ReadBe(4, &counts->chars);
}

// "hh[:mm[:ss]]" with an optional sign; returns seconds or nullopt.
std::optional<int32_t> ParseHms(std::string_view& spec, int max_hours, bool allow_sign) {
  bool negative = false;
  if (allow_sign && !spec.empty() && (spec[0] == '+' || spec[0] == '-')) {
    negative = spec[0] == '-';
    spec.remove_prefix(1);
  }
  auto number = [&spec](int max_digits, int* out) {
    int digits = 0;
    int value = 0;
    while (!spec.empty() && spec[0] >= '0' && spec[0] <= '9' && digits < max_digits) {
      value = value * 10 + (spec[0] - '0');
      spec.remove_prefix(1);
      ++digits;
    }
    *out = value;
    return digits > 0;
  };
  int hours = 0, minutes = 0, seconds = 0;
  if (!number(3, &hours) || hours > max_hours) return std::nullopt;
  if (!spec.empty() && spec[0] == ':') {
    spec.remove_prefix(1);
    if (!number(2, &minutes) || minutes > 59) return std::nullopt;
    if (!spec.empty() && spec[0] == ':') {
      spec.remove_prefix(1);
      if (!number(2, &seconds) || seconds > 59) return std::nullopt;
    }
  }
  int32_t total = hours * 3600 + minutes * 60 + seconds;
  return negative ? -total : total;
}

std::string OffsetText(int32_t seconds) {
  int32_t magnitude = std::abs(seconds);
  int hours = magnitude / 3600;
  int minutes = magnitude / 60 % 60;
  int secs = magnitude % 60;
  if (secs != 0) return fmt::format("{:02}:{:02}:{:02}", hours, minutes, secs);
  if (minutes != 0) return fmt::format("{:02}:{:02}", hours, minutes);
  return fmt::format("{:02}", hours);
}

std::mutex& CacheMutex() {
  static std::mutex mutex;
  return mutex;
}

std::map<std::string, std::unique_ptr<TimeZone>, std::less<>>& Cache() {
  static auto* cache = new std::map<std::string, std::unique_ptr<TimeZone>, std::less<>>();
  return *cache;
}

}  // namespace

const TimeZone* TimeZone::Utc() {
  static const TimeZone* utc = [] {
    auto* zone = new TimeZone("UTC");
    zone->types_.push_back(LocalType{0, false, "UTC"});
    return zone;
  }();
  return utc;
}

const TimeZone* TimeZone::FixedOffset(int32_t seconds_east) {
  std::string text = OffsetText(seconds_east);
  std::string abbreviation = (seconds_east >= 0 ? "+" : "-") + text;
  std::string name = "<" + abbreviation + ">" + (seconds_east >= 0 ? "-" : "+") + text;
  std::lock_guard<std::mutex> lock(CacheMutex());
  auto& cache = Cache();
  auto it = cache.find(name);
  if (it != cache.end()) return it->second.get();
  if (cache.size() >= kMaxCachedZones) return nullptr;
  std::unique_ptr<TimeZone> zone(new TimeZone(name));
  zone->types_.push_back(LocalType{seconds_east, false, abbreviation});
  const TimeZone* result = zone.get();
  cache.emplace(name, std::move(zone));
  return result;
}

const TimeZone* TimeZone::Find(std::string_view name) {
  if (name.empty() || name.size() > kMaxZoneNameLength) return nullptr;
  if (strncasecmp(std::string(name).c_str(), "utc", 4) == 0 && name.size() == 3) return Utc();

  // A bare number is an offset in hours east of UTC.
  {
    std::string copy(name);
    char* end = nullptr;
    double hours = std::strtod(copy.c_str(), &end);
    if (end != copy.c_str() && *end == '\0' && std::isfinite(hours) &&
        (copy[0] == '+' || copy[0] == '-' || copy[0] == '.' ||
         (copy[0] >= '0' && copy[0] <= '9'))) {
      if (std::fabs(hours) > 167) return nullptr;
      return FixedOffset(static_cast<int32_t>(hours * 3600));
    }
  }

  {
    std::lock_guard<std::mutex> lock(CacheMutex());
    auto it = Cache().find(name);
    if (it != Cache().end()) return it->second.get();
  }

  std::unique_ptr<TimeZone> zone;
  if (IsValidZoneFileName(name)) {
    std::string root = ZoneInfoDirectory();
    if (std::optional<std::string> canonical = ResolveZoneFile(root, name)) {
      std::ifstream file(root + "/" + *canonical, std::ios::binary);
      std::string data;
      if (file) {
        data.resize(kMaxTzifSize + 1);
        file.read(data.data(), static_cast<std::streamsize>(data.size()));
        data.resize(static_cast<size_t>(file.gcount()));
      }
      if (data.size() <= kMaxTzifSize) zone = FromTzif(*canonical, data);
    }
  }
  if (zone == nullptr) {
    std::string upper(name);
    for (char& c : upper) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    if (upper == "GMT" || upper == "ZULU" || upper == "UNIVERSAL" || upper == "ETC/UTC" ||
        upper == "UCT" || upper == "GREENWICH") {
      // Works without tzdata.
      zone.reset(new TimeZone(upper == "GMT" ? "GMT" : "UTC"));
      zone->types_.push_back(LocalType{0, false, upper == "GMT" ? "GMT" : "UTC"});
    } else {
      zone = FromPosix(upper, name);
    }
  }
  if (zone == nullptr) return nullptr;
  std::lock_guard<std::mutex> lock(CacheMutex());
  auto& cache = Cache();
  auto it = cache.find(name);
  if (it != cache.end()) return it->second.get();  // another thread won the race
  if (cache.size() >= kMaxCachedZones) return nullptr;
  const TimeZone* result = zone.get();
  cache.emplace(std::string(name), std::move(zone));
  return result;
}

std::unique_ptr<TimeZone> TimeZone::FromTzif(std::string name, std::string_view data) {
  ByteReader reader(data);
  char version = 0;
  TzifCounts counts;
  if (!ReadTzifHeader(reader, &version, &counts)) return nullptr;
  size_t time_size = 4;
  if (version >= '2') {
    uint64_t v1_size = counts.time * 5 + counts.type * 6 + counts.chars + counts.leap * 8 +
                       counts.isstd + counts.isut;
    if (counts.time > data.size() || counts.type > 256 || counts.chars > data.size() ||
        counts.leap > data.size() || !reader.Skip(v1_size)) {
      return nullptr;
    }
    if (!ReadTzifHeader(reader, &version, &counts)) return nullptr;
    time_size = 8;
  }
  // Leap-second zones ("right/...") are rejected, as PostgreSQL does.
  if (counts.type == 0 || counts.type > 256 || counts.leap != 0 || counts.time > data.size() ||
      counts.chars > data.size() || counts.isstd > 256 || counts.isut > 256) {
    return nullptr;
  }
  std::unique_ptr<TimeZone> zone(new TimeZone(std::move(name)));
  zone->transition_times_.reserve(counts.time);
  for (uint64_t i = 0; i < counts.time; ++i) {
    uint64_t raw = 0;
    if (!reader.ReadBe(time_size, &raw)) return nullptr;
    int64_t at = time_size == 8 ? static_cast<int64_t>(raw)
                                : static_cast<int64_t>(static_cast<int32_t>(raw));
    if (!zone->transition_times_.empty() && at <= zone->transition_times_.back()) return nullptr;
    zone->transition_times_.push_back(at);
  }
  for (uint64_t i = 0; i < counts.time; ++i) {
    uint8_t index = 0;
    if (!reader.ReadU8(&index) || index >= counts.type) return nullptr;
    zone->transition_types_.push_back(index);
  }
  struct RawType {
    int32_t offset;
    bool dst;
    uint8_t abbreviation_index;
  };
  std::vector<RawType> raw_types;
  for (uint64_t i = 0; i < counts.type; ++i) {
    uint64_t offset = 0;
    uint8_t dst = 0, index = 0;
    if (!reader.ReadBe(4, &offset) || !reader.ReadU8(&dst) || !reader.ReadU8(&index)) {
      return nullptr;
    }
    int32_t seconds = static_cast<int32_t>(static_cast<uint32_t>(offset));
    if (seconds < -kMaxPosixOffset || seconds > kMaxPosixOffset || dst > 1) return nullptr;
    raw_types.push_back(RawType{seconds, dst == 1, index});
  }
  if (!reader.Has(counts.chars)) return nullptr;
  std::string_view chars = reader.Take(counts.chars);
  for (const RawType& raw : raw_types) {
    if (raw.abbreviation_index >= chars.size() && !(chars.empty() && raw.abbreviation_index == 0)) {
      return nullptr;
    }
    std::string_view abbreviation =
        chars.substr(std::min<size_t>(raw.abbreviation_index, chars.size()));
    abbreviation = abbreviation.substr(0, abbreviation.find('\0'));
    zone->types_.push_back(LocalType{raw.offset, raw.dst, std::string(abbreviation)});
  }
  if (!reader.Skip(counts.isstd + counts.isut)) return nullptr;
  if (version >= '2') {
    std::string_view footer = reader.Rest();
    if (footer.size() >= 2 && footer[0] == '\n') {
      size_t end = footer.find('\n', 1);
      if (end != std::string_view::npos && end > 1) {
        zone->rule_ = ParsePosix(footer.substr(1, end - 1));
      }
    }
  }
  return zone;
}

std::unique_ptr<TimeZone> TimeZone::FromPosix(std::string name, std::string_view spec) {
  std::optional<PosixRule> rule = ParsePosix(spec);
  if (!rule) return nullptr;
  std::unique_ptr<TimeZone> zone(new TimeZone(std::move(name)));
  zone->types_.push_back(rule->standard);
  zone->rule_ = std::move(rule);
  return zone;
}

std::optional<TimeZone::PosixRule> TimeZone::ParsePosix(std::string_view spec) {
  auto parse_name = [&spec](std::string* out, bool allow_empty) {
    if (!spec.empty() && spec[0] == '<') {
      size_t close = spec.find('>');
      if (close == std::string_view::npos) return false;
      *out = std::string(spec.substr(1, close - 1));
      spec.remove_prefix(close + 1);
      return true;
    }
    size_t length = 0;
    while (length < spec.size() && ((spec[length] >= 'A' && spec[length] <= 'Z') ||
                                    (spec[length] >= 'a' && spec[length] <= 'z'))) {
      ++length;
    }
    if (length < 3 && !(allow_empty && length == 0)) return false;
    *out = std::string(spec.substr(0, length));
    spec.remove_prefix(length);
    return true;
  };
  PosixRule rule;
  if (!parse_name(&rule.standard.abbreviation, true)) return std::nullopt;
  if (spec.empty()) return std::nullopt;  // an offset is required
  std::optional<int32_t> west = ParseHms(spec, 167, true);
  if (!west) return std::nullopt;
  rule.standard.offset = -*west;
  if (spec.empty()) return rule;
  LocalType daylight;
  daylight.dst = true;
  if (!parse_name(&daylight.abbreviation, false)) return std::nullopt;
  daylight.offset = rule.standard.offset + 3600;
  if (!spec.empty() && spec[0] != ',') {
    std::optional<int32_t> dst_west = ParseHms(spec, 167, true);
    if (!dst_west) return std::nullopt;
    daylight.offset = -*dst_west;
  }
  auto parse_date = [&spec](RuleDate* date) {
    auto number = [&spec](int* out) {
      int digits = 0;
      int value = 0;
      while (!spec.empty() && spec[0] >= '0' && spec[0] <= '9' && digits < 3) {
        value = value * 10 + (spec[0] - '0');
        spec.remove_prefix(1);
        ++digits;
      }
      *out = value;
      return digits > 0;
    };
    if (spec.empty()) return false;
    if (spec[0] == 'J') {
      spec.remove_prefix(1);
      date->kind = RuleDate::Kind::kJulianNoLeap;
      if (!number(&date->day) || date->day < 1 || date->day > 365) return false;
    } else if (spec[0] == 'M') {
      spec.remove_prefix(1);
      date->kind = RuleDate::Kind::kMonthWeekDay;
      if (!number(&date->month) || date->month < 1 || date->month > 12) return false;
      if (spec.empty() || spec[0] != '.') return false;
      spec.remove_prefix(1);
      if (!number(&date->week) || date->week < 1 || date->week > 5) return false;
      if (spec.empty() || spec[0] != '.') return false;
      spec.remove_prefix(1);
      if (!number(&date->day) || date->day > 6) return false;
    } else {
      date->kind = RuleDate::Kind::kZeroBased;
      if (!number(&date->day) || date->day > 365) return false;
    }
    date->time = 7200;
    if (!spec.empty() && spec[0] == '/') {
      spec.remove_prefix(1);
      std::optional<int32_t> time = ParseHms(spec, 167, true);
      if (!time) return false;
      date->time = *time;
    }
    return true;
  };
  if (spec.empty()) {
    // No rule: PostgreSQL (like tzcode without posixrules) uses the US rules.
    rule.start = RuleDate{RuleDate::Kind::kMonthWeekDay, 3, 2, 0, 7200};
    rule.end = RuleDate{RuleDate::Kind::kMonthWeekDay, 11, 1, 0, 7200};
  } else {
    if (spec[0] != ',') return std::nullopt;
    spec.remove_prefix(1);
    if (!parse_date(&rule.start)) return std::nullopt;
    if (spec.empty() || spec[0] != ',') return std::nullopt;
    spec.remove_prefix(1);
    if (!parse_date(&rule.end) || !spec.empty()) return std::nullopt;
  }
  rule.daylight = daylight;
  return rule;
}

int64_t TimeZone::RuleTransition(const RuleDate& date, int64_t year, int32_t offset_before) {
  int64_t jan1 = DaysFromCivil(CivilDate{year, 1, 1});
  int64_t day = 0;
  switch (date.kind) {
    case RuleDate::Kind::kJulianNoLeap:
      day = jan1 + date.day - 1 + ((IsLeapYear(year) && date.day >= 60) ? 1 : 0);
      break;
    case RuleDate::Kind::kZeroBased:
      day = jan1 + date.day;
      break;
    case RuleDate::Kind::kMonthWeekDay: {
      int64_t first = DaysFromCivil(CivilDate{year, date.month, 1});
      int first_weekday = WeekdayFromDays(first);
      day = first + (date.day - first_weekday + 7) % 7 + (date.week - 1) * 7;
      int64_t last = first + DaysInMonth(year, date.month) - 1;
      while (day > last) day -= 7;
      break;
    }
  }
  return day * kSecondsPerDay + kUnixToPostgresSeconds + date.time - offset_before;
}

const TimeZone::LocalType& TimeZone::RuleTypeAt(const PosixRule& rule, int64_t t) const {
  if (!rule.daylight) return rule.standard;
  int64_t local_days = FloorDiv(t + rule.standard.offset, kSecondsPerDay) - kUnixToPostgresDays;
  int64_t year = CivilFromDays(local_days).year;
  int64_t best = INT64_MIN;
  bool best_is_dst = false;
  for (int64_t y = year - 1; y <= year + 1; ++y) {
    int64_t start = RuleTransition(rule.start, y, rule.standard.offset);
    int64_t end = RuleTransition(rule.end, y, rule.daylight->offset);
    if (start <= t && start > best) {
      best = start;
      best_is_dst = true;
    }
    if (end <= t && end > best) {
      best = end;
      best_is_dst = false;
    }
  }
  return best_is_dst ? *rule.daylight : rule.standard;
}

std::optional<TimeZone::Transition> TimeZone::NextRuleTransition(const PosixRule& rule,
                                                                 int64_t t) const {
  if (!rule.daylight) return std::nullopt;
  int64_t local_days = FloorDiv(t + rule.standard.offset, kSecondsPerDay) - kUnixToPostgresDays;
  int64_t year = CivilFromDays(local_days).year;
  std::optional<Transition> best;
  for (int64_t y = year - 1; y <= year + 2; ++y) {
    int64_t start = RuleTransition(rule.start, y, rule.standard.offset);
    int64_t end = RuleTransition(rule.end, y, rule.daylight->offset);
    if (start > t && (!best || start < best->at)) {
      best = Transition{start, rule.standard.offset, rule.daylight->offset};
    }
    if (end > t && (!best || end < best->at)) {
      best = Transition{end, rule.daylight->offset, rule.standard.offset};
    }
  }
  return best;
}

const TimeZone::LocalType& TimeZone::TypeAt(int64_t t) const {
  if (transition_times_.empty()) return rule_ ? RuleTypeAt(*rule_, t) : types_[0];
  if (t < transition_times_.front()) return types_[0];
  auto it = std::upper_bound(transition_times_.begin(), transition_times_.end(), t);
  size_t index = static_cast<size_t>(it - transition_times_.begin()) - 1;
  if (index + 1 == transition_times_.size() && rule_) return RuleTypeAt(*rule_, t);
  return types_[transition_types_[index]];
}

std::optional<TimeZone::Transition> TimeZone::NextTransition(int64_t t) const {
  if (!transition_times_.empty() && t < transition_times_.back()) {
    auto it = std::upper_bound(transition_times_.begin(), transition_times_.end(), t);
    size_t index = static_cast<size_t>(it - transition_times_.begin());
    int32_t before = TypeAt(t).offset;
    int32_t after = types_[transition_types_[index]].offset;
    return Transition{*it, before, after};
  }
  if (rule_) return NextRuleTransition(*rule_, t);
  return std::nullopt;
}

int32_t TimeZone::UtcOffsetAt(int64_t utc_micros) const {
  return TypeAt(MicrosToUnixSeconds(utc_micros)).offset;
}

std::string_view TimeZone::AbbreviationAt(int64_t utc_micros) const {
  return TypeAt(MicrosToUnixSeconds(utc_micros)).abbreviation;
}

int32_t TimeZone::OffsetForLocal(int64_t local_micros) const {
  if (transition_times_.empty() && (!rule_ || !rule_->daylight)) return types_[0].offset;
  int64_t t = MicrosToUnixSeconds(local_micros);
  // Offsets are below a day and transitions at least two days apart, so the transition that
  // matters is the first one after "a day before t".
  int64_t previous = t - kSecondsPerDay;
  int32_t before = TypeAt(previous).offset;
  std::optional<Transition> next = NextTransition(previous);
  if (!next) return before;
  int32_t after = next->offset_after;
  int64_t before_time = t - before;
  int64_t after_time = t - after;
  if (before_time < next->at && after_time < next->at) return before;
  if (before_time > next->at && after_time >= next->at) return after;
  // Skipped or repeated local time: prefer "before" for a gap, "after" for an overlap.
  return before_time > after_time ? before : after;
}

}  // namespace sb::types
