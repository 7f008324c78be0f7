// An adapter whose framework polymigrate recognises but cannot read yet: scan and detection
// name it, and every other use fails with a clear "not available yet", never a fake result.
#pragma once

#include "adapters/adapter.hpp"

namespace pm::adapters {

class PlannedAdapter : public Adapter {
 public:
  using Detector = bool (*)(const std::filesystem::path& root);
  PlannedAdapter(std::string_view name, std::string_view issue, Detector detector)
      : name_(name), issue_(issue), detector_(detector) {}

  std::string_view name() const override { return name_; }
  bool detect(const std::filesystem::path& root) const override { return detector_(root); }
  model::Project load(const std::filesystem::path&, const LoadOptions&) const override { fail(); }
  std::unique_ptr<VersionTable> version_table(const model::Project&, model::Dialect) const override { fail(); }

 private:
  [[noreturn]] void fail() const {
    throw NotAvailable("the " + std::string(name_) + " adapter is not available yet (" + std::string(issue_) + ")");
  }

  std::string_view name_;
  std::string_view issue_;
  Detector detector_;
};

}  // namespace pm::adapters
