#include "adapters/alembic/revision_file.hpp"

#include <algorithm>
#include <regex>
#include <set>

namespace pm::alembic {

namespace {

// Python's str.strip(): whitespace both ends.
std::string strip(const std::string& text) {
  const char* ws = " \t\r\n\f\v";
  auto b = text.find_first_not_of(ws);
  if (b == std::string::npos) return {};
  auto e = text.find_last_not_of(ws);
  return text.substr(b, e - b + 1);
}

// Script.doc: the first paragraph (split on "\n\n") of the stripped module docstring.
std::string first_paragraph(const std::string& doc) {
  std::string stripped = strip(doc);
  auto split = stripped.find("\n\n");
  return split == std::string::npos ? stripped : stripped.substr(0, split);
}

// util.to_tuple: None -> (), a string -> (s,), a sequence -> itself.
std::optional<std::vector<std::string>> as_tuple(const PyValue& value) {
  if (value.kind == PyValue::Kind::none) return std::vector<std::string>{};
  if (value.is_string()) return std::vector<std::string>{value.text};
  if (!value.is_sequence()) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& item : value.items) {
    if (!item.is_string()) return std::nullopt;
    out.push_back(item.text);
  }
  return out;
}

}  // namespace

bool is_revision_file_name(const std::string& file_name) {
  // re.match anchors at the start, so the lookahead only looks at the first characters.
  if (file_name.rfind(".#", 0) == 0 || file_name.rfind("__init__", 0) == 0) return false;
  return file_name.size() >= 3 && file_name.compare(file_name.size() - 3, 3, ".py") == 0;
}

std::string illegal_revision_characters(const std::string& revision) {
  std::set<char> found;
  for (char c : revision)
    if (c == '@' || c == '-' || c == '+' || c == ':') found.insert(c);
  std::string out;
  for (char c : found) out += (out.empty() ? "" : ", ") + std::string(1, c);
  return out;
}

RevisionFile read_revision_file(const std::string& source, const std::string& file,
                                const std::string& file_name, bool translate) {
  RevisionFile result;
  parse::SyntaxTree tree(parse::Language::python, source);
  if (tree.has_errors()) {
    // Alembic would fail importing the module; say where the first error is.
    int line = 1;
    std::vector<TSNode> stack{tree.root()};
    while (!stack.empty()) {
      TSNode node = stack.back();
      stack.pop_back();
      if (std::string_view(ts_node_type(node)) == "ERROR" || ts_node_is_missing(node)) {
        line = parse::SyntaxTree::line(node);
        break;
      }
      if (!ts_node_has_error(node)) continue;
      for (uint32_t i = ts_node_child_count(node); i-- > 0;)
        stack.push_back(ts_node_child(node, i));
    }
    result.diagnostics.push_back({model::Severity::error, codes::unparseable,
                                  "the revision file is not valid Python (syntax error)", file,
                                  line});
    return result;
  }

  TSNode root = tree.root();
  if (auto doc = docstring(tree, root)) result.doc = first_paragraph(*doc);

  TranslationContext context;
  context.file = file;
  TSNode upgrade{}, downgrade{};
  for (TSNode statement : named_children(root)) {
    TSNode node = statement;
    if (is_type(node, "decorated_definition")) node = field(node, "definition");
    if (is_type(node, "function_definition")) {
      std::string_view name = tree.text(field(node, "name"));
      // The last definition wins, as it does when Python runs the module.
      if (name == "upgrade") upgrade = node;
      if (name == "downgrade") downgrade = node;
      continue;
    }
    if (!is_type(statement, "expression_statement")) continue;
    auto inner = named_children(statement);
    if (inner.size() != 1 || !is_type(inner[0], "assignment")) continue;
    TSNode left = field(inner[0], "left");
    TSNode right = field(inner[0], "right");
    if (!is_type(left, "identifier") || ts_node_is_null(right)) continue;
    std::string name(tree.text(left));
    if (is_table_construct(tree, right)) {
      context.tables[name] = right;
      continue;
    }
    if (name != "revision" && name != "down_revision" && name != "branch_labels" &&
        name != "depends_on")
      continue;
    const int line = parse::SyntaxTree::line(statement);
    auto value = literal_value(tree, right);
    std::optional<std::vector<std::string>> ids;
    if (value) ids = as_tuple(*value);
    if (!ids || (name == "revision" && (!value->is_string()))) {
      result.diagnostics.push_back(
          {model::Severity::error, codes::not_literal,
           "`" + name + "` is not a literal polymigrate can read without running the file (" +
               std::string(tree.text(right)) + ")",
           file, line});
      continue;
    }
    if (name == "revision") {
      result.revision = value->text;
      result.revision_line = line;
    } else if (name == "down_revision") {
      result.down_revisions = *ids;
    } else if (name == "branch_labels") {
      result.branch_labels = *ids;
    } else {
      result.depends_on = *ids;
    }
  }

  if (!result.revision) {
    // Legacy files (Alembic 0.1) carry the id in the file name only: ([a-f0-9]+)\.py$ at the start.
    static const std::regex legacy(R"(([a-f0-9]+)\.py$)");
    std::smatch m;
    if (std::regex_search(file_name, m, legacy) && m.position(0) == 0) {
      result.revision = m[1].str();
    } else {
      result.diagnostics.push_back(
          {model::Severity::error, codes::no_revision,
           "Could not determine revision id from filename " + file_name +
               ". Be sure the 'revision' variable is declared inside the script",
           file, 1});
    }
  }
  if (result.revision) {
    auto illegal = illegal_revision_characters(*result.revision);
    if (!illegal.empty())
      result.diagnostics.push_back({model::Severity::error, codes::illegal_id,
                                    "Character(s) '" + illegal +
                                        "' not allowed in revision identifier '" +
                                        *result.revision + "'",
                                    file, result.revision_line});
    const auto& downs = result.down_revisions;
    if (std::find(downs.begin(), downs.end(), *result.revision) != downs.end())
      result.diagnostics.push_back({model::Severity::error, codes::self_reference,
                                    "Self-loop is detected in revisions (" + *result.revision + ")",
                                    file, result.revision_line});
    const auto& deps = result.depends_on;
    if (std::find(deps.begin(), deps.end(), *result.revision) != deps.end())
      result.diagnostics.push_back(
          {model::Severity::error, codes::self_reference,
           "Dependency self-loop is detected in revisions (" + *result.revision + ")", file,
           result.revision_line});
  }

  auto body = [&](TSNode function) {
    return translate ? translate_body(tree, field(function, "body"), context) : TranslatedBody{};
  };
  if (!ts_node_is_null(upgrade)) {
    result.upgrade_line = parse::SyntaxTree::line(upgrade);
    result.upgrade = body(upgrade);
  }
  if (!ts_node_is_null(downgrade)) {
    result.downgrade_line = parse::SyntaxTree::line(downgrade);
    result.downgrade = body(downgrade);
  }
  return result;
}

model::Migration to_migration(RevisionFile&& file, const std::string& relative_file) {
  model::Migration m;
  m.key = file.revision.value_or("");
  m.description = file.doc;
  m.parents = file.down_revisions;
  m.depends_on = file.depends_on;
  m.branch_labels = file.branch_labels;
  m.source = {relative_file, 1, 0};
  int calls = 0, translated = 0, opaque = 0;
  if (file.upgrade) {
    m.up = std::move(file.upgrade->script);
    calls += file.upgrade->op_calls;
    translated += file.upgrade->translated_calls;
    opaque += file.upgrade->opaque_steps;
  }
  if (file.downgrade) {
    // downgrade() with only `pass` is a legitimate empty down script.
    m.down = std::move(file.downgrade->script);
    calls += file.downgrade->op_calls;
    translated += file.downgrade->translated_calls;
    opaque += file.downgrade->opaque_steps;
    m.down_source = {relative_file, file.downgrade_line, 0};
  }
  // Part of the migration runs outside a transaction (autocommit_block).
  if ((file.upgrade && file.upgrade->autocommit) || (file.downgrade && file.downgrade->autocommit))
    m.transactional = false;
  m.extras["op_calls"] = std::to_string(calls);
  m.extras["translated_calls"] = std::to_string(translated);
  m.extras["opaque_steps"] = std::to_string(opaque);
  if (!file.down_revisions.empty() && file.down_revisions.size() > 1)
    m.extras["mergepoint"] = "true";
  return m;
}

}  // namespace pm::alembic
