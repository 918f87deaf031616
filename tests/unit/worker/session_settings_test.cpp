#include "worker/session_settings.h"

#include <gtest/gtest.h>

#include "shared/errors/sql_error.h"

namespace sb::worker {
namespace {

SqlState StateOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const SqlError& e) {
    return e.state();
  }
  return SqlState::kSuccessfulCompletion;
}

TEST(SessionSettingsTest, DefaultsAreWhatClientsExpect) {
  SessionSettings settings;
  EXPECT_EQ(settings.Get("DateStyle"), "ISO, MDY");
  EXPECT_EQ(settings.Get("timezone"), "UTC");
  EXPECT_EQ(settings.Get("client_encoding"), "UTF8");
  EXPECT_EQ(settings.Get("standard_conforming_strings"), "on");
  EXPECT_EQ(settings.Get("integer_datetimes"), "on");
  EXPECT_EQ(settings.Get("server_version").substr(0, 3), "15.");
  EXPECT_EQ(settings.DisplayName("timezone"), "TimeZone");
}

TEST(SessionSettingsTest, StartupValuesAreNormalised) {
  SessionSettings settings;
  settings.ApplyStartup("client_encoding", "'utf-8'");  // asyncpg's spelling
  EXPECT_EQ(settings.Get("client_encoding"), "UTF8");
  settings.ApplyStartup("DateStyle", "ISO, DMY");
  EXPECT_EQ(settings.Get("datestyle"), "ISO, DMY");
  settings.ApplyStartup("myapp.tenant", "x");  // custom settings are kept
  EXPECT_EQ(settings.Get("myapp.tenant"), "x");
  EXPECT_EQ(StateOf([&] { settings.ApplyStartup("some_driver_extra", "x"); }),
            SqlState::kUndefinedObject);
}

TEST(SessionSettingsTest, ErrorsCarryPostgresCodes) {
  SessionSettings settings;
  EXPECT_EQ(StateOf([&] { settings.Set("no_such_thing", "1", false, false); }),
            SqlState::kUndefinedObject);
  EXPECT_EQ(StateOf([&] { settings.Set("extra_float_digits", "9", false, false); }),
            SqlState::kInvalidParameterValue);
  EXPECT_EQ(StateOf([&] { settings.Set("server_version", "16", false, false); }),
            SqlState::kCantChangeRuntimeParam);
  EXPECT_EQ(StateOf([&] { settings.Set("timezone", "Mars/Olympus", false, false); }),
            SqlState::kInvalidParameterValue);
  EXPECT_EQ(StateOf([&] { settings.Get("nope"); }), SqlState::kUndefinedObject);
  // Custom placeholder settings are allowed, as in PostgreSQL.
  settings.Set("app.tenant", "42", false, false);
  EXPECT_EQ(settings.Get("app.tenant"), "42");
}

TEST(SessionSettingsTest, RollbackUndoesSetAndCommitEndsSetLocal) {
  SessionSettings settings;
  settings.BeginTransaction();
  settings.Set("application_name", "inside", false, true);
  settings.EndTransaction(false);
  EXPECT_EQ(settings.Get("application_name"), "");

  settings.BeginTransaction();
  settings.Set("application_name", "kept", false, true);
  settings.Set("extra_float_digits", "3", true, true);
  EXPECT_EQ(settings.Get("extra_float_digits"), "3");
  settings.EndTransaction(true);
  EXPECT_EQ(settings.Get("application_name"), "kept");
  EXPECT_EQ(settings.Get("extra_float_digits"), "1");
}

TEST(SessionSettingsTest, RollbackToSavepointRestoresValues) {
  SessionSettings settings;
  settings.BeginTransaction();
  settings.Set("application_name", "a", false, true);
  settings.Savepoint("s1");
  settings.Set("application_name", "b", false, true);
  settings.RollbackToSavepoint("s1");
  EXPECT_EQ(settings.Get("application_name"), "a");
  settings.EndTransaction(true);
  EXPECT_EQ(settings.Get("application_name"), "a");
}

TEST(SessionSettingsTest, ReportedChangesAreSentOnce) {
  SessionSettings settings;
  settings.TakeReportedChanges();
  settings.Set("TimeZone", "Europe/Berlin", false, false);
  auto changes = settings.TakeReportedChanges();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].first, "TimeZone");
  EXPECT_EQ(changes[0].second, "Europe/Berlin");
  EXPECT_TRUE(settings.TakeReportedChanges().empty());
}

TEST(SessionSettingsTest, DurationsAcceptUnits) {
  EXPECT_EQ(ParseDurationMs("statement_timeout", "5s"), 5000);
  EXPECT_EQ(ParseDurationMs("statement_timeout", "250"), 250);
  EXPECT_EQ(ParseDurationMs("statement_timeout", "2min"), 120000);
  EXPECT_EQ(StateOf([] { ParseDurationMs("statement_timeout", "5 parsecs"); }),
            SqlState::kInvalidParameterValue);
  SessionSettings settings;
  settings.ApplyConfigDefaults(1500, 0);
  EXPECT_EQ(settings.statement_timeout_ms(), 1500);
  settings.Set("statement_timeout", "10", false, false);
  settings.Reset("statement_timeout", false, false);
  EXPECT_EQ(settings.statement_timeout_ms(), 1500);  // RESET returns to the server's default
}

}  // namespace
}  // namespace sb::worker
