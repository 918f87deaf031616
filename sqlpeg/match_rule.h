// MatchRule<Rule>: runs one grammar rule under TreeControl at the input's position.
// The entry point each parse_*.cpp uses to expose its grammar to other translation units.
#pragma once

#include <tao/pegtl.hpp>

#include "sqlpeg/parse_errors.h"
#include "sqlpeg/parse_state.h"

namespace sb::sql {

template <typename Rule>
bool MatchRule(Input& in, ParseState& st) {
  return TreeControl<Rule>::template match<tao::pegtl::apply_mode::nothing,
                                           tao::pegtl::rewind_mode::required, tao::pegtl::nothing,
                                           TreeControl>(in, st);
}

}  // namespace sb::sql
