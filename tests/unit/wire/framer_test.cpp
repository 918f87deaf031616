#include "shared/wire/framer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

#include "tests/unit/wire/wire_test_util.h"

namespace sb::wire {
namespace {

using namespace std::string_literals;
using test::Be32;
using test::Msg;
using test::StartupPkt;
using test::Z;

struct Got {
  char type;
  std::string body;
  bool operator==(const Got&) const = default;
};

std::vector<Got> Drain(Framer& framer) {
  std::vector<Got> out;
  while (auto frame = framer.Next()) out.push_back({frame->type, std::string(frame->body)});
  return out;
}

void ExpectFatal(Framer& framer, std::string_view message) {
  const SqlError e = test::CatchSqlError([&] { framer.Next(); });
  EXPECT_EQ(e.state(), SqlState::kProtocolViolation);
  EXPECT_EQ(std::string_view(e.what()), message);
  EXPECT_EQ(e.severity(), Severity::kFatal);
}

Framer RegularFramer(FramerLimits limits = {}) {
  Framer framer(limits);
  framer.SetMode(Framer::Mode::kRegular);
  return framer;
}

TEST(FramerTest, StartupThenRegularInOneChunk) {
  const std::string startup_body = Be32(196608) + Z("user") + Z("u") + "\0"s;
  Framer framer;
  framer.Append(StartupPkt(startup_body) + Msg('Q', Z("SELECT 1")));
  auto first = framer.Next();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->type, '\0');
  EXPECT_EQ(first->body, startup_body);
  framer.SetMode(Framer::Mode::kRegular);
  EXPECT_EQ(Drain(framer), (std::vector<Got>{{'Q', Z("SELECT 1")}}));
  EXPECT_EQ(framer.buffered(), 0u);
}

TEST(FramerTest, SeveralMessagesInOneChunk) {
  Framer framer = RegularFramer();
  const std::string stream = Msg('P', Z("") + Z("SELECT $1") + "\0\0"s) +
                             Msg('B', Z("") + Z("") + "\0\0\0\0\0\0"s) + Msg('E', Z("") + Be32(0)) +
                             Msg('S', "");
  framer.Append(stream);
  const auto got = Drain(framer);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].type, 'P');
  EXPECT_EQ(got[1].type, 'B');
  EXPECT_EQ(got[2], (Got{'E', Z("") + Be32(0)}));
  EXPECT_EQ(got[3], (Got{'S', ""}));
  EXPECT_EQ(framer.BytesNeeded(), 5u);
}

TEST(FramerTest, ByteAtATimeYieldsTheSameMessages) {
  const std::string startup_body = Be32(196608) + Z("user") + Z("bob") + "\0"s;
  const std::vector<Got> regular = {
      {'Q', Z("SELECT 1")}, {'H', ""}, {'d', "\0\x01\x02"s}, {'X', ""}};
  std::string stream;
  for (const Got& g : regular) stream += Msg(g.type, g.body);

  Framer framer;
  const std::string startup = StartupPkt(startup_body);
  for (size_t i = 0; i < startup.size(); ++i) {
    EXPECT_FALSE(framer.Next().has_value());
    EXPECT_EQ(framer.BytesNeeded(), i < 4 ? 4 - i : startup.size() - i) << i;
    framer.Append(std::string_view(&startup[i], 1));
  }
  auto first = framer.Next();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->body, startup_body);

  framer.SetMode(Framer::Mode::kRegular);
  std::vector<Got> got;
  for (char c : stream) {
    EXPECT_GT(framer.BytesNeeded(), 0u);
    framer.Append(std::string_view(&c, 1));
    for (auto& g : Drain(framer)) got.push_back(g);
    framer.Compact();
  }
  EXPECT_EQ(got, regular);
  EXPECT_EQ(framer.buffered(), 0u);
}

TEST(FramerTest, BytesNeededTracksHeaderThenBody) {
  Framer framer = RegularFramer();
  EXPECT_EQ(framer.BytesNeeded(), 5u);
  framer.Append("Q");
  EXPECT_EQ(framer.BytesNeeded(), 4u);
  framer.Append(Be32(104));
  EXPECT_EQ(framer.BytesNeeded(), 0u);  // header complete: call Next() to validate it
  EXPECT_FALSE(framer.Next().has_value());
  EXPECT_EQ(framer.BytesNeeded(), 100u);
  framer.Append(std::string(60, 'x'));
  EXPECT_FALSE(framer.Next().has_value());
  EXPECT_EQ(framer.BytesNeeded(), 40u);
  framer.Append(std::string(39, 'x') + '\0' + "S");
  auto frame = framer.Next();
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(frame->body.size(), 100u);
  EXPECT_EQ(framer.BytesNeeded(), 4u);
}

TEST(FramerTest, ViewsStayValidUntilRefill) {
  Framer framer = RegularFramer();
  framer.Append(Msg('Q', Z("one")) + Msg('Q', Z("two")));
  auto a = framer.Next();
  auto b = framer.Next();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->body, Z("one"));
  EXPECT_EQ(b->body, Z("two"));
}

TEST(FramerTest, TwoGigabyteLengthIsRefusedWithoutAllocating) {
  for (uint32_t length : {0x80000000u, 0x7fffffffu, 0xffffffffu}) {
    Framer framer = RegularFramer();
    framer.Append("Q" + Be32(length));
    const size_t capacity = framer.capacity();
    ExpectFatal(framer, "invalid message length");
    EXPECT_EQ(framer.capacity(), capacity);
    EXPECT_LE(framer.capacity(), 64u * 1024);
  }
}

TEST(FramerTest, LengthBelowFourIsInvalid) {
  for (uint32_t length : {0u, 3u}) {
    Framer framer = RegularFramer();
    framer.Append("S" + Be32(length));
    ExpectFatal(framer, "invalid message length");
  }
  Framer framer = RegularFramer();
  framer.Append("S" + Be32(4));
  EXPECT_EQ(Drain(framer), (std::vector<Got>{{'S', ""}}));
}

TEST(FramerTest, PerTypeLimits) {
  {
    Framer framer = RegularFramer();
    framer.Append("S" + Be32(10001));
    ExpectFatal(framer, "invalid message length");
  }
  {
    Framer framer = RegularFramer();
    framer.Append("E" + Be32(10000));  // at the small limit: accepted, waits for the body
    EXPECT_FALSE(framer.Next().has_value());
    EXPECT_EQ(framer.BytesNeeded(), 9996u);
  }
  {
    Framer framer = RegularFramer();
    framer.Append("p" + Be32(10001));
    ExpectFatal(framer, "invalid message length");
  }
  for (char large : {'Q', 'P', 'B', 'd', 'F'}) {
    Framer framer = RegularFramer();
    framer.Append(std::string(1, large) + Be32(limits::kLargeMessageLimit));
    EXPECT_FALSE(framer.Next().has_value()) << large;
    Framer over = RegularFramer();
    over.Append(std::string(1, large) + Be32(limits::kLargeMessageLimit + 1));
    ExpectFatal(over, "invalid message length");
  }
}

TEST(FramerTest, CallerChosenLargeLimit) {
  Framer framer = RegularFramer({.large_message_limit = 100});
  framer.Append("Q" + Be32(101));
  ExpectFatal(framer, "invalid message length");
  Framer ok = RegularFramer({.large_message_limit = 100});
  ok.Append(Msg('Q', std::string(95, 'a') + '\0'));
  EXPECT_EQ(Drain(ok).size(), 1u);
}

TEST(FramerTest, UnknownTypeIsRejectedFromTheFirstByte) {
  Framer framer = RegularFramer();
  framer.Append("Z");
  EXPECT_EQ(framer.BytesNeeded(), 0u);
  ExpectFatal(framer, "invalid frontend message type 90");
  Framer nul = RegularFramer();
  nul.Append("\0"s);
  ExpectFatal(nul, "invalid frontend message type 0");
  Framer high = RegularFramer();
  high.Append("\xff" + Be32(4));
  ExpectFatal(high, "invalid frontend message type 255");
}

TEST(FramerTest, EveryFrontendTypeIsAccepted) {
  for (char type : std::string("QPBDESHCXpdcfF")) {
    EXPECT_TRUE(Framer::IsFrontendType(type)) << type;
    Framer framer = RegularFramer();
    framer.Append(Msg(type, ""));
    EXPECT_EQ(Drain(framer).size(), 1u) << type;
  }
  for (char type : std::string("RTZKINtv123sAG")) EXPECT_FALSE(Framer::IsFrontendType(type));
}

TEST(FramerTest, StartupPacketLengthLimits) {
  {
    Framer framer;
    framer.Append(Be32(10005));
    ExpectFatal(framer, "invalid length of startup packet");
  }
  {
    Framer framer;
    framer.Append(Be32(10004));  // body exactly MAX_STARTUP_PACKET_LENGTH: waits for it
    EXPECT_FALSE(framer.Next().has_value());
    EXPECT_EQ(framer.BytesNeeded(), 10000u);
  }
  for (uint32_t length : {0u, 4u, 7u, 0x80000000u, 0xffffffffu}) {
    Framer framer;
    framer.Append(Be32(length));
    ExpectFatal(framer, "invalid length of startup packet");
  }
  Framer framer;
  framer.Append(Be32(8) + Be32(80877103));
  auto frame = framer.Next();
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(frame->body, Be32(80877103));
}

TEST(FramerTest, BytesAfterSslRequestAreVisible) {
  Framer framer;
  framer.Append(Be32(8) + Be32(80877103) + "early");
  ASSERT_TRUE(framer.Next().has_value());
  EXPECT_EQ(framer.buffered(), 5u);
}

TEST(FramerTest, CompactKeepsPartialMessage) {
  Framer framer = RegularFramer();
  const std::string second = Msg('Q', Z("SELECT 'second'"));
  framer.Append(Msg('Q', Z("first")) + second.substr(0, 7));
  ASSERT_TRUE(framer.Next().has_value());
  EXPECT_FALSE(framer.Next().has_value());
  framer.Compact();
  EXPECT_EQ(framer.buffered(), 7u);
  framer.Append(second.substr(7));
  EXPECT_EQ(Drain(framer), (std::vector<Got>{{'Q', Z("SELECT 'second'")}}));
}

TEST(FramerTest, PrepareWriteAndCommitReceiveInPlace) {
  Framer framer = RegularFramer();
  const std::string message = Msg('Q', Z("in place"));
  std::span<char> space = framer.PrepareWrite(message.size());
  ASSERT_GE(space.size(), message.size());
  std::memcpy(space.data(), message.data(), message.size());
  framer.Commit(message.size());
  EXPECT_EQ(Drain(framer), (std::vector<Got>{{'Q', Z("in place")}}));
  std::span<char> again = framer.PrepareWrite(0);
  EXPECT_FALSE(again.empty());
  EXPECT_THROW(framer.Commit(again.size() + 1), SqlError);
}

TEST(FramerTest, SetModeRereadsHeader) {
  Framer framer;
  framer.Append("Q");
  EXPECT_FALSE(framer.Next().has_value());  // startup mode: needs 4 bytes
  framer.SetMode(Framer::Mode::kRegular);
  framer.Append(Be32(4));
  EXPECT_EQ(Drain(framer), (std::vector<Got>{{'Q', ""}}));
}

// 100 MB Query in 64 KiB pieces, received in place, compacting after each read as a session
// would. Quadratic copying would take minutes here; linear takes well under a second.
TEST(FramerTest, HundredMegabyteQueryInSmallPieces) {
  constexpr size_t kBody = 100u * 1024 * 1024;
  constexpr size_t kPiece = 64 * 1024;
  std::string header = "Q" + Be32(static_cast<uint32_t>(kBody + 4));
  Framer framer = RegularFramer();
  framer.Append(header);
  const auto start = std::chrono::steady_clock::now();
  size_t sent = 0;
  std::optional<Frame> frame;
  while (!frame) {
    ASSERT_LT(sent, kBody + 1);
    const size_t n = std::min(kPiece, kBody - sent);
    std::span<char> space = framer.PrepareWrite(n);
    for (size_t i = 0; i < n; ++i) {
      const size_t at = sent + i;
      space[i] = at + 1 == kBody ? '\0' : static_cast<char>('a' + at % 26);
    }
    framer.Commit(n);
    sent += n;
    frame = framer.Next();
    if (!frame) {
      EXPECT_EQ(framer.BytesNeeded(), kBody - sent);
      framer.Compact();
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(sent, kBody);
  ASSERT_EQ(frame->body.size(), kBody);
  EXPECT_EQ(frame->body[0], 'a');
  EXPECT_EQ(frame->body[kBody / 2], static_cast<char>('a' + (kBody / 2) % 26));
  EXPECT_EQ(frame->body[kBody - 1], '\0');
  EXPECT_LE(framer.capacity(), 2 * (kBody + header.size()) + 64 * 1024);
  RecordProperty("seconds", std::to_string(seconds));
  std::printf("100 MB in 64 KiB pieces: %.3f s\n", seconds);

  framer.Compact();  // large message consumed: memory is handed back
  EXPECT_EQ(framer.capacity(), 0u);
}

TEST(FramerTest, HundredMegabyteQueryViaAppend) {
  constexpr size_t kBody = 100u * 1024 * 1024;
  const std::string piece(64 * 1024, 'x');
  Framer framer = RegularFramer();
  framer.Append("Q" + Be32(static_cast<uint32_t>(kBody + 4)));
  size_t sent = 0;
  while (sent < kBody) {
    const size_t n = std::min(piece.size(), kBody - sent);
    framer.Append(std::string_view(piece).substr(0, n));
    sent += n;
    if (sent < kBody) {
      ASSERT_FALSE(framer.Next().has_value());
    }
  }
  auto frame = framer.Next();
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(frame->body.size(), kBody);
}

TEST(FramerTest, ResetDropsEverything) {
  Framer framer = RegularFramer();
  framer.Append("Q" + Be32(100) + "abc");
  EXPECT_FALSE(framer.Next().has_value());
  framer.Reset();
  EXPECT_EQ(framer.buffered(), 0u);
  framer.Append(Msg('S', ""));
  EXPECT_EQ(Drain(framer), (std::vector<Got>{{'S', ""}}));
}

}  // namespace
}  // namespace sb::wire
