#include "shared/errors/sqlstate.h"

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

}  // namespace sb
