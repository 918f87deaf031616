// The lexical layer of the grammar: one custom PEGTL rule per token class.
//
// Each token rule matches one token at the current offset (per sqlpeg/lexer.h) and then
// the whitespace and comments after it, so rules never see whitespace. Token rules are
// token_tag rules: TreeControl records where they were tried for syntax errors. Used by
// every grammar header; the matching code lives in sqlpeg/token_rules.cpp.
#pragma once

#include <tao/pegtl.hpp>

#include <cstddef>
#include <string_view>

#include "sqlpeg/parse_errors.h"
#include "sqlpeg/parse_state.h"

namespace sb::sql {

// What an identifier-like token may be, after PostgreSQL's keyword categories.
enum class IdentClass {
  kColId,         // IDENT, unreserved or col_name keyword (column, table names)
  kTypeFuncName,  // IDENT, unreserved or type_func_name keyword (type names)
  kFuncName,      // any non-reserved word (function names; special forms are tried first)
  kNonReserved,   // IDENT or any non-reserved keyword
  kColLabel,      // any word at all (after AS, after '.')
  kBareLabel,     // a column label without AS
};

bool MatchLeadingSpace(Input& in, ParseState& st);
bool MatchKeyword(Input& in, ParseState& st, std::string_view word);
bool MatchIdent(Input& in, ParseState& st, IdentClass cls);
bool MatchPunct(Input& in, ParseState& st, std::string_view punct);
bool MatchOperator(Input& in, ParseState& st, std::string_view op);  // empty op: any
bool MatchPrefixOperator(Input& in, ParseState& st);
bool MatchString(Input& in, ParseState& st);
bool MatchNumber(Input& in, ParseState& st, bool integer_only);
bool MatchParam(Input& in, ParseState& st);
bool MatchEnd(Input& in, ParseState& st);
// Looks ahead (consumes nothing): is the operand here certainly a plain column reference?
bool MatchPlainColumnAhead(Input& in, ParseState& st);

namespace grammar {

// A compile-time string usable as a template argument: kw<"select">.
template <size_t N>
struct Word {
  char chars[N];
  constexpr Word(const char (&s)[N]) {  // NOLINT(google-explicit-constructor)
    for (size_t i = 0; i < N; ++i) chars[i] = s[i];
  }
  constexpr std::string_view view() const { return {chars, N - 1}; }
};

// Common shape of a custom token rule.
template <typename Derived>
struct token_rule : token_tag {
  using rule_t = Derived;
  using subs_t = tao::pegtl::empty_list;
  template <tao::pegtl::apply_mode, tao::pegtl::rewind_mode, template <typename...> class,
            template <typename...> class, typename ParseInput>
  [[nodiscard]] static bool match(ParseInput& in, ParseState& st) {
    return Derived::Match(in, st);
  }
};

// Whitespace before the first token of the text.
struct leading_space {
  using rule_t = leading_space;
  using subs_t = tao::pegtl::empty_list;
  template <tao::pegtl::apply_mode, tao::pegtl::rewind_mode, template <typename...> class,
            template <typename...> class, typename ParseInput>
  [[nodiscard]] static bool match(ParseInput& in, ParseState& st) {
    return MatchLeadingSpace(in, st);
  }
};

// Lookahead for the commonest operand, a bare column name: an unquoted word that is
// not a keyword starting a special form and is not followed by '(', '.', or a string (which
// would make it a function call or a typed literal). Lets the operand skip ~20 alternatives.
struct plain_column_ahead {
  using rule_t = plain_column_ahead;
  using subs_t = tao::pegtl::empty_list;
  template <tao::pegtl::apply_mode, tao::pegtl::rewind_mode, template <typename...> class,
            template <typename...> class, typename ParseInput>
  [[nodiscard]] static bool match(ParseInput& in, ParseState& st) {
    return MatchPlainColumnAhead(in, st);
  }
};

template <Word W>
struct kw : token_rule<kw<W>> {
  static bool Match(Input& in, ParseState& st) { return MatchKeyword(in, st, W.view()); }
};

template <Word W>
struct punct : token_rule<punct<W>> {
  static bool Match(Input& in, ParseState& st) { return MatchPunct(in, st, W.view()); }
};

template <Word W>
struct op : token_rule<op<W>> {
  static bool Match(Input& in, ParseState& st) { return MatchOperator(in, st, W.view()); }
};

struct any_op : token_rule<any_op> {
  static bool Match(Input& in, ParseState& st) { return MatchOperator(in, st, {}); }
};

struct prefix_op_tok : token_rule<prefix_op_tok> {
  static bool Match(Input& in, ParseState& st) { return MatchPrefixOperator(in, st); }
};

template <IdentClass C>
struct ident_tok : token_rule<ident_tok<C>> {
  static bool Match(Input& in, ParseState& st) { return MatchIdent(in, st, C); }
};

struct string_tok : token_rule<string_tok> {
  static bool Match(Input& in, ParseState& st) { return MatchString(in, st); }
};

struct number_tok : token_rule<number_tok> {
  static bool Match(Input& in, ParseState& st) { return MatchNumber(in, st, false); }
};

struct integer_tok : token_rule<integer_tok> {
  static bool Match(Input& in, ParseState& st) { return MatchNumber(in, st, true); }
};

struct param_tok : token_rule<param_tok> {
  static bool Match(Input& in, ParseState& st) { return MatchParam(in, st); }
};

struct end_of_input : token_rule<end_of_input> {
  static bool Match(Input& in, ParseState& st) { return MatchEnd(in, st); }
};

using lparen = punct<"(">;
using rparen = punct<")">;
using comma = punct<",">;
using semicolon = punct<";">;
using lbracket = punct<"[">;
using rbracket = punct<"]">;
using dot = punct<".">;
using typecast_tok = punct<"::">;
using colon = punct<":">;

}  // namespace grammar
}  // namespace sb::sql

namespace tao::pegtl {
// Every token consumes input when it succeeds; leading_space may not.
template <typename Name, typename Derived>
struct analyze_traits<Name, sb::sql::grammar::token_rule<Derived>> : analyze_any_traits<> {};
template <typename Name, sb::sql::grammar::Word W>
struct analyze_traits<Name, sb::sql::grammar::kw<W>> : analyze_any_traits<> {};
template <typename Name, sb::sql::grammar::Word W>
struct analyze_traits<Name, sb::sql::grammar::punct<W>> : analyze_any_traits<> {};
template <typename Name, sb::sql::grammar::Word W>
struct analyze_traits<Name, sb::sql::grammar::op<W>> : analyze_any_traits<> {};
template <typename Name, sb::sql::IdentClass C>
struct analyze_traits<Name, sb::sql::grammar::ident_tok<C>> : analyze_any_traits<> {};
template <typename Name>
struct analyze_traits<Name, sb::sql::grammar::any_op> : analyze_any_traits<> {};
template <typename Name>
struct analyze_traits<Name, sb::sql::grammar::prefix_op_tok> : analyze_any_traits<> {};
template <typename Name>
struct analyze_traits<Name, sb::sql::grammar::string_tok> : analyze_any_traits<> {};
template <typename Name>
struct analyze_traits<Name, sb::sql::grammar::number_tok> : analyze_any_traits<> {};
template <typename Name>
struct analyze_traits<Name, sb::sql::grammar::integer_tok> : analyze_any_traits<> {};
template <typename Name>
struct analyze_traits<Name, sb::sql::grammar::param_tok> : analyze_any_traits<> {};
template <typename Name>
struct analyze_traits<Name, sb::sql::grammar::end_of_input> : analyze_opt_traits<> {};
template <typename Name>
struct analyze_traits<Name, sb::sql::grammar::leading_space> : analyze_opt_traits<> {};
template <typename Name>
struct analyze_traits<Name, sb::sql::grammar::plain_column_ahead> : analyze_opt_traits<> {};
}  // namespace tao::pegtl
