#include "adapters/alembic/new_revision.hpp"

#include <random>
#include <stdexcept>

#include "adapters/alembic/project_writer.hpp"
#include "adapters/project_files.hpp"
#include "schema/replay.hpp"

namespace pm::alembic {

namespace {

namespace fs = std::filesystem;

std::string setting(const model::Project& project, const char* key, const std::string& fallback) {
  auto it = project.config.settings.find(key);
  return it == project.config.settings.end() || it->second.empty() ? fallback : it->second;
}

std::string two(int value) { return (value < 10 ? "0" : "") + std::to_string(value); }

}  // namespace

std::string format_file_template(const std::string& file_template,
                                 const std::map<std::string, std::string>& values) {
  std::string out;
  for (std::size_t i = 0; i < file_template.size(); ++i) {
    if (file_template[i] != '%') {
      out += file_template[i];
      continue;
    }
    if (i + 1 < file_template.size() && file_template[i + 1] == '%') {
      out += '%';
      ++i;
      continue;
    }
    const auto close = file_template.find(')', i);
    if (i + 1 >= file_template.size() || file_template[i + 1] != '(' || close == std::string::npos)
      throw std::invalid_argument("file_template '" + file_template +
                                  "': a '%' must start %(name)s or %%");
    const std::string key = file_template.substr(i + 2, close - i - 2);
    const auto value = values.find(key);
    if (value == values.end())
      throw std::invalid_argument("file_template '" + file_template + "' names '" + key +
                                  "', which Alembic does not give (rev, slug, epoch, year, month, "
                                  "day, hour, minute, second)");
    // [flags][width][.precision] then the conversion.
    std::size_t j = close + 1;
    bool zero = false;
    while (j < file_template.size() && (file_template[j] == '0' || file_template[j] == '-'))
      zero = zero || file_template[j++] == '0';
    std::size_t width = 0, precision = 0;
    while (j < file_template.size() && std::isdigit(static_cast<unsigned char>(file_template[j])))
      width = width * 10 + static_cast<std::size_t>(file_template[j++] - '0');
    if (j < file_template.size() && file_template[j] == '.') {
      ++j;
      while (j < file_template.size() && std::isdigit(static_cast<unsigned char>(file_template[j])))
        precision = precision * 10 + static_cast<std::size_t>(file_template[j++] - '0');
    }
    if (j >= file_template.size() || std::string("sdi").find(file_template[j]) == std::string::npos)
      throw std::invalid_argument("file_template '" + file_template +
                                  "': polymigrate reads the s and d conversions only");
    std::string text = value->second;
    const bool number = file_template[j] != 's';
    if (number && precision > text.size()) text.insert(0, precision - text.size(), '0');
    if (width > text.size()) text.insert(0, width - text.size(), number && zero ? '0' : ' ');
    out += text;
    i = j;
  }
  return out;
}

std::string random_revision_id() {
  std::random_device source;
  std::uniform_int_distribution<int> digit(0, 15);
  std::string id;
  for (int i = 0; i < 12; ++i) id += "0123456789abcdef"[digit(source)];
  return id;
}

std::vector<adapters::WrittenFile> alembic_new_revision_files(
    const model::Project& project, model::Dialect dialect,
    const adapters::NewMigration& migration) {
  const auto heads = project.history.heads();
  if (migration.merge && heads.size() < 2)
    throw std::invalid_argument("the project has " + std::to_string(heads.size()) +
                                " head: there is nothing to merge");
  if (!migration.merge && heads.size() > 1)
    throw std::invalid_argument(
        "Multiple heads are present; please specify the head revision on which the new "
        "revision should be based, or perform a merge. (polymigrate new --merge)");
  const std::string id =
      migration.revision_id.empty() ? random_revision_id() : migration.revision_id;
  if (project.history.find(id)) throw std::invalid_argument("revision " + id + " exists already");

  // generate_revision: with several version locations the head's folder, else the first one.
  fs::path folder;
  const model::Migration* head = heads.empty() ? nullptr : project.history.find(heads.front());
  if (project.config.locations.size() > 1 && head && !head->source.file.empty()) {
    folder = fs::path(head->source.file).parent_path();
  } else if (!project.config.locations.empty()) {
    const fs::path& location = project.config.locations.front();
    folder = adapters::folder_in_project(
        project, location.is_absolute() ? location : project.root / location);
  } else {
    throw std::invalid_argument("the Alembic project has no version location");
  }

  // _generate_create_date: local time unless the project sets a timezone (then UTC here).
  std::tm at{};
  if (project.config.settings.count("timezone"))
    gmtime_r(&migration.created, &at);
  else
    localtime_r(&migration.created, &at);
  const std::string create_date = std::to_string(at.tm_year + 1900) + "-" + two(at.tm_mon + 1) +
                                  "-" + two(at.tm_mday) + " " + two(at.tm_hour) + ":" +
                                  two(at.tm_min) + ":" + two(at.tm_sec);
  std::size_t truncate = 40;
  try {
    truncate = std::stoul(setting(project, "truncate_slug_length", "40"));
  } catch (const std::exception&) {
    throw std::invalid_argument("truncate_slug_length is not a number");
  }
  const std::string stem =
      format_file_template(setting(project, "file_template", "%(rev)s_%(slug)s"),
                           {{"rev", id},
                            {"slug", revision_slug(migration.name, truncate)},
                            {"epoch", std::to_string(static_cast<long long>(migration.created))},
                            {"year", std::to_string(at.tm_year + 1900)},
                            {"month", std::to_string(at.tm_mon + 1)},
                            {"day", std::to_string(at.tm_mday)},
                            {"hour", std::to_string(at.tm_hour)},
                            {"minute", std::to_string(at.tm_min)},
                            {"second", std::to_string(at.tm_sec)}});
  const fs::path file = folder / (stem + ".py");

  RevisionSource revision;
  revision.id = id;
  revision.message = migration.name;
  revision.parents = heads;
  revision.create_date = create_date;
  revision.notes = migration.notes;
  revision.up = migration.up;
  revision.down = migration.down;
  revision.down_note = migration.down_note;
  revision.file = file.string();
  const std::string text = revision_source(
      revision,
      migration.before ? *migration.before : schema::replay_history(project.history, dialect).state,
      dialect);
  return {{file, text}};
}

}  // namespace pm::alembic
