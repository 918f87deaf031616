// JsonNode: a small JSON tree that remembers where every value and key starts in the source
// text, so errors in hand-edited files can point at a line and column.
//
// Used for schema files only (small, rarely read); documents take the faster SAX path in
// document_codec. Numbers keep their text exactly as written.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sb::storage {

struct JsonMember;

struct JsonNode {
  enum class Kind : uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };

  Kind kind = Kind::kNull;
  size_t offset = 0;  // byte offset of the value's first character
  bool boolean = false;
  std::string text;  // string contents (unescaped) or the number as written
  std::vector<JsonNode> elements;
  std::vector<JsonMember> members;  // in document order; duplicates are rejected

  const JsonNode* Find(std::string_view key) const;
};

struct JsonMember {
  std::string key;
  size_t key_offset = 0;
  JsonNode value;
};

std::string_view JsonKindName(JsonNode::Kind kind);

struct JsonTreeError {
  std::string message;  // e.g. "missing a comma or '}' after an object member"
  size_t offset = 0;
};

// Parses `text` (need not be NUL-terminated). Nesting deeper than `max_depth` and duplicate
// object keys are errors. Returns false and fills `error` on failure.
bool ParseJsonTree(std::string_view text, size_t max_depth, JsonNode* root, JsonTreeError* error);

}  // namespace sb::storage
