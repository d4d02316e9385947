#pragma once
// The one App of the page, for the exported automation functions (app_exports.cpp).
#include "app/app.h"

namespace wl::web {
app::App* app_instance();
}
