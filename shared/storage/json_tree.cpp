#include "shared/storage/json_tree.h"

#include <fmt/format.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include "shared/storage/json_location.h"

namespace sb::storage {
namespace {

bool IsSeparator(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':' || c == ',';
}

class TreeBuilder {
 public:
  TreeBuilder(std::string_view text, const rapidjson::MemoryStream& stream, size_t max_depth)
      : text_(text), stream_(stream), max_depth_(max_depth) {}

  bool Null() { return Scalar(JsonNode::Kind::kNull, {}); }
  bool Bool(bool value) {
    JsonNode node = MakeNode(JsonNode::Kind::kBool, ScalarStart());
    node.boolean = value;
    return Finish(std::move(node));
  }
  bool Int(int) { return true; }  // unused: numbers arrive as RawNumber
  bool Uint(unsigned) { return true; }
  bool Int64(int64_t) { return true; }
  bool Uint64(uint64_t) { return true; }
  bool Double(double) { return true; }
  bool RawNumber(const char* str, rapidjson::SizeType length, bool) {
    return Scalar(JsonNode::Kind::kNumber, std::string_view(str, length));
  }
  bool String(const char* str, rapidjson::SizeType length, bool) {
    return Scalar(JsonNode::Kind::kString, std::string_view(str, length));
  }
  bool Key(const char* str, rapidjson::SizeType length, bool) {
    size_t key_offset = ScalarStart();
    cursor_ = stream_.Tell();
    JsonNode& object = stack_.back();
    std::string_view key(str, length);
    if (object.Find(key) != nullptr) {
      return Fail(fmt::format("duplicate key \"{}\"", key), key_offset);
    }
    object.members.push_back(JsonMember{std::string(key), key_offset, JsonNode{}});
    return true;
  }
  bool StartObject() { return Start(JsonNode::Kind::kObject); }
  bool EndObject(rapidjson::SizeType) { return End(); }
  bool StartArray() { return Start(JsonNode::Kind::kArray); }
  bool EndArray(rapidjson::SizeType) { return End(); }

  JsonNode TakeRoot() { return std::move(root_); }
  const JsonTreeError& error() const { return error_; }
  bool failed() const { return failed_; }

 private:
  JsonNode MakeNode(JsonNode::Kind kind, size_t offset) {
    JsonNode node;
    node.kind = kind;
    node.offset = offset;
    return node;
  }

  size_t ScalarStart() const {
    size_t at = cursor_;
    while (at < text_.size() && IsSeparator(text_[at])) ++at;
    return at;
  }

  bool Scalar(JsonNode::Kind kind, std::string_view text) {
    JsonNode node = MakeNode(kind, ScalarStart());
    node.text.assign(text);
    cursor_ = stream_.Tell();
    return Finish(std::move(node));
  }

  bool Start(JsonNode::Kind kind) {
    // The iterative parser calls StartObject/StartArray before consuming the bracket.
    if (stack_.size() >= max_depth_) {
      return Fail(fmt::format("nesting deeper than {} levels", max_depth_), stream_.Tell());
    }
    stack_.push_back(MakeNode(kind, stream_.Tell()));
    cursor_ = stream_.Tell() + 1;
    return true;
  }

  bool End() {
    // ... and EndObject/EndArray before consuming the closing bracket.
    cursor_ = stream_.Tell() + 1;
    JsonNode node = std::move(stack_.back());
    stack_.pop_back();
    return Finish(std::move(node));
  }

  bool Finish(JsonNode node) {
    if (stack_.empty()) {
      root_ = std::move(node);
    } else if (stack_.back().kind == JsonNode::Kind::kArray) {
      stack_.back().elements.push_back(std::move(node));
    } else {
      stack_.back().members.back().value = std::move(node);
    }
    return true;
  }

  bool Fail(std::string message, size_t offset) {
    failed_ = true;
    error_.message = std::move(message);
    error_.offset = offset;
    return false;
  }

  std::string_view text_;
  const rapidjson::MemoryStream& stream_;
  size_t max_depth_;
  size_t cursor_ = 0;
  std::vector<JsonNode> stack_;
  JsonNode root_;
  bool failed_ = false;
  JsonTreeError error_;
};

}  // namespace

const JsonNode* JsonNode::Find(std::string_view key) const {
  for (const JsonMember& member : members) {
    if (member.key == key) return &member.value;
  }
  return nullptr;
}

std::string_view JsonKindName(JsonNode::Kind kind) {
  switch (kind) {
    case JsonNode::Kind::kNull:
      return "null";
    case JsonNode::Kind::kBool:
      return "a boolean";
    case JsonNode::Kind::kNumber:
      return "a number";
    case JsonNode::Kind::kString:
      return "a string";
    case JsonNode::Kind::kArray:
      return "an array";
    case JsonNode::Kind::kObject:
      return "an object";
  }
  return "a value";
}

bool ParseJsonTree(std::string_view text, size_t max_depth, JsonNode* root, JsonTreeError* error) {
  rapidjson::MemoryStream stream(text.data(), text.size());
  TreeBuilder builder(text, stream, max_depth);
  rapidjson::Reader reader;
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag |
                              rapidjson::kParseNumbersAsStringsFlag |
                              rapidjson::kParseValidateEncodingFlag;
  rapidjson::ParseResult result = reader.Parse<kFlags>(stream, builder);
  if (builder.failed()) {
    *error = builder.error();
    return false;
  }
  if (result.IsError()) {
    error->message = JsonParseErrorText(result.Code());
    error->offset = result.Offset();
    return false;
  }
  // MemoryStream reports a NUL byte as the end of input; anything after it is not JSON.
  size_t end = stream.Tell();
  for (size_t i = end; i < text.size(); ++i) {
    char c = text[i];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      error->message = c == '\0' ? "unexpected NUL byte" : "unexpected text after the JSON value";
      error->offset = i;
      return false;
    }
  }
  *root = builder.TakeRoot();
  return true;
}

}  // namespace sb::storage
