// `polymigrate plan PROJECT MIGRATION_KEY [--dialect D] [--batch-size N]`: the migrations that
// replace a breaking migration (expand, backfill, validate, index, contract, by the change),
// written after it in the project's own format (engine/expand_contract.hpp). A breaking change it
// has no recipe for exits 2, naming the lint rule: never a plan that does not do what it says.
#include <ctime>
#include <nlohmann/json.hpp>

#include "cli/command_context.hpp"
#include "engine/expand_contract.hpp"
#include "lint/lint.hpp"

namespace pm::cli {

namespace {

struct PlanCliOptions {
  std::string migration;
  std::optional<std::string> dialect;
  int batch_size = 1000;
  bool dry_run = false;
};

int run_plan(const ProjectOptions& options, const PlanCliOptions& plan_options) {
  std::optional<model::Dialect> flag;
  if (plan_options.dialect) {
    flag = model::parse_dialect(*plan_options.dialect);
    if (!flag) throw engine::InputError("--dialect " + *plan_options.dialect + " is not known");
  }
  if (plan_options.batch_size < 1) throw engine::InputError("--batch-size must be at least 1");
  auto loaded = load(options, nullptr, flag);
  const model::Dialect dialect = lint::choose_dialect(flag, loaded.project).dialect;
  const auto plan = engine::plan_expand_contract(
      loaded, dialect, plan_options.migration,
      {.batch_size = plan_options.batch_size, .created = std::time(nullptr)});
  std::vector<std::filesystem::path> files;
  if (!plan_options.dry_run)
    files = engine::write_plan(loaded, dialect, plan, [&] { return load(options, nullptr, flag); });

  if (options.json) {
    auto phases = nlohmann::json::array();
    for (const auto& phase : plan.phases)
      phases.push_back({{"role", phase.role}, {"name", phase.migration.name}});
    auto list = nlohmann::json::array();
    for (const auto& file : files) list.push_back(file.generic_string());
    std::cout << nlohmann::json{{"framework", loaded.project.framework},
                                {"dialect", model::to_string(dialect)},
                                {"migration", plan.migration_key},
                                {"changes", plan.changes},
                                {"phases", phases},
                                {"files", list},
                                {"notes", plan.notes}}
                     .dump(2)
              << "\n";
    return kOk;
  }
  std::cout << "plan for " << plan.migration_key << " (" << plan.file << ", "
            << model::to_string(dialect) << "):\n";
  for (const auto& change : plan.changes) std::cout << "  " << change << "\n";
  for (std::size_t i = 0; i < plan.phases.size(); ++i)
    std::cout << "phase " << i + 1 << ": " << plan.phases[i].role << " - "
              << plan.phases[i].migration.name << "\n";
  for (const auto& file : files)
    std::cout << "created " << (loaded.project.root / file).string() << "\n";
  for (const auto& note : plan.notes) std::cout << "note: " << note << "\n";
  return kOk;
}

}  // namespace

void add_plan_command(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand(
      "plan",
      "Write the expand/contract migrations that replace a breaking one (renamed or retyped "
      "column, NOT NULL, foreign key or check, index without CONCURRENTLY, renamed table)");
  auto options = std::make_shared<ProjectOptions>();
  auto plan_options = std::make_shared<PlanCliOptions>();
  add_project_options(*command, *options);
  command->add_option("MIGRATION", plan_options->migration, "The breaking migration's key")
      ->required();
  command->add_option("--dialect", plan_options->dialect,
                      "sqlite or postgresql (default: the project's database)");
  command->add_option("--batch-size", plan_options->batch_size,
                      "Rows the PostgreSQL backfill commits at a time (default 1000)");
  command->add_flag("--dry-run", plan_options->dry_run, "Print the plan, write nothing");
  command->callback([=, &exit_code] { exit_code = run_plan(*options, *plan_options); });
}

}  // namespace pm::cli
