#include "shared/storage/data_paths.h"

#include <gtest/gtest.h>

#include "shared/storage/name_encoding.h"
#include "tests/unit/storage/storage_test_util.h"

namespace sb::storage {
namespace {

using testing::ExpectSqlError;

TEST(DataPathsTest, BuildsEveryPath) {
  DataPaths paths("/var/lib/smarterbase/");
  EXPECT_EQ(paths.root(), "/var/lib/smarterbase");
  EXPECT_EQ(paths.InternalDir(), "/var/lib/smarterbase/.smarterbase");
  EXPECT_EQ(paths.DatabaseDir("app"), "/var/lib/smarterbase/app");
  EXPECT_EQ(paths.SchemaDir("app"), "/var/lib/smarterbase/app/_schema");
  EXPECT_EQ(paths.SchemaFile("app", "users"), "/var/lib/smarterbase/app/_schema/users.json");
  EXPECT_EQ(paths.TableDir("app", "users"), "/var/lib/smarterbase/app/users");
  EXPECT_EQ(paths.DocumentFile("app", "users", "42"), "/var/lib/smarterbase/app/users/42.json");
  EXPECT_EQ(paths.IndexRootDir("app"), "/var/lib/smarterbase/app/_idx");
  EXPECT_EQ(paths.IndexDir("app", "users"), "/var/lib/smarterbase/app/_idx/users");
  EXPECT_EQ(paths.UniqueIndexFile("app", "users", "email"),
            "/var/lib/smarterbase/app/_idx/users/email.json");
  EXPECT_EQ(paths.NonUniqueIndexDir("app", "users", "idx_role"),
            "/var/lib/smarterbase/app/_idx/users/idx_role");
  EXPECT_EQ(paths.NonUniqueIndexValueFile("app", "users", "idx_role", "admin"),
            "/var/lib/smarterbase/app/_idx/users/idx_role/admin.json");
  EXPECT_EQ(paths.SequenceDir("app"), "/var/lib/smarterbase/app/_seq");
  EXPECT_EQ(paths.SequenceFile("app", "users_id_seq"),
            "/var/lib/smarterbase/app/_seq/users_id_seq.json");
}

TEST(DataPathsTest, NamesAreEncoded) {
  DataPaths paths("data");
  EXPECT_EQ(paths.TableDir("..", "../../etc"), "data/%2E./%2E.%2F..%2Fetc");
  EXPECT_EQ(paths.SchemaFile("App", "_schema"), "data/%41pp/_schema/%5Fschema.json");
  // A table called "_idx" never lands in the index folder.
  EXPECT_NE(paths.TableDir("db", "_idx"), paths.IndexRootDir("db"));
  DataPaths slash_root("/");
  EXPECT_EQ(slash_root.DatabaseDir("db"), "/db");
}

TEST(DataPathsTest, RejectsUnsafeStems) {
  DataPaths paths("data");
  for (const std::string& stem :
       std::vector<std::string>{"", ".", "..", "a/b", ".hidden", std::string("a\0b", 3)}) {
    ExpectSqlError(SqlState::kInternalError, [&] { paths.DocumentFile("db", "t", stem); });
    ExpectSqlError(SqlState::kInternalError,
                   [&] { paths.NonUniqueIndexValueFile("db", "t", "i", stem); });
  }
}

struct ParseCase {
  std::string relative;
  DataPathKind kind;
  std::string database;
  std::string table;
  std::string index;
  std::string stem;
};

TEST(DataPathsTest, ParseDataPathClassifiesEveryShape) {
  std::vector<ParseCase> cases = {
      {"", DataPathKind::kRoot, "", "", "", ""},
      {".smarterbase", DataPathKind::kInternal, "", "", "", ""},
      {".smarterbase/journal", DataPathKind::kInternal, "", "", "", ""},
      {"app", DataPathKind::kDatabaseDir, "app", "", "", ""},
      {"app/", DataPathKind::kDatabaseDir, "app", "", "", ""},
      {"app/_schema", DataPathKind::kSchemaDir, "app", "", "", ""},
      {"app/_schema/users.json", DataPathKind::kSchemaFile, "app", "users", "", ""},
      {"app/users", DataPathKind::kTableDir, "app", "users", "", ""},
      {"app/users/42.json", DataPathKind::kDocument, "app", "users", "", "42"},
      {"app/users/%41.b.json", DataPathKind::kDocument, "app", "users", "", "%41.b"},
      {"app/_idx", DataPathKind::kIndexRootDir, "app", "", "", ""},
      {"app/_idx/users", DataPathKind::kIndexDir, "app", "users", "", ""},
      {"app/_idx/users/email.json", DataPathKind::kUniqueIndexFile, "app", "users", "email", ""},
      {"app/_idx/users/idx_role", DataPathKind::kNonUniqueIndexDir, "app", "users", "idx_role", ""},
      {"app/_idx/users/idx_role/admin.json", DataPathKind::kNonUniqueIndexValueFile, "app", "users",
       "idx_role", "admin"},
      {"app/_seq", DataPathKind::kSequenceDir, "app", "", "", ""},
      {"app/_seq/users_id_seq.json", DataPathKind::kSequenceFile, "app", "", "", "users_id_seq"},
      {"4913", DataPathKind::kDatabaseDir, "4913", "", "", ""},
      {"app/4913", DataPathKind::kTableDir, "app", "4913", "", ""},
  };
  for (const ParseCase& c : cases) {
    DataPaths::Parsed parsed = ParseDataPath(c.relative);
    EXPECT_EQ(DataPathKindName(parsed.kind), DataPathKindName(c.kind)) << c.relative;
    EXPECT_EQ(parsed.database, c.database) << c.relative;
    EXPECT_EQ(parsed.table, c.table) << c.relative;
    EXPECT_EQ(parsed.index, c.index) << c.relative;
    EXPECT_EQ(parsed.stem, c.stem) << c.relative;
  }
}

TEST(DataPathsTest, ScratchFilesAreNeverRowsOrTables) {
  std::vector<std::pair<std::string, DataPathKind>> cases = {
      {"app/users/.42.json.12345.7.tmp", DataPathKind::kTempFile},
      {"app/_schema/.users.json.1.2.tmp", DataPathKind::kTempFile},
      {"app/users/42.json.tmp", DataPathKind::kTempFile},
      {"app/users/.42.json.swp", DataPathKind::kEditorFile},
      {"app/users/.42.json.swo", DataPathKind::kEditorFile},
      {"app/_schema/.users.json.swx", DataPathKind::kEditorFile},
      {"app/users/42.json~", DataPathKind::kEditorFile},
      {"app/_schema/users.json~", DataPathKind::kEditorFile},
      {"app/users/#42.json#", DataPathKind::kEditorFile},
      {"app/users/.#42.json", DataPathKind::kEditorFile},
      {"app/users/4913", DataPathKind::kEditorFile},
      {"app/_schema/4913", DataPathKind::kEditorFile},
      {"app/users/42.json___jb_tmp___", DataPathKind::kEditorFile},
      {"app/users/.42.json.kate-swp", DataPathKind::kEditorFile},
      {"app/users/.hidden.json", DataPathKind::kHidden},
      {"app/.git", DataPathKind::kHidden},
      {".git/config", DataPathKind::kHidden},
      {"app/.git/objects/ab.json", DataPathKind::kHidden},
      {".DS_Store", DataPathKind::kHidden},
      {"app/users/.json", DataPathKind::kHidden},
      {"app/users/notes.txt", DataPathKind::kOther},
      {"app/users/sub/1.json", DataPathKind::kOther},
      {"app/_schema/users.yaml", DataPathKind::kOther},
      {"app/_other", DataPathKind::kOther},
      {"app/_other/1.json", DataPathKind::kOther},
      {"_private", DataPathKind::kOther},
      {"app/_idx/users/i/v/deeper.json", DataPathKind::kOther},
      {"app/../etc/passwd", DataPathKind::kOutside},
      {"app//users", DataPathKind::kOutside},
      {"./app", DataPathKind::kOutside},
  };
  for (const auto& [relative, kind] : cases) {
    DataPaths::Parsed parsed = ParseDataPath(relative);
    EXPECT_EQ(DataPathKindName(parsed.kind), DataPathKindName(kind)) << relative;
    if (kind != DataPathKind::kDocument) {
      EXPECT_TRUE(parsed.stem.empty()) << relative;
    }
  }
}

TEST(DataPathsTest, ClassifyRoundTripsBuiltPaths) {
  DataPaths paths("/srv/data");
  std::string db = "My DB";
  std::string table = "Order Items";
  DataPaths::Parsed parsed = paths.Classify(paths.DocumentFile(db, table, "7"));
  EXPECT_EQ(parsed.kind, DataPathKind::kDocument);
  EXPECT_EQ(DecodeName(parsed.database), db);
  EXPECT_EQ(DecodeName(parsed.table), table);
  EXPECT_EQ(parsed.stem, "7");

  parsed = paths.Classify(paths.SchemaFile(db, "_schema"));
  EXPECT_EQ(parsed.kind, DataPathKind::kSchemaFile);
  EXPECT_EQ(DecodeName(parsed.table), "_schema");

  parsed = paths.Classify(paths.NonUniqueIndexValueFile(db, table, "Idx", "v%20w"));
  EXPECT_EQ(parsed.kind, DataPathKind::kNonUniqueIndexValueFile);
  EXPECT_EQ(DecodeName(parsed.index), "Idx");
  EXPECT_EQ(parsed.stem, "v%20w");

  EXPECT_EQ(paths.Classify(paths.UniqueIndexFile(db, table, "email")).kind,
            DataPathKind::kUniqueIndexFile);
  EXPECT_EQ(paths.Classify(paths.SequenceFile(db, "s")).kind, DataPathKind::kSequenceFile);
  EXPECT_EQ(paths.Classify(paths.InternalDir() + "/lock").kind, DataPathKind::kInternal);
  EXPECT_EQ(paths.Classify("/srv/data").kind, DataPathKind::kRoot);
  EXPECT_EQ(paths.Classify("/srv/data2/db").kind, DataPathKind::kOutside);
  EXPECT_EQ(paths.Classify("/srv").kind, DataPathKind::kOutside);
  EXPECT_EQ(paths.Classify("relative/db").kind, DataPathKind::kOutside);

  DataPaths slash_root("/");
  EXPECT_EQ(slash_root.Classify("/db/t/1.json").kind, DataPathKind::kDocument);
}

}  // namespace
}  // namespace sb::storage
