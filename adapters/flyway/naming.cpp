#include "adapters/flyway/naming.hpp"

#include <algorithm>
#include <utility>

#include "adapters/flyway/version.hpp"

namespace pm::flyway {

namespace {

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  return out;
}

bool ends_with_ignore_case(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         upper(text.substr(text.size() - suffix.size())) == upper(suffix);
}

bool is_versioned(ResourceType type) {
  return type == ResourceType::versioned || type == ResourceType::undo ||
         type == ResourceType::baseline_migration;
}

// The prefix list as ResourceNameParser.populatePrefixes builds it: the providers' pairs in
// plugin order, then a stable sort by descending length.
std::vector<std::pair<std::string, ResourceType>> prefixes(const NamingConfig& config) {
  std::vector<std::pair<std::string, ResourceType>> out;
  out.emplace_back(config.versioned_prefix, ResourceType::versioned);
  out.emplace_back(config.repeatable_prefix, ResourceType::repeatable);
  for (const std::string& id : callback_event_ids()) out.emplace_back(id, ResourceType::callback);
  out.emplace_back(config.baseline_prefix, ResourceType::baseline_migration);
  out.emplace_back(config.undo_prefix, ResourceType::undo);
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  return out;
}

}  // namespace

const char* to_string(ResourceType type) {
  switch (type) {
    case ResourceType::versioned:
      return "versioned";
    case ResourceType::repeatable:
      return "repeatable";
    case ResourceType::undo:
      return "undo";
    case ResourceType::baseline_migration:
      return "baseline_migration";
    case ResourceType::callback:
      return "callback";
  }
  return "versioned";
}

const std::vector<std::string>& callback_event_ids() {
  // In Event.java's order. Several *_OPERATION_FINISH events share the id
  // "afterInfoOperationFinish" upstream; the id is listed once.
  static const std::vector<std::string> ids = {"beforeClean",
                                               "afterClean",
                                               "afterCleanError",
                                               "beforeMigrate",
                                               "beforeEachMigrate",
                                               "beforeEachMigrateStatement",
                                               "afterEachMigrateStatement",
                                               "afterEachMigrateStatementError",
                                               "afterEachMigrate",
                                               "afterEachMigrateError",
                                               "beforeRepeatables",
                                               "afterVersioned",
                                               "afterMigrateApplied",
                                               "afterMigrate",
                                               "afterMigrateError",
                                               "beforeUndo",
                                               "beforeEachUndo",
                                               "beforeEachUndoStatement",
                                               "afterEachUndoStatement",
                                               "afterEachUndoStatementError",
                                               "afterEachUndo",
                                               "afterEachUndoError",
                                               "afterUndo",
                                               "afterUndoError",
                                               "beforeValidate",
                                               "afterValidate",
                                               "afterValidateError",
                                               "beforeBaseline",
                                               "afterBaseline",
                                               "afterBaselineError",
                                               "beforeRepair",
                                               "afterRepair",
                                               "afterRepairError",
                                               "beforeInfo",
                                               "afterInfo",
                                               "afterInfoError",
                                               "afterMigrateOperationFinish",
                                               "afterInfoOperationFinish",
                                               "createSchema",
                                               "beforeCreateSchema",
                                               "beforeConnect",
                                               "afterConnect"};
  return ids;
}

bool has_migration_suffix(std::string_view filename, const NamingConfig& config) {
  return std::any_of(
      config.suffixes.begin(), config.suffixes.end(), [&](const std::string& suffix) {
        return filename.size() > suffix.size() && ends_with_ignore_case(filename, suffix);
      });
}

ResourceNameParser::ResourceNameParser(NamingConfig config)
    : config_(std::move(config)), prefixes_(prefixes(config_)) {}

ResourceName parse_resource_name(std::string_view filename, const NamingConfig& config) {
  return ResourceNameParser(config).parse(filename);
}

ResourceName ResourceNameParser::parse(std::string_view filename) const {
  const NamingConfig& config = config_;
  ResourceName result;

  std::string_view stem = filename;
  for (const std::string& suffix : config.suffixes) {
    if (ends_with_ignore_case(filename, suffix)) {
      stem = filename.substr(0, filename.size() - suffix.size());
      result.suffix = std::string(filename.substr(stem.size()));
      break;
    }
  }

  for (const auto& [prefix, type] : prefixes_) {
    if (stem.substr(0, prefix.size()) != prefix) continue;
    result.prefix = prefix;
    result.type = type;
    std::string_view rest = stem.substr(prefix.size());
    std::size_t sep = rest.find(config.separator);  // "" is found at 0, as String.indexOf does
    std::string_view left = sep == std::string_view::npos ? rest : rest.substr(0, sep);
    std::string_view right = sep == std::string_view::npos
                                 ? std::string_view()
                                 : rest.substr(sep + config.separator.size());
    result.version = std::string(left);
    result.raw_description = std::string(right);
    result.description = result.raw_description;
    std::replace(result.description.begin(), result.description.end(), '_', ' ');

    std::string example = right.empty() ? std::string("description") : std::string(right);
    result.valid = true;
    if (!is_versioned(type)) {
      if (!left.empty()) {
        result.valid = false;
        result.message =
            "Invalid repeatable migration / callback name format: " + std::string(filename) +
            " (It cannot contain a version and should look like this: " + prefix +
            config.separator + example + result.suffix + ")";
      }
    } else if (left.empty()) {
      result.valid = false;
      result.message = "Invalid versioned migration name format: " + std::string(filename) +
                       " (It must contain a version and should look like this: " + prefix + "1.2" +
                       config.separator + example + result.suffix + ")";
    } else if (!MigrationVersion::parse(left)) {
      result.valid = false;
      result.message = "Invalid versioned migration name format: " + std::string(filename) +
                       " (could not recognise version number " + std::string(left) + ")";
    }
    return result;
  }

  result.message = "Unrecognised migration name format: " + std::string(filename);
  return result;
}

}  // namespace pm::flyway
