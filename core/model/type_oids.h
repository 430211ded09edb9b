#pragma once

#include <cstdint>

// PostgreSQL's built-in type OIDs (pg_type.dat), the same on every server and version: what a
// Column's typeOid holds for the types the code names.
namespace syncline::type_oids {

constexpr std::uint32_t kBool = 16;
constexpr std::uint32_t kBytea = 17;
constexpr std::uint32_t kInt8 = 20;
constexpr std::uint32_t kInt2 = 21;
constexpr std::uint32_t kInt4 = 23;
constexpr std::uint32_t kText = 25;
constexpr std::uint32_t kOid = 26;
constexpr std::uint32_t kFloat4 = 700;
constexpr std::uint32_t kFloat8 = 701;
constexpr std::uint32_t kTextArray = 1009;
constexpr std::uint32_t kVarchar = 1043;
constexpr std::uint32_t kDate = 1082;
constexpr std::uint32_t kTimestamp = 1114;
constexpr std::uint32_t kTimestamptz = 1184;
constexpr std::uint32_t kInterval = 1186;
constexpr std::uint32_t kBit = 1560;
constexpr std::uint32_t kNumeric = 1700;

} // namespace syncline::type_oids
