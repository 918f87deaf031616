// Prints the cost of decoding and encoding a typical ~300-byte document (DESIGN §8: measured,
// never asserted). Run: build/tests/unit/storage/bench_storage_codec
#include <chrono>
#include <cstdio>

#include "shared/storage/document_codec.h"
#include "shared/types/text_io.h"

using namespace sb;
using namespace sb::storage;
using namespace sb::types;

int main() {
  TableSchema schema;
  schema.name = "users";
  auto column = [](std::string name, Oid oid, int32_t typmod = -1) {
    ColumnSchema c;
    c.name = std::move(name);
    c.type = {oid, typmod};
    return c;
  };
  schema.columns = {column("id", kUuid),       column("email", kText),
                    column("name", kText),     column("role", kVarchar, VarcharTypmod(20)),
                    column("age", kInt4),      column("balance", kNumeric),
                    column("active", kBool),   column("created_at", kTimestamptz),
                    column("tags", kTextArray)};
  FormatSettings settings;
  std::vector<Value> row = {ParseText(kUuid, -1, "019363e8-7c1a-7d5e-8f00-1b2c3d4e5f60", settings),
                            Value::Text("alice.example@example.com"),
                            Value::Text("Alice Example"),
                            Value::Text("admin", kVarchar),
                            Value::Int4(42),
                            ParseText(kNumeric, -1, "1234.56", settings),
                            Value::Bool(true),
                            ParseText(kTimestamptz, -1, "2024-02-29 12:34:56.789+00", settings),
                            Value::Array(kText, {Value::Text("alpha"), Value::Text("beta")})};
  std::string text = EncodeDocument(schema, row, {}, JsonStyle::kPretty);
  std::printf("document (%zu bytes):\n%s", text.size(), text.c_str());

  constexpr int kRounds = 200000;
  size_t sink = 0;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kRounds; ++i) {
    DecodedRow decoded = DecodeDocument(schema, text, "bench.json");
    sink += decoded.values.size();
  }
  auto mid = std::chrono::steady_clock::now();
  for (int i = 0; i < kRounds; ++i) {
    sink += EncodeDocument(schema, row, {}, JsonStyle::kPretty).size();
  }
  auto end = std::chrono::steady_clock::now();
  auto per = [](auto duration) {
    return std::chrono::duration<double, std::micro>(duration).count() / kRounds;
  };
  std::printf("decode: %.3f us/document\nencode: %.3f us/document\n(%zu)\n", per(mid - start),
              per(end - mid), sink);
  return 0;
}
