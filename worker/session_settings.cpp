#include "worker/session_settings.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "shared/errors/sql_error.h"
#include "shared/types/time_zone.h"
#include "worker/server_version.h"

namespace sb::worker {

// Turns a value as the user wrote it into its canonical form, or throws 22023.
using Normalizer = std::string (*)(std::string_view name, std::string_view value);

struct SettingDef {
  std::string_view name;          // lower case, the key everywhere
  std::string_view display_name;  // as PostgreSQL spells it in SHOW and ParameterStatus
  std::string_view default_value;
  bool report;     // sent in ParameterStatus
  bool read_only;  // SET fails with 55P02
  Normalizer normalize;
  std::string_view description;
};

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// Some clients quote startup values (asyncpg sends client_encoding='utf-8').
std::string Unquote(std::string_view s) {
  std::string t = Trim(s);
  if (t.size() >= 2 && t.front() == '\'' && t.back() == '\'') return t.substr(1, t.size() - 2);
  return t;
}

[[noreturn]] void BadValue(std::string_view name, std::string_view value) {
  ThrowSqlError(SqlState::kInvalidParameterValue, "invalid value for parameter \"{}\": \"{}\"",
                name, value);
}

std::string AnyText(std::string_view, std::string_view value) {
  return std::string(value);
}

std::string Boolean(std::string_view name, std::string_view value) {
  std::string v = Lower(Unquote(value));
  if (v == "on" || v == "true" || v == "yes" || v == "1" || v == "t" || v == "y") return "on";
  if (v == "off" || v == "false" || v == "no" || v == "0" || v == "f" || v == "n") return "off";
  ThrowSqlError(SqlState::kInvalidParameterValue, "parameter \"{}\" requires a Boolean value",
                name);
}

std::string ClientEncoding(std::string_view name, std::string_view value) {
  std::string v;
  for (char c : Unquote(value)) {
    if (c != '-' && c != '_') v += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (v == "UTF8" || v == "UNICODE") return "UTF8";
  if (v == "SQLASCII") return "SQL_ASCII";
  static constexpr std::string_view kOtherEncodings[] = {
      "LATIN1",   "LATIN2",       "LATIN3",   "LATIN4",   "LATIN5",       "LATIN6",  "LATIN7",
      "LATIN8",   "LATIN9",       "LATIN10",  "WIN1250",  "WIN1251",      "WIN1252", "WIN1253",
      "WIN1254",  "WIN1255",      "WIN1256",  "WIN1257",  "WIN1258",      "WIN866",  "WIN874",
      "KOI8R",    "KOI8U",        "EUCJP",    "EUCCN",    "EUCKR",        "EUCTW",   "EUCJIS2004",
      "SJIS",     "SHIFTJIS2004", "BIG5",     "GBK",      "GB18030",      "UHC",     "JOHAB",
      "ISO88595", "ISO88596",     "ISO88597", "ISO88598", "MULEINTERNAL", "ALT",     "WIN",
      "TCVN"};
  for (std::string_view known : kOtherEncodings) {
    if (v == known) {
      // Documents are UTF-8 JSON; converting to other encodings is not implemented.
      ThrowSqlError(SqlState::kFeatureNotSupported,
                    "conversion between {} and UTF8 is not supported", Unquote(value));
    }
  }
  BadValue(name, Unquote(value));
}

std::string DateStyle(std::string_view name, std::string_view value) {
  std::string order = "MDY";
  std::string v = Lower(Unquote(value));
  size_t pos = 0;
  while (pos <= v.size()) {
    size_t comma = v.find(',', pos);
    if (comma == std::string::npos) comma = v.size();
    std::string token = Trim(v.substr(pos, comma - pos));
    pos = comma + 1;
    if (token.empty() || token == "iso") continue;
    if (token == "mdy" || token == "us" || token == "noneuropean" || token == "non-european") {
      order = "MDY";
    } else if (token == "dmy" || token == "euro" || token == "european") {
      order = "DMY";
    } else if (token == "ymd") {
      order = "YMD";
    } else if (token == "postgres" || token == "sql" || token == "german") {
      ThrowSqlError(SqlState::kFeatureNotSupported,
                    "DateStyle \"{}\" is not supported; only ISO output is", token);
    } else {
      BadValue(name, value);
    }
  }
  return "ISO, " + order;
}

std::string TimeZoneName(std::string_view name, std::string_view value) {
  std::string v = Unquote(value);
  const types::TimeZone* zone = types::TimeZone::Find(v);
  if (zone == nullptr) BadValue(name, v);
  return zone->name();
}

std::string IntRange(std::string_view name, std::string_view value, int lo, int hi) {
  std::string v = Unquote(value);
  int n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || end != v.data() + v.size()) {
    ThrowSqlError(SqlState::kInvalidParameterValue, "invalid value for parameter \"{}\": \"{}\"",
                  name, v);
  }
  if (n < lo || n > hi) {
    ThrowSqlError(SqlState::kInvalidParameterValue,
                  "{} is outside the valid range for parameter \"{}\" ({} .. {})", n, name, lo, hi);
  }
  return std::to_string(n);
}

std::string ExtraFloatDigits(std::string_view name, std::string_view value) {
  return IntRange(name, value, -15, 3);
}

std::string Duration(std::string_view name, std::string_view value) {
  // SHOW uses the largest unit that is exact, as PostgreSQL does.
  int ms = ParseDurationMs(name, Unquote(value));
  if (ms == 0) return "0";
  if (ms % 86400000 == 0) return std::to_string(ms / 86400000) + "d";
  if (ms % 3600000 == 0) return std::to_string(ms / 3600000) + "h";
  if (ms % 60000 == 0) return std::to_string(ms / 60000) + "min";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

std::string StandardConformingStrings(std::string_view name, std::string_view value) {
  if (Boolean(name, value) != "on") {
    ThrowSqlError(SqlState::kFeatureNotSupported,
                  "standard_conforming_strings = off is not supported");
  }
  return "on";
}

std::string IsolationLevel(std::string_view name, std::string_view value) {
  std::string v = Lower(Unquote(value));
  if (v == "read committed" || v == "read uncommitted" || v == "repeatable read" ||
      v == "serializable") {
    return v;
  }
  BadValue(name, value);
}

std::string SearchPath(std::string_view, std::string_view value) {
  return Trim(value);
}

std::string IntervalStyle(std::string_view name, std::string_view value) {
  if (Lower(Unquote(value)) != "postgres") {
    ThrowSqlError(SqlState::kFeatureNotSupported, "IntervalStyle \"{}\" is not supported",
                  Unquote(value));
  }
  return "postgres";
}

std::string ByteaOutput(std::string_view name, std::string_view value) {
  if (Lower(Unquote(value)) != "hex") {
    ThrowSqlError(SqlState::kFeatureNotSupported, "bytea_output \"{}\" is not supported",
                  Unquote(value));
  }
  return "hex";
}

std::string PlanCacheMode(std::string_view name, std::string_view value) {
  std::string v = Lower(Unquote(value));
  if (v == "auto" || v == "force_generic_plan" || v == "force_custom_plan") return v;
  BadValue(name, value);
}

std::string LowerText(std::string_view, std::string_view value) {
  return Lower(Unquote(value));
}

// Sorted by name; SHOW ALL prints in this order.
constexpr SettingDef kSettings[] = {
    {"application_name", "application_name", "", true, false, AnyText,
     "Sets the application name to be reported in statistics and logs."},
    {"bytea_output", "bytea_output", "hex", false, false, ByteaOutput,
     "Sets the output format for bytea."},
    {"client_encoding", "client_encoding", "UTF8", true, false, ClientEncoding,
     "Sets the client's character set encoding."},
    {"client_min_messages", "client_min_messages", "notice", false, false, LowerText,
     "Sets the message levels that are sent to the client."},
    {"datestyle", "DateStyle", "ISO, MDY", true, false, DateStyle,
     "Sets the display format for date and time values."},
    {"default_transaction_isolation", "default_transaction_isolation", "read committed", false,
     false, IsolationLevel, "Sets the transaction isolation level of each new transaction."},
    {"default_transaction_read_only", "default_transaction_read_only", "off", true, false, Boolean,
     "Sets the default read-only status of new transactions."},
    {"extra_float_digits", "extra_float_digits", "1", false, false, ExtraFloatDigits,
     "Sets the number of digits displayed for floating-point values."},
    {"idle_in_transaction_session_timeout", "idle_in_transaction_session_timeout", "0", false,
     false, Duration, "Sets the maximum allowed idle time between queries, when in a transaction."},
    {"in_hot_standby", "in_hot_standby", "off", true, true, Boolean,
     "Shows whether hot standby is currently active."},
    {"integer_datetimes", "integer_datetimes", "on", true, true, Boolean,
     "Shows whether datetimes are integer based."},
    {"intervalstyle", "IntervalStyle", "postgres", true, false, IntervalStyle,
     "Sets the display format for interval values."},
    {"is_superuser", "is_superuser", "on", true, true, Boolean,
     "Shows whether the current user is a superuser."},
    {"jit", "jit", "off", false, false, Boolean, "Allow JIT compilation."},
    {"lc_collate", "lc_collate", "C", false, true, AnyText, "Shows the collation order locale."},
    {"lc_ctype", "lc_ctype", "C", false, true, AnyText,
     "Shows the character classification and case conversion locale."},
    {"lc_messages", "lc_messages", "C", false, false, AnyText,
     "Sets the language in which messages are displayed."},
    {"lc_monetary", "lc_monetary", "C", false, false, AnyText,
     "Sets the locale for formatting monetary amounts."},
    {"lc_numeric", "lc_numeric", "C", false, false, AnyText,
     "Sets the locale for formatting numbers."},
    {"lc_time", "lc_time", "C", false, false, AnyText,
     "Sets the locale for formatting date and time values."},
    {"lock_timeout", "lock_timeout", "0", false, false, Duration,
     "Sets the maximum allowed duration of any wait for a lock."},
    {"max_identifier_length", "max_identifier_length", "63", false, true, AnyText,
     "Shows the maximum identifier length."},
    {"plan_cache_mode", "plan_cache_mode", "auto", false, false, PlanCacheMode,
     "Controls the planner's selection of custom or generic plan."},
    {"row_security", "row_security", "on", false, false, Boolean, "Enable row security."},
    {"search_path", "search_path", "\"$user\", public", false, false, SearchPath,
     "Sets the schema search order for names that are not schema-qualified."},
    {"server_encoding", "server_encoding", "UTF8", true, true, AnyText,
     "Shows the server (database) character set encoding."},
    {"server_version", "server_version", kServerVersion, true, true, AnyText,
     "Shows the server version."},
    {"server_version_num", "server_version_num", kServerVersionNum, false, true, AnyText,
     "Shows the server version as an integer."},
    {"session_authorization", "session_authorization", "", true, true, AnyText,
     "Sets the session user name."},
    {"standard_conforming_strings", "standard_conforming_strings", "on", true, false,
     StandardConformingStrings, "Causes '...' strings to treat backslashes literally."},
    {"statement_timeout", "statement_timeout", "0", false, false, Duration,
     "Sets the maximum allowed duration of any statement."},
    {"synchronous_commit", "synchronous_commit", "on", false, false, LowerText,
     "Sets the current transaction's synchronization level."},
    {"timezone", "TimeZone", "UTC", true, false, TimeZoneName,
     "Sets the time zone for displaying and interpreting time stamps."},
    {"transaction_isolation", "transaction_isolation", "read committed", false, false,
     IsolationLevel, "Sets the current transaction's isolation level."},
    {"transaction_read_only", "transaction_read_only", "off", false, false, Boolean,
     "Sets the current transaction's read-only status."},
    {"work_mem", "work_mem", "4MB", false, false, AnyText,
     "Sets the maximum memory to be used for query workspaces."},
    {"xmloption", "xmloption", "content", false, false, LowerText,
     "Sets whether XML data in implicit parsing and serialization operations is to be "
     "considered as documents or content fragments."},
};

}  // namespace

int ParseDurationMs(std::string_view name, std::string_view text) {
  std::string v = Trim(text);
  long long n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc()) BadValue(name, text);
  std::string unit = Lower(Trim(std::string_view(end, v.data() + v.size() - end)));
  long long factor = 0;
  if (unit.empty() || unit == "ms") {
    factor = 1;
  } else if (unit == "s") {
    factor = 1000;
  } else if (unit == "min") {
    factor = 60000;
  } else if (unit == "h") {
    factor = 3600000;
  } else if (unit == "d") {
    factor = 86400000;
  } else {
    throw SqlError(SqlState::kInvalidParameterValue,
                   fmt::format("invalid value for parameter \"{}\": \"{}\"", name, text))
        .WithHint("Valid units for this parameter are \"ms\", \"s\", \"min\", \"h\", and \"d\".");
  }
  long long ms = n * factor;
  if (ms < 0 || ms > 2147483647LL) {
    ThrowSqlError(SqlState::kInvalidParameterValue,
                  "{} ms is outside the valid range for parameter \"{}\" (0 .. 2147483647)", ms,
                  name);
  }
  return static_cast<int>(ms);
}

SessionSettings::SessionSettings() {
  for (const SettingDef& def : kSettings) values_[std::string(def.name)] = def.default_value;
  session_values_ = values_;
  Refresh();
}

const SettingDef* SessionSettings::Find(std::string_view name) const {
  std::string key = Lower(name);
  for (const SettingDef& def : kSettings) {
    if (def.name == key) return &def;
  }
  return nullptr;
}

void SessionSettings::ApplyConfigDefaults(int64_t statement_timeout_ms,
                                          int64_t idle_in_transaction_ms) {
  defaults_["statement_timeout"] =
      Duration("statement_timeout", std::to_string(statement_timeout_ms));
  defaults_["idle_in_transaction_session_timeout"] =
      Duration("idle_in_transaction_session_timeout", std::to_string(idle_in_transaction_ms));
  for (const auto& [key, value] : defaults_) values_[key] = value;
  session_values_ = values_;
  Refresh();
}

void SessionSettings::ApplyStartup(std::string_view name, std::string_view value) {
  std::string key = Lower(name);
  if (key == "session_authorization" || key == "user") {
    values_["session_authorization"] = std::string(value);
  } else if (const SettingDef* def = Find(key); def != nullptr) {
    if (def->read_only) return;
    values_[key] = def->normalize(def->display_name, value);
    defaults_[key] = values_[key];  // RESET returns to the value the session started with
  } else if (key.find('.') != std::string::npos) {
    values_[key] = std::string(value);  // custom "prefix.name" settings, as in PostgreSQL
  } else {
    ThrowSqlError(SqlState::kUndefinedObject, "unrecognized configuration parameter \"{}\"", name);
  }
  session_values_ = values_;
  Refresh();
}

void SessionSettings::Store(const std::string& key, std::string value, bool local,
                            bool in_transaction) {
  // SET LOCAL outside a transaction block has no effect (PostgreSQL warns and ignores it;
  // the caller sends the warning).
  if (local && !in_transaction) return;
  if (!local) session_values_[key] = value;
  values_[key] = std::move(value);
  Refresh();
}

// The definition SET/RESET may change: nullptr for a custom "prefix.name" setting (allowed, as
// in PostgreSQL); 42704 for an unknown name, 55P02 for a read-only one.
const SettingDef* SessionSettings::FindWritable(std::string_view name) const {
  std::string key = Lower(name);
  const SettingDef* def = Find(key);
  if (def == nullptr) {
    if (key.find('.') == std::string::npos) {
      ThrowSqlError(SqlState::kUndefinedObject, "unrecognized configuration parameter \"{}\"",
                    name);
    }
    return nullptr;
  }
  if (def->read_only) {
    ThrowSqlError(SqlState::kCantChangeRuntimeParam, "parameter \"{}\" cannot be changed",
                  def->name);
  }
  return def;
}

void SessionSettings::Set(std::string_view name, std::string_view value, bool local,
                          bool in_transaction) {
  const SettingDef* def = FindWritable(name);
  std::string normalized = def ? def->normalize(def->display_name, value) : std::string(value);
  Store(Lower(name), std::move(normalized), local, in_transaction);
}

void SessionSettings::Reset(std::string_view name, bool local, bool in_transaction) {
  const SettingDef* def = FindWritable(name);
  std::string key = Lower(name);
  auto configured = defaults_.find(key);
  std::string value = configured != defaults_.end() ? configured->second
                      : def != nullptr              ? std::string(def->default_value)
                                                    : std::string();
  Store(key, std::move(value), local, in_transaction);
}

void SessionSettings::ResetAll(bool in_transaction) {
  for (const SettingDef& def : kSettings) {
    if (!def.read_only) Reset(def.name, false, in_transaction);
  }
}

std::string SessionSettings::Get(std::string_view name) const {
  std::string key = Lower(name);
  if (auto it = values_.find(key); it != values_.end()) return it->second;
  ThrowSqlError(SqlState::kUndefinedObject, "unrecognized configuration parameter \"{}\"", name);
}

std::string SessionSettings::DisplayName(std::string_view name) const {
  const SettingDef* def = Find(name);
  return def ? std::string(def->display_name) : Lower(name);
}

std::vector<SessionSettings::Row> SessionSettings::All() const {
  std::vector<Row> rows;
  for (const SettingDef& def : kSettings) {
    rows.push_back({std::string(def.display_name), values_.at(std::string(def.name)),
                    std::string(def.description)});
  }
  return rows;
}

std::vector<std::pair<std::string, std::string>> SessionSettings::Reported() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const SettingDef& def : kSettings) {
    if (def.report) out.emplace_back(def.display_name, values_.at(std::string(def.name)));
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> SessionSettings::TakeReportedChanges() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const SettingDef& def : kSettings) {
    if (!def.report) continue;
    const std::string& value = values_.at(std::string(def.name));
    auto& last = last_reported_[std::string(def.name)];
    if (last != value) {
      last = value;
      out.emplace_back(def.display_name, value);
    }
  }
  return out;
}

void SessionSettings::BeginTransaction() {
  in_transaction_ = true;
  at_begin_ = session_values_;
  savepoints_.clear();
}

void SessionSettings::EndTransaction(bool commit) {
  if (!in_transaction_) return;
  in_transaction_ = false;
  if (!commit) session_values_ = at_begin_;
  // SET LOCAL values end with the transaction either way.
  values_ = session_values_;
  savepoints_.clear();
  Refresh();
}

void SessionSettings::Savepoint(const std::string& name) {
  savepoints_.push_back({name, values_, session_values_});
}

void SessionSettings::RollbackToSavepoint(const std::string& name) {
  for (size_t i = savepoints_.size(); i-- > 0;) {
    if (savepoints_[i].name == name) {
      values_ = savepoints_[i].values;
      session_values_ = savepoints_[i].session_values;
      savepoints_.resize(i + 1);
      Refresh();
      return;
    }
  }
}

void SessionSettings::ReleaseSavepoint(const std::string& name) {
  for (size_t i = savepoints_.size(); i-- > 0;) {
    if (savepoints_[i].name == name) {
      savepoints_.resize(i);
      return;
    }
  }
}

void SessionSettings::Refresh() {
  time_zone_ = types::TimeZone::Find(values_.at("timezone"));
  const std::string& datestyle = values_.at("datestyle");
  date_order_ = datestyle.ends_with("DMY")   ? types::DateOrder::kDmy
                : datestyle.ends_with("YMD") ? types::DateOrder::kYmd
                                             : types::DateOrder::kMdy;
  extra_float_digits_ = std::stoi(values_.at("extra_float_digits"));
  statement_timeout_ms_ = ParseDurationMs("statement_timeout", values_.at("statement_timeout"));
  reuse_plans_ = values_.at("plan_cache_mode") != "force_custom_plan";
  idle_in_transaction_timeout_ms_ = ParseDurationMs(
      "idle_in_transaction_session_timeout", values_.at("idle_in_transaction_session_timeout"));
}

}  // namespace sb::worker
