// PEGTL's grammar analysis (no left recursion, no loops that can match without consuming)
// over every part of the grammar, and the keyword table's invariants.
#include <gtest/gtest.h>

#include <tao/pegtl/contrib/analyze.hpp>

#include "sqlpeg/grammar/alter_table.h"
#include "sqlpeg/grammar/create_table.h"
#include "sqlpeg/grammar/delete.h"
#include "sqlpeg/grammar/drop.h"
#include "sqlpeg/grammar/expression.h"
#include "sqlpeg/grammar/index.h"
#include "sqlpeg/grammar/insert.h"
#include "sqlpeg/grammar/misc.h"
#include "sqlpeg/grammar/select.h"
#include "sqlpeg/grammar/set_show.h"
#include "sqlpeg/grammar/statement_list.h"
#include "sqlpeg/grammar/transaction.h"
#include "sqlpeg/grammar/update.h"
#include "sqlpeg/keywords.h"

namespace sb::sql {
namespace {

namespace g = grammar;

TEST(GrammarAnalyze, NoProblems) {
  EXPECT_EQ(tao::pegtl::analyze<g::a_expr>(1), 0u);
  EXPECT_EQ(tao::pegtl::analyze<g::b_expr>(1), 0u);
  EXPECT_EQ(tao::pegtl::analyze<g::type_name>(1), 0u);
  EXPECT_EQ(tao::pegtl::analyze<g::sort_clause>(1), 0u);
  EXPECT_EQ(tao::pegtl::analyze<g::select_stmt>(1), 0u);
  EXPECT_EQ(tao::pegtl::analyze<g::from_list>(1), 0u);
  EXPECT_EQ(tao::pegtl::analyze<g::insert_stmt>(1), 0u);
  EXPECT_EQ(tao::pegtl::analyze<g::update_stmt>(1), 0u);
  EXPECT_EQ(tao::pegtl::analyze<g::delete_stmt>(1), 0u);
  EXPECT_EQ(tao::pegtl::analyze<g::create_table>(1), 0u);
  EXPECT_EQ(tao::pegtl::analyze<g::create_index>(1), 0u);
  EXPECT_EQ(tao::pegtl::analyze<g::alter_table>(1), 0u);
  EXPECT_EQ(tao::pegtl::analyze<g::drop_stmt>(1), 0u);
  EXPECT_EQ(tao::pegtl::analyze<g::transaction_stmt>(1), 0u);
  EXPECT_EQ(tao::pegtl::analyze<g::set_stmt>(1), 0u);
  EXPECT_EQ(tao::pegtl::analyze<g::misc_stmt>(1), 0u);
  EXPECT_EQ(tao::pegtl::analyze<g::statement_list>(1), 0u);
}

TEST(Keywords, Categories) {
  EXPECT_EQ(LookupKeyword("select"), KeywordCategory::kReserved);
  EXPECT_EQ(LookupKeyword("left"), KeywordCategory::kTypeFuncName);
  EXPECT_EQ(LookupKeyword("varchar"), KeywordCategory::kColName);
  EXPECT_EQ(LookupKeyword("name"), KeywordCategory::kUnreserved);
  EXPECT_EQ(LookupKeyword("foo"), KeywordCategory::kNone);
  EXPECT_EQ(LookupKeyword("SELECT"), KeywordCategory::kNone);  // callers pass lower case
  EXPECT_TRUE(IsBareLabelKeyword("name"));
  EXPECT_TRUE(IsBareLabelKeyword("x"));
  EXPECT_FALSE(IsBareLabelKeyword("from"));
  EXPECT_FALSE(IsBareLabelKeyword("over"));
  EXPECT_FALSE(IsBareLabelKeyword("and"));
}

}  // namespace
}  // namespace sb::sql
