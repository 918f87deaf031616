#include "coordinator/ctl/export_ddl.h"

#include <fmt/format.h>

#include "coordinator/ctl/sequence_file.h"
#include "coordinator/ctl/sql_text.h"
#include "shared/storage/column_type.h"

namespace sb::ctl {
namespace {

constexpr std::string_view kUuid7 = "gen_random_uuid7";

bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || static_cast<unsigned char>(c) >= 0x80;
}

// Index just past a quoted token that starts at `start` (a ' or a "); the end of the text when
// it is not closed. `backslashes`: an E'...' literal, where \' does not close it.
size_t SkipQuoted(std::string_view text, size_t start, bool backslashes) {
  const char quote = text[start];
  size_t i = start + 1;
  while (i < text.size()) {
    if (backslashes && text[i] == '\\') {
      i += 2;
      continue;
    }
    if (text[i] == quote) {
      if (i + 1 < text.size() && text[i + 1] == quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    ++i;
  }
  return text.size();
}

bool EqualsLower(std::string_view word, std::string_view lower) {
  if (word.size() != lower.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

std::string_view ReferentialClause(storage::ReferentialAction action) {
  switch (action) {
    case storage::ReferentialAction::kNoAction:
      return "";
    case storage::ReferentialAction::kRestrict:
      return "RESTRICT";
    case storage::ReferentialAction::kCascade:
      return "CASCADE";
    case storage::ReferentialAction::kSetNull:
      return "SET NULL";
    case storage::ReferentialAction::kSetDefault:
      return "SET DEFAULT";
  }
  return "";
}

std::string Actions(storage::ReferentialAction on_delete, storage::ReferentialAction on_update) {
  std::string out;
  if (on_update != storage::ReferentialAction::kNoAction) {
    out += fmt::format(" ON UPDATE {}", ReferentialClause(on_update));
  }
  if (on_delete != storage::ReferentialAction::kNoAction) {
    out += fmt::format(" ON DELETE {}", ReferentialClause(on_delete));
  }
  return out;
}

std::string SequenceRegclass(std::string_view sequence) {
  return QuoteLiteral(QualifiedName(sequence)) + "::regclass";
}

struct ColumnLine {
  std::string text;
  std::string comment;
};

ColumnLine ColumnDefinition(const storage::TableSchema& schema, const storage::ColumnSchema& column,
                            bool single_key) {
  ColumnLine line;
  line.text = QuoteIdent(column.name) + " " + storage::FormatColumnType(column.type);
  std::optional<std::string> sequence = ColumnSequence(schema, column);
  if (column.identity != storage::IdentityKind::kNone) {
    line.text +=
        fmt::format(" GENERATED {} AS IDENTITY (SEQUENCE NAME {})",
                    column.identity == storage::IdentityKind::kAlways ? "ALWAYS" : "BY DEFAULT",
                    QualifiedName(sequence.value_or(schema.name + "_" + column.name + "_seq")));
  } else if (sequence && column.default_expr.starts_with("nextval(")) {
    // The writer fills the column from this sequence whatever the nextval text says; the
    // regclass literal must name it the way PostgreSQL looks it up.
    line.text += " DEFAULT nextval(" + SequenceRegclass(*sequence) + ")";
  } else if (!column.default_expr.empty()) {
    PostgresDefault pg = DefaultForPostgres(column.default_expr);
    line.text += " DEFAULT " + pg.expression;
    line.comment = pg.note;
  }
  if (column.not_null) line.text += " NOT NULL";
  if (single_key) line.text += " PRIMARY KEY";
  if (column.unique) line.text += " UNIQUE";
  if (!column.check.empty()) line.text += " CHECK (" + column.check + ")";
  return line;
}

}  // namespace

PostgresDefault DefaultForPostgres(std::string_view expression) {
  PostgresDefault result;
  std::string& out = result.expression;
  bool replaced = false;
  size_t i = 0;
  while (i < expression.size()) {
    const char c = expression[i];
    if (c == '\'' || c == '"') {
      const bool escapes = c == '\'' && i > 0 &&
                           (expression[i - 1] == 'e' || expression[i - 1] == 'E') &&
                           (i < 2 || !IsIdentChar(expression[i - 2]));
      size_t end = SkipQuoted(expression, i, escapes);
      out.append(expression.substr(i, end - i));
      i = end;
      continue;
    }
    if (IsIdentChar(c) && !(c >= '0' && c <= '9')) {
      size_t end = i;
      while (end < expression.size() && IsIdentChar(expression[end])) ++end;
      std::string_view word = expression.substr(i, end - i);
      size_t next = end;
      while (next < expression.size() && (expression[next] == ' ' || expression[next] == '\t' ||
                                          expression[next] == '\n' || expression[next] == '\r')) {
        ++next;
      }
      if (EqualsLower(word, kUuid7) && next < expression.size() && expression[next] == '(') {
        out += "gen_random_uuid";
        replaced = true;
      } else {
        out.append(word);
      }
      i = end;
      continue;
    }
    if (c >= '0' && c <= '9') {
      // Numbers (and identifiers glued to them) pass through whole.
      size_t end = i;
      while (end < expression.size() && IsIdentChar(expression[end])) ++end;
      out.append(expression.substr(i, end - i));
      i = end;
      continue;
    }
    out += c;
    ++i;
  }
  if (replaced) {
    result.note =
        "PostgreSQL 15 has no UUIDv7 generator: gen_random_uuid7() became gen_random_uuid()";
  }
  return result;
}

std::vector<OwnedSequence> OwnedSequences(const storage::TableSchema& schema) {
  std::vector<OwnedSequence> sequences;
  for (const storage::ColumnSchema& column : schema.columns) {
    std::optional<std::string> name = ColumnSequence(schema, column);
    if (!name) continue;
    sequences.push_back(
        OwnedSequence{*name, column.name, column.identity != storage::IdentityKind::kNone});
  }
  return sequences;
}

std::string TableDefinitionSql(const storage::TableSchema& schema) {
  std::string out;
  const std::string table = QualifiedName(schema.name);
  const std::vector<OwnedSequence> sequences = OwnedSequences(schema);
  for (const OwnedSequence& sequence : sequences) {
    if (sequence.identity) continue;
    const storage::ColumnSchema* column = schema.FindColumn(sequence.column);
    const bool integer =
        column != nullptr && (column->type.oid == types::kInt2 ||
                              column->type.oid == types::kInt4 || column->type.oid == types::kInt8);
    out += fmt::format("CREATE SEQUENCE {}{};\n\n", QualifiedName(sequence.name),
                       integer ? " AS " + storage::FormatColumnType(column->type) : "");
  }

  const std::vector<int> key = schema.PrimaryKeyColumns();
  std::vector<ColumnLine> lines;
  for (size_t i = 0; i < schema.columns.size(); ++i) {
    const bool single_key =
        schema.primary_key.empty() && key.size() == 1 && key[0] == static_cast<int>(i);
    lines.push_back(ColumnDefinition(schema, schema.columns[i], single_key));
  }
  if (!schema.primary_key.empty()) {
    lines.push_back({"PRIMARY KEY (" + QuoteIdentList(schema.primary_key) + ")", ""});
  }
  for (const std::vector<std::string>& unique : schema.unique) {
    lines.push_back({"UNIQUE (" + QuoteIdentList(unique) + ")", ""});
  }
  for (const storage::CheckSchema& check : schema.checks) {
    std::string text = check.name.empty() ? "" : "CONSTRAINT " + QuoteIdent(check.name) + " ";
    lines.push_back({text + "CHECK (" + check.expression + ")", ""});
  }
  out += "CREATE TABLE " + table + " (\n";
  for (size_t i = 0; i < lines.size(); ++i) {
    out += "    " + lines[i].text;
    if (i + 1 < lines.size()) out += ',';
    if (!lines[i].comment.empty()) out += " -- " + lines[i].comment;
    out += '\n';
  }
  out += ");\n\n";

  for (const OwnedSequence& sequence : sequences) {
    if (sequence.identity) continue;
    out += fmt::format("ALTER SEQUENCE {} OWNED BY {}.{};\n\n", QualifiedName(sequence.name), table,
                       QuoteIdent(sequence.column));
  }
  if (!schema.comment.empty()) {
    out += fmt::format("COMMENT ON TABLE {} IS {};\n\n", table, QuoteLiteral(schema.comment));
  }
  for (const storage::ColumnSchema& column : schema.columns) {
    if (column.comment.empty()) continue;
    out += fmt::format("COMMENT ON COLUMN {}.{} IS {};\n\n", table, QuoteIdent(column.name),
                       QuoteLiteral(column.comment));
  }
  return out;
}

std::string IndexSql(const storage::TableSchema& schema) {
  std::string out;
  for (const storage::IndexSchema& index : schema.indexes) {
    out += fmt::format("CREATE {}INDEX {} ON {} USING btree ({});\n\n",
                       index.unique ? "UNIQUE " : "", QuoteIdent(index.name),
                       QualifiedName(schema.name), QuoteIdentList(index.columns));
  }
  return out;
}

std::string ForeignKeySql(const storage::TableSchema& schema) {
  std::string out;
  const std::string table = QualifiedName(schema.name);
  for (const storage::ColumnSchema& column : schema.columns) {
    if (!column.references) continue;
    const storage::ColumnReference& ref = *column.references;
    out += fmt::format("ALTER TABLE ONLY {}\n    ADD FOREIGN KEY ({}) REFERENCES {}{}{};\n\n",
                       table, QuoteIdent(column.name), QualifiedName(ref.table),
                       ref.column.empty() ? "" : "(" + QuoteIdent(ref.column) + ")",
                       Actions(ref.on_delete, ref.on_update));
  }
  for (const storage::ForeignKeySchema& fk : schema.foreign_keys) {
    out += fmt::format("ALTER TABLE ONLY {}\n    ADD {}FOREIGN KEY ({}) REFERENCES {}{}{};\n\n",
                       table, fk.name.empty() ? "" : "CONSTRAINT " + QuoteIdent(fk.name) + " ",
                       QuoteIdentList(fk.columns), QualifiedName(fk.table),
                       fk.ref_columns.empty() ? "" : "(" + QuoteIdentList(fk.ref_columns) + ")",
                       Actions(fk.on_delete, fk.on_update));
  }
  return out;
}

std::string CopyHeaderSql(const storage::TableSchema& schema) {
  std::vector<std::string> names;
  names.reserve(schema.columns.size());
  for (const storage::ColumnSchema& column : schema.columns) names.push_back(column.name);
  // A table without columns has no column list ("()" is not valid COPY syntax).
  if (names.empty()) return fmt::format("COPY {} FROM stdin;\n", QualifiedName(schema.name));
  return fmt::format("COPY {} ({}) FROM stdin;\n", QualifiedName(schema.name),
                     QuoteIdentList(names));
}

std::string SetvalSql(std::string_view sequence, int64_t value) {
  return fmt::format("SELECT pg_catalog.setval({}, {}, true);\n",
                     QuoteLiteral(QualifiedName(sequence)), value);
}

}  // namespace sb::ctl
