// TreeControl: the PEGTL control class every sqlpeg grammar rule runs under, plus the
// syntax-error reporting built on what it records.
//
// Used on the parsing thread by every parse_*.cpp translation unit. For each rule it
//  - opens a PNode when the rule is a node rule (derives from node_tag) and attaches it to
//    the enclosing node on success or discards it on failure;
//  - for other rules, drops child nodes they produced when they fail (PEG backtracking);
//  - for token rules (derive from token_tag) records the furthest offset a token was tried
//    at: the "at or near" token of a syntax error, as PostgreSQL reports it.
// The ParseState owns all nodes; nothing here keeps state of its own.
#pragma once

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

#include <type_traits>

#include "sqlpeg/parse_state.h"

namespace sb::sql {

// Base of grammar rules that produce a parse-tree node.
struct node_tag {};
// Base of rules that match exactly one token (and the whitespace after it).
struct token_tag {};

template <typename Rule>
struct TreeControl : tao::pegtl::normal<Rule> {
  template <tao::pegtl::apply_mode A, tao::pegtl::rewind_mode M,
            template <typename...> class Action, template <typename...> class Control,
            typename ParseInput>
  [[nodiscard]] static bool match(ParseInput& in, ParseState& st) {
    if constexpr (std::is_base_of_v<token_tag, Rule>) st.NoteToken(st.Offset(in));
    if constexpr (std::is_base_of_v<node_tag, Rule>) {
      const int begin = st.Offset(in);
      st.stack.push_back(std::make_unique<PNode>());
      const bool ok = tao::pegtl::normal<Rule>::template match<A, M, Action, Control>(in, st);
      std::unique_ptr<PNode> node = std::move(st.stack.back());
      st.stack.pop_back();
      if (ok) {
        node->type = tao::pegtl::demangle<Rule>();
        node->begin = begin;
        node->end = std::max(begin, st.TrimEnd(st.Offset(in)));
        node->text = st.text.substr(node->begin, node->end - node->begin);
        st.stack.back()->children.push_back(std::move(node));
      }
      return ok;
    } else {
      const size_t mark = st.stack.back()->children.size();
      const bool ok = tao::pegtl::normal<Rule>::template match<A, M, Action, Control>(in, st);
      if (!ok) st.stack.back()->children.resize(mark);
      return ok;
    }
  }
};

// Custom rule: matches Rule one nesting level deeper (54001 past kMaxNestingDepth).
template <typename Rule>
struct nested {
  using rule_t = nested;
  using subs_t = tao::pegtl::type_list<Rule>;

  template <tao::pegtl::apply_mode A, tao::pegtl::rewind_mode M,
            template <typename...> class Action, template <typename...> class Control,
            typename ParseInput>
  [[nodiscard]] static bool match(ParseInput& in, ParseState& st) {
    DepthGuard guard(st, in);
    return Control<Rule>::template match<A, M, Action, Control>(in, st);
  }
};

// The 42601 error for a parse that stopped early: "syntax error at or near "tok"" at the
// furthest token any rule reached, or "syntax error at end of input".
[[noreturn]] void ThrowSyntaxError(const ParseState& st);

}  // namespace sb::sql

namespace tao::pegtl {
template <typename Name, typename Rule>
struct analyze_traits<Name, sb::sql::nested<Rule>> : analyze_seq_traits<Rule> {};
}  // namespace tao::pegtl
