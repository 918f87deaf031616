// CharPosition: byte offsets → PostgreSQL's 1-based character positions.
#include "sqlpeg/parser.h"

namespace sb::sql {

int CharPosition(std::string_view text, int byte_offset) {
  if (byte_offset < 0) byte_offset = 0;
  size_t limit = std::min(static_cast<size_t>(byte_offset), text.size());
  int chars = 0;
  for (size_t i = 0; i < limit; ++i) {
    // Count every byte that does not continue a UTF-8 sequence.
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++chars;
  }
  return chars + 1;
}

}  // namespace sb::sql
