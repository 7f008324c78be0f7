#include "adapters/flyway/resolver.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <deque>
#include <fstream>
#include <iterator>
#include <optional>
#include <unordered_set>

#include "adapters/file_bytes.hpp"
#include "adapters/flyway/checksum.hpp"
#include "adapters/flyway/java_properties.hpp"
#include "adapters/flyway/java_string.hpp"
#include "adapters/flyway/naming.hpp"
#include "adapters/flyway/placeholders.hpp"
#include "adapters/flyway/text_encoding.hpp"
#include "adapters/flyway/version.hpp"
#include "adapters/parallel_files.hpp"
#include "sql/ddl_reader.hpp"
#include "sql/splitter.hpp"

namespace fs = std::filesystem;

namespace pm::flyway {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

// Per-script settings from <script>.conf (SqlScriptMetadata).
struct ScriptMetadata {
  std::optional<bool> execute_in_transaction;
  std::optional<std::string> encoding;
  std::optional<bool> placeholder_replacement;
  std::optional<std::string> should_execute;
};

// `path` relative to `base`, as text with '/' separators. Both come from the same normal root,
// so a prefix test is enough; lexically_relative covers anything else (`..` locations).
std::string relative_text(const std::string& path, const fs::path& base) {
  const std::string& b = base.native();
  if (path.size() > b.size() && path.compare(0, b.size(), b) == 0 && path[b.size()] == '/')
    return path.substr(b.size() + 1);
  return fs::path(path).lexically_relative(base).generic_string();
}

// The last component of a path's text.
std::string file_name_of(const std::string& path) { return path.substr(path.rfind('/') + 1); }

ScriptMetadata read_metadata(const fs::path& sidecar, const std::string& shown,
                             model::Diagnostics& diagnostics) {
  ScriptMetadata meta;
  auto text = adapters::read_file_bytes(sidecar);
  if (!text) return meta;
  auto props = parse_flyway_properties(*text, {}, /*raw=*/true);
  auto take_bool = [&](const char* key, std::optional<bool>& out) {
    auto found = props.find(key);
    if (found == props.end()) return;
    std::string v = lower(found->second.value);
    if (v == "true" || v == "false") {
      out = v == "true";
    } else {
      diagnostics.push_back({model::Severity::error, codes::script_config,
                             "Invalid value for " + std::string(key) +
                                 " (should be either true or false): " + found->second.value,
                             shown, found->second.line});
    }
    props.erase(found);
  };
  take_bool("executeInTransaction", meta.execute_in_transaction);
  take_bool("placeholderReplacement", meta.placeholder_replacement);
  if (auto found = props.find("encoding"); found != props.end()) {
    meta.encoding = found->second.value;
    props.erase(found);
  }
  if (auto found = props.find("shouldExecute"); found != props.end()) {
    meta.should_execute = found->second.value;
    props.erase(found);
  }
  if (!props.empty()) {
    std::string names;
    for (const auto& [key, value] : props) names += (names.empty() ? "" : ",") + key;
    diagnostics.push_back({model::Severity::error, codes::script_config,
                           std::string("Unknown configuration ") +
                               (props.size() == 1 ? "property" : "properties") + ": " + names +
                               ". Please check your script config files",
                           shown, props.begin()->second.line});
  }
  return meta;
}

std::string now_timestamp() {
  std::time_t t = std::time(nullptr);
  std::tm local{};
  localtime_r(&t, &local);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S", &local);
  return buffer;
}

// The database name of a JDBC PostgreSQL URL (the catalog ${flyway:database} holds).
std::optional<std::string> database_of_url(std::string_view url) {
  constexpr std::string_view pg = "jdbc:postgresql://";
  if (lower(url.substr(0, pg.size())) != pg) return std::nullopt;
  std::string_view rest = url.substr(pg.size());
  std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::string_view db = rest.substr(slash + 1);
  db = db.substr(0, db.find('?'));
  if (db.empty()) return std::nullopt;
  return std::string(db);
}

// Placeholder values known without a connection; ParsingContext's built-ins override the
// configured ones, as in PlaceholderReplacingReader.create.
std::map<std::string, std::string> load_time_placeholders(const FlywayConfig& config,
                                                          const fs::path& root,
                                                          const std::string& filename) {
  std::map<std::string, std::string> values = config.placeholders();
  std::string flyway = "flyway" + config.placeholder_syntax().separator;
  if (std::string schema = config.default_schema(); !schema.empty())
    values[flyway + "defaultSchema"] = schema;
  values[flyway + "table"] = config.table();
  values[flyway + "environment"] = config.environment;
  values[flyway + "workingDirectory"] = fs::absolute(root).lexically_normal().string();
  values[flyway + "timestamp"] = now_timestamp();
  values[flyway + "filename"] = filename;
  if (auto user = config.get("user"); user && !user->empty()) values[flyway + "user"] = *user;
  if (auto url = config.get("url"))
    if (auto db = database_of_url(*url)) values[flyway + "database"] = *db;
  return values;
}

struct ScriptText {
  bool readable = false;
  std::string raw;       // decoded, before placeholders
  std::string replaced;  // what runs
};

ScriptText read_script(const std::string& file, const std::string& shown,
                       const std::string& encoding, model::Diagnostics& diagnostics) {
  ScriptText out;
  auto bytes = adapters::read_file_bytes(file);
  if (!bytes) {
    diagnostics.push_back(
        {model::Severity::error, codes::unreadable, "Unable to read " + shown, shown, 0});
    return out;
  }
  DecodedText decoded = decode_to_utf8(*bytes, encoding);
  if (!decoded.error.empty()) {
    diagnostics.push_back(
        {model::Severity::error, codes::unreadable,
         "Unable to calculate checksum of " + file_name_of(file) + " (" + decoded.error +
             "). Please ensure you have configured the correct file "
             "encoding with 'flyway.encoding' or enable 'flyway.detectEncoding' to let Flyway "
             "detect it for you",
         shown, decoded.error_line});
    return out;
  }
  out.readable = true;
  out.raw = std::move(decoded.utf8);
  // FileSystemResource.read wraps the file in a BomStrippingReader: the parser, the placeholders
  // and the database never see a leading BOM.
  if (out.raw.rfind("\xEF\xBB\xBF", 0) == 0) out.raw.erase(0, 3);
  return out;
}

// The line of the first PostgreSQL dollar quote ($$ or $tag$), or 0.
int dollar_quoted_line(std::string_view text) {
  int line = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') ++line;
    if (text[i] != '$') continue;
    std::size_t j = i + 1;
    while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_'))
      ++j;
    const bool tag_starts_right =
        j == i + 1 || !std::isdigit(static_cast<unsigned char>(text[i + 1]));
    if (j < text.size() && text[j] == '$' && tag_starts_right) return line;
  }
  return 0;
}

// One statement per SqlStep; sets `transactional` as ParserSqlScript + SqlMigrationExecutor do.
model::Script split_script(const std::string& text, const std::string& shown,
                           const FlywayConfig& config, const ScriptMetadata& meta,
                           model::Dialect dialect, bool& transactional,
                           model::Diagnostics& diagnostics) {
  model::Script script;
  sql::SplitResult split = sql::split_statements(text, dialect);
  if (split.error)
    diagnostics.push_back(
        {model::Severity::error, codes::sql_split, split.error->message, shown, split.error->line});
  bool any_transactional = false, any_non_transactional = false, reported = false;
  bool mixed = config.flag("mixed", false);
  bool global_tx = config.flag("executeInTransaction", true);
  for (const sql::Statement& statement : split.statements) {
    model::SqlStep step;
    step.text = statement.text;
    step.line = statement.line;
    step.no_transaction = statement.no_transaction;
    step.understood = !sql::read_ddl(statement, dialect).empty();
    (statement.no_transaction ? any_non_transactional : any_transactional) = true;
    if (!mixed && any_transactional && any_non_transactional && !meta.execute_in_transaction &&
        global_tx && !reported) {
      diagnostics.push_back(
          {model::Severity::error, codes::mixed,
           "Detected both transactional and non-transactional statements within the same "
           "migration (even though mixed is false). Offending statement found at line " +
               std::to_string(statement.line) + ": " + statement.text +
               (statement.no_transaction ? " [non-transactional]" : ""),
           shown, statement.line});
      reported = true;
    }
    script.emplace_back(std::move(step));
  }
  if (meta.execute_in_transaction)
    transactional = *meta.execute_in_transaction;
  else
    transactional = global_tx && !any_non_transactional;
  return script;
}

// One file that names a migration, read and parsed.
struct Candidate {
  ResourceName name;
  std::optional<MigrationVersion> version;
  std::string shown;   // relative to the project root
  std::string script;  // relative to its location: the `script` column
  model::Migration migration;
};

// A file under a location whose name ends like a migration, and what reading it gave: each is
// filled by its own loader task.
// Paths are kept as text: a std::filesystem::path splits itself into components, one
// allocation each, and thousands of scripts need only their text.
struct ScriptSlot {
  std::size_t location = 0;  // index into ResolveContext::locations
  std::string file;
  ResourceName name;
  bool read = false;  // the name is valid and not a callback's
  std::optional<Candidate> candidate;
  model::Diagnostics diagnostics;
};

int line_count(std::string_view text) {
  if (text.empty()) return 0;
  int n = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    if ((text[i] == '\n' || text[i] == '\r') && i + 1 < text.size()) ++n;
  }
  return n;
}

// `listed` holds every file the scan found, so a sidecar is looked up without a stat per script.
std::optional<Candidate> read_candidate(const FlywayConfig& config, const ResolveContext& context,
                                        const std::unordered_set<std::string>& listed,
                                        const fs::path& location, const std::string& file,
                                        const ResourceName& name, model::Diagnostics& diagnostics) {
  Candidate c;
  c.name = name;
  c.shown = relative_text(file, context.root);
  c.script = relative_text(file, location);
  if (name.type != ResourceType::repeatable) c.version = MigrationVersion::parse(name.version);

  const std::string sidecar = file + ".conf";
  ScriptMetadata meta;
  if (listed.count(sidecar)) meta = read_metadata(sidecar, c.shown + ".conf", diagnostics);

  ScriptText text =
      read_script(file, c.shown, meta.encoding.value_or(config.encoding()), diagnostics);
  bool replace = meta.placeholder_replacement.value_or(config.flag("placeholderReplacement", true));
  const std::string filename = file_name_of(file);

  model::Migration& m = c.migration;
  m.description = name.description;
  m.source = {c.shown, 1, line_count(text.raw)};
  m.extras["script"] = c.script;
  m.extras["type"] = "SQL";
  m.extras["location"] = relative_text(location, context.root);
  if (meta.should_execute) m.extras["shouldExecute"] = *meta.should_execute;
  if (meta.execute_in_transaction)
    m.extras["executeInTransaction"] = *meta.execute_in_transaction ? "true" : "false";
  if (c.version) {
    m.version = c.version->text();
    m.key = c.version->text();
    m.kind = model::MigrationKind::versioned;
    if (name.type == ResourceType::baseline_migration) {
      m.key = name.prefix + c.version->text();
      m.kind = model::MigrationKind::baseline;
      m.extras["type"] = "SQL_BASELINE";
    }
  } else {
    m.key = name.description;
    m.kind = model::MigrationKind::repeatable;
  }
  if (!text.readable) return c;

  text.replaced = text.raw;
  // The built-in values cost a clock read and a path per file: only gather them for a script
  // that holds the placeholder prefix at all.
  const PlaceholderSyntax syntax = config.placeholder_syntax();
  if (replace && !syntax.prefix.empty() && text.raw.find(syntax.prefix) != std::string::npos) {
    PlaceholderResult result = replace_placeholders(
        text.raw, load_time_placeholders(config, context.root, filename), syntax);
    for (const PlaceholderProblem& problem : result.problems) {
      bool run_time = problem.unresolved_builtin;
      diagnostics.push_back({run_time ? model::Severity::warning : model::Severity::error,
                             run_time ? codes::run_time : codes::placeholder,
                             run_time ? problem.message +
                                            " (its value is only known on a live connection; "
                                            "polymigrate leaves it in the SQL)"
                                      : problem.message,
                             c.shown, problem.line});
    }
    text.replaced = std::move(result.text);
  }

  // Versioned: CRC of the raw text. Repeatable with placeholder replacement: CRC of the replaced
  // text, and the raw text's CRC is an accepted equivalent (SqlMigrationResolver).
  if (m.kind == model::MigrationKind::repeatable && replace) {
    m.checksum = model::Checksum::of_number(flyway_checksum(text.replaced));
    m.extras["equivalent_checksum"] = std::to_string(flyway_checksum(text.raw));
  } else {
    m.checksum = model::Checksum::of_number(flyway_checksum(text.raw));
  }
  if (!context.steps) return c;
  if (context.dialect_assumed && dollar_quoted_line(text.replaced) > 0) {
    // The dialect was a guess, and this script only splits right on PostgreSQL. Said once per
    // project: the merge of the files' diagnostics keeps the first (see merge_diagnostics).
    diagnostics.push_back({model::Severity::warning, codes::dialect_guess,
                           "no database is named (no --db, DATABASE_URL or flyway.url): statements "
                           "are split by SQLite's rules, but this script has a dollar-quoted body, "
                           "which only PostgreSQL reads; pass --db or set flyway.url",
                           c.shown, dollar_quoted_line(text.replaced)});
  }
  m.up = split_script(text.replaced, c.shown, config, meta, context.dialect, m.transactional,
                      diagnostics);
  return c;
}

// Candidates stay where they were read (their slot, or the Java store); the lists that sort,
// filter and order them hold pointers, so a (large) candidate is never moved or copied.
using CandidateList = std::vector<Candidate*>;

template <typename Less>
void sort_candidates(CandidateList& list, Less less) {
  std::stable_sort(list.begin(), list.end(),
                   [&](const Candidate* a, const Candidate* b) { return less(*a, *b); });
}

// Every regular file below `dir`, as path text, sorted by that text: a deterministic order, much
// cheaper than path's component-wise comparison.
void scan(const fs::path& dir, std::vector<std::string>& out) {
  std::error_code ec;
  for (fs::recursive_directory_iterator
           it(dir, fs::directory_options::follow_directory_symlink, ec),
       end;
       !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file()) out.push_back(it->path().native());
  }
  std::sort(out.begin(), out.end());
}

// Java (and Kotlin) migrations: classes named like V2__Add_column in the source folder beside a
// classpath location (src/main/java/db/migration for src/main/resources/db/migration), as
// JavaMigrationResolver finds them once compiled. Their type is JDBC, their checksum null (the
// JavaMigration default), and their body runs in the JVM: one Opaque step, reported.
void add_java_candidates(const fs::path& location, const ResolveContext& context,
                         const NamingConfig& naming, std::deque<Candidate>& store,
                         CandidateList& versioned, CandidateList& repeatable,
                         model::Diagnostics& diagnostics) {
  const std::string text = location.generic_string();
  const std::string resources = "/src/main/resources/";
  auto at = text.find(resources);
  if (at == std::string::npos) return;
  const std::string package_path = text.substr(at + resources.size());
  for (const char* language : {"java", "kotlin"}) {
    const fs::path sources =
        fs::path(text.substr(0, at)) / "src" / "main" / language / package_path;
    std::error_code ec;
    if (!fs::is_directory(sources, ec)) continue;
    std::vector<std::string> files;
    scan(sources, files);
    const ResourceNameParser parser(naming);
    for (const std::string& text : files) {
      const fs::path file(text);
      const std::string extension = file.extension().string();
      if (extension != ".java" && extension != ".kt") continue;
      const std::string stem = file.stem().string();
      ResourceName name = parser.parse(stem + naming.suffixes.front());
      if (!name.valid ||
          (name.type != ResourceType::versioned && name.type != ResourceType::repeatable))
        continue;  // a helper class, not a migration
      Candidate c;
      c.name = name;
      c.shown = relative_text(file.native(), context.root);
      // The class's full name, as Flyway stores it in `script`: db.migration.V2__Backfill_skus.
      std::string package =
          (fs::path(package_path) / file.parent_path().lexically_relative(sources))
              .lexically_normal()
              .generic_string();
      while (!package.empty() && (package.back() == '/' || package.back() == '.'))
        package.pop_back();
      for (char& ch : package)
        if (ch == '/') ch = '.';
      c.script = (package.empty() ? "" : package + ".") + stem;
      model::Migration& m = c.migration;
      m.description = name.description;
      m.extras["script"] = c.script;
      m.extras["type"] = "JDBC";
      m.source = {c.shown, 1, 1};
      if (name.type == ResourceType::versioned) {
        c.version = MigrationVersion::parse(name.version);
        if (!c.version) continue;
        m.version = c.version->text();
        m.key = c.version->text();
      } else {
        m.key = name.description;
        m.kind = model::MigrationKind::repeatable;
      }
      m.up.push_back(model::OpaqueStep{
          extension == ".java" ? "java" : "kotlin",
          {},
          m.source,
          "a Java-based migration (" + c.script + ") runs in the JVM; polymigrate cannot run it"});
      diagnostics.push_back({model::Severity::warning, codes::unsupported,
                             "Java-based migration " + c.script +
                                 " is listed with type JDBC and no checksum, as Flyway lists it; "
                                 "polymigrate cannot run it",
                             c.shown, 1});
      store.push_back(std::move(c));
      (name.type == ResourceType::versioned ? versioned : repeatable).push_back(&store.back());
    }
  }
}

}  // namespace

std::vector<model::Migration> resolve_migrations(const FlywayConfig& config,
                                                 const ResolveContext& context,
                                                 model::Diagnostics& diagnostics) {
  NamingConfig naming = config.naming();
  const ResourceNameParser parser(naming);
  bool validate_naming = config.flag("validateMigrationNaming", false);
  CandidateList versioned, repeatable, undo, baseline;

  // Names are checked in file order first; the named scripts are then read, checked and split
  // on the loader threads, each into its slot, and the slots merged in file order.
  std::vector<std::unordered_set<std::string>> listed(context.locations.size());
  std::vector<ScriptSlot> slots;
  std::deque<Candidate> java_candidates;
  for (std::size_t l = 0; l < context.locations.size(); ++l) {
    const fs::path& location = context.locations[l];
    std::vector<std::string> files;
    scan(location, files);
    listed[l].reserve(files.size());
    for (const std::string& file : files) listed[l].insert(file);
    slots.reserve(slots.size() + files.size());
    for (std::string& file : files) {
      const std::string filename = file_name_of(file);
      if (!has_migration_suffix(filename, naming)) continue;  // .conf sidecars, READMEs, ...
      ResourceName name = parser.parse(filename);
      if (name.type == ResourceType::callback && name.valid)
        continue;  // SQL callbacks are not migrations
      ScriptSlot& slot = slots.emplace_back();
      slot.location = l;
      if (!name.valid) {
        const std::string shown = relative_text(file, context.root);
        if (validate_naming)
          slot.diagnostics.push_back({model::Severity::error, codes::invalid_name,
                                      "Invalid SQL filenames found: " + name.message, shown, 0});
        else
          slot.diagnostics.push_back({model::Severity::warning, codes::ignored_name,
                                      name.message +
                                          " (Flyway skips this file without running it; set "
                                          "validateMigrationNaming=true to make it an error)",
                                      shown, 0});
        continue;
      }
      slot.file = std::move(file);
      slot.name = std::move(name);
      slot.read = true;
    }
  }
  adapters::for_each_file_task(slots.size(), [&](std::size_t i) {
    ScriptSlot& slot = slots[i];
    if (!slot.read) return;
    slot.candidate =
        read_candidate(config, context, listed[slot.location], context.locations[slot.location],
                       slot.file, slot.name, slot.diagnostics);
  });

  bool said_dialect_guess =
      std::any_of(diagnostics.begin(), diagnostics.end(),
                  [](const model::Diagnostic& d) { return d.code == codes::dialect_guess; });
  versioned.reserve(slots.size());
  for (ScriptSlot& slot : slots) {
    for (model::Diagnostic& d : slot.diagnostics) {
      if (d.code == codes::dialect_guess) {
        if (said_dialect_guess) continue;  // once per project
        said_dialect_guess = true;
      }
      diagnostics.push_back(std::move(d));
    }
    if (!slot.candidate) continue;
    switch (slot.name.type) {
      case ResourceType::versioned:
        versioned.push_back(&*slot.candidate);
        break;
      case ResourceType::repeatable:
        repeatable.push_back(&*slot.candidate);
        break;
      case ResourceType::undo:
        undo.push_back(&*slot.candidate);
        break;
      case ResourceType::baseline_migration:
        baseline.push_back(&*slot.candidate);
        break;
      default:
        break;
    }
  }
  for (const fs::path& location : context.locations)
    add_java_candidates(location, context, naming, java_candidates, versioned, repeatable,
                        diagnostics);

  sort_candidates(versioned,
                  [](const Candidate& a, const Candidate& b) { return *a.version < *b.version; });
  sort_candidates(repeatable, [](const Candidate& a, const Candidate& b) {
    return compare_java_strings(a.migration.description, b.migration.description) < 0;
  });

  // CompositeMigrationResolver.checkForIncompatibilities: neighbours that compare equal.
  auto drop_duplicates = [&](CandidateList& list, bool by_version) {
    CandidateList kept;
    kept.reserve(list.size());
    for (Candidate* candidate : list) {
      const Candidate& c = *candidate;
      if (!kept.empty()) {
        const Candidate& prev = *kept.back();
        bool same = by_version ? *prev.version == *c.version
                               : prev.migration.description == c.migration.description;
        if (same) {
          std::string what =
              by_version ? "migration with version " + prev.version->text()
                         : "repeatable migration with description " + prev.migration.description;
          diagnostics.push_back({model::Severity::error, codes::duplicate,
                                 "Found more than one " + what + "\nOffenders:\n-> " + prev.shown +
                                     " (" + prev.migration.extras.at("type") + ")\n-> " + c.shown +
                                     " (" + c.migration.extras.at("type") + ")",
                                 c.shown, 0});
          continue;
        }
      }
      kept.push_back(candidate);
    }
    list = std::move(kept);
  };
  sort_candidates(baseline,
                  [](const Candidate& a, const Candidate& b) { return *a.version < *b.version; });
  drop_duplicates(versioned, true);
  drop_duplicates(repeatable, false);
  drop_duplicates(baseline, true);

  // Undo scripts become the down of their versioned migration (versioned is sorted by version).
  for (Candidate* undo_candidate : undo) {
    Candidate& u = *undo_candidate;
    auto found = std::lower_bound(
        versioned.begin(), versioned.end(), *u.version,
        [](const Candidate* v, const MigrationVersion& x) { return *v->version < x; });
    if (found == versioned.end() || !(*(*found)->version == *u.version)) {
      diagnostics.push_back({model::Severity::warning, codes::unsupported,
                             "Undo migration " + u.shown +
                                 " has no versioned migration with version " + u.version->text(),
                             u.shown, 0});
      continue;
    }
    Candidate* target = *found;
    if (target->migration.down) {
      diagnostics.push_back({model::Severity::error, codes::duplicate,
                             "Found more than one undo migration with version " +
                                 u.version->text() + "\nOffenders:\n-> " +
                                 target->migration.extras["undo_script"] + " (UNDO_SQL)\n-> " +
                                 u.shown + " (UNDO_SQL)",
                             u.shown, 0});
      continue;
    }
    target->migration.down = std::move(u.migration.up);
    target->migration.down_source = u.migration.source;
    target->migration.extras["undo_script"] = u.script;
    target->migration.extras["undo_file"] = u.shown;
    if (u.migration.checksum)
      target->migration.extras["undo_checksum"] = u.migration.checksum->display();
    target->migration.extras["undo_transactional"] = u.migration.transactional ? "true" : "false";
  }

  // Baseline migrations (B<version>) sit after the versioned migration of their version, as
  // MigrationInfoImpl.compareVersion sorts them; their key says what they are ("B5"), since the
  // version alone names the V file.
  CandidateList linear;
  linear.reserve(versioned.size() + baseline.size());
  std::size_t b = 0;
  for (Candidate* v : versioned) {
    while (b < baseline.size() && *baseline[b]->version < *v->version)
      linear.push_back(baseline[b++]);
    linear.push_back(v);
    while (b < baseline.size() && *baseline[b]->version == *linear.back()->version &&
           linear.back()->migration.kind != model::MigrationKind::baseline)
      linear.push_back(baseline[b++]);
  }
  while (b < baseline.size()) linear.push_back(baseline[b++]);

  std::vector<model::Migration> out;
  out.reserve(linear.size() + repeatable.size());
  for (auto* list : {&linear, &repeatable})
    for (Candidate* c : *list) {
      if (!out.empty()) c->migration.parents = {out.back().key};
      out.push_back(std::move(c->migration));
    }
  return out;
}

}  // namespace pm::flyway
