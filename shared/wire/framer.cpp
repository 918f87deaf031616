#include "shared/wire/framer.h"

#include <algorithm>
#include <cstring>

#include "shared/errors/sql_error.h"
#include "shared/wire/big_endian.h"

namespace sb::wire {
namespace {

constexpr size_t kInitialCapacity = 8 * 1024;
// Default read size when the caller asks for "whatever is free".
constexpr size_t kDefaultReadSize = 4 * 1024;
// Above this, Compact() hands memory back once the large message is gone.
constexpr size_t kRetainCapacity = 1024 * 1024;
// Partial data this small is always worth moving to the front.
constexpr size_t kCheapMove = 4 * 1024;
// No single receive needs more than the largest legal message plus slack.
constexpr size_t kMaxPrepare = size_t{1} << 31;

constexpr size_t kRegularHeaderSize = 5;  // type byte + Int32 length
constexpr size_t kStartupHeaderSize = 4;  // Int32 length

[[noreturn]] void ThrowFatal(std::string message) {
  throw SqlError(SqlState::kProtocolViolation, std::move(message)).WithSeverity(Severity::kFatal);
}

}  // namespace

Framer::Framer(FramerLimits limits) : limits_(limits) {}

bool Framer::IsFrontendType(char type) {
  switch (type) {
    case frontend::kQuery:
    case frontend::kFunctionCall:
    case frontend::kTerminate:
    case frontend::kBind:
    case frontend::kParse:
    case frontend::kClose:
    case frontend::kDescribe:
    case frontend::kExecute:
    case frontend::kFlush:
    case frontend::kSync:
    case frontend::kCopyData:
    case frontend::kCopyDone:
    case frontend::kCopyFail:
    case frontend::kPasswordMessage:
      return true;
    default:
      return false;
  }
}

int32_t Framer::LimitFor(char type) const {
  switch (type) {
    case frontend::kQuery:
    case frontend::kParse:
    case frontend::kBind:
    case frontend::kCopyData:
    case frontend::kFunctionCall:
      return limits_.large_message_limit;
    default:
      return limits_.small_message_limit;
  }
}

void Framer::SetMode(Mode mode) {
  mode_ = mode;
  header_valid_ = false;
}

void Framer::Reallocate(size_t new_capacity) {
  const size_t live = end_ - begin_;
  auto fresh = std::make_unique_for_overwrite<char[]>(new_capacity);
  if (live > 0) std::memcpy(fresh.get(), data_.get() + begin_, live);
  data_ = std::move(fresh);
  capacity_ = new_capacity;
  begin_ = 0;
  end_ = live;
}

std::span<char> Framer::PrepareWrite(size_t min_size) {
  if (min_size == 0) min_size = kDefaultReadSize;
  if (min_size > kMaxPrepare) {
    throw SqlError(SqlState::kProgramLimitExceeded, "receive buffer request too large");
  }
  if (begin_ == end_) begin_ = end_ = 0;
  if (capacity_ - end_ < min_size) {
    const size_t live = end_ - begin_;
    const size_t needed = live + min_size;
    if (needed <= capacity_ && begin_ >= live) {
      // The bytes moved are no more than the bytes already consumed: amortised O(1) each.
      std::memmove(data_.get(), data_.get() + begin_, live);
      begin_ = 0;
      end_ = live;
    } else {
      Reallocate(std::max({needed, capacity_ * 2, kInitialCapacity}));
    }
  }
  return std::span<char>(data_.get() + end_, capacity_ - end_);
}

void Framer::Commit(size_t size) {
  if (size > capacity_ - end_) {
    throw SqlError(SqlState::kInternalError, "framer commit beyond prepared space");
  }
  end_ += size;
}

void Framer::Append(std::string_view bytes) {
  if (bytes.empty()) return;
  std::span<char> space = PrepareWrite(bytes.size());
  std::memcpy(space.data(), bytes.data(), bytes.size());
  Commit(bytes.size());
}

bool Framer::ParseHeader() {
  if (header_valid_) return true;
  const size_t live = end_ - begin_;
  const char* head = data_.get() + begin_;
  if (mode_ == Mode::kRegular) {
    if (live < 1) return false;
    const char type = head[0];
    if (!IsFrontendType(type)) {
      ThrowFatal(fmt::format("invalid frontend message type {}",
                             static_cast<int>(static_cast<unsigned char>(type))));
    }
    if (live < kRegularHeaderSize) return false;
    const int32_t length = internal::LoadBigEndian<int32_t>(head + 1);
    if (length < 4 || length > LimitFor(type)) ThrowFatal("invalid message length");
    type_ = type;
    body_offset_ = kRegularHeaderSize;
    total_ = 1 + static_cast<size_t>(length);
  } else {
    if (live < kStartupHeaderSize) return false;
    const int64_t length = internal::LoadBigEndian<int32_t>(head);
    const int64_t body = length - 4;
    if (body < limits::kMinStartupPacketLength || body > limits_.max_startup_packet_length) {
      ThrowFatal("invalid length of startup packet");
    }
    type_ = '\0';
    body_offset_ = kStartupHeaderSize;
    total_ = static_cast<size_t>(length);
  }
  header_valid_ = true;
  return true;
}

std::optional<Frame> Framer::Next() {
  if (!ParseHeader()) return std::nullopt;
  if (end_ - begin_ < total_) return std::nullopt;
  Frame frame{type_, std::string_view(data_.get() + begin_ + body_offset_, total_ - body_offset_)};
  begin_ += total_;
  header_valid_ = false;
  return frame;
}

size_t Framer::BytesNeeded() const {
  const size_t live = end_ - begin_;
  if (header_valid_) return total_ > live ? total_ - live : 0;
  if (mode_ == Mode::kRegular) {
    // A bad type byte is known before the length word: let Next() reject it now.
    if (live >= 1 && !IsFrontendType(data_[begin_])) return 0;
    return live < kRegularHeaderSize ? kRegularHeaderSize - live : 0;
  }
  return live < kStartupHeaderSize ? kStartupHeaderSize - live : 0;
}

void Framer::Compact() {
  const size_t live = end_ - begin_;
  const size_t want = header_valid_ ? std::max(live, total_) : live;
  if (capacity_ > kRetainCapacity && want <= kRetainCapacity / 2) {
    if (live == 0) {
      data_.reset();
      capacity_ = begin_ = end_ = 0;
    } else {
      Reallocate(std::max(kInitialCapacity, want));
    }
    return;
  }
  if (live == 0) {
    begin_ = end_ = 0;
    return;
  }
  if (begin_ > 0 && (begin_ >= live || live <= kCheapMove)) {
    std::memmove(data_.get(), data_.get() + begin_, live);
    begin_ = 0;
    end_ = live;
  }
}

void Framer::Reset() {
  begin_ = end_ = 0;
  header_valid_ = false;
  if (capacity_ > kRetainCapacity) {
    data_.reset();
    capacity_ = 0;
  }
}

}  // namespace sb::wire
