// Commands whose engine parts belong to later issues. Each is listed with its options so --help
// tells the truth about the interface, and each exits 2 saying it is not available yet.
#include "cli/command_context.hpp"

namespace pm::cli {

namespace {

struct Planned {
  const char* name;
  const char* description;
  const char* issue;
};

constexpr Planned kPlanned[] = {
    {"sql", "Offline SQL for a range of migrations, like alembic --sql", "the SQL layer"},
};

}  // namespace

void add_planned_commands(CLI::App& app, int& exit_code) {
  for (const auto& planned : kPlanned) {
    auto* command =
        app.add_subcommand(planned.name, std::string(planned.description) + " [not available yet]");
    command->allow_extras();
    command->callback([&exit_code, planned] {
      std::cerr << "polymigrate " << planned.name
                << " is not available yet: it comes with the work on " << planned.issue << ".\n";
      exit_code = kUsage;
    });
  }
}

}  // namespace pm::cli
