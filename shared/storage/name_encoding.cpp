#include "shared/storage/name_encoding.h"

#include <openssl/evp.h>

#include "shared/errors/sql_error.h"
#include "shared/storage/utf8.h"

namespace sb::storage {
namespace {

constexpr char kHexUpper[] = "0123456789ABCDEF";
constexpr char kHexLower[] = "0123456789abcdef";

bool IsKeptByte(unsigned char c, bool leading) {
  if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') return true;
  return (c == '_' || c == '.') && !leading;
}

int HexValueUpper(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// 16 lower-case hex digits of SHA-256(data).
std::string ShortHash(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1 ||
      length < 8) {
    ThrowSqlError(SqlState::kInternalError, "SHA-256 digest failed");
  }
  std::string out;
  out.reserve(16);
  for (int i = 0; i < 8; ++i) {
    out.push_back(kHexLower[digest[i] >> 4]);
    out.push_back(kHexLower[digest[i] & 0xF]);
  }
  return out;
}

}  // namespace

std::string EncodeNameUnbounded(std::string_view name) {
  if (name.empty()) return "%";
  std::string out;
  out.reserve(name.size() + 8);
  for (size_t i = 0; i < name.size(); ++i) {
    auto c = static_cast<unsigned char>(name[i]);
    if (IsKeptByte(c, i == 0)) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHexUpper[c >> 4]);
      out.push_back(kHexUpper[c & 0xF]);
    }
  }
  return out;
}

std::string BoundComponent(std::string encoded, std::string_view full) {
  if (encoded.size() <= kMaxComponentBytes) return encoded;
  size_t cut = kMaxComponentBytes - kHashSuffixBytes;
  // Never split a "%XX" triple: a '%' within the last two kept bytes starts a cut triple.
  for (size_t back = 1; back <= 2 && back <= cut; ++back) {
    if (encoded[cut - back] == '%') {
      cut -= back;
      break;
    }
  }
  encoded.resize(cut);
  encoded.push_back('~');
  encoded += ShortHash(full);
  return encoded;
}

std::string EncodeName(std::string_view name) {
  return BoundComponent(EncodeNameUnbounded(name), name);
}

std::optional<std::string> DecodeName(std::string_view component) {
  if (component.empty() || component.size() > kMaxComponentBytes) return std::nullopt;
  if (component == "%") return std::string();
  std::string out;
  out.reserve(component.size());
  for (size_t i = 0; i < component.size(); ++i) {
    auto c = static_cast<unsigned char>(component[i]);
    if (c == '%') {
      if (i + 2 >= component.size()) return std::nullopt;
      int high = HexValueUpper(component[i + 1]);
      int low = HexValueUpper(component[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      auto decoded = static_cast<unsigned char>(high * 16 + low);
      // A byte EncodeName keeps must not appear encoded: one name, one spelling.
      if (IsKeptByte(decoded, out.empty())) return std::nullopt;
      out.push_back(static_cast<char>(decoded));
      i += 2;
    } else if (IsKeptByte(c, out.empty())) {
      out.push_back(static_cast<char>(c));
    } else {
      return std::nullopt;
    }
  }
  return out;
}

bool IsHashedName(std::string_view component) {
  // BoundComponent keeps 181..183 encoded bytes (it never splits a "%XX" triple).
  constexpr size_t kLongestHead = kMaxComponentBytes - kHashSuffixBytes;
  if (component.size() > kMaxComponentBytes || component.size() + 2 < kMaxComponentBytes) {
    return false;
  }
  std::string_view head = component.substr(0, component.size() - kHashSuffixBytes);
  std::string_view suffix = component.substr(head.size());
  if (head.size() > kLongestHead || suffix[0] != '~') return false;
  for (char c : suffix.substr(1)) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return DecodeName(head).has_value();
}

bool IsEncodedName(std::string_view component) {
  return DecodeName(component).has_value() || IsHashedName(component);
}

std::string_view NameKindWord(NameKind kind) {
  switch (kind) {
    case NameKind::kDatabase:
      return "database";
    case NameKind::kTable:
      return "table";
    case NameKind::kColumn:
      return "column";
    case NameKind::kIndex:
      return "index";
    case NameKind::kSequence:
      return "sequence";
    case NameKind::kConstraint:
      return "constraint";
  }
  return "object";
}

NameProblem CheckSqlName(std::string_view name) {
  if (name.empty()) return NameProblem::kEmpty;
  if (name.find('\0') != std::string_view::npos) return NameProblem::kContainsNul;
  if (name.size() > kMaxSqlNameBytes) return NameProblem::kTooLong;
  if (!IsValidUtf8(name)) return NameProblem::kInvalidUtf8;
  return NameProblem::kNone;
}

std::string_view NameProblemText(NameProblem problem) {
  switch (problem) {
    case NameProblem::kNone:
      return "name is valid";
    case NameProblem::kEmpty:
      return "name is empty";
    case NameProblem::kContainsNul:
      return "name contains a NUL byte";
    case NameProblem::kTooLong:
      return "name is longer than 63 bytes";
    case NameProblem::kInvalidUtf8:
      return "name is not valid UTF-8";
  }
  return "invalid name";
}

void ValidateSqlName(NameKind kind, std::string_view name) {
  NameProblem problem = CheckSqlName(name);
  switch (problem) {
    case NameProblem::kNone:
      return;
    case NameProblem::kTooLong:
      ThrowSqlError(SqlState::kNameTooLong, "{} name \"{}\" is too long (maximum is 63 bytes)",
                    NameKindWord(kind), name.substr(0, kMaxSqlNameBytes));
    default:
      ThrowSqlError(SqlState::kUndefinedDatabaseObjectName, "invalid {} name: {}",
                    NameKindWord(kind), NameProblemText(problem));
  }
}

}  // namespace sb::storage
