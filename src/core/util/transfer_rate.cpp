#include "core/util/transfer_rate.h"

#include <cmath>
#include <cstdio>

namespace wl {

void TransferRate::sample(double now_ms, double received) {
  if (!samples_.empty() && received < samples_.back().second) samples_.clear();
  samples_.emplace_back(now_ms, received);
  // Keep one reading older than the window, so the window is always covered.
  while (samples_.size() > 2 && now_ms - samples_[1].first > window_ms_) samples_.pop_front();
}

std::optional<double> TransferRate::bytes_per_second() const {
  if (samples_.size() < 2) return std::nullopt;
  const auto& [t0, b0] = samples_.front();
  const auto& [t1, b1] = samples_.back();
  if (t1 - t0 < 200) return std::nullopt;
  return (b1 - b0) * 1000.0 / (t1 - t0);
}

std::optional<double> TransferRate::seconds_left(double total) const {
  const auto speed = bytes_per_second();
  if (!speed || *speed <= 0 || total <= 0 || samples_.empty()) return std::nullopt;
  return std::max(0.0, total - samples_.back().second) / *speed;
}

std::string format_size(double bytes) {
  char buf[32];
  if (bytes < 1e3) std::snprintf(buf, sizeof buf, "%.0f bytes", bytes);
  else if (bytes < 1e6) std::snprintf(buf, sizeof buf, "%.0f KB", bytes / 1e3);
  else if (bytes < 1e9) std::snprintf(buf, sizeof buf, "%.1f MB", bytes / 1e6);
  else std::snprintf(buf, sizeof buf, "%.2f GB", bytes / 1e9);
  return buf;
}

std::string format_duration(double seconds) {
  const long s = std::lround(std::max(0.0, seconds));
  char buf[32];
  if (s < 60) std::snprintf(buf, sizeof buf, "%ld s", s);
  else if (s < 3600) std::snprintf(buf, sizeof buf, "%ld min %ld s", s / 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%ld h %ld min", s / 3600, (s % 3600) / 60);
  return buf;
}

std::string describe_transfer(double received, double total, const TransferRate& rate) {
  std::string out;
  if (total > 0) {
    // Both in the unit of the total, so "3.1 of 9.2 MB" reads at a glance.
    std::string t = format_size(total);
    std::string r = format_size(received);
    const auto unit_of = [](const std::string& s) { return s.substr(s.find(' ') + 1); };
    if (unit_of(r) == unit_of(t)) r = r.substr(0, r.find(' '));
    out = r + " of " + t;
  } else {
    out = format_size(received);
  }
  if (const auto speed = rate.bytes_per_second()) {
    out += " · " + format_size(*speed) + "/s";
    if (const auto left = rate.seconds_left(total)) out += " · " + format_duration(*left) + " left";
  }
  return out;
}

}  // namespace wl
