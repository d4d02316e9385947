#pragma once
// The results of one detection run over a set of images (or video frames): what the
// detector (and an optional classifier) said about each file, plus what a human reviewer
// changed afterwards. This is the model every export (MegaDetector JSON, CSV, COCO Camera
// Traps) is written from and the MegaDetector JSON reader fills.
//
// Values are kept as the model produced them (double, unrounded). Rounding to the 3/4
// decimals MegaDetector writes happens only in the writers, so a run can be saved at full
// precision and exported rounded without drift.
//
// Category ids are strings ("1", "2", ...) because that is what the MegaDetector format
// uses as keys; the maps turn them into names.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/util/gps.h"

namespace wl {

// Normalised [x_min, y_min, width, height], origin top-left, in [0,1] of the image frame
// (after EXIF rotation), exactly the MegaDetector `bbox`.
struct NormBox {
  double x = 0, y = 0, w = 0, h = 0;
  bool operator==(const NormBox&) const = default;
};

// One entry of a detection's `classifications` list: [category id, confidence].
struct Classification {
  std::string category;
  double conf = 0;
  bool operator==(const Classification&) const = default;
};

// What a reviewer decided about one detection. Exports honour it: rejected detections are
// dropped, relabelled ones are written with the reviewer's category.
enum class ReviewState {
  Unreviewed,
  Accepted,
  Rejected,
  Relabelled,
};
const char* to_string(ReviewState state);                            // "", "accepted", "rejected", "changed"
std::optional<ReviewState> review_state_from_string(const std::string& text);

struct Review {
  Review() = default;
  // Not an aggregate, so {state, category} keeps compiling without naming the species.
  Review(ReviewState s, std::string c = {}, std::string sp = {})
      : state(s), category(std::move(c)), species(std::move(sp)) {}
  ReviewState state = ReviewState::Unreviewed;
  std::string category;  // the reviewer's detection category id; used when state is Relabelled
  // The reviewer's species: a classification category id (one of the classifier's, or one
  // added for a name the reviewer typed). Empty: the reviewer did not name the species.
  std::string species;
  bool operator==(const Review&) const = default;
};

// Raw JSON text of members a reader did not understand, keyed by member name. Kept so that
// reading a file and writing it back does not lose fields written by other tools.
using ExtraFields = std::map<std::string, std::string>;

struct DetectionRecord {
  std::string category;                   // detector's category id
  std::optional<double> conf;             // absent only in legacy files that never had one
  NormBox bbox;
  std::vector<Classification> classifications;  // sorted by conf, descending
  std::optional<int> frame_number;        // video: the frame this box belongs to
  Review review;
  ExtraFields extra;

  // The category an export should show: the reviewer's when relabelled, else the detector's.
  const std::string& effective_category() const {
    return review.state == ReviewState::Relabelled ? review.category : category;
  }
  bool operator==(const DetectionRecord&) const = default;
};

// Facts read from the image's EXIF block by the EXIF module, stored as text so the model
// does not depend on it.
struct ExifFacts {
  std::string datetime;  // ISO 8601 local time, "2010-08-19T18:24:57"; empty when unknown
  std::string make, model;
  std::optional<GpsPosition> gps;
  bool operator==(const ExifFacts&) const = default;
};

// A label for the whole image (a species from a classifier, or a person's tag).
struct ImageLabel {
  std::string name;
  std::optional<double> conf;  // absent for a human label
  std::string source;          // who said it: a classifier name, "human", ...
  bool operator==(const ImageLabel&) const = default;
};

// Position of an image in a burst/sequence (COCO Camera Traps `seq_id`, `frame_num`).
struct SequenceInfo {
  std::string seq_id;
  std::optional<int> frame_num;
  std::optional<int> num_frames;
  bool operator==(const SequenceInfo&) const = default;
};

struct ImageRecord {
  std::string file;                    // path relative to the chosen folder, as given
  std::optional<int> width, height;    // pixel size after EXIF rotation
  std::vector<DetectionRecord> detections;
  std::optional<std::string> failure;  // set when the image could not be processed
  std::string warning;                 // processed, but with a caveat ("truncated file")
  std::optional<ImageLabel> label;
  ExifFacts exif;
  std::optional<SequenceInfo> sequence;
  std::optional<double> frame_rate;    // video files only
  std::vector<int> frames_processed;   // video files only
  ExtraFields extra;

  bool failed() const { return failure.has_value(); }
  bool operator==(const ImageRecord&) const = default;
};

struct DetectorInfo {
  std::string name;                  // MegaDetector `info.detector`, the model file name
  std::string version;               // `detector_metadata.megadetector_version`
  std::string model_sha256;          // hash of the model file that ran
  std::optional<double> typical_threshold;       // suggested default for reviewers
  std::optional<double> conservative_threshold;  // suggested low threshold
  std::optional<double> output_threshold;        // detections below it were not kept
  std::optional<double> nms_iou;
  std::optional<int> input_size;     // long side of the network input, e.g. 1280
  std::string completion_time;       // "YYYY-MM-DD HH:MM:SS"
  ExtraFields metadata_extra;        // unknown members of `detector_metadata`
  bool operator==(const DetectorInfo&) const = default;
};

struct ClassifierInfo {
  std::string name;
  std::string completion_time;
  std::optional<double> typical_threshold;
  ExtraFields metadata_extra;  // unknown members of `classifier_metadata`
  bool operator==(const ClassifierInfo&) const = default;
};

using CategoryNames = std::map<std::string, std::string>;  // id -> name

struct RunResults {
  std::string format_version;  // as read; writers always write their own version
  DetectorInfo detector;
  ClassifierInfo classifier;
  CategoryNames detection_categories;
  CategoryNames classification_categories;
  CategoryNames classification_category_descriptions;
  std::vector<ImageRecord> images;
  ExtraFields info_extra;  // unknown members of `info`
  ExtraFields extra;       // unknown top-level members

  bool operator==(const RunResults&) const = default;
};

// MegaDetector's own categories, used when a file has no `detection_categories`.
CategoryNames megadetector_default_categories();

// Sorts by confidence, highest first; ties keep their order.
void sort_classifications(std::vector<Classification>& list);

// Name of a category id, or the id itself when the map does not know it.
std::string category_name(const CategoryNames& map, const std::string& id);

}  // namespace wl
