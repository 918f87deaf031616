#include "shared/types/array_io.h"

#include <strings.h>

#include "shared/errors/sql_error.h"
#include "shared/types/text_io.h"

namespace sb::types {
namespace {

bool IsArraySpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

bool EqualsNullWord(std::string_view text) {
  return text.size() == 4 && strncasecmp(text.data(), "null", 4) == 0;
}

bool NeedsQuotes(std::string_view text) {
  if (text.empty() || EqualsNullWord(text)) return true;
  for (char c : text) {
    if (c == '"' || c == '\\' || c == '{' || c == '}' || c == ',' || IsArraySpace(c)) return true;
  }
  return false;
}

class ArrayLiteralParser {
 public:
  ArrayLiteralParser(std::string_view text) : text_(text) {}

  [[noreturn]] void Malformed(std::string_view detail) const {
    throw SqlError(SqlState::kInvalidTextRepresentation,
                   fmt::format("malformed array literal: \"{}\"", text_))
        .WithDetail(std::string(detail));
  }

  // Elements as (text, is_null) pairs.
  std::vector<std::pair<std::string, bool>> Parse() {
    SkipSpace();
    int64_t declared = -1;
    if (pos_ < text_.size() && text_[pos_] == '[') declared = ParseDimensions();
    if (pos_ >= text_.size() || text_[pos_] != '{') {
      Malformed("Array value must start with \"{\" or dimension information.");
    }
    ++pos_;
    std::vector<std::pair<std::string, bool>> elements;
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
    } else {
      while (true) {
        elements.push_back(ReadElement(elements.empty()));
        SkipSpace();
        if (pos_ >= text_.size()) Malformed("Unexpected end of input.");
        char c = text_[pos_++];
        if (c == '}') break;
        if (c != ',') Malformed("Unexpected array element.");
      }
    }
    SkipSpace();
    if (pos_ != text_.size()) Malformed("Junk after closing right brace.");
    if (declared >= 0 && declared != static_cast<int64_t>(elements.size())) {
      Malformed("Specified array dimensions do not match array contents.");
    }
    return elements;
  }

 private:
  void SkipSpace() {
    while (pos_ < text_.size() && IsArraySpace(text_[pos_])) ++pos_;
  }

  bool ReadInt(int64_t* out) {
    size_t start = pos_;
    bool negative = false;
    if (pos_ < text_.size() && (text_[pos_] == '-' || text_[pos_] == '+')) {
      negative = text_[pos_] == '-';
      ++pos_;
    }
    int64_t value = 0;
    size_t digits = 0;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9' && digits < 10) {
      value = value * 10 + (text_[pos_] - '0');
      ++pos_;
      ++digits;
    }
    if (digits == 0) {
      pos_ = start;
      return false;
    }
    *out = negative ? -value : value;
    return true;
  }

  // "[lb:ub]=" or "[ub]="; returns the declared element count.
  int64_t ParseDimensions() {
    int dims = 0;
    int64_t count = 0;
    while (pos_ < text_.size() && text_[pos_] == '[') {
      ++pos_;
      SkipSpace();
      int64_t first = 0, second = 0;
      if (!ReadInt(&first))
        Malformed("\"[\" must introduce explicitly-specified array dimensions.");
      SkipSpace();
      int64_t lower = 1, upper = first;
      if (pos_ < text_.size() && text_[pos_] == ':') {
        ++pos_;
        SkipSpace();
        if (!ReadInt(&second)) Malformed("Missing array dimension value.");
        SkipSpace();
        lower = first;
        upper = second;
      }
      if (pos_ >= text_.size() || text_[pos_] != ']') {
        Malformed("Missing \"]\" after array dimensions.");
      }
      ++pos_;
      if (upper < lower) {
        ThrowSqlError(SqlState::kProgramLimitExceeded,
                      "upper bound cannot be less than lower bound");
      }
      count = upper - lower + 1;
      ++dims;
    }
    if (dims > 1) {
      ThrowSqlError(SqlState::kFeatureNotSupported, "multidimensional arrays are not supported");
    }
    SkipSpace();
    if (pos_ >= text_.size() || text_[pos_] != '=') {
      Malformed("Missing \"=\" after array dimensions.");
    }
    ++pos_;
    SkipSpace();
    return count;
  }

  std::pair<std::string, bool> ReadElement(bool first) {
    SkipSpace();
    if (pos_ >= text_.size()) Malformed("Unexpected end of input.");
    char c = text_[pos_];
    if (c == '{') {
      if (first) {
        ThrowSqlError(SqlState::kFeatureNotSupported, "multidimensional arrays are not supported");
      }
      Malformed("Unexpected \"{\" character.");
    }
    if (c == '}' || c == ',') Malformed(fmt::format("Unexpected \"{}\" character.", c));
    std::string value;
    if (c == '"') {
      ++pos_;
      while (true) {
        if (pos_ >= text_.size()) Malformed("Unexpected end of input.");
        char ch = text_[pos_++];
        if (ch == '"') break;
        if (ch == '\\') {
          if (pos_ >= text_.size()) Malformed("Unexpected end of input.");
          ch = text_[pos_++];
        }
        value.push_back(ch);
      }
      return {std::move(value), false};
    }
    bool escaped_any = false;
    size_t keep = 0;  // length without trailing unescaped whitespace
    while (true) {
      if (pos_ >= text_.size()) Malformed("Unexpected end of input.");
      char ch = text_[pos_];
      if (ch == ',' || ch == '}') break;
      if (ch == '"') Malformed("Unexpected array element.");
      if (ch == '{') Malformed("Unexpected \"{\" character.");
      ++pos_;
      if (ch == '\\') {
        if (pos_ >= text_.size()) Malformed("Unexpected end of input.");
        value.push_back(text_[pos_++]);
        escaped_any = true;
        keep = value.size();
        continue;
      }
      value.push_back(ch);
      if (!IsArraySpace(ch)) keep = value.size();
    }
    value.resize(keep);
    bool is_null = !escaped_any && EqualsNullWord(value);
    return {std::move(value), is_null};
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

void AppendArrayText(const Value& array, const FormatSettings& settings, std::string& out) {
  const ArrayValue& value = array.GetArray();
  out.push_back('{');
  std::string element_text;
  for (size_t i = 0; i < value.elements.size(); ++i) {
    if (i > 0) out.push_back(',');
    const Value& element = value.elements[i];
    if (element.IsNull()) {
      out += "NULL";
      continue;
    }
    element_text.clear();
    AppendText(element, settings, element_text);
    if (!NeedsQuotes(element_text)) {
      out += element_text;
      continue;
    }
    out.push_back('"');
    for (char c : element_text) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    out.push_back('"');
  }
  out.push_back('}');
}

Value ParseArrayText(Oid array_type, Oid element_type, int32_t typmod, std::string_view text,
                     const FormatSettings& settings, LengthMode length_mode) {
  ArrayLiteralParser parser(text);
  std::vector<std::pair<std::string, bool>> raw = parser.Parse();
  std::vector<Value> elements;
  elements.reserve(raw.size());
  for (auto& [element_text, is_null] : raw) {
    if (is_null) {
      elements.push_back(Value::Null(element_type));
    } else {
      elements.push_back(ParseText(element_type, typmod, element_text, settings, length_mode));
    }
  }
  return Value::Array(element_type, std::move(elements), array_type);
}

}  // namespace sb::types
