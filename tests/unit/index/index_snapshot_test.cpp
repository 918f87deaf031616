#include "shared/index/index_snapshot.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "shared/errors/sql_error.h"
#include "shared/storage/schema_file.h"
#include "shared/types/text_io.h"

namespace sb::index {
namespace {

namespace fs = std::filesystem;
using types::Value;

constexpr const char* kUsersSchema = R"j({"name": "users", "columns": [
    {"name": "id", "type": "integer", "primary_key": true},
    {"name": "email", "type": "text", "unique": true},
    {"name": "role", "type": "text"},
    {"name": "score", "type": "integer"},
    {"name": "doc", "type": "jsonb"}],
  "unique": [["role", "score"]],
  "indexes": [{"name": "idx_role", "columns": ["role"]},
              {"name": "by_score", "columns": ["score"], "unique": true},
              {"name": "by_doc", "columns": ["doc"]}]})j";

class SnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "sb_snapshot_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    schema_ = storage::ParseSchemaFile(kUsersSchema, "users.json");
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }

  storage::DataPaths paths() const { return storage::DataPaths(root_); }
  std::string Idx(std::string_view relative) const {
    return root_ + "/app/_idx/users/" + std::string(relative);
  }

  static SnapshotRow Row(int id, std::optional<std::string> email, std::optional<std::string> role,
                         std::optional<int> score) {
    SnapshotRow row;
    row.values.push_back(Value::Int4(id));
    row.values.push_back(email ? Value::Text(*email) : Value::Null(types::kText));
    row.values.push_back(role ? Value::Text(*role) : Value::Null(types::kText));
    row.values.push_back(score ? Value::Int4(*score) : Value::Null(types::kInt4));
    row.values.push_back(Value::Text("{}", types::kJsonb));
    row.stem = std::to_string(id);
    return row;
  }

  std::vector<SnapshotRow> SampleRows() const {
    return {Row(17, "zed@example.com", "user", 10), Row(3, "amy@example.com", "user", 9),
            Row(5, "bob@example.com", "admin", std::nullopt),
            Row(8, std::nullopt, std::nullopt, 100)};
  }

  static std::string Read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  static void Write(const std::string& path, std::string_view text) {
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
  }
  static ino_t Inode(const std::string& path) {
    struct stat info {};
    EXPECT_EQ(::lstat(path.c_str(), &info), 0) << path;
    return info.st_ino;
  }

  const IndexDefinition& Def(std::string_view name) {
    definitions_ = SnapshotIndexes(schema_);
    for (const IndexDefinition& d : definitions_) {
      if (d.name == name) return d;
    }
    throw std::runtime_error("no index " + std::string(name));
  }

  std::string ExpectCorrupt(const std::function<void()>& body) {
    try {
      body();
    } catch (const SqlError& e) {
      EXPECT_EQ(SqlStateCode(e.state()), "XX001") << e.what();
      return e.what();
    }
    ADD_FAILURE() << "expected XX001";
    return "";
  }

  std::string root_;
  storage::TableSchema schema_;
  std::vector<IndexDefinition> definitions_;
};

TEST_F(SnapshotTest, SnapshotIndexesLeaveOutThePrimaryKeyAndUnindexableTypes) {
  std::vector<std::string> names;
  for (const IndexDefinition& d : SnapshotIndexes(schema_)) names.push_back(d.name);
  EXPECT_EQ(names, (std::vector<std::string>{"users_email_key", "users_role_score_key", "idx_role",
                                             "by_score"}));
}

TEST_F(SnapshotTest, WritesTheDocumentedFormat) {
  SnapshotStats stats = WriteIndexSnapshots(paths(), "app", schema_, SampleRows());
  EXPECT_EQ(stats.indexes, 4u);
  EXPECT_EQ(Read(Idx("users_email_key.json")),
            "{\n"
            "  \"amy@example.com\": \"3\",\n"
            "  \"bob@example.com\": \"5\",\n"
            "  \"zed@example.com\": \"17\"\n"
            "}\n");
  // Index order is numeric order (9 before 10), not text order; NULL scores are not listed.
  EXPECT_EQ(Read(Idx("by_score.json")),
            "{\n  \"9\": \"3\",\n  \"10\": \"17\",\n  \"100\": \"8\"\n}\n");
  // Several columns: the composite key stem.
  EXPECT_EQ(Read(Idx("users_role_score_key.json")),
            "{\n  \"user,9\": \"3\",\n  \"user,10\": \"17\"\n}\n");
  // Non-unique: one file per value, rows in primary-key order (3 before 17).
  EXPECT_EQ(Read(Idx("idx_role/user.json")), "[\"3\", \"17\"]\n");
  EXPECT_EQ(Read(Idx("idx_role/admin.json")), "[\"5\"]\n");
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(Idx("idx_role"))) {
    files.push_back(entry.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  EXPECT_EQ(files, (std::vector<std::string>{"admin.json", "user.json"}));
  EXPECT_FALSE(fs::exists(Idx("users_pkey.json")));
  EXPECT_FALSE(fs::exists(Idx("by_doc")));
  EXPECT_EQ(stats.written, 5u);
  EXPECT_EQ(stats.removed, 0u);
}

TEST_F(SnapshotTest, EmptyIndexes) {
  WriteIndexSnapshots(paths(), "app", schema_, {});
  EXPECT_EQ(Read(Idx("users_email_key.json")), "{}\n");
  EXPECT_TRUE(fs::is_directory(Idx("idx_role")));
  EXPECT_TRUE(fs::is_empty(Idx("idx_role")));
}

TEST_F(SnapshotTest, EscapesValuesAndEncodesValueFileNames) {
  std::vector<SnapshotRow> rows = {Row(1, "quote\" back\\ new\nline Ü", "Admin/x", 1)};
  WriteIndexSnapshots(paths(), "app", schema_, rows);
  EXPECT_EQ(Read(Idx("users_email_key.json")),
            "{\n  \"quote\\\" back\\\\ new\\nline Ü\": \"1\"\n}\n");
  EXPECT_EQ(Read(Idx("idx_role/%41dmin%2Fx.json")), "[\"1\"]\n");
  std::optional<std::vector<SnapshotEntry>> unique =
      ReadIndexSnapshot(paths(), "app", schema_, Def("users_email_key"));
  ASSERT_TRUE(unique.has_value());
  ASSERT_EQ(unique->size(), 1u);
  EXPECT_EQ((*unique)[0].key, std::vector<Value>{Value::Text("quote\" back\\ new\nline Ü")});
  std::optional<std::vector<SnapshotEntry>> role =
      ReadIndexSnapshot(paths(), "app", schema_, Def("idx_role"));
  ASSERT_TRUE(role.has_value());
  ASSERT_EQ(role->size(), 1u);
  EXPECT_EQ((*role)[0].key, std::vector<Value>{Value::Text("Admin/x")});
  EXPECT_EQ((*role)[0].stem, "1");
}

TEST_F(SnapshotTest, ReadBackEqualsWhatWasWritten) {
  std::vector<SnapshotRow> rows = SampleRows();
  WriteIndexSnapshots(paths(), "app", schema_, rows);
  for (const IndexDefinition& d : SnapshotIndexes(schema_)) {
    std::vector<SnapshotEntry> expected = SnapshotEntries(schema_, d, rows);
    std::optional<std::vector<SnapshotEntry>> read = ReadIndexSnapshot(paths(), "app", schema_, d);
    ASSERT_TRUE(read.has_value()) << d.name;
    // Value files come back in file-name order; compare as sets of (key text, stem).
    auto normal = [](std::vector<SnapshotEntry> entries) {
      std::vector<std::tuple<std::string, std::string, std::string>> out;
      for (const SnapshotEntry& e : entries) {
        std::string key;
        for (const Value& v : e.key) key += v.DebugString() + ";";
        out.emplace_back(e.key_text, key, e.stem);
      }
      std::sort(out.begin(), out.end());
      return out;
    };
    EXPECT_EQ(normal(*read), normal(expected)) << d.name;
    EXPECT_FALSE(expected.empty()) << d.name;
  }
  EXPECT_FALSE(ReadIndexSnapshot(paths(), "other", schema_, Def("idx_role")).has_value());
  EXPECT_FALSE(ReadIndexSnapshot(paths(), "other", schema_, Def("by_score")).has_value());
}

TEST_F(SnapshotTest, UnchangedFilesAreNotRewritten) {
  WriteIndexSnapshots(paths(), "app", schema_, SampleRows());
  const ino_t email = Inode(Idx("users_email_key.json"));
  const ino_t user = Inode(Idx("idx_role/user.json"));
  const ino_t admin = Inode(Idx("idx_role/admin.json"));
  SnapshotStats again = WriteIndexSnapshots(paths(), "app", schema_, SampleRows());
  EXPECT_EQ(again.written, 0u);
  EXPECT_EQ(again.unchanged, 5u);
  EXPECT_EQ(again.removed, 0u);
  EXPECT_EQ(Inode(Idx("users_email_key.json")), email);
  EXPECT_EQ(Inode(Idx("idx_role/user.json")), user);

  // Row 17 becomes an admin: two files change, the rest stays as it was.
  std::vector<SnapshotRow> rows = SampleRows();
  rows[0] = Row(17, "zed@example.com", "admin", 10);
  SnapshotStats changed = WriteIndexSnapshots(paths(), "app", schema_, rows);
  EXPECT_EQ(changed.written, 3u);  // user.json, admin.json, users_role_score_key.json
  EXPECT_EQ(changed.unchanged, 2u);
  EXPECT_EQ(Inode(Idx("users_email_key.json")), email);
  EXPECT_NE(Inode(Idx("idx_role/admin.json")), admin);
  EXPECT_EQ(Read(Idx("idx_role/admin.json")), "[\"5\", \"17\"]\n");
  EXPECT_EQ(Read(Idx("idx_role/user.json")), "[\"3\"]\n");
}

TEST_F(SnapshotTest, ValuesThatNoLongerExistAreRemoved) {
  WriteIndexSnapshots(paths(), "app", schema_, SampleRows());
  std::vector<SnapshotRow> rows = SampleRows();
  rows.erase(rows.begin() + 2);  // the only admin
  SnapshotStats stats = WriteIndexSnapshots(paths(), "app", schema_, rows);
  EXPECT_FALSE(fs::exists(Idx("idx_role/admin.json")));
  EXPECT_TRUE(fs::exists(Idx("idx_role/user.json")));
  EXPECT_EQ(stats.removed, 1u);
  EXPECT_EQ(Read(Idx("users_email_key.json")),
            "{\n  \"amy@example.com\": \"3\",\n  \"zed@example.com\": \"17\"\n}\n");
}

TEST_F(SnapshotTest, IndexesNoLongerInTheSchemaAreRemovedAndForeignFilesKept) {
  WriteIndexSnapshots(paths(), "app", schema_, SampleRows());
  Write(Idx("idx_role/.user.json.swp"), "vim");
  Write(Idx("notes.txt"), "mine");
  Write(Idx(".users_email_key.json.123.4.tmp"), "{");
  Write(Idx("old_index/1.json"), "[\"1\"]\n");
  Write(Idx("old_unique.json"), "{}\n");
  // A link to a folder outside: removed itself, its target untouched.
  Write(root_ + "/outside/keep.json", "[]");
  fs::create_directory_symlink(root_ + "/outside", Idx("linked"));
  fs::create_symlink(root_ + "/outside/keep.json", Idx("linked_file.json"));

  storage::TableSchema smaller = schema_;
  smaller.indexes.clear();            // idx_role, by_score, by_doc go
  smaller.columns[1].unique = false;  // users_email_key goes
  SnapshotStats stats = WriteIndexSnapshots(paths(), "app", smaller, SampleRows());
  EXPECT_EQ(stats.indexes, 1u);  // users_role_score_key
  EXPECT_TRUE(fs::exists(Idx("users_role_score_key.json")));
  EXPECT_FALSE(fs::exists(Idx("users_email_key.json")));
  EXPECT_FALSE(fs::exists(Idx("by_score.json")));
  EXPECT_FALSE(fs::exists(Idx("idx_role")));
  EXPECT_FALSE(fs::exists(Idx("old_index")));
  EXPECT_FALSE(fs::exists(Idx("old_unique.json")));
  EXPECT_FALSE(fs::is_symlink(Idx("linked_file.json")));
  EXPECT_TRUE(fs::exists(root_ + "/outside/keep.json"));
  EXPECT_TRUE(fs::exists(Idx("notes.txt")));
  EXPECT_TRUE(fs::exists(Idx(".users_email_key.json.123.4.tmp")));
  // The directory link has no ".json": it is not ours by name and stays, unfollowed.
  EXPECT_TRUE(fs::is_symlink(Idx("linked")));

  // No snapshot indexes at all: the folder goes once nothing foreign is left.
  smaller.unique.clear();
  fs::remove(Idx("notes.txt"));
  fs::remove(Idx(".users_email_key.json.123.4.tmp"));
  fs::remove(Idx("linked"));
  WriteIndexSnapshots(paths(), "app", smaller, SampleRows());
  EXPECT_FALSE(fs::exists(root_ + "/app/_idx/users"));
  WriteIndexSnapshots(paths(), "app", smaller, SampleRows());
  EXPECT_FALSE(fs::exists(root_ + "/app/_idx/users"));
}

TEST_F(SnapshotTest, WhatStandsInTheWayOfASnapshotIsReplacedNotFollowed) {
  Write(root_ + "/outside/x.json", "keep");
  fs::create_directories(Idx(""));
  fs::create_directory_symlink(root_ + "/outside", Idx("idx_role"));
  fs::create_directories(Idx("users_email_key.json"));
  Write(Idx("users_email_key.json/inner"), "x");
  WriteIndexSnapshots(paths(), "app", schema_, SampleRows());
  EXPECT_FALSE(fs::is_symlink(Idx("idx_role")));
  EXPECT_TRUE(fs::is_directory(Idx("idx_role")));
  EXPECT_EQ(Read(root_ + "/outside/x.json"), "keep");
  EXPECT_TRUE(fs::is_regular_file(Idx("users_email_key.json")));

  // The table's own snapshot folder as a link is refused.
  fs::remove_all(root_ + "/app/_idx/users");
  fs::create_directory_symlink(root_ + "/outside", root_ + "/app/_idx/users");
  try {
    WriteIndexSnapshots(paths(), "app", schema_, SampleRows());
    ADD_FAILURE() << "expected an error";
  } catch (const SqlError& e) {
    EXPECT_EQ(SqlStateCode(e.state()), "58030");
    EXPECT_NE(std::string(e.what()).find("is not a directory"), std::string::npos) << e.what();
  }
  EXPECT_EQ(Read(root_ + "/outside/x.json"), "keep");
}

TEST_F(SnapshotTest, DuplicateUniqueValuesAreListedAsAnArray) {
  std::vector<SnapshotRow> rows = {Row(2, "a@x", "u", 1), Row(10, "a@x", "u", 2),
                                   Row(1, "b@x", "u", 3)};
  WriteIndexSnapshots(paths(), "app", schema_, rows);
  EXPECT_EQ(Read(Idx("users_email_key.json")),
            "{\n  \"a@x\": [\"2\", \"10\"],\n  \"b@x\": \"1\"\n}\n");
  std::optional<std::vector<SnapshotEntry>> read =
      ReadIndexSnapshot(paths(), "app", schema_, Def("users_email_key"));
  ASSERT_TRUE(read.has_value());
  ASSERT_EQ(read->size(), 3u);
  EXPECT_EQ((*read)[0].stem, "2");
  EXPECT_EQ((*read)[1].stem, "10");
  EXPECT_EQ((*read)[1].key_text, "a@x");
}

TEST_F(SnapshotTest, LongValuesGetShortenedValueFileNames) {
  std::string long_role(300, 'r');
  WriteIndexSnapshots(paths(), "app", schema_, {Row(1, "a", long_role, 1)});
  std::optional<std::vector<SnapshotEntry>> read =
      ReadIndexSnapshot(paths(), "app", schema_, Def("idx_role"));
  ASSERT_TRUE(read.has_value());
  ASSERT_EQ(read->size(), 1u);
  EXPECT_TRUE((*read)[0].key.empty());  // only the document knows the value
  EXPECT_NE((*read)[0].key_text.find('~'), std::string::npos);
  EXPECT_LE((*read)[0].key_text.size(), 200u);
  EXPECT_EQ((*read)[0].stem, "1");
}

TEST_F(SnapshotTest, OtherKeyTypes) {
  storage::TableSchema schema = storage::ParseSchemaFile(R"j({"name": "t", "columns": [
      {"name": "id", "type": "uuid", "primary_key": true},
      {"name": "at", "type": "timestamp with time zone", "unique": true},
      {"name": "price", "type": "numeric"},
      {"name": "ok", "type": "boolean"}],
    "indexes": [{"name": "by_price", "columns": ["price"]}, {"name": "by_ok", "columns": ["ok"]}]})j",
                                                         "t.json");
  auto parse = [](types::Oid type, std::string_view text) {
    return types::ParseText(type, -1, text, types::FormatSettings{});
  };
  std::vector<SnapshotRow> rows;
  rows.push_back({{parse(types::kUuid, "019363e8-7c1a-7d5e-8f00-1b2c3d4e5f60"),
                   parse(types::kTimestamptz, "2024-02-29 23:59:58+01"),
                   parse(types::kNumeric, "1.50"), Value::Bool(true)},
                  "019363e8-7c1a-7d5e-8f00-1b2c3d4e5f60"});
  rows.push_back({{parse(types::kUuid, "019363e8-7c1a-7d5e-8f00-1b2c3d4e5f61"),
                   parse(types::kTimestamptz, "2024-01-01 00:00:00+00"),
                   parse(types::kNumeric, "-2"), Value::Bool(false)},
                  "019363e8-7c1a-7d5e-8f00-1b2c3d4e5f61"});
  WriteIndexSnapshots(paths(), "app", schema, rows);
  EXPECT_EQ(Read(root_ + "/app/_idx/t/t_at_key.json"),
            "{\n  \"2024-01-01 00:00:00+00\": \"019363e8-7c1a-7d5e-8f00-1b2c3d4e5f61\",\n"
            "  \"2024-02-29 22:59:58+00\": \"019363e8-7c1a-7d5e-8f00-1b2c3d4e5f60\"\n}\n");
  EXPECT_TRUE(fs::exists(root_ + "/app/_idx/t/by_price/1.5.json"));
  EXPECT_TRUE(fs::exists(root_ + "/app/_idx/t/by_price/-2.json"));
  EXPECT_TRUE(fs::exists(root_ + "/app/_idx/t/by_ok/true.json"));
  for (const IndexDefinition& d : SnapshotIndexes(schema)) {
    std::optional<std::vector<SnapshotEntry>> read = ReadIndexSnapshot(paths(), "app", schema, d);
    ASSERT_TRUE(read.has_value());
    EXPECT_EQ(read->size(), 2u) << d.name;
    for (const SnapshotEntry& e : *read) EXPECT_EQ(e.key.size(), 1u) << d.name;
  }
}

TEST_F(SnapshotTest, MalformedSnapshotsAreClearErrors) {
  const IndexDefinition email = Def("users_email_key");
  const IndexDefinition score = Def("by_score");
  const IndexDefinition pair = Def("users_role_score_key");
  const std::string path = "/d/app/_idx/users/x.json";
  std::string message =
      ExpectCorrupt([&] { ParseUniqueSnapshot("{\n  \"a\": \"1\",\n", path, schema_, email); });
  EXPECT_NE(message.find("invalid index snapshot \"" + path + "\": invalid JSON"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("at line 3"), std::string::npos) << message;
  message = ExpectCorrupt([&] { ParseUniqueSnapshot("[\"1\"]", path, schema_, email); });
  EXPECT_NE(message.find("expected a JSON object, found an array"), std::string::npos) << message;
  message = ExpectCorrupt([&] { ParseUniqueSnapshot("{\"a\": 1}", path, schema_, email); });
  EXPECT_NE(message.find("expected a row key string, found a number"), std::string::npos)
      << message;
  message = ExpectCorrupt(
      [&] { ParseUniqueSnapshot("{\"a\": \"../../etc/passwd\"}", path, schema_, email); });
  EXPECT_NE(message.find("cannot name a document file"), std::string::npos) << message;
  ExpectCorrupt([&] { ParseUniqueSnapshot("{\"a\": \".hidden\"}", path, schema_, email); });
  ExpectCorrupt([&] { ParseUniqueSnapshot("{\"a\": []}", path, schema_, email); });
  ExpectCorrupt([&] { ParseUniqueSnapshot("{\"a\": [[\"1\"]]}", path, schema_, email); });
  message = ExpectCorrupt([&] { ParseUniqueSnapshot("{\"ten\": \"1\"}", path, schema_, score); });
  EXPECT_NE(message.find("key \"ten\" is not a value of column \"score\" (integer)"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("line 1, column 2"), std::string::npos) << message;
  message = ExpectCorrupt([&] { ParseUniqueSnapshot("{\"user\": \"1\"}", path, schema_, pair); });
  EXPECT_NE(message.find("is not a key stem of columns (role, score)"), std::string::npos)
      << message;
  // Duplicate member names are not JSON this reader accepts (duplicates are written as arrays).
  ExpectCorrupt([&] { ParseUniqueSnapshot("{\"a\": \"1\", \"a\": \"2\"}", path, schema_, email); });

  EXPECT_EQ(ParseValueFile("[\"3\", \"17\"]\n", path), (std::vector<std::string>{"3", "17"}));
  EXPECT_TRUE(ParseValueFile("[]", path).empty());
  ExpectCorrupt([&] { ParseValueFile("{}", path); });
  ExpectCorrupt([&] { ParseValueFile("[\"a/b\"]", path); });
  ExpectCorrupt([&] { ParseValueFile("[\"1\"] x", path); });
  message = ExpectCorrupt([&] { ParseValueFileStem("007", path, schema_, score); });
  EXPECT_NE(message.find("not a value of columns (score)"), std::string::npos) << message;
  EXPECT_EQ(ParseValueFileStem("7", path, schema_, score).key, std::vector<Value>{Value::Int4(7)});
}

TEST_F(SnapshotTest, ReadIndexSnapshotNamesTheBrokenFile) {
  WriteIndexSnapshots(paths(), "app", schema_, SampleRows());
  Write(Idx("idx_role/user.json"), "[\"3\", 17]\n");
  std::string message =
      ExpectCorrupt([&] { ReadIndexSnapshot(paths(), "app", schema_, Def("idx_role")); });
  EXPECT_NE(message.find(Idx("idx_role/user.json")), std::string::npos) << message;
  Write(Idx("by_score/x.json"), "[]");  // a folder beside the unique file is not read
  Write(Idx("by_score.json"), "{\"1\": \"2\"");
  message = ExpectCorrupt([&] { ReadIndexSnapshot(paths(), "app", schema_, Def("by_score")); });
  EXPECT_NE(message.find(Idx("by_score.json")), std::string::npos) << message;
}

TEST_F(SnapshotTest, AValueOfTheWrongTypeIsAnInternalError) {
  std::vector<SnapshotRow> rows = {Row(1, "a", "u", 1)};
  rows[0].values[3] = Value::Text("not an int");
  try {
    SnapshotEntries(schema_, Def("by_score"), rows);
    ADD_FAILURE() << "expected an error";
  } catch (const SqlError& e) {
    EXPECT_EQ(SqlStateCode(e.state()), "XX000") << e.what();
  }
}

TEST_F(SnapshotTest, ShortRowsReadAsNull) {
  SnapshotRow row;
  row.values = {Value::Int4(1), Value::Text("a@x")};
  row.stem = "1";
  std::vector<SnapshotEntry> entries = SnapshotEntries(schema_, Def("users_email_key"), {row});
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_TRUE(SnapshotEntries(schema_, Def("idx_role"), {row}).empty());
}

}  // namespace
}  // namespace sb::index
