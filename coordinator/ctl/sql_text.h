// SQL text for a PostgreSQL dump: identifiers quoted only when PostgreSQL needs it (as its
// quote_ident() decides), objects qualified with the one schema SmarterBase has (public), and
// string literals for a session with standard_conforming_strings = on.
//
// Pure functions used by smarterbase-ctl export on its one thread.
#pragma once

#include <string>
#include <string_view>

namespace sb::ctl {

// `users` stays bare; `Users`, `order`, `a b`, `1x` and `"q"` become "Users", "order", "a b",
// "1x" and """q""" (a keyword is quoted unless it is unreserved, as quote_ident does).
std::string QuoteIdent(std::string_view name);

// public.<QuoteIdent(name)>: the dump runs with an empty search_path, as pg_dump's do.
std::string QualifiedName(std::string_view name);

// '...' with quotes doubled; backslashes and newlines stay as they are (the dump sets
// standard_conforming_strings = on).
std::string QuoteLiteral(std::string_view text);

// A comma-separated list of quoted identifiers: "a, \"B\"".
template <typename Names>
std::string QuoteIdentList(const Names& names) {
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) out += ", ";
    out += QuoteIdent(name);
  }
  return out;
}

}  // namespace sb::ctl
