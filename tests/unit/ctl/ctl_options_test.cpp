#include "coordinator/ctl/ctl_options.h"

#include <gtest/gtest.h>

namespace sb::ctl {
namespace {

using Args = std::vector<std::string>;

TEST(CtlOptionsTest, SeparatesOwnOptionsFromConfigFlags) {
  CtlOptions options = ParseCtlOptions(
      "export", {"--config", "c.yaml", "--database", "app", "--data", "/d", "--ddl-only"});
  EXPECT_EQ(options.database, "app");
  EXPECT_EQ(options.content, ExportContent::kDdlOnly);
  EXPECT_EQ(options.config_args, (Args{"--config", "c.yaml", "--data", "/d"}));
}

TEST(CtlOptionsTest, DefaultsAndEqualsForm) {
  CtlOptions plain = ParseCtlOptions("export", {});
  EXPECT_FALSE(plain.database.has_value());
  EXPECT_EQ(plain.content, ExportContent::kAll);
  CtlOptions eq = ParseCtlOptions("export", {"--database=My DB", "--data-only"});
  EXPECT_EQ(eq.database, "My DB");
  EXPECT_EQ(eq.content, ExportContent::kDataOnly);
  EXPECT_EQ(ParseCtlOptions("check", {"-d", "x"}).database, "x");
}

TEST(CtlOptionsTest, UsageErrors) {
  EXPECT_THROW(ParseCtlOptions("export", {"--database"}), UsageError);
  EXPECT_THROW(ParseCtlOptions("export", {"--database="}), UsageError);
  EXPECT_THROW(ParseCtlOptions("export", {"--ddl-only", "--data-only"}), UsageError);
  EXPECT_THROW(ParseCtlOptions("check", {"--ddl-only"}), UsageError);
  EXPECT_THROW(ParseCtlOptions("check", {"--data-only"}), UsageError);
}

}  // namespace
}  // namespace sb::ctl
