#include "coordinator/data_dir_guide.h"

#include <filesystem>

#include "shared/config/log.h"
#include "shared/storage/atomic_file.h"

namespace sb::coordinator {
namespace {

constexpr const char* kReadme = R"(# SmarterBase data directory

This folder is a PostgreSQL-compatible database kept as plain JSON files. A SmarterBase server
serves it over the PostgreSQL protocol (any driver, ORM or `psql`), and you may read and edit
the files directly, even while the server runs: the next query sees your change.

## Layout

```
<database>/                      one folder per database ("postgres" is the default one)
  _schema/<table>.json           the table's schema: the source of truth, edit it by hand
  <table>/<primary key>.json     one document per row, named by its primary key
  _seq/<sequence>.json           the last value handed out by a serial/identity column
  _idx/<table>/...               index snapshots written by the server (derived; do not edit)
.smarterbase/                    server-private: lock, journal, schema copies (never edit or commit)
```

Names that are not plain lower-case letters, digits, `-`, `_` or `.` are percent-encoded in
file names (`Users` is `%55sers`), so a name can never leave its folder.

## Changing the schema

Edit `<database>/_schema/<table>.json`. To add a column, add an entry to "columns":

```json
{"name": "nickname", "type": "text", "default": "'none'"}
```

Existing documents without the key read as the default (or NULL). Removing an entry hides the
column from queries; documents keep the key until you remove it. Changing "type" reads the
stored values through PostgreSQL's casts; a value that does not convert is reported with the
file and column, only to the queries that touch it. `"unique": true` or a new entry under
"indexes" builds the index in the background. A new schema file creates a table; deleting it
removes the table from SQL and leaves the documents where they are.

## Changing data

Create, edit, rename or delete documents with any tool (editors, `sed -i`, scripts, `git
checkout`). A document is one JSON object with keys in column order; values follow PostgreSQL's
types (numeric as strings, timestamps as ISO-8601 strings, bytea as "\\x..." hex). A file that is
not valid JSON, or does not fit its schema, fails only the queries that need it, with an error
naming the file; it is never rewritten or dropped by the server.

Safe while the server runs: everything above. Do not edit `.smarterbase/`.

`smarterbase-ctl check` reports anything that does not fit (broken documents, orphan folders,
duplicate values in unique columns).

## Graduating to PostgreSQL

```sh
smarterbase-ctl export --database <database> > dump.sql
psql -v ON_ERROR_STOP=1 -d <new empty database> -f dump.sql
```
)";

constexpr const char* kGitignore = R"(# Written by SmarterBase (once; edit freely).
# Server-private state: lock, commit journal. Never commit it.
.smarterbase/
# Temporary files of atomic writes.
*.tmp
.*.tmp
# Index snapshots are derived from the documents and rewritten by the server.
_idx/
)";

void WriteIfAbsent(const std::string& path, const char* text) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec) || ec) return;
  try {
    storage::WriteFileAtomic(path, text, /*sync=*/false);
    log::Info("wrote {}", path);
  } catch (const std::exception& e) {
    log::Warning("could not write {}: {}", path, e.what());
  }
}

}  // namespace

void WriteDataDirGuide(const storage::DataPaths& paths) {
  WriteIfAbsent(paths.root() + "/README.md", kReadme);
  WriteIfAbsent(paths.root() + "/.gitignore", kGitignore);
}

}  // namespace sb::coordinator
