// UTF-8 validity as PostgreSQL's pg_utf8_islegal defines it (no overlong forms, no
// surrogates, nothing above U+10FFFF). Pure; used for SQL names and for text written into
// documents, which the reader validates.
#pragma once

#include <string_view>

namespace sb::storage {

bool IsValidUtf8(std::string_view text);

}  // namespace sb::storage
