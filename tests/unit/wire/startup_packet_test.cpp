#include "shared/wire/startup_packet.h"

#include <gtest/gtest.h>

#include "shared/wire/message_types.h"
#include "tests/unit/wire/wire_test_util.h"

namespace sb::wire {
namespace {

using namespace std::string_literals;
using test::Be32;
using test::Z;

constexpr std::string_view kBadLayout =
    "invalid startup packet layout: expected terminator as last byte";

void ExpectFatalProtocolViolation(std::string_view body, std::string_view message) {
  const SqlError e = test::CatchSqlError([&] { DecodeStartupPacket(body); });
  EXPECT_EQ(e.state(), SqlState::kProtocolViolation);
  EXPECT_EQ(std::string_view(e.what()), message);
  EXPECT_EQ(e.severity(), Severity::kFatal);
}

TEST(StartupPacketTest, DecodesStartupMessageInOrder) {
  const std::string body = Be32(196608) + Z("user") + Z("alice") + Z("database") + Z("db") +
                           Z("application_name") + Z("") + "\0"s;
  const StartupPacket p = DecodeStartupPacket(body);
  ASSERT_EQ(p.kind, StartupRequest::kStartup);
  EXPECT_EQ(p.protocol_major, 3);
  EXPECT_EQ(p.protocol_minor, 0);
  const StartupMessage& m = p.startup;
  ASSERT_EQ(m.parameters.size(), 3u);
  EXPECT_EQ(m.parameters[0].name, "user");
  EXPECT_EQ(m.parameters[0].value, "alice");
  EXPECT_EQ(m.parameters[1].name, "database");
  EXPECT_EQ(m.parameters[2].name, "application_name");
  EXPECT_EQ(m.parameters[2].value, "");
  EXPECT_EQ(m.Find("database"), std::optional<std::string_view>("db"));
  EXPECT_FALSE(m.Find("options").has_value());
  EXPECT_FALSE(m.NeedsNegotiation());
}

TEST(StartupPacketTest, DuplicateNamesAreKeptAndLastWins) {
  const std::string body = Be32(196608) + Z("user") + Z("a") + Z("user") + Z("b") + "\0"s;
  const StartupPacket p = DecodeStartupPacket(body);
  const StartupMessage& m = p.startup;
  ASSERT_EQ(m.parameters.size(), 2u);
  EXPECT_EQ(m.Find("user"), std::optional<std::string_view>("b"));
}

TEST(StartupPacketTest, NewerMinorAndProtocolOptionsNeedNegotiation) {
  const std::string body = Be32(MakeProtocolVersion(3, 2)) + Z("user") + Z("u") +
                           Z("_pq_.compression") + Z("on") + "\0"s;
  const StartupPacket p = DecodeStartupPacket(body);
  ASSERT_EQ(p.kind, StartupRequest::kStartup);
  EXPECT_EQ(p.protocol_minor, 2);
  ASSERT_EQ(p.startup.protocol_options.size(), 1u);
  EXPECT_EQ(p.startup.protocol_options[0].name, "_pq_.compression");
  EXPECT_EQ(p.startup.parameters.size(), 1u);
  EXPECT_TRUE(p.startup.NeedsNegotiation());

  const std::string options_only = Be32(196608) + Z("_pq_.x") + Z("1") + "\0"s;
  EXPECT_TRUE(DecodeStartupPacket(options_only).startup.NeedsNegotiation());
  const std::string minor_only = Be32(MakeProtocolVersion(3, 1)) + "\0"s;
  EXPECT_TRUE(DecodeStartupPacket(minor_only).startup.NeedsNegotiation());
}

TEST(StartupPacketTest, LayoutErrors) {
  // No terminator at all.
  ExpectFatalProtocolViolation(Be32(196608), kBadLayout);
  ExpectFatalProtocolViolation(Be32(196608) + Z("user") + Z("u"), kBadLayout);
  // Name without value.
  ExpectFatalProtocolViolation(Be32(196608) + Z("user"), kBadLayout);
  ExpectFatalProtocolViolation(Be32(196608) + Z("user") + "u", kBadLayout);
  ExpectFatalProtocolViolation(Be32(196608) + "user", kBadLayout);
  // Terminator not the last byte: doubled, or followed by more data.
  ExpectFatalProtocolViolation(Be32(196608) + Z("user") + Z("u") + "\0\0"s, kBadLayout);
  ExpectFatalProtocolViolation(Be32(196608) + "\0"s + Z("user") + Z("u") + "\0"s, kBadLayout);
}

TEST(StartupPacketTest, SpecialRequests) {
  EXPECT_EQ(DecodeStartupPacket(Be32(80877103)).kind, StartupRequest::kSslRequest);
  EXPECT_EQ(DecodeStartupPacket(Be32(80877104)).kind, StartupRequest::kGssEncRequest);
  const std::string cancel_body = Be32(80877102) + Be32(4242) + Be32(0xdeadbeef);
  const StartupPacket cancel = DecodeStartupPacket(cancel_body);
  ASSERT_EQ(cancel.kind, StartupRequest::kCancelRequest);
  EXPECT_EQ(cancel.cancel.process_id, 4242);
  EXPECT_EQ(cancel.cancel.secret_key, static_cast<int32_t>(0xdeadbeef));
}

TEST(StartupPacketTest, SpecialRequestsWithWrongLengthAreRejected) {
  ExpectFatalProtocolViolation(Be32(80877103) + "x", "invalid length of startup packet");
  ExpectFatalProtocolViolation(Be32(80877102) + Be32(1), "invalid length of cancel request packet");
  ExpectFatalProtocolViolation(Be32(80877102) + Be32(1) + Be32(2) + "x",
                               "invalid length of cancel request packet");
  ExpectFatalProtocolViolation("\0\x03"s, "invalid length of startup packet");
}

TEST(StartupPacketTest, OtherMajorVersionsAreUnsupported) {
  const StartupPacket v2 = DecodeStartupPacket(Be32(MakeProtocolVersion(2, 0)) + "junk");
  EXPECT_EQ(v2.kind, StartupRequest::kUnsupportedProtocol);
  EXPECT_EQ(v2.protocol_major, 2);
  EXPECT_EQ(v2.protocol_minor, 0);
  const StartupPacket v4 = DecodeStartupPacket(Be32(MakeProtocolVersion(4, 1)));
  EXPECT_EQ(v4.kind, StartupRequest::kUnsupportedProtocol);
  EXPECT_EQ(v4.protocol_major, 4);
  EXPECT_EQ(v4.protocol_minor, 1);
  // An unknown special code is just an unknown version, as in PostgreSQL.
  EXPECT_EQ(DecodeStartupPacket(Be32(MakeProtocolVersion(1234, 5681))).kind,
            StartupRequest::kUnsupportedProtocol);

  const SqlError e = UnsupportedProtocolError(2, 0);
  EXPECT_EQ(e.state(), SqlState::kFeatureNotSupported);
  EXPECT_EQ(e.severity(), Severity::kFatal);
  EXPECT_EQ(std::string_view(e.what()),
            "unsupported frontend protocol 2.0: server supports 3.0 to 3.0");
}

}  // namespace
}  // namespace sb::wire
