#include "coordinator/ctl/check_report.h"

#include <gtest/gtest.h>

namespace sb::ctl {
namespace {

TEST(CheckReportTest, CleanReportSaysNoProblems) {
  CheckReport report;
  report.databases = 2;
  report.tables = 5;
  report.documents = 120;
  EXPECT_FALSE(report.HasProblems());
  EXPECT_EQ(report.ExitStatus(), 0);
  EXPECT_EQ(report.Format(), "check: 2 databases, 5 tables, 120 documents: no problems\n");
}

TEST(CheckReportTest, FindingsAreListedAndCounted) {
  CheckReport report;
  report.databases = 1;
  report.tables = 1;
  report.documents = 1;
  report.Error("d/t/1.json", "bad");
  report.Warning("d/_seq/s.json", "odd");
  report.Add(Finding{FindingSeverity::kError, "d/x", "worse"});
  EXPECT_EQ(report.ErrorCount(), 2u);
  EXPECT_EQ(report.WarningCount(), 1u);
  EXPECT_TRUE(report.HasProblems());
  EXPECT_EQ(report.ExitStatus(), 1);
  EXPECT_EQ(report.Format(),
            "error: d/t/1.json: bad\n"
            "warning: d/_seq/s.json: odd\n"
            "error: d/x: worse\n"
            "check: 1 database, 1 table, 1 document: 2 problems (1 warning)\n");
}

TEST(CheckReportTest, WarningsAloneDoNotFail) {
  CheckReport report;
  report.Warning("p", "m");
  EXPECT_FALSE(report.HasProblems());
  EXPECT_EQ(report.ExitStatus(), 0);
  EXPECT_EQ(report.Format(),
            "warning: p: m\ncheck: 0 databases, 0 tables, 0 documents: no problems (1 warning)\n");
}

}  // namespace
}  // namespace sb::ctl
