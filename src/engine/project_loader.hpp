// Finds which framework a folder holds and reads it through that framework's adapter.
// The engine's entry point for every command that takes a PROJECT.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

#include "adapters/adapter.hpp"
#include "model/project.hpp"

namespace pm::engine {

// Bad input the user can fix (no project there, ambiguous framework): exit code 2.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct LoadedProject {
  const adapters::Adapter* adapter = nullptr;
  model::Project project;
};

// `framework` forces the adapter; otherwise exactly one adapter must detect the folder.
LoadedProject load_project(const std::filesystem::path& root,
                           const std::optional<std::string>& framework,
                           const adapters::LoadOptions& options);

}  // namespace pm::engine
