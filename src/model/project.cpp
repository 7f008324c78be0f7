#include "model/project.hpp"

namespace pm::model {

Diagnostics Project::all_diagnostics() const {
  Diagnostics out = diagnostics;
  out.insert(out.end(), history.diagnostics().begin(), history.diagnostics().end());
  return out;
}

}  // namespace pm::model
