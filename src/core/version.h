#pragma once
// One place for the versions the About panel and the exports report.
namespace wl {
inline constexpr const char* kAppName = "CamTrap Studio";
inline constexpr const char* kAppVersion = "0.1.0";
}  // namespace wl
