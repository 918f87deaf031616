#include "shared/journal/journal_format.h"

#include <cstring>

#include "shared/journal/crc32c.h"

namespace sb::journal {
namespace {

constexpr std::string_view kFileMagic = "SBJOURN1";

void PutU32(std::string& out, uint32_t value) {
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>(value >> shift));
}

void PutU64(std::string& out, uint64_t value) {
  for (int shift = 0; shift < 64; shift += 8) out.push_back(static_cast<char>(value >> shift));
}

uint32_t LoadU32(const char* at) {
  uint32_t value = 0;
  for (int i = 3; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(at[i]);
  return value;
}

uint64_t LoadU64(const char* at) {
  uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(at[i]);
  return value;
}

// Reads from the front of `in`, failing (false) instead of reading past its end.
class Cursor {
 public:
  explicit Cursor(std::string_view in) : in_(in) {}

  bool U8(uint8_t& value) {
    if (in_.empty()) return false;
    value = static_cast<uint8_t>(in_.front());
    in_.remove_prefix(1);
    return true;
  }
  bool U32(uint32_t& value) {
    if (in_.size() < 4) return false;
    value = LoadU32(in_.data());
    in_.remove_prefix(4);
    return true;
  }
  bool Bytes(size_t size, std::string_view& value) {
    if (in_.size() < size) return false;
    value = in_.substr(0, size);
    in_.remove_prefix(size);
    return true;
  }
  bool AtEnd() const { return in_.empty(); }

 private:
  std::string_view in_;
};

}  // namespace

std::string EncodeFileHeader(uint64_t salt) {
  std::string out(kFileMagic);
  PutU64(out, salt);
  PutU32(out, 0);
  PutU32(out, Crc32c(out));
  return out;
}

std::optional<uint64_t> DecodeFileHeader(std::string_view bytes) {
  if (bytes.size() < kFileHeaderBytes) return std::nullopt;
  if (bytes.substr(0, kFileMagic.size()) != kFileMagic) return std::nullopt;
  if (Crc32c(bytes.substr(0, kFileHeaderBytes - 4)) != LoadU32(bytes.data() + 20)) {
    return std::nullopt;
  }
  return LoadU64(bytes.data() + kFileMagic.size());
}

uint64_t CommitBodyBytes(std::span<const Record> records) {
  uint64_t total = 0;
  for (const Record& record : records) {
    total += 1 + 4 + record.path.size();
    if (record.kind == RecordKind::kPut) total += 4 + record.bytes.size();
  }
  return total;
}

void AppendCommitFrame(std::string& out, uint64_t commit_id, uint64_t salt,
                       std::span<const Record> records) {
  const size_t start = out.size();
  out.reserve(start + kFrameHeaderBytes + CommitBodyBytes(records));
  out.append(kFrameHeaderBytes, '\0');
  for (const Record& record : records) {
    out.push_back(static_cast<char>(record.kind));
    PutU32(out, static_cast<uint32_t>(record.path.size()));
    out.append(record.path);
    if (record.kind == RecordKind::kPut) {
      PutU32(out, static_cast<uint32_t>(record.bytes.size()));
      out.append(record.bytes);
    }
  }
  std::string header;
  PutU32(header, static_cast<uint32_t>(out.size() - start - kFrameHeaderBytes));
  PutU32(header, static_cast<uint32_t>(records.size()));
  PutU64(header, commit_id);
  PutU64(header, salt);
  uint32_t crc = Crc32cExtend(0, header.data(), header.size());
  crc = Crc32cExtend(crc, out.data() + start + kFrameHeaderBytes,
                     out.size() - start - kFrameHeaderBytes);
  PutU32(header, crc);
  std::memcpy(out.data() + start, header.data(), kFrameHeaderBytes);
}

FrameHeader DecodeFrameHeader(std::string_view bytes) {
  FrameHeader header;
  if (bytes.size() < kFrameHeaderBytes) return header;
  header.body_bytes = LoadU32(bytes.data());
  header.record_count = LoadU32(bytes.data() + 4);
  header.commit_id = LoadU64(bytes.data() + 8);
  header.salt = LoadU64(bytes.data() + 16);
  header.crc = LoadU32(bytes.data() + 24);
  return header;
}

bool FrameChecksumMatches(std::string_view header_bytes, const FrameHeader& header,
                          std::string_view body) {
  if (header_bytes.size() < kFrameHeaderBytes) return false;
  uint32_t crc = Crc32cExtend(0, header_bytes.data(), kFrameHeaderBytes - 4);
  crc = Crc32cExtend(crc, body.data(), body.size());
  return crc == header.crc;
}

std::optional<std::vector<Record>> DecodeCommitBody(std::string_view body, uint32_t record_count) {
  // Each record takes at least 5 bytes, so a count the body cannot hold is refused before
  // anything is reserved for it.
  if (record_count > body.size() / 5 + 1) return std::nullopt;
  std::vector<Record> records;
  records.reserve(record_count);
  Cursor cursor(body);
  for (uint32_t i = 0; i < record_count; ++i) {
    uint8_t kind = 0;
    uint32_t path_bytes = 0;
    Record record;
    if (!cursor.U8(kind) || !cursor.U32(path_bytes) || !cursor.Bytes(path_bytes, record.path)) {
      return std::nullopt;
    }
    switch (kind) {
      case static_cast<uint8_t>(RecordKind::kPut): {
        uint32_t data_bytes = 0;
        if (!cursor.U32(data_bytes) || !cursor.Bytes(data_bytes, record.bytes)) return std::nullopt;
        record.kind = RecordKind::kPut;
        break;
      }
      case static_cast<uint8_t>(RecordKind::kRemove):
        record.kind = RecordKind::kRemove;
        break;
      case static_cast<uint8_t>(RecordKind::kRemoveTree):
        record.kind = RecordKind::kRemoveTree;
        break;
      case static_cast<uint8_t>(RecordKind::kMakeDir):
        record.kind = RecordKind::kMakeDir;
        break;
      default:
        return std::nullopt;
    }
    records.push_back(record);
  }
  if (!cursor.AtEnd()) return std::nullopt;
  return records;
}

}  // namespace sb::journal
