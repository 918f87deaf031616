#include "shared/storage/json_location.h"

#include <fmt/format.h>
#include <rapidjson/error/en.h>

#include <algorithm>

namespace sb::storage {

LineColumn LocateOffset(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  LineColumn where;
  for (size_t i = 0; i < offset; ++i) {
    char c = text[i];
    if (c == '\n') {
      ++where.line;
      where.column = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++where.column;
    }
  }
  return where;
}

std::string AtLineColumn(std::string_view text, size_t offset) {
  LineColumn where = LocateOffset(text, offset);
  return fmt::format(" at line {}, column {}", where.line, where.column);
}

std::string JsonParseErrorText(int rapidjson_error_code) {
  std::string text =
      rapidjson::GetParseError_En(static_cast<rapidjson::ParseErrorCode>(rapidjson_error_code));
  if (!text.empty() && text.back() == '.') text.pop_back();
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] + 32);
  return text;
}

}  // namespace sb::storage
