#include "worker/transaction_state.h"

#include <gtest/gtest.h>

namespace sb::worker {
namespace {

TEST(TransactionStateTest, ReadyStatusFollowsTheBlock) {
  TransactionState t;
  EXPECT_EQ(t.ReadyStatus(), 'I');
  t.Fail();  // outside a block a failure changes nothing
  EXPECT_EQ(t.ReadyStatus(), 'I');
  t.Begin();
  EXPECT_EQ(t.ReadyStatus(), 'T');
  t.Fail();
  EXPECT_EQ(t.ReadyStatus(), 'E');
  t.End();
  EXPECT_EQ(t.ReadyStatus(), 'I');
}

TEST(TransactionStateTest, SavepointsNestAndRollbackToRecovers) {
  TransactionState t;
  t.Begin();
  t.AddSavepoint("a");
  t.AddSavepoint("b");
  t.Fail();
  EXPECT_TRUE(t.RollbackTo("a"));
  EXPECT_EQ(t.ReadyStatus(), 'T');
  EXPECT_FALSE(t.Release("b"));  // gone with the rollback to "a"
  EXPECT_TRUE(t.Release("a"));
  EXPECT_FALSE(t.RollbackTo("a"));
}

}  // namespace
}  // namespace sb::worker
