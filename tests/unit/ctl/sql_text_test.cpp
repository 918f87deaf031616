#include "coordinator/ctl/sql_text.h"

#include <gtest/gtest.h>

#include <vector>

namespace sb::ctl {
namespace {

TEST(QuoteIdentTest, PlainLowerCaseNamesStayBare) {
  EXPECT_EQ(QuoteIdent("users"), "users");
  EXPECT_EQ(QuoteIdent("_private"), "_private");
  EXPECT_EQ(QuoteIdent("a1_b2"), "a1_b2");
}

TEST(QuoteIdentTest, UnreservedKeywordsStayBareOthersAreQuoted) {
  // As quote_ident(): unreserved keywords are safe, every other keyword category is not.
  EXPECT_EQ(QuoteIdent("name"), "name");        // unreserved
  EXPECT_EQ(QuoteIdent("action"), "action");    // unreserved
  EXPECT_EQ(QuoteIdent("order"), "\"order\"");  // reserved
  EXPECT_EQ(QuoteIdent("user"), "\"user\"");    // reserved
  EXPECT_EQ(QuoteIdent("int"), "\"int\"");      // col_name keyword
  EXPECT_EQ(QuoteIdent("left"), "\"left\"");    // type_func_name keyword
}

TEST(QuoteIdentTest, AnythingOutsideLowerCaseIdentifiersIsQuoted) {
  EXPECT_EQ(QuoteIdent("Users"), "\"Users\"");
  EXPECT_EQ(QuoteIdent("order items"), "\"order items\"");
  EXPECT_EQ(QuoteIdent("1x"), "\"1x\"");
  EXPECT_EQ(QuoteIdent("a-b"), "\"a-b\"");
  EXPECT_EQ(QuoteIdent("a$"), "\"a$\"");
  EXPECT_EQ(QuoteIdent("café"), "\"café\"");
  EXPECT_EQ(QuoteIdent("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(QuoteIdent(""), "\"\"");
}

TEST(QuoteIdentTest, QualifiedNamesAndLists) {
  EXPECT_EQ(QualifiedName("users"), "public.users");
  EXPECT_EQ(QualifiedName("Order"), "public.\"Order\"");
  EXPECT_EQ(QuoteIdentList(std::vector<std::string>{"a", "B", "select"}), "a, \"B\", \"select\"");
}

TEST(QuoteLiteralTest, DoublesQuotesAndKeepsBackslashes) {
  EXPECT_EQ(QuoteLiteral("plain"), "'plain'");
  EXPECT_EQ(QuoteLiteral("O'Reilly"), "'O''Reilly'");
  EXPECT_EQ(QuoteLiteral("back\\slash"), "'back\\slash'");
  EXPECT_EQ(QuoteLiteral("two\nlines"), "'two\nlines'");
  EXPECT_EQ(QuoteLiteral(""), "''");
}

}  // namespace
}  // namespace sb::ctl
