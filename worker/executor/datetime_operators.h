// Operators on dates, timestamps and intervals (date + integer, timestamp - interval,
// timestamptz - timestamptz, ...), resolved by operand types like the numeric ones.
#pragma once

#include <optional>
#include <string_view>

#include "worker/executor/operators.h"

namespace sb::worker {

// nullopt when no datetime operator `op` takes (left, right).
std::optional<OperatorChoice> ResolveDatetimeOperator(std::string_view op, types::Oid left,
                                                      types::Oid right);

}  // namespace sb::worker
