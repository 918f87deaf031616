// Network byte order (big-endian) load/store for the wire codec.
//
// Internal to shared/wire: the writer, reader and framer are the only users, so byte order is
// decided in exactly one place. Works on raw bytes with shifts, so it is independent of host
// endianness and alignment.
#pragma once

#include <cstdint>
#include <cstring>
#include <type_traits>

namespace sb::wire::internal {

template <typename T>
inline void StoreBigEndian(char* out, T value) {
  static_assert(std::is_integral_v<T>);
  using U = std::make_unsigned_t<T>;
  U bits = static_cast<U>(value);
  for (int i = static_cast<int>(sizeof(T)) - 1; i >= 0; --i) {
    out[i] = static_cast<char>(static_cast<unsigned char>(bits & 0xffu));
    if constexpr (sizeof(T) > 1) bits = static_cast<U>(bits >> 8);
  }
}

template <typename T>
inline T LoadBigEndian(const char* in) {
  static_assert(std::is_integral_v<T>);
  using U = std::make_unsigned_t<T>;
  U bits = 0;
  for (size_t i = 0; i < sizeof(T); ++i) {
    if constexpr (sizeof(T) > 1) bits = static_cast<U>(bits << 8);
    bits = static_cast<U>(bits | static_cast<unsigned char>(in[i]));
  }
  return static_cast<T>(bits);
}

}  // namespace sb::wire::internal
