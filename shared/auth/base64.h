// Base64 (RFC 4648, standard alphabet, '=' padding) for the SCRAM messages and verifiers.
//
// Pure functions, used by whichever worker thread runs an authentication exchange. Decoding is
// strict (no whitespace, padding only at the end, zero trailing bits) because the input comes
// from unauthenticated clients and a lenient decoder would accept several spellings of one proof.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sb::auth {

std::string Base64Encode(std::span<const std::uint8_t> bytes);
std::string Base64Encode(std::string_view bytes);

// std::nullopt when `text` is not canonical base64.
std::optional<std::vector<std::uint8_t>> Base64Decode(std::string_view text);

}  // namespace sb::auth
