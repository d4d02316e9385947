#pragma once
// Writes a run as COCO Camera Traps JSON (the format of LILA's camera-trap datasets and of
// MegaDetector's md_to_coco):
//   info:        version, description, date_created, contributor (the app), detector,
//                classifier (when one ran), confidence_threshold (the detection threshold the
//                export applied, 0 for every candidate), classification_threshold (the one
//                species were called at; only when the run has species)
//   images:      id (= file_name), file_name, width, height, datetime, seq_id,
//                seq_num_frames, frame_num, and for failed images a "failure" member
//   categories:  {id: 0, name: "empty"}, the detection categories with their integer ids,
//                then the species: every classification category the run names (except
//                "unknown" entries of older files) with id = offset + classification id,
//                offset the first multiple of 1000 above every detection id (1000 for
//                MegaDetector's: classification "5" is category 1005). LILA's sets name
//                species this way, one category per species beside "empty".
//   annotations: one per exported detection: id, image_id, category_id, bbox [x, y, w, h]
//                in absolute pixels, score (the detector's confidence, the semi-standard
//                member pycocotools reads); and one per image without detections, with the
//                "empty" category and no bbox, as CCT records empty images.
//                category_id is the detection's species when one is called (the reviewer's,
//                or the model's best class at or above the classification threshold), else
//                its detection category; detection_category_id always holds the detection
//                category (when the run has species), species the called name ("unknown"
//                below the threshold), species_conf the model's confidence in a called
//                species (absent for a reviewer's and for "unknown"), species_reviewed: true
//                for a reviewer's species.
// Relabelled detections carry the reviewer's category; rejected ones are left out. Non-
// standard members other tools ignore: reviewed, classification / classification_conf (the
// model's top class, whatever the threshold), detection_category_id, species*, and the
// image label.
//
// Pixels: bbox = normalised box x image size. Rounded mode first rounds the normalised box
// to MegaDetector's 4 decimals (what an MD file would hold) and the pixels to 2 decimals;
// full precision multiplies the stored doubles.
#include <string>

#include "core/results/export_options.h"
#include "core/results/run_results.h"
#include "core/util/result.h"

namespace wl {

struct CctWriteOptions {
  ExportOptions exp;
  std::string description;     // info.description
  bool include_failed = true;  // list failed images (with "failure"), as md_to_coco does
  int indent = 1;
};

// Fails when a detection needs pixel coordinates but its image size is unknown, or when a
// category id is not a whole number (COCO ids are integers).
Result<std::string> write_coco_camera_traps(const RunResults& run, const CctWriteOptions& options = {});

}  // namespace wl
