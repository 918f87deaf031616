#include "shared/auth/password_check.h"

#include <gtest/gtest.h>

namespace sb::auth {
namespace {

TEST(PasswordCheckTest, ConstantTimeEqualComparesContentsAndLength) {
  EXPECT_TRUE(ConstantTimeEqual("secret", "secret"));
  EXPECT_TRUE(ConstantTimeEqual("", ""));
  EXPECT_FALSE(ConstantTimeEqual("secret", "secreT"));
  EXPECT_FALSE(ConstantTimeEqual("secret", "secret1"));
  EXPECT_FALSE(ConstantTimeEqual("secret", ""));
  EXPECT_TRUE(ConstantTimeEqual(std::string_view("a\0b", 3), std::string_view("a\0b", 3)));
  EXPECT_FALSE(ConstantTimeEqual(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
}

TEST(PasswordCheckTest, CleartextPassword) {
  EXPECT_TRUE(CheckCleartextPassword("pencil", "pencil"));
  EXPECT_FALSE(CheckCleartextPassword("pencil", "Pencil"));
  EXPECT_FALSE(CheckCleartextPassword("pencil", "pencil "));
  EXPECT_FALSE(CheckCleartextPassword("pencil", ""));
  EXPECT_FALSE(CheckCleartextPassword("", "x"));
  EXPECT_TRUE(CheckCleartextPassword("p\xc3\xa4ss", "p\xc3\xa4ss"));
  // Raw bytes, no normalisation: NFC "ä" is not NFD "a" + U+0308.
  EXPECT_FALSE(CheckCleartextPassword("p\xc3\xa4ss", "pa\xcc\x88ss"));
}

}  // namespace
}  // namespace sb::auth
