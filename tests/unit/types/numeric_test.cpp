#include "shared/types/numeric.h"

#include <gtest/gtest.h>

namespace sb::types {
namespace {
TEST(NumericTest, Placeholder) { EXPECT_EQ(Numeric::Parse("1.50").ToString(), "1.50"); }
}  // namespace
}  // namespace sb::types
