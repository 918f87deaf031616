// Helpers shared by the AST builders.
#include "sqlpeg/build.h"
#include "sqlpeg/lexer.h"

namespace sb::sql {

void ThrowBuildError(const PNode& at, std::string message, SqlState state) {
  throw BuildError{at.begin, std::move(message), state};
}

std::string IdentOf(const PNode& n) {
  return lex::IdentifierValue(n.text);
}

std::vector<std::string> NameOf(const PNode& n) {
  // A dotted name's text: ident ( '.' ident )*, possibly with spaces and comments.
  std::vector<std::string> names;
  std::string_view text = n.text;
  size_t pos = 0;
  while (pos < text.size()) {
    pos = lex::SkipSpace(text, pos);
    if (pos >= text.size()) break;
    size_t length = lex::QuotedIdentLength(text, pos);
    if (length == 0) length = lex::WordLength(text, pos);
    if (length == 0) {
      ++pos;  // '.' or anything else between the names
      continue;
    }
    names.push_back(lex::IdentifierValue(text.substr(pos, length)));
    pos += length;
  }
  return names;
}

}  // namespace sb::sql
