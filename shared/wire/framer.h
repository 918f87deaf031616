// Framer: splits the client's byte stream into whole protocol messages.
//
// One per client connection, owned and driven by the worker's session (single thread). The
// session puts received bytes in (ideally reading the socket straight into PrepareWrite()'s
// span, else via Append()), then calls Next() until it yields nothing. A yielded body is a
// view into the framer's own buffer, never copied out; it stays valid until the next
// PrepareWrite/Append/Compact/Reset. The type byte and the length word are checked as soon as
// they arrive, before any body is waited for or buffered, so a hostile length (2 GiB, or just
// over the per-type limit) is refused without allocating. Errors are SqlError 08P01 with
// severity FATAL: the stream cannot be resynchronised, the session must close it.
//
// Costs: received bytes are written once into the buffer; growth is geometric and Compact()
// only moves a partial message to the front when that is cheap, so feeding an N-byte message
// in small pieces is amortised O(N).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "shared/wire/message_types.h"

namespace sb::wire {

struct FramerLimits {
  // Length-word limit (length includes itself) for Query, Parse, Bind, CopyData, FunctionCall.
  int32_t large_message_limit = limits::kLargeMessageLimit;
  // Length-word limit for every other regular message.
  int32_t small_message_limit = limits::kSmallMessageLimit;
  // Startup-phase packet body limit (after the length word), MAX_STARTUP_PACKET_LENGTH.
  int32_t max_startup_packet_length = limits::kMaxStartupPacketLength;
};

// One complete message. In startup mode type is '\0' and body starts with the Int32
// protocol version or request code.
struct Frame {
  char type = '\0';
  std::string_view body;
};

class Framer {
 public:
  enum class Mode {
    kStartup,  // Int32 length (including itself) + body; no type byte
    kRegular,  // type byte + Int32 length (including itself) + body
  };

  explicit Framer(FramerLimits limits = {});

  // A new connection starts in kStartup; the session switches to kRegular after the startup
  // packet, and back to kStartup after answering SSLRequest/GSSENCRequest. Only call between
  // messages (a partially received header is re-read under the new mode).
  void SetMode(Mode mode);
  Mode mode() const { return mode_; }

  // Space to receive into: at least min_size writable bytes (0 means "whatever is free,
  // growing if none"). Follow with Commit(bytes actually written).
  std::span<char> PrepareWrite(size_t min_size);
  void Commit(size_t size);
  // Copying convenience: PrepareWrite + memcpy + Commit.
  void Append(std::string_view bytes);

  // The next whole message, or nullopt if more bytes are needed. Throws SqlError 08P01 on an
  // unknown type byte or an out-of-range length word (checked before the body arrives).
  std::optional<Frame> Next();

  // Read sizing: how many more bytes complete the current header or message; 0 when Next()
  // has something to return or reject (call it).
  size_t BytesNeeded() const;
  // Bytes received but not yet returned by Next(). After an SSLRequest the session must see
  // 0 here before starting TLS (bytes sent in the clear must not be treated as encrypted).
  size_t buffered() const { return end_ - begin_; }
  size_t capacity() const { return capacity_; }

  // Moves unconsumed bytes to the front and gives memory back after a large message.
  // Invalidates views returned by Next().
  void Compact();
  // Drops everything buffered (e.g. when the connection is handed over).
  void Reset();

  // Whether a regular-mode type byte is one a client may send.
  static bool IsFrontendType(char type);

 private:
  // Validates the header once it is complete; fills total_/body_offset_. False if incomplete.
  bool ParseHeader();
  int32_t LimitFor(char type) const;
  void Reallocate(size_t new_capacity);

  FramerLimits limits_;
  Mode mode_ = Mode::kStartup;
  std::unique_ptr<char[]> data_;  // not value-initialised: received bytes overwrite it anyway
  size_t capacity_ = 0;
  size_t begin_ = 0;  // first unconsumed byte
  size_t end_ = 0;    // one past the last received byte
  // Header of the message at begin_, once validated.
  bool header_valid_ = false;
  char type_ = '\0';
  size_t total_ = 0;        // whole message size including header
  size_t body_offset_ = 0;  // header size
};

}  // namespace sb::wire
