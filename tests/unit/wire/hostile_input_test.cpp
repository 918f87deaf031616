// Random and mutated input through the framer and every decoder: the only acceptable failure
// is SqlError (run under -DSB_SANITIZE=address,undefined to also catch memory errors).
#include <gtest/gtest.h>

#include <random>

#include "shared/wire/framer.h"
#include "shared/wire/frontend_messages.h"
#include "shared/wire/startup_packet.h"
#include "tests/unit/wire/wire_test_util.h"

namespace sb::wire {
namespace {

using namespace std::string_literals;
using test::Be16;
using test::Be32;
using test::Z;

// Runs every decoder on body; returns how many accepted it.
int DecodeAll(std::string_view body) {
  int accepted = 0;
  auto attempt = [&](auto&& decode) {
    try {
      decode();
      ++accepted;
    } catch (const SqlError&) {
    }
  };
  attempt([&] { DecodeQuery(body); });
  attempt([&] { DecodeParse(body); });
  attempt([&] { DecodeBind(body); });
  attempt([&] { DecodeDescribe(body); });
  attempt([&] { DecodeExecute(body); });
  attempt([&] { DecodeClose(body); });
  attempt([&] { DecodeCopyFail(body); });
  attempt([&] { DecodeEmpty(body); });
  attempt([&] { DecodeSaslInitialResponse(body); });
  attempt([&] { DecodeSaslResponse(body); });
  attempt([&] { DecodePasswordMessage(body); });
  attempt([&] { DecodeStartupPacket(body); });
  return accepted;
}

TEST(HostileInputTest, RandomStreamsOnlyEverRaiseSqlError) {
  std::mt19937 rng(12345);
  const std::string alphabet = "QPBDESHCXpdcf\0\xff\x01\x7f"s;
  int frames = 0;
  for (int round = 0; round < 2000; ++round) {
    Framer framer({.large_message_limit = 1 << 16});
    if (round % 2 == 1) framer.SetMode(Framer::Mode::kRegular);
    // Plausible frames (type, small length, random body), then occasional corruption.
    std::string stream;
    if (round % 2 == 0) stream += Be32(4 + 4 + rng() % 24) + Be32(196608);
    const int messages = 1 + static_cast<int>(rng() % 4);
    for (int m = 0; m < messages; ++m) {
      const size_t body_size = rng() % 24;
      if (round % 2 == 1) stream += alphabet[rng() % alphabet.size()];
      stream += Be32(static_cast<uint32_t>(4 + body_size));
      for (size_t i = 0; i < body_size; ++i) {
        stream +=
            (rng() % 3 == 0) ? alphabet[rng() % alphabet.size()] : static_cast<char>(rng() % 12);
      }
      if (round % 2 == 0) break;  // startup mode: one packet
    }
    if (rng() % 4 == 0) stream[rng() % stream.size()] = static_cast<char>(rng());
    try {
      size_t at = 0;
      while (at < stream.size()) {
        const size_t n = 1 + rng() % 8;
        framer.Append(std::string_view(stream).substr(at, n));
        at += n;
        while (auto frame = framer.Next()) {
          ++frames;
          DecodeAll(frame->body);
        }
        framer.Compact();
      }
    } catch (const SqlError&) {
    }
  }
  EXPECT_GT(frames, 0);
}

TEST(HostileInputTest, MutatedValidMessagesOnlyEverRaiseSqlError) {
  const std::vector<std::string> seeds = {
      Z("SELECT 1"),
      Z("s") + Z("SELECT $1") + Be16(1) + Be32(23),
      Z("p") + Z("s") + Be16(1) + Be16(1) + Be16(2) + Be32(1) + "1" + Be32(0xffffffff) + Be16(0),
      "S" + Z("s"),
      Z("p") + Be32(10),
      Z("SCRAM-SHA-256") + Be32(3) + "abc",
      Be32(196608) + Z("user") + Z("u") + "\0"s,
      Be32(80877102) + Be32(1) + Be32(2),
  };
  std::mt19937 rng(777);
  int accepted = 0;
  for (const std::string& seed : seeds) {
    accepted += DecodeAll(seed);
    for (int i = 0; i < 3000; ++i) {
      std::string body = seed;
      switch (rng() % 3) {
        case 0:  // flip a byte
          body[rng() % body.size()] = static_cast<char>(rng());
          break;
        case 1:  // truncate
          body.resize(rng() % body.size());
          break;
        default:  // extend
          body += static_cast<char>(rng() % 3);
          break;
      }
      accepted += DecodeAll(body);
    }
  }
  EXPECT_GT(accepted, 0);
}

}  // namespace
}  // namespace sb::wire
