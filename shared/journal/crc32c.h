// CRC-32C (Castagnoli), the checksum that frames the commit journal.
//
// A pure function, usable from any thread. CRC-32C rather than zlib's CRC-32 because it is what
// storage formats of this kind use (iSCSI, ext4 metadata, leveldb logs), so a torn or bit-flipped
// frame is detected with the same well-studied odds; implemented here (slice-by-8 tables) so the
// journal needs no new dependency.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sb::journal {

// Extends `crc` (the result of an earlier call, or 0 to start) over `data`: Crc32c(Crc32c(0, a),
// b) == Crc32c(0, a + b).
uint32_t Crc32cExtend(uint32_t crc, const void* data, size_t size);

inline uint32_t Crc32c(std::string_view data) {
  return Crc32cExtend(0, data.data(), data.size());
}

}  // namespace sb::journal
