// The PostgreSQL version SmarterBase speaks as. Clients choose their SQL by it (psql's \d,
// SQLAlchemy's and asyncpg's catalog queries), so it must start with "15.".
#pragma once

namespace sb::worker {

inline constexpr const char* kServerVersion = "15.0 (SmarterBase 0.1.0)";
inline constexpr const char* kServerVersionNum = "150000";
inline constexpr const char* kVersionString =
    "PostgreSQL 15.0 (SmarterBase 0.1.0) on x86_64-pc-linux-gnu, compiled by g++, 64-bit";

}  // namespace sb::worker
