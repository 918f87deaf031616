#include "shared/auth/md5_password.h"

#include "shared/auth/crypto_primitives.h"
#include "shared/auth/password_check.h"

namespace sb::auth {

Md5Salt MakeMd5Salt(const RandomBytesFn& random) {
  Md5Salt salt{};
  random(salt);
  return salt;
}

std::string Md5PasswordHash(std::string_view password, std::string_view user) {
  std::string input;
  input.reserve(password.size() + user.size());
  input.append(password).append(user);
  return "md5" + Md5Hex(input);
}

std::string Md5SaltedResponse(std::string_view password, std::string_view user,
                              const Md5Salt& salt) {
  // The salted round hashes the stored hash without its "md5" prefix.
  std::string input = Md5PasswordHash(password, user).substr(3);
  input.append(reinterpret_cast<const char*>(salt.data()), salt.size());
  return "md5" + Md5Hex(input);
}

bool CheckMd5Response(std::string_view password, std::string_view user, const Md5Salt& salt,
                      std::string_view response) {
  return ConstantTimeEqual(Md5SaltedResponse(password, user, salt), response);
}

}  // namespace sb::auth
