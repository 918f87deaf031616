#include "coordinator/ctl/copy_text.h"

#include "shared/types/text_io.h"

namespace sb::ctl {

const types::FormatSettings& DumpFormatSettings() {
  static const types::FormatSettings settings = [] {
    types::FormatSettings s;
    s.date_order = types::DateOrder::kMdy;
    s.time_zone = nullptr;     // UTC: timestamptz values carry their +00 offset
    s.extra_float_digits = 1;  // shortest text that reads back to the same double
    s.bytea_output = types::ByteaOutput::kHex;
    return s;
  }();
  return settings;
}

void AppendCopyEscaped(std::string_view text, std::string& out) {
  for (char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\v':
        out += "\\v";
        break;
      default:
        out += c;
        break;
    }
  }
}

void AppendCopyField(const types::Value& value, std::string& out) {
  if (value.IsNull()) {
    out += "\\N";
    return;
  }
  std::string text;
  types::AppendText(value, DumpFormatSettings(), text);
  AppendCopyEscaped(text, out);
}

void AppendCopyRow(const std::vector<types::Value>& row, std::string& out) {
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) out += '\t';
    AppendCopyField(row[i], out);
  }
  out += '\n';
}

}  // namespace sb::ctl
