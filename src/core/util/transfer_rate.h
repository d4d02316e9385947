#pragma once
// Speed and time left of a download, for a progress bar people can plan by. The speed is
// smoothed over the last few seconds, so a stall shows within seconds but one slow chunk does
// not swing the estimate.
#include <deque>
#include <optional>
#include <string>
#include <utility>

namespace wl {

class TransferRate {
 public:
  explicit TransferRate(double window_ms = 4000) : window_ms_(window_ms) {}
  // A reading: `received` bytes in all, at `now_ms`. Readings going backwards (a retry that
  // starts again) reset the rate.
  void sample(double now_ms, double received);
  void reset() { samples_.clear(); }
  // Bytes per second over the window; nullopt until two readings at least 200 ms apart exist.
  std::optional<double> bytes_per_second() const;
  // Seconds until `total` bytes, at the current speed; nullopt when unknown.
  std::optional<double> seconds_left(double total) const;

 private:
  double window_ms_;
  std::deque<std::pair<double, double>> samples_;  // (time, received)
};

// "3.1 of 9.2 MB · 1.2 MB/s · 6 s left", or "3.1 MB" while the size is unknown (decimal units,
// as download sizes are quoted).
std::string describe_transfer(double received, double total, const TransferRate& rate);

// "850 KB", "9.2 MB", "1.2 GB".
std::string format_size(double bytes);
// "6 s", "2 min 5 s", "1 h 3 min".
std::string format_duration(double seconds);

}  // namespace wl
