#include "shared/errors/sqlstate.h"

#include <iterator>

#include <iterator>

namespace sb {
namespace {

struct SqlStateEntry {
  std::string_view code;
  std::string_view name;
};

constexpr SqlStateEntry kEntries[] = {
#define SB_SQLSTATE(name, code, condition) {code, condition},
#include "shared/errors/sqlstate_list.def"
#undef SB_SQLSTATE
};

}  // namespace

std::string_view SqlStateCode(SqlState state) {
  return kEntries[static_cast<int>(state)].code;
}
std::string_view SqlStateName(SqlState state) {
  return kEntries[static_cast<int>(state)].name;
}

SqlState SqlStateFromCode(std::string_view code) {
  for (size_t i = 0; i < std::size(kEntries); ++i) {
    if (kEntries[i].code == code) return static_cast<SqlState>(i);
  }
  return SqlState::kInternalError;
}

}  // namespace sb
