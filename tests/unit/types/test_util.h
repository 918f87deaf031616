// Helpers shared by the sb_types unit tests.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "shared/errors/sql_error.h"
#include "shared/types/format_settings.h"
#include "shared/types/pg_type.h"
#include "shared/types/text_io.h"
#include "shared/types/value.h"

namespace sb::types::testing {

// Resolves "numeric(10,2)", "varchar(3)[]", "timestamptz(3)", "interval(1)" to OID + typmod.
inline bool ResolveTypeSpec(std::string spec, Oid* oid, int32_t* typmod) {
  bool array = false;
  if (spec.size() > 2 && spec.substr(spec.size() - 2) == "[]") {
    array = true;
    spec.resize(spec.size() - 2);
  }
  std::string base = spec;
  std::string args;
  size_t open = spec.find('(');
  if (open != std::string::npos) {
    size_t close = spec.find(')', open);
    base = spec.substr(0, open) + spec.substr(close + 1);
    args = spec.substr(open + 1, close - open - 1);
  }
  const TypeInfo* info = FindTypeByName(base);
  if (info == nullptr) return false;
  *oid = info->oid;
  *typmod = -1;
  if (!args.empty()) {
    size_t comma = args.find(',');
    int a = std::stoi(args.substr(0, comma));
    int b = comma == std::string::npos ? 0 : std::stoi(args.substr(comma + 1));
    if (*oid == kVarchar || *oid == kBpchar) {
      *typmod = VarcharTypmod(a);
    } else if (*oid == kNumeric) {
      *typmod = NumericTypmod(a, b);
    } else if (*oid == kInterval) {
      *typmod = IntervalTypmod(a, kIntervalFullRange);
    } else {
      *typmod = a;
    }
  }
  if (array) *oid = info->array_oid;
  return true;
}

// "OK\t<text>" or "ERR\t<sqlstate>\t<message>", the format of the reference table.
inline std::string Outcome(const std::function<std::string()>& body) {
  try {
    return "OK\t" + body();
  } catch (const SqlError& error) {
    return "ERR\t" + std::string(SqlStateCode(error.state())) + "\t" + error.what();
  }
}

// Text in → value → text out.
inline std::string RoundTrip(const std::string& type, std::string_view input,
                             const FormatSettings& settings = FormatSettings(),
                             LengthMode mode = LengthMode::kTruncate) {
  Oid oid;
  int32_t typmod;
  if (!ResolveTypeSpec(type, &oid, &typmod)) return "BADTYPE " + type;
  return Outcome(
      [&] { return FormatText(ParseText(oid, typmod, input, settings, mode), settings); });
}

// Expects `body` to throw SqlError with this SQLSTATE (and message, when given).
inline void ExpectSqlError(const std::function<void()>& body, std::string_view sqlstate,
                           std::string_view message = {}) {
  try {
    body();
    ADD_FAILURE() << "expected SqlError " << sqlstate;
  } catch (const SqlError& error) {
    EXPECT_EQ(SqlStateCode(error.state()), sqlstate) << error.what();
    if (!message.empty()) {
      EXPECT_EQ(std::string(error.what()), message);
    }
  }
}

}  // namespace sb::types::testing
