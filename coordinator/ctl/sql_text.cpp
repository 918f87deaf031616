#include "coordinator/ctl/sql_text.h"

#include "sqlpeg/ast_print.h"

namespace sb::ctl {

std::string QuoteIdent(std::string_view name) {
  // The SQL printer already applies quote_ident's rule with PostgreSQL 15's keyword table.
  return sql::QuoteIdentifier(std::string(name));
}

std::string QualifiedName(std::string_view name) {
  return "public." + QuoteIdent(name);
}

std::string QuoteLiteral(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '\'';
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  out += '\'';
  return out;
}

}  // namespace sb::ctl
