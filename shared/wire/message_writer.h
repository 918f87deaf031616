// MessageWriter: builds one typed backend message at a time at the end of an output buffer.
//
// Used by the worker's session thread (and the named helpers in backend_messages.h) to
// produce server->client bytes. The caller owns the std::string; the writer only appends to
// it and patches the length word on End(). A message is either complete in the buffer or
// not there at all: Abort(), or destroying the writer with a message still open (e.g. during
// exception unwinding), truncates the partial message away, so half a message is never sent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sb::wire {

class MessageWriter {
 public:
  explicit MessageWriter(std::string& out) : out_(out) {}
  ~MessageWriter() {
    if (open()) Abort();
  }
  MessageWriter(const MessageWriter&) = delete;
  MessageWriter& operator=(const MessageWriter&) = delete;

  // Starts a message: type byte plus a placeholder length word. One message at a time.
  void Begin(char type);
  void Int8(int8_t value);
  void Int16(int16_t value);
  void Int32(int32_t value);
  void Int64(int64_t value);
  // A protocol string: the bytes up to the first NUL (as PostgreSQL's C strings would be),
  // then a terminating NUL. Truncating keeps an embedded NUL from desynchronising the client.
  void String(std::string_view value);
  // Raw bytes, no terminator.
  void Bytes(std::string_view value);
  // Patches the length word; the message is now final. Throws 54000 (and drops the message)
  // if the body exceeds what an Int32 length word can describe.
  void End();
  // Drops everything written since Begin().
  void Abort();

  bool open() const { return start_ != kNotOpen; }
  // Bytes written since Begin(), excluding type byte and length word.
  size_t body_size() const;
  // The output buffer, for hot paths that append bytes themselves between Begin() and End().
  std::string& buffer() { return out_; }

 private:
  static constexpr size_t kNotOpen = static_cast<size_t>(-1);
  void RequireOpen() const;

  std::string& out_;
  size_t start_ = kNotOpen;  // offset of the type byte of the open message
};

// A message without type byte or length: the single 'S'/'N' answer to SSLRequest or
// GSSENCRequest.
void WriteEncryptionResponse(std::string& out, bool accepted);

}  // namespace sb::wire
