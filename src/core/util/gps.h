#pragma once
// A GPS position, shared by the EXIF reader and the results model (one definition, so a file
// may include both).
#include <optional>

namespace wl {

struct GpsPosition {
  double latitude = 0;   // degrees, north positive, within [-90, 90]
  double longitude = 0;  // degrees, east positive, within [-180, 180]
  std::optional<double> altitude_m;  // metres above sea level (negative below)
  bool operator==(const GpsPosition&) const = default;
};

}  // namespace wl
