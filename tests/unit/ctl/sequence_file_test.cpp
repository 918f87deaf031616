#include "coordinator/ctl/sequence_file.h"

#include <gtest/gtest.h>

#include "shared/storage/schema_file.h"
#include "tests/unit/ctl/ctl_test_util.h"

namespace sb::ctl {
namespace {

using testing::ExpectSqlError;

TEST(SequenceFileTest, ReadsLastValue) {
  EXPECT_EQ(ParseSequenceFile("{\"last_value\": 42}\n", "s.json"), 42);
  EXPECT_EQ(ParseSequenceFile("  {\"last_value\": -3} ", "s.json"), -3);
  EXPECT_EQ(ParseSequenceFile("{\"last_value\": 9223372036854775807}", "s.json"), INT64_MAX);
}

TEST(SequenceFileTest, RejectsAnythingElseNamingTheFile) {
  for (std::string_view text :
       {"", "{", "[]", "{\"last\": 1}", "{\"last_value\": \"1\"}", "{\"last_value\": 1.5}",
        "{\"last_value\": 1} x", "{\"last_value\": 99999999999999999999}"}) {
    std::string message = ExpectSqlError(SqlState::kDataCorrupted,
                                         [&] { ParseSequenceFile(text, "data/db/_seq/s.json"); });
    EXPECT_NE(message.find("\"data/db/_seq/s.json\""), std::string::npos) << text;
  }
  ExpectSqlError(SqlState::kDataCorrupted,
                 [] { ParseSequenceFile(std::string_view("{\"last_value\": 1}\0x", 20), "s"); });
}

TEST(SequenceFileTest, MissingFileIsNotAnError) {
  testing::TempDataDir dir;
  EXPECT_FALSE(ReadSequenceFile(dir.Path("nope.json")).has_value());
  dir.Write("s.json", "{\"last_value\": 5}\n");
  EXPECT_EQ(ReadSequenceFile(dir.Path("s.json")), 5);
}

TEST(ColumnSequenceTest, AsTheWriterPicksIt) {
  storage::TableSchema schema = storage::ParseSchemaFile(R"j({"name": "t", "columns": [
      {"name": "a", "type": "int", "default": "nextval('x'::regclass)", "sequence": "own_seq"},
      {"name": "b", "type": "int", "default": "nextval('x'::regclass)"},
      {"name": "c", "type": "int", "identity": "always"},
      {"name": "d", "type": "int", "default": "1"}]})j",
                                                         "t.json");
  EXPECT_EQ(ColumnSequence(schema, schema.columns[0]), "own_seq");
  EXPECT_EQ(ColumnSequence(schema, schema.columns[1]), "t_b_seq");
  EXPECT_EQ(ColumnSequence(schema, schema.columns[2]), "t_c_seq");
  EXPECT_EQ(ColumnSequence(schema, schema.columns[3]), std::nullopt);
}

}  // namespace
}  // namespace sb::ctl
