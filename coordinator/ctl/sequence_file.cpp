#include "coordinator/ctl/sequence_file.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "shared/errors/sql_error.h"
#include "shared/storage/atomic_file.h"

namespace sb::ctl {

int64_t ParseSequenceFile(std::string_view text, std::string_view path) {
  rapidjson::Document document;
  auto invalid = [&](std::string_view reason) {
    return SqlError(SqlState::kDataCorrupted,
                    fmt::format("invalid sequence file \"{}\": {}", path, reason));
  };
  // RapidJSON's memory stream would read a NUL byte as the end of the text.
  if (text.find('\0') != std::string_view::npos) throw invalid("the file contains a NUL byte");
  document.Parse(text.data(), text.size());
  if (document.HasParseError()) {
    throw invalid(fmt::format("{} at offset {}",
                              rapidjson::GetParseError_En(document.GetParseError()),
                              document.GetErrorOffset()));
  }
  if (!document.IsObject()) throw invalid("expected a JSON object");
  auto found = document.FindMember("last_value");
  if (found == document.MemberEnd()) throw invalid("no \"last_value\"");
  if (!found->value.IsInt64()) throw invalid("\"last_value\" is not an integer");
  return found->value.GetInt64();
}

std::optional<int64_t> ReadSequenceFile(const std::string& path) {
  std::optional<std::string> text = storage::ReadFile(path, size_t{1} << 20);
  if (!text) return std::nullopt;
  return ParseSequenceFile(*text, path);
}

std::optional<std::string> ColumnSequence(const storage::TableSchema& schema,
                                          const storage::ColumnSchema& column) {
  if (!column.sequence.empty()) return column.sequence;
  if (column.identity != storage::IdentityKind::kNone ||
      column.default_expr.starts_with("nextval(")) {
    return schema.name + "_" + column.name + "_seq";
  }
  return std::nullopt;
}

}  // namespace sb::ctl
