// The on-disk format of the commit journal: a file header, then one frame per commit.
//
//   file header (24 bytes): "SBJOURN1" | salt u64 | reserved u32 (0) | crc32c u32
//   frame (28-byte header + body):
//     body_bytes u32 | record_count u32 | commit_id u64 | salt u64 | crc32c u32 | body
//   body: record_count records, each
//     kind u8 (RecordKind) | path_bytes u32 | path | (kind == put: data_bytes u32 | data)
//
// All integers little-endian. A header CRC covers the bytes before it; a frame CRC covers the
// frame header's first 24 bytes and the body, so a torn or bit-flipped frame, or one whose length
// was damaged, fails the check. The salt is drawn anew each time the journal is (re)started and
// written durably in the file header before any frame; a frame must carry the header's salt, so
// stale frames of an earlier generation (blocks reused after a truncate) are never mistaken for
// new ones. Commit ids are consecutive within a generation for the same reason.
//
// Pure encoding and decoding, no I/O; used by Journal (writer) and JournalReader.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shared/journal/journal_record.h"

namespace sb::journal {

inline constexpr size_t kFileHeaderBytes = 24;
inline constexpr size_t kFrameHeaderBytes = 28;
// Largest body one commit may have. Keeps every length in a u32 and bounds what replay allocates
// for one frame, whatever a damaged length field says.
inline constexpr size_t kMaxCommitBodyBytes = size_t{1} << 30;

std::string EncodeFileHeader(uint64_t salt);
// The salt of a valid file header; nullopt when `bytes` is short, of another format or damaged.
std::optional<uint64_t> DecodeFileHeader(std::string_view bytes);

struct FrameHeader {
  uint32_t body_bytes = 0;
  uint32_t record_count = 0;
  uint64_t commit_id = 0;
  uint64_t salt = 0;
  uint32_t crc = 0;
};

// Bytes the body of a commit of `records` takes; more than kMaxCommitBodyBytes is not encodable.
uint64_t CommitBodyBytes(std::span<const Record> records);

// Appends the frame of one commit to `out`. The caller has checked the records (paths, kinds,
// CommitBodyBytes within the limit); nothing is validated here, so tests can craft hostile
// journals with it.
void AppendCommitFrame(std::string& out, uint64_t commit_id, uint64_t salt,
                       std::span<const Record> records);

// `bytes` must hold kFrameHeaderBytes.
FrameHeader DecodeFrameHeader(std::string_view bytes);
// True when the CRC in `header` (decoded from `header_bytes`) matches them and `body`.
bool FrameChecksumMatches(std::string_view header_bytes, const FrameHeader& header,
                          std::string_view body);

// The records of a checksummed body, viewing into `body`; nullopt when the body does not hold
// exactly `record_count` well-formed records (unknown kind, a length past the end, bytes left).
// Paths are not validated here.
std::optional<std::vector<Record>> DecodeCommitBody(std::string_view body, uint32_t record_count);

}  // namespace sb::journal
