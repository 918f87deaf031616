// Expression builder: the flat operand/operator sequence of an a_expr or b_expr node is
// folded into a tree with PostgreSQL 15's precedence table (gram.y):
//
//   OR < AND < NOT < IS, ISNULL, NOTNULL < comparison < BETWEEN IN LIKE ILIKE SIMILAR
//   < ESCAPE < other operators (and op ANY/ALL) < + - < * / % < ^ < AT TIME ZONE
//   < COLLATE < unary + - < :: (subscripts belong to operands)
//
// IS, comparison, BETWEEN/IN/LIKE and ESCAPE are nonassociative: "a = b = c" is a syntax
// error at the second "=", as in PostgreSQL.
#include <charconv>
#include <climits>

#include "sqlpeg/build.h"
#include "sqlpeg/grammar/expression.h"
#include "sqlpeg/lexer.h"

namespace sb::sql {
namespace g = grammar;
namespace {

enum Prec {
  kPrecOr = 1,
  kPrecAnd = 2,
  kPrecNot = 3,
  kPrecIs = 4,
  kPrecCompare = 5,
  kPrecLike = 6,  // BETWEEN IN LIKE ILIKE SIMILAR
  kPrecEscape = 7,
  kPrecOp = 8,
  kPrecAdd = 9,
  kPrecMul = 10,
  kPrecExp = 11,
  kPrecAt = 12,
  kPrecCollate = 13,
  kPrecUnary = 14,
  kPrecTypecast = 17,
};

bool NonAssociative(int prec) {
  return prec == kPrecIs || prec == kPrecCompare || prec == kPrecLike || prec == kPrecEscape;
}

int OperatorPrec(std::string_view op) {
  if (op == "+" || op == "-") return kPrecAdd;
  if (op == "*" || op == "/" || op == "%") return kPrecMul;
  if (op == "^") return kPrecExp;
  if (op == "<" || op == ">" || op == "=" || op == "<=" || op == ">=" || op == "<>" || op == "!=") {
    return kPrecCompare;
  }
  return kPrecOp;
}

std::string NormalizeOp(std::string_view op) {
  if (op == "!=") return "<>";
  return std::string(op);
}

// The operator inside OPERATOR(schema.op).
std::string OperatorCallOp(const PNode& n) {
  std::string_view text = n.text;
  size_t close = text.rfind(')');
  size_t start = text.find('(');
  if (close == std::string_view::npos || start == std::string_view::npos) return {};
  std::string_view inner = text.substr(start + 1, close - start - 1);
  size_t dot = inner.rfind('.');
  if (dot != std::string_view::npos) inner = inner.substr(dot + 1);
  size_t b = 0;
  while (b < inner.size() && lex::SkipSpace(inner, b) != b) b = lex::SkipSpace(inner, b);
  inner = inner.substr(b);
  size_t len = lex::OperatorLength(inner, 0);
  return NormalizeOp(inner.substr(0, len));
}

// The operator text of a node that is an operator_call or an op token.
std::string OpText(const PNode& n) {
  if (n.Is<g::operator_call>()) return OperatorCallOp(n);
  return NormalizeOp(n.text);
}

const PNode& Only(const PNode& n) {
  if (n.children.empty()) ThrowBuildError(n);
  return *n.children.front();
}

bool HasNot(const PNode& n) {
  return n.Find<g::not_kw>() != nullptr;
}

bool IsIlike(const PNode& like) {
  // like_op text: [NOT] LIKE|ILIKE
  std::string lower = lex::Lower(like.text);
  return lower.size() >= 5 && lower.compare(lower.size() - 5, 5, "ilike") == 0;
}

ExprPtr StringLiteral(std::string value, int location) {
  Literal lit;
  lit.kind = Literal::Kind::kString;
  lit.text = std::move(value);
  return MakeExpr(std::move(lit), location);
}

ExprPtr Call(std::string name, std::vector<ExprPtr> args, int location) {
  FuncCall call;
  call.name = {std::move(name)};
  call.args = std::move(args);
  return MakeExpr(std::move(call), location);
}

// Subscripts and .field steps; `.name`/`.*` extend a column reference only when the base
// was written as a bare name (t.a), otherwise (x).a selects a field.
ExprPtr ApplyIndirection(ExprPtr base, const PNode* ind, int location, bool extends_name = false);

ExprPtr BuildSubselect(const PNode& paren_select, int location) {
  SubqueryExpr sub;
  sub.select = BuildSelect(paren_select);
  return MakeExpr(std::move(sub), location);
}

ExprPtr BuildArrayBrackets(const PNode& n) {
  ArrayExpr array;
  for (const auto& child : n.children) {
    if (child->Is<g::array_brackets>()) {
      array.elements.push_back(BuildArrayBrackets(*child));
    } else if (child->Is<g::a_expr>()) {
      array.elements.push_back(BuildExpr(*child));
    }
  }
  return MakeExpr(std::move(array), n.begin);
}

ExprPtr BuildLiteralNumber(const PNode& n) {
  Literal lit;
  lit.kind = lex::IsIntegerToken(n.text) ? Literal::Kind::kInteger : Literal::Kind::kNumeric;
  lit.text = std::string(n.text);
  return MakeExpr(std::move(lit), n.begin);
}

ExprPtr BuildOperand(const PNode& n) {
  const int loc = n.begin;
  if (n.Is<g::paren_expr>()) {
    std::vector<const PNode*> exprs = ChildrenOf<g::a_expr>(n);
    ExprPtr base;
    if (exprs.size() == 1) {
      base = BuildExpr(*exprs[0]);
    } else {
      RowExpr row;
      for (const PNode* e : exprs) row.fields.push_back(BuildExpr(*e));
      base = MakeExpr(std::move(row), loc);
    }
    return ApplyIndirection(std::move(base), n.Find<g::indirection>(), loc);
  }
  if (n.Is<g::subquery_expr>()) {
    return ApplyIndirection(BuildSubselect(Only(n), loc), n.Find<g::indirection>(), loc);
  }
  if (n.Is<g::number_lit>()) return BuildLiteralNumber(n);
  if (n.Is<g::string_lit>()) return StringLiteral(lex::StringValue(n.text), loc);
  if (n.Is<g::true_lit>() || n.Is<g::false_lit>()) {
    Literal lit;
    lit.kind = Literal::Kind::kBool;
    lit.bool_value = n.Is<g::true_lit>();
    lit.text = lit.bool_value ? "true" : "false";
    return MakeExpr(std::move(lit), loc);
  }
  if (n.Is<g::null_lit>()) return MakeExpr(Literal{}, loc);
  if (n.Is<g::param_ref>()) {
    std::string_view text = n.text.substr(1);
    size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
    int number = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + digits, number);
    if (ec != std::errc() || number > 65535) {
      ThrowBuildError(n, "parameter number too large");
    }
    return ApplyIndirection(MakeExpr(ParamRef{number}, loc), n.Find<g::indirection>(), loc);
  }
  if (n.Is<g::case_expr>()) {
    CaseExpr c;
    for (const auto& child : n.children) {
      if (child->Is<g::a_expr>()) {
        c.operand = BuildExpr(*child);
      } else if (child->Is<g::case_when>()) {
        std::vector<const PNode*> parts = ChildrenOf<g::a_expr>(*child);
        if (parts.size() != 2) ThrowBuildError(*child);
        c.whens.push_back(CaseWhen{BuildExpr(*parts[0]), BuildExpr(*parts[1])});
      } else if (child->Is<g::case_else>()) {
        c.else_result = BuildExpr(Only(*child));
      }
    }
    return MakeExpr(std::move(c), loc);
  }
  if (n.Is<g::cast_expr>()) {
    Cast cast;
    cast.operand = BuildExpr(*n.Find<g::a_expr>());
    cast.type = BuildTypeName(*n.Find<g::type_name>());
    return MakeExpr(std::move(cast), loc);
  }
  if (n.Is<g::exists_expr>()) {
    Exists e;
    e.select = BuildSelect(Only(n));
    return MakeExpr(std::move(e), loc);
  }
  if (n.Is<g::array_expr>()) {
    ExprPtr array;
    if (const PNode* brackets = n.Find<g::array_brackets>()) {
      array = BuildArrayBrackets(*brackets);
      array->location = loc;
    } else {
      ArrayExpr a;
      a.subquery = BuildSelect(Only(n));
      array = MakeExpr(std::move(a), loc);
    }
    return ApplyIndirection(std::move(array), n.Find<g::indirection>(), loc);
  }
  if (n.Is<g::row_expr>()) {
    RowExpr row;
    for (const PNode* e : ChildrenOf<g::a_expr>(n)) row.fields.push_back(BuildExpr(*e));
    return MakeExpr(std::move(row), loc);
  }
  if (n.Is<g::sql_value_function>()) {
    size_t length = lex::WordLength(n.text, 0);
    FuncCall call;
    call.name = {lex::Lower(n.text.substr(0, length))};
    if (const PNode* mods = n.Find<g::type_modifiers>()) {
      for (const PNode* m : ChildrenOf<g::type_modifier>(*mods)) {
        call.args.push_back(BuildLiteralNumber(*m));
      }
    }
    return MakeExpr(std::move(call), loc);
  }
  if (n.Is<g::extract_expr>()) {
    const PNode* field = n.Find<g::extract_field>();
    std::string name;
    if (const PNode* s = field->Find<g::string_lit>()) {
      name = lex::StringValue(s->text);
    } else {
      name = lex::IdentifierValue(field->text);
    }
    std::vector<ExprPtr> args;
    args.push_back(StringLiteral(std::move(name), field->begin));
    args.push_back(BuildExpr(*n.Find<g::a_expr>()));
    return Call("extract", std::move(args), loc);
  }
  if (n.Is<g::position_expr>()) {
    std::vector<const PNode*> parts = ChildrenOf<g::b_expr>(n);
    if (parts.size() != 2) ThrowBuildError(n);
    std::vector<ExprPtr> args;
    args.push_back(BuildExpr(*parts[1]));  // POSITION(a IN b) is position(b, a)
    args.push_back(BuildExpr(*parts[0]));
    return Call("position", std::move(args), loc);
  }
  if (n.Is<g::substring_expr>()) {
    std::vector<ExprPtr> args;
    args.push_back(BuildExpr(*n.Find<g::a_expr>()));
    const PNode* from = n.Find<g::substr_from>();
    const PNode* for_part = n.Find<g::substr_for>();
    if (from) {
      args.push_back(BuildExpr(Only(*from)));
    } else {
      Literal one;
      one.kind = Literal::Kind::kInteger;
      one.text = "1";
      args.push_back(MakeExpr(std::move(one), -1));
    }
    if (for_part) args.push_back(BuildExpr(Only(*for_part)));
    return Call("substring", std::move(args), loc);
  }
  if (n.Is<g::trim_expr>()) {
    std::string name = "btrim";
    if (const PNode* where = n.Find<g::trim_where>()) {
      std::string w = lex::Lower(where->text);
      if (w == "leading") name = "ltrim";
      if (w == "trailing") name = "rtrim";
    }
    std::vector<ExprPtr> args;
    for (const PNode* e : ChildrenOf<g::a_expr>(n)) args.push_back(BuildExpr(*e));
    if (const PNode* chars = n.Find<g::trim_chars>()) args.push_back(BuildExpr(Only(*chars)));
    return Call(std::move(name), std::move(args), loc);
  }
  if (n.Is<g::overlay_expr>()) {
    std::vector<ExprPtr> args;
    for (const PNode* e : ChildrenOf<g::a_expr>(n)) args.push_back(BuildExpr(*e));
    return Call("overlay", std::move(args), loc);
  }
  if (n.Is<g::interval_literal>() || n.Is<g::interval_p_literal>()) {
    Cast cast;
    cast.operand = StringLiteral(lex::StringValue(n.Find<g::string_lit>()->text),
                                 n.Find<g::string_lit>()->begin);
    cast.type.names = {"interval"};
    if (const PNode* mods = n.Find<g::type_modifiers>()) {
      for (const PNode* m : ChildrenOf<g::type_modifier>(*mods)) {
        int value = 0;
        std::from_chars(m->text.data(), m->text.data() + m->text.size(), value);
        cast.type.modifiers.push_back(value);
      }
    }
    return MakeExpr(std::move(cast), loc);
  }
  if (n.Is<g::typed_literal>()) {
    Cast cast;
    const PNode* str = n.Find<g::string_lit>();
    cast.operand = StringLiteral(lex::StringValue(str->text), str->begin);
    cast.type = BuildTypeName(Only(n));
    return MakeExpr(std::move(cast), loc);
  }
  if (n.Is<g::func_call>()) return BuildFuncCall(n);
  if (n.Is<g::column_ref>()) {
    ColumnRef ref;
    // col_id is a token, not a node: the name is the node's first token.
    size_t length = lex::QuotedIdentLength(n.text, 0);
    if (length == 0) length = lex::WordLength(n.text, 0);
    ref.names = {lex::IdentifierValue(n.text.substr(0, length))};
    auto expr = MakeExpr(std::move(ref), loc);
    return ApplyIndirection(std::move(expr), n.Find<g::indirection>(), loc, true);
  }
  ThrowBuildError(n);
}

ExprPtr ApplyIndirection(ExprPtr base, const PNode* ind, int location, bool extends_name) {
  if (!ind) return base;
  for (const auto& step : ind->children) {
    if (step->Is<g::ind_subscript>()) {
      Subscript sub;
      sub.operand = std::move(base);
      bool after_colon = false;
      for (const auto& part : step->children) {
        if (part->Is<g::slice_colon>()) {
          after_colon = true;
          sub.is_slice = true;
        } else if (part->Is<g::a_expr>()) {
          (after_colon ? sub.upper : sub.index) = BuildExpr(*part);
        }
      }
      base = MakeExpr(std::move(sub), location);
      continue;
    }
    auto* ref = extends_name ? std::get_if<ColumnRef>(&base->node) : nullptr;
    if (!ref && step->Is<g::ind_field>()) {
      base = MakeExpr(FieldSelect{std::move(base), IdentOf(*step)}, location);
      continue;
    }
    if (!ref || ref->star) {
      ThrowBuildError(*step, "field selection on an expression is not supported",
                      SqlState::kFeatureNotSupported);
    }
    if (step->Is<g::ind_star>()) {
      ref->star = true;
    } else {
      ref->names.push_back(IdentOf(*step));
    }
  }
  return base;
}

// ---- precedence climbing over the flat sequence ----------------------------------------

struct Item {
  enum class Kind { kPrefix, kOperand, kPostfix, kInfix };
  Kind kind;
  const PNode* node;  // for prefix/postfix/infix: the specific operator node
};

class ExprFolder {
 public:
  explicit ExprFolder(const PNode& expr) {
    // Trees this deep would overflow the stack of whoever walks them (PostgreSQL answers
    // such expressions with 54001 too).
    if (expr.children.size() > kMaxFlatItems) {
      ThrowBuildError(expr, "stack depth limit exceeded", SqlState::kStatementTooComplex);
    }
    for (const auto& child : expr.children) {
      const PNode& c = *child;
      if (c.Is<g::prefix_op>() || c.Is<g::b_prefix_op>()) {
        items_.push_back({Item::Kind::kPrefix, &Only(c)});
      } else if (c.Is<g::postfix_item>()) {
        items_.push_back({Item::Kind::kPostfix, &Only(c)});
      } else if (c.Is<g::pf_typecast>()) {
        items_.push_back({Item::Kind::kPostfix, &c});
      } else if (c.Is<g::infix_op>() || c.Is<g::b_infix_op>()) {
        items_.push_back({Item::Kind::kInfix, &Only(c)});
      } else {
        items_.push_back({Item::Kind::kOperand, &c});
      }
    }
  }

  ExprPtr Fold() {
    ExprPtr result = Parse(0);
    if (pos_ < items_.size()) ThrowBuildError(*items_[pos_].node);
    return result;
  }

 private:
  static int PrecOf(const Item& item) {
    const PNode& n = *item.node;
    if (item.kind == Item::Kind::kPostfix) {
      if (n.Is<g::pf_typecast>()) return kPrecTypecast;
      if (n.Is<g::pf_collate>()) return kPrecCollate;
      if (n.Is<g::pf_in>()) return kPrecLike;
      if (n.Is<g::pf_subquery_op>()) {
        const PNode& op = Only(*n.Find<g::subquery_op>());
        if (op.Is<g::like_op>()) return kPrecLike;
        if (op.Is<g::operator_call>()) return kPrecOp;
        return OperatorPrec(op.text);
      }
      return kPrecIs;  // IS ..., ISNULL, NOTNULL
    }
    if (n.Is<g::and_op>()) return kPrecAnd;
    if (n.Is<g::or_op>()) return kPrecOr;
    if (n.Is<g::like_op>() || n.Is<g::similar_op>() || n.Is<g::between_op>()) return kPrecLike;
    if (n.Is<g::is_distinct_op>()) return kPrecIs;
    if (n.Is<g::at_time_zone_op>()) return kPrecAt;
    if (n.Is<g::escape_op>()) return kPrecEscape;
    if (n.Is<g::operator_call>()) return kPrecOp;
    return OperatorPrec(n.text);
  }

  bool AtEscape() const {
    return pos_ < items_.size() && items_[pos_].kind == Item::Kind::kInfix &&
           items_[pos_].node->Is<g::escape_op>();
  }

  ExprPtr Parse(int min_prec) {
    ExprPtr lhs = ParsePrefixed();
    while (pos_ < items_.size()) {
      const Item item = items_[pos_];
      if (item.kind != Item::Kind::kPostfix && item.kind != Item::Kind::kInfix) {
        ThrowBuildError(*item.node);
      }
      // ESCAPE only continues a LIKE/SIMILAR, which consumes it itself.
      if (item.node->Is<g::escape_op>()) break;
      const int prec = PrecOf(item);
      if (prec < min_prec) break;
      ++pos_;
      if (item.kind == Item::Kind::kPostfix) {
        lhs = ApplyPostfix(std::move(lhs), *item.node);
        continue;
      }
      lhs = ApplyInfix(std::move(lhs), *item.node, prec);
      if (NonAssociative(prec) && pos_ < items_.size() &&
          items_[pos_].kind != Item::Kind::kOperand && !AtEscape() &&
          PrecOf(items_[pos_]) == prec) {
        ThrowBuildError(*items_[pos_].node);
      }
    }
    return lhs;
  }

  ExprPtr ParsePrefixed() {
    if (pos_ >= items_.size()) ThrowBuildError(*items_.back().node);
    const Item item = items_[pos_++];
    if (item.kind == Item::Kind::kOperand) return BuildOperand(*item.node);
    if (item.kind != Item::Kind::kPrefix) ThrowBuildError(*item.node);
    if (prefix_depth_ >= kMaxNestingDepth) {
      ThrowBuildError(*item.node, "stack depth limit exceeded", SqlState::kStatementTooComplex);
    }
    struct DepthScope {
      int& depth;
      explicit DepthScope(int& d) : depth(++d) {}
      ~DepthScope() { --depth; }
    } scope(prefix_depth_);
    const PNode& op = *item.node;
    const int loc = op.begin;
    if (op.Is<g::not_kw>()) {
      ExprPtr operand = Parse(kPrecNot);
      return MakeExpr(UnaryOp{"NOT", std::move(operand)}, loc);
    }
    std::string text = OpText(op);
    if (op.Is<g::prefix_op_token>() && (text == "-" || text == "+")) {
      ExprPtr operand = Parse(kPrecUnary);
      if (text == "-") {
        // PostgreSQL folds a minus into a numeric constant: -2 is the constant -2.
        if (auto* lit = std::get_if<Literal>(&operand->node);
            lit && (lit->kind == Literal::Kind::kInteger || lit->kind == Literal::Kind::kNumeric) &&
            operand->location >= 0) {
          if (!lit->text.empty() && lit->text.front() == '-') {
            lit->text.erase(0, 1);
          } else {
            lit->text.insert(0, "-");
          }
          operand->location = loc;
          return operand;
        }
      }
      return MakeExpr(UnaryOp{text, std::move(operand)}, loc);
    }
    ExprPtr operand = Parse(kPrecOp + 1);
    return MakeExpr(UnaryOp{text, std::move(operand)}, loc);
  }

  ExprPtr ApplyPostfix(ExprPtr lhs, const PNode& n) {
    const int loc = lhs->location;
    if (n.Is<g::pf_typecast>()) {
      Cast cast;
      cast.operand = std::move(lhs);
      cast.type = BuildTypeName(*n.Find<g::type_name>());
      return MakeExpr(std::move(cast), loc);
    }
    if (n.Is<g::pf_is>()) {
      IsTest test;
      test.negated = HasNot(n);
      if (n.Find<g::is_true_kw>()) test.kind = IsTest::Kind::kTrue;
      if (n.Find<g::is_false_kw>()) test.kind = IsTest::Kind::kFalse;
      if (n.Find<g::is_unknown_kw>()) test.kind = IsTest::Kind::kUnknown;
      test.operand = std::move(lhs);
      return MakeExpr(std::move(test), loc);
    }
    if (n.Is<g::pf_isnull>() || n.Is<g::pf_notnull>()) {
      IsTest test;
      test.negated = n.Is<g::pf_notnull>();
      test.operand = std::move(lhs);
      return MakeExpr(std::move(test), loc);
    }
    if (n.Is<g::pf_collate>()) {
      Collate c;
      c.operand = std::move(lhs);
      c.collation = NameOf(*n.Find<g::collation_name>());
      return MakeExpr(std::move(c), loc);
    }
    if (n.Is<g::pf_in>()) {
      if (const PNode* list = n.Find<g::in_list>()) {
        InList in;
        in.operand = std::move(lhs);
        in.negated = HasNot(n);
        for (const PNode* e : ChildrenOf<g::a_expr>(*list)) in.items.push_back(BuildExpr(*e));
        return MakeExpr(std::move(in), loc);
      }
      InSubquery in;
      in.operand = std::move(lhs);
      in.negated = HasNot(n);
      in.subquery = BuildSelect(*n.children.back());
      return MakeExpr(std::move(in), loc);
    }
    if (n.Is<g::pf_subquery_op>()) {
      AnyAll any;
      const PNode& op = Only(*n.Find<g::subquery_op>());
      if (op.Is<g::like_op>()) {
        bool ci = IsIlike(op);
        any.op = HasNot(op) ? (ci ? "!~~*" : "!~~") : (ci ? "~~*" : "~~");
      } else {
        any.op = OpText(op);
      }
      any.all = n.Find<g::all_kw>() != nullptr;
      any.left = std::move(lhs);
      if (const PNode* e = n.Find<g::a_expr>()) {
        any.right = BuildExpr(*e);
      } else {
        const PNode& sub = *n.children.back();
        any.right = BuildSubselect(sub, sub.begin);
      }
      return MakeExpr(std::move(any), loc);
    }
    ThrowBuildError(n);
  }

  ExprPtr ApplyInfix(ExprPtr lhs, const PNode& n, int prec) {
    // Like PostgreSQL's A_Expr, an infix expression is located at its operator, so that
    // "operator does not exist" points there.
    const int loc = n.begin;
    if (n.Is<g::like_op>() || n.Is<g::similar_op>()) {
      ExprPtr pattern = Parse(prec + 1);
      ExprPtr escape;
      if (AtEscape()) {
        ++pos_;
        escape = Parse(prec + 1);
      }
      if (n.Is<g::similar_op>()) {
        std::vector<ExprPtr> args;
        args.push_back(std::move(pattern));
        if (escape) args.push_back(std::move(escape));
        ExprPtr regex = Call("similar_to_escape", std::move(args), n.begin);
        return MakeExpr(BinaryOp{HasNot(n) ? "!~" : "~", std::move(lhs), std::move(regex)}, loc);
      }
      Like like;
      like.operand = std::move(lhs);
      like.pattern = std::move(pattern);
      like.escape = std::move(escape);
      like.negated = HasNot(n);
      like.case_insensitive = IsIlike(n);
      return MakeExpr(std::move(like), loc);
    }
    if (n.Is<g::between_op>()) {
      Between between;
      between.operand = std::move(lhs);
      between.low = BuildExpr(*n.Find<g::b_expr>());
      between.high = Parse(prec + 1);
      between.negated = HasNot(n);
      between.symmetric = n.Find<g::symmetric_kw>() != nullptr;
      return MakeExpr(std::move(between), loc);
    }
    ExprPtr rhs = Parse(prec + 1);  // every binary operator here is left-assoc or nonassoc
    if (n.Is<g::and_op>()) return MakeExpr(BinaryOp{"AND", std::move(lhs), std::move(rhs)}, loc);
    if (n.Is<g::or_op>()) return MakeExpr(BinaryOp{"OR", std::move(lhs), std::move(rhs)}, loc);
    if (n.Is<g::is_distinct_op>()) {
      return MakeExpr(IsDistinct{std::move(lhs), std::move(rhs), HasNot(n)}, loc);
    }
    if (n.Is<g::at_time_zone_op>()) {
      std::vector<ExprPtr> args;
      args.push_back(std::move(rhs));
      args.push_back(std::move(lhs));
      return Call("timezone", std::move(args), loc);
    }
    std::string op = OpText(n);
    if (op == "~~" || op == "~~*" || op == "!~~" || op == "!~~*") {
      Like like;
      like.operand = std::move(lhs);
      like.pattern = std::move(rhs);
      like.negated = op[0] == '!';
      like.case_insensitive = op.back() == '*';
      return MakeExpr(std::move(like), loc);
    }
    return MakeExpr(BinaryOp{std::move(op), std::move(lhs), std::move(rhs)}, loc);
  }

  static constexpr size_t kMaxFlatItems = 20000;

  std::vector<Item> items_;
  size_t pos_ = 0;
  int prefix_depth_ = 0;
};

int ModifierValue(const PNode& m) {
  int value = 0;
  auto [ptr, ec] = std::from_chars(m.text.data(), m.text.data() + m.text.size(), value);
  if (ec != std::errc()) ThrowBuildError(m, "type modifier is out of range");
  return value;
}

std::vector<int> Modifiers(const PNode& n) {
  std::vector<int> out;
  if (const PNode* mods = n.Find<g::type_modifiers>()) {
    for (const PNode* m : ChildrenOf<g::type_modifier>(*mods)) out.push_back(ModifierValue(*m));
  }
  return out;
}

void BuildBaseType(const PNode& n, TypeName& type) {
  type.modifiers = Modifiers(n);
  if (n.Is<g::t_double>()) {
    type.names = {"float8"};
  } else if (n.Is<g::t_simple_kw>()) {
    std::string word = lex::Lower(n.text);
    if (word == "int" || word == "integer") type.names = {"int4"};
    if (word == "smallint") type.names = {"int2"};
    if (word == "bigint") type.names = {"int8"};
    if (word == "real") type.names = {"float4"};
    if (word == "boolean") type.names = {"bool"};
  } else if (n.Is<g::t_float>()) {
    int precision = type.modifiers.empty() ? 53 : type.modifiers.front();
    if (precision < 1)
      ThrowBuildError(n, "precision for type float must be at least 1 bit",
                      SqlState::kInvalidParameterValue);
    if (precision > 53)
      ThrowBuildError(n, "precision for type float must be less than 54 bits",
                      SqlState::kInvalidParameterValue);
    type.names = {precision < 25 ? "float4" : "float8"};
    type.modifiers.clear();
  } else if (n.Is<g::t_decimal>()) {
    type.names = {"numeric"};
  } else if (n.Is<g::t_bit>()) {
    type.names = {n.Find<g::varying>() ? "varbit" : "bit"};
  } else if (n.Is<g::t_char>()) {
    type.names = {n.Find<g::varying>() ? "varchar" : "bpchar"};
  } else if (n.Is<g::t_varchar>()) {
    type.names = {"varchar"};
  } else if (n.Is<g::t_timestamp>()) {
    type.names = {n.Find<g::with_time_zone>() ? "timestamptz" : "timestamp"};
  } else if (n.Is<g::t_time>()) {
    type.names = {n.Find<g::with_time_zone>() ? "timetz" : "time"};
  } else if (n.Is<g::t_interval>()) {
    type.names = {"interval"};
  } else if (n.Is<g::t_generic>()) {
    for (const auto& child : n.children) {
      if (child->Is<g::type_name_first>() || child->Is<g::type_name_part>()) {
        type.names.push_back(IdentOf(*child));
      }
    }
  } else {
    ThrowBuildError(n);
  }
}

}  // namespace

ExprPtr BuildExpr(const PNode& n) {
  if (n.children.empty()) ThrowBuildError(n);
  return ExprFolder(n).Fold();
}

TypeName BuildTypeName(const PNode& n) {
  TypeName type;
  if (!n.Is<g::type_name>()) {
    BuildBaseType(n, type);
    return type;
  }
  for (const auto& child : n.children) {
    if (child->Is<g::setof>()) continue;
    if (child->Is<g::array_bound>() || child->Is<g::array_kw_bound>()) {
      ++type.array_dims;
    } else {
      BuildBaseType(*child, type);
    }
  }
  return type;
}

std::vector<OrderItem> BuildSortClause(const PNode& n) {
  std::vector<OrderItem> items;
  for (const PNode* item : ChildrenOf<g::sort_item>(n)) {
    OrderItem order;
    order.expr = BuildExpr(*item->Find<g::a_expr>());
    order.descending = item->Find<g::sort_desc>() != nullptr;
    if (const PNode* using_op = item->Find<g::sort_using>()) {
      std::string op = OpText(Only(*using_op));
      if (op == ">") order.descending = true;
    }
    if (item->Find<g::nulls_first>()) order.nulls = OrderItem::Nulls::kFirst;
    if (item->Find<g::nulls_last>()) order.nulls = OrderItem::Nulls::kLast;
    items.push_back(std::move(order));
  }
  return items;
}

ExprPtr BuildFuncCall(const PNode& n) {
  FuncCall call;
  const PNode* name = n.Find<g::func_name>();
  for (const auto& part : name->children) call.name.push_back(IdentOf(*part));
  if (const PNode* args = n.Find<g::func_args>()) {
    call.star = args->Find<g::func_star>() != nullptr;
    call.distinct = args->Find<g::func_distinct>() != nullptr;
    for (const PNode* arg : ChildrenOf<g::func_arg>(*args)) {
      call.args.push_back(BuildExpr(*arg->Find<g::a_expr>()));
    }
    if (const PNode* order = args->Find<g::func_order>()) {
      call.order_by = BuildSortClause(Only(*order));
    }
  }
  if (const PNode* within = n.Find<g::within_group>()) {
    call.order_by = BuildSortClause(Only(*within));
  }
  if (const PNode* filter = n.Find<g::filter_clause>()) call.filter = BuildExpr(Only(*filter));
  if (const PNode* over = n.Find<g::over_clause>()) {
    call.has_over = true;
    if (const PNode* spec = over->Find<g::window_spec>()) {
      if (const PNode* part = spec->Find<g::partition_clause>()) {
        for (const PNode* e : ChildrenOf<g::a_expr>(*part)) {
          call.over_partition.push_back(BuildExpr(*e));
        }
      }
      if (const PNode* order = spec->Find<g::window_order>()) {
        call.over_order = BuildSortClause(Only(*order));
      }
    }
  }
  return MakeExpr(std::move(call), n.begin);
}

}  // namespace sb::sql
