#include "adapters/prisma/prisma_script.hpp"

#include <type_traits>

namespace pm::prisma {

std::string render_prisma_script(const std::vector<ScriptSection>& sections,
                                 const std::vector<std::string>& warnings) {
  std::string script;
  if (!warnings.empty()) {
    script += "/*\n  Warnings:\n\n";
    for (const auto& warning : warnings) script += "  - " + warning + "\n";
    script += "\n*/\n";
  }
  bool first = true;
  for (const auto& section : sections) {
    if (section.statements.empty()) continue;  // the engine skips steps that render nothing
    // A newline before each step but the first: no blank line at the end of the file.
    if (!first) script += "\n";
    first = false;
    script += "-- " + section.description + "\n";
    for (const auto& statement : section.statements) script += statement + ";\n";
  }
  if (first && warnings.empty()) return "-- This is an empty migration.";
  return script;
}

std::string step_description(const model::Op& op, const std::vector<std::string>& statements) {
  if (!statements.empty() && statements.front().rfind("PRAGMA foreign_keys", 0) == 0)
    return "RedefineTables";
  return std::visit(
      [](const auto& o) -> std::string {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, model::CreateTable>) return "CreateTable";
        if constexpr (std::is_same_v<T, model::DropTable>) return "DropTable";
        if constexpr (std::is_same_v<T, model::RenameTable>) return "RenameTable";
        if constexpr (std::is_same_v<T, model::CreateIndex>) return "CreateIndex";
        if constexpr (std::is_same_v<T, model::DropIndex>) return "DropIndex";
        if constexpr (std::is_same_v<T, model::CreateEnum>) return "CreateEnum";
        if constexpr (std::is_same_v<T, model::DropEnum>) return "DropEnum";
        if constexpr (std::is_same_v<T, model::CreateView>) return "CreateView";
        if constexpr (std::is_same_v<T, model::DropView>) return "DropView";
        if constexpr (std::is_same_v<T, model::InsertRows>) return "InsertRows";
        if constexpr (std::is_same_v<T, model::AddConstraint>) {
          return o.constraint.kind == model::ConstraintKind::foreign_key ? "AddForeignKey"
                                                                         : "AlterTable";
        }
        if constexpr (std::is_same_v<T, model::DropConstraint>) {
          return o.kind == model::ConstraintKind::foreign_key ? "DropForeignKey" : "AlterTable";
        }
        return "AlterTable";  // columns, renames, validation
      },
      op);
}

}  // namespace pm::prisma
