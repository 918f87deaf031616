// MessageReader: a bounds-checked cursor over one frontend message body.
//
// Used by the decoders in frontend_messages.h / startup_packet.h on the worker's session
// thread. Does not own the bytes: views it returns point into the body the caller passed in
// (normally the Framer's buffer) and live exactly as long as that body. Every overrun is a
// protocol violation (08P01) that ends the statement, with PostgreSQL's wording.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sb::wire {

class MessageReader {
 public:
  explicit MessageReader(std::string_view body) : body_(body) {}

  int8_t Int8();
  int16_t Int16();
  int32_t Int32();
  int64_t Int64();
  // The bytes up to the next NUL, consuming the NUL. No NUL left: "invalid string in message".
  std::string_view String();
  // The next n bytes. Negative n or n beyond the end: "insufficient data left in message".
  std::string_view Bytes(int64_t n);
  // Everything not yet read.
  std::string_view Rest();

  size_t Remaining() const { return body_.size() - cursor_; }
  size_t position() const { return cursor_; }
  // Throws "invalid message format" if unread bytes remain.
  void ExpectEnd() const;

 private:
  const char* Take(size_t n);

  std::string_view body_;
  size_t cursor_ = 0;
};

}  // namespace sb::wire
