// Sequence state files (<db>/_seq/<name>.json, {"last_value": N}) as smarterbase-ctl reads
// them, and which sequence a column draws its values from.
//
// Used by export (setval) and check (one thread). Pure apart from reading the one file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "shared/storage/table_schema.h"

namespace sb::ctl {

// The last value handed out; nullopt when the file does not exist. Throws SqlError XX001
// naming the file when it is not {"last_value": <integer>} (58030 when it cannot be read).
std::optional<int64_t> ReadSequenceFile(const std::string& path);

// Parses the text of a sequence file; `path` is for the message.
int64_t ParseSequenceFile(std::string_view text, std::string_view path);

// The sequence that fills `column` of `schema`, as the server's writer picks it: the column's
// "sequence", or <table>_<column>_seq for an identity column or a nextval(...) default without
// one; nullopt when the column does not use a sequence.
std::optional<std::string> ColumnSequence(const storage::TableSchema& schema,
                                          const storage::ColumnSchema& column);

}  // namespace sb::ctl
