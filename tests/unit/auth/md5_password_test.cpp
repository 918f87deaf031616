#include "shared/auth/md5_password.h"

#include <gtest/gtest.h>

#include <set>

namespace sb::auth {
namespace {

// Expected values computed with Python's hashlib:
//   inner = hashlib.md5(b"pencil" + b"user").hexdigest()
//   "md5" + inner                                               -> stored form
//   "md5" + hashlib.md5(inner.encode() + bytes([1, 2, 3, 4])).hexdigest()  -> response
TEST(Md5PasswordTest, KnownValues) {
  EXPECT_EQ(Md5PasswordHash("pencil", "user"), "md520c46e3762c864548e296b33c3406aa9");
  Md5Salt salt{0x01, 0x02, 0x03, 0x04};
  EXPECT_EQ(Md5SaltedResponse("pencil", "user", salt), "md54376eb6913b38f9aaff38dc7cf19ca76");

  // Same recipe with password "secret", user "postgres", salt ff 00 7f 80 (bytes >= 0x80 and a
  // NUL inside the salt must be hashed as raw bytes).
  Md5Salt salt2{0xff, 0x00, 0x7f, 0x80};
  EXPECT_EQ(Md5PasswordHash("secret", "postgres"), "md553f48b7c4b76a86ce72276c5755f217d");
  EXPECT_EQ(Md5SaltedResponse("secret", "postgres", salt2), "md5458f1eeab1f7199dbd682dd77c65b2f6");
}

TEST(Md5PasswordTest, CheckResponse) {
  Md5Salt salt{0x01, 0x02, 0x03, 0x04};
  EXPECT_TRUE(CheckMd5Response("pencil", "user", salt, "md54376eb6913b38f9aaff38dc7cf19ca76"));
  // Wrong password, wrong user, wrong salt, altered or truncated response.
  EXPECT_FALSE(CheckMd5Response("pencil2", "user", salt, "md54376eb6913b38f9aaff38dc7cf19ca76"));
  EXPECT_FALSE(CheckMd5Response("pencil", "usr", salt, "md54376eb6913b38f9aaff38dc7cf19ca76"));
  EXPECT_FALSE(CheckMd5Response("pencil", "user", Md5Salt{1, 2, 3, 5},
                                "md54376eb6913b38f9aaff38dc7cf19ca76"));
  EXPECT_FALSE(CheckMd5Response("pencil", "user", salt, "md54376EB6913b38f9aaff38dc7cf19ca76"));
  EXPECT_FALSE(CheckMd5Response("pencil", "user", salt, "md54376eb6913b38f9aaff38dc7cf19ca7"));
  EXPECT_FALSE(CheckMd5Response("pencil", "user", salt, "4376eb6913b38f9aaff38dc7cf19ca76"));
  EXPECT_FALSE(CheckMd5Response("pencil", "user", salt, ""));
  // The stored hash itself is not a valid response (pass-the-hash of the wrong stage).
  EXPECT_FALSE(CheckMd5Response("pencil", "user", salt, "md520c46e3762c864548e296b33c3406aa9"));
}

TEST(Md5PasswordTest, SaltComesFromInjectedRandomness) {
  auto fixed = [](std::span<std::uint8_t> out) {
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<std::uint8_t>(0xA0 + i);
  };
  EXPECT_EQ(MakeMd5Salt(fixed), (Md5Salt{0xA0, 0xA1, 0xA2, 0xA3}));
}

TEST(Md5PasswordTest, SecureSaltsDiffer) {
  std::set<Md5Salt> salts;
  for (int i = 0; i < 16; ++i) salts.insert(MakeMd5Salt());
  // 16 draws of 32 bits colliding down to one value would mean the generator is broken.
  EXPECT_GT(salts.size(), 1u);
}

}  // namespace
}  // namespace sb::auth
