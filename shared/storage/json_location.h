// Turning RapidJSON byte offsets into what a person looks for in an editor: line and column,
// and RapidJSON's English error texts into PostgreSQL-style lower-case phrases.
//
// Pure helpers shared by schema_file and document_codec error paths.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sb::storage {

struct LineColumn {
  size_t line = 1;    // 1-based
  size_t column = 1;  // 1-based, in UTF-8 characters
};

// Offsets past the end are clamped to the end of `text`.
LineColumn LocateOffset(std::string_view text, size_t offset);

// " at line L, column C"
std::string AtLineColumn(std::string_view text, size_t offset);

// RapidJSON's message for a parse error code, lower-cased first letter, no final period.
std::string JsonParseErrorText(int rapidjson_error_code);

}  // namespace sb::storage
