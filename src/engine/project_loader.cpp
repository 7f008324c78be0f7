#include "engine/project_loader.hpp"

namespace pm::engine {

namespace {

std::string adapter_names() {
  std::string names;
  for (const auto* adapter : adapters::all_adapters()) {
    if (!names.empty()) names += ", ";
    names += adapter->name();
  }
  return names;
}

}  // namespace

LoadedProject load_project(const std::filesystem::path& root,
                           const std::optional<std::string>& framework,
                           const adapters::LoadOptions& options) {
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec))
    throw InputError("'" + root.string() + "' is not a folder");

  const adapters::Adapter* adapter = nullptr;
  if (framework) {
    adapter = adapters::find_adapter(*framework);
    if (!adapter)
      throw InputError("unknown framework '" + *framework + "' (known: " + adapter_names() + ")");
  } else {
    auto found = adapters::detect_adapters(root);
    if (found.empty())
      throw InputError("no migration project found in '" + root.string() + "' (looked for: " +
                       adapter_names() + "); pass --framework to say which it is");
    if (found.size() > 1) {
      std::string names;
      for (const auto* a : found)
        names += std::string(names.empty() ? "" : ", ") + std::string(a->name());
      throw InputError("'" + root.string() + "' holds several projects (" + names +
                       "); pass --framework to pick one");
    }
    adapter = found.front();
  }
  return {adapter, adapter->load(std::filesystem::absolute(root).lexically_normal(), options)};
}

}  // namespace pm::engine
