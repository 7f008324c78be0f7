#include "report/findings_formats.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <set>
#include <sstream>

namespace pm::report {

namespace {

std::string xml_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// GitHub's workflow-command escaping for the message and for property values.
std::string github_escape(const std::string& text, bool property) {
  std::string out;
  for (char c : text) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else if (property && c == ':')
      out += "%3A";
    else if (property && c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

}  // namespace

std::string to_junit(const model::Diagnostics& findings, const std::string& suite_name) {
  std::ostringstream out;
  std::size_t failures = 0;
  for (const auto& f : findings) failures += f.severity == model::Severity::error;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites>\n  <testsuite name=\"" << xml_escape(suite_name) << "\" tests=\""
      << std::max<std::size_t>(findings.size(), 1) << "\" failures=\"" << failures << "\">\n";
  if (findings.empty()) out << "    <testcase name=\"no findings\" classname=\"polymigrate\"/>\n";
  for (const auto& f : findings) {
    const std::string where =
        f.file.empty() ? "project" : f.file + (f.line > 0 ? ":" + std::to_string(f.line) : "");
    out << "    <testcase name=\"" << xml_escape(f.code + " " + where)
        << "\" classname=\"polymigrate." << xml_escape(f.code) << "\">\n";
    if (f.severity == model::Severity::error)
      out << "      <failure message=\"" << xml_escape(f.message) << "\" type=\""
          << xml_escape(f.code) << "\">" << xml_escape(model::format(f)) << "</failure>\n";
    else
      out << "      <system-out>" << xml_escape(model::format(f)) << "</system-out>\n";
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
  return out.str();
}

std::string to_github_annotations(const model::Diagnostics& findings) {
  std::ostringstream out;
  for (const auto& f : findings) {
    const char* level = f.severity == model::Severity::error     ? "error"
                        : f.severity == model::Severity::warning ? "warning"
                                                                 : "notice";
    out << "::" << level << " ";
    std::string props;
    if (!f.file.empty()) props += "file=" + github_escape(f.file, true);
    if (f.line > 0) props += ",line=" + std::to_string(f.line);
    props += std::string(props.empty() ? "" : ",") +
             "title=" + github_escape("polymigrate " + f.code, true);
    out << props << "::" << github_escape(f.message, false) << "\n";
  }
  return out.str();
}

namespace {

const char* sarif_level(model::Severity severity) {
  return severity == model::Severity::error     ? "error"
         : severity == model::Severity::warning ? "warning"
                                                : "note";
}

}  // namespace

std::string to_sarif(const model::Diagnostics& findings, const std::string& tool_version,
                     const std::vector<RuleMetadata>& catalogue) {
  using nlohmann::json;
  json rules = json::array();
  std::map<std::string, std::size_t> rule_index;
  for (const auto& r : catalogue) {
    rule_index.emplace(r.id, rules.size());
    rules.push_back({{"id", r.id},
                     {"name", r.name},
                     {"shortDescription", {{"text", r.short_description}}},
                     {"fullDescription", {{"text", r.full_description}}},
                     {"help", {{"text", r.help}}},
                     {"defaultConfiguration", {{"level", sarif_level(r.default_level)}}}});
  }
  json results = json::array();
  for (const auto& f : findings) {
    if (rule_index.emplace(f.code, rules.size()).second) rules.push_back({{"id", f.code}});
    json result = {{"ruleId", f.code},
                   {"ruleIndex", rule_index.at(f.code)},
                   {"level", sarif_level(f.severity)},
                   {"message", {{"text", f.message}}}};
    if (!f.file.empty()) {
      json location = {{"physicalLocation", {{"artifactLocation", {{"uri", f.file}}}}}};
      if (f.line > 0) location["physicalLocation"]["region"] = {{"startLine", f.line}};
      result["locations"] = json::array({location});
    }
    results.push_back(std::move(result));
  }
  json sarif = {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs",
       json::array(
           {{{"tool",
              {{"driver", {{"name", "polymigrate"}, {"version", tool_version}, {"rules", rules}}}}},
             {"results", results}}})}};
  return sarif.dump(2) + "\n";
}

std::string to_junit(const std::vector<JunitSuite>& suites, const std::string& report_name) {
  pugi::xml_document doc;
  auto declaration = doc.append_child(pugi::node_declaration);
  declaration.append_attribute("version") = "1.0";
  declaration.append_attribute("encoding") = "UTF-8";
  auto root = doc.append_child("testsuites");
  root.append_attribute("name") = report_name.c_str();
  std::size_t all_tests = 0, all_failures = 0;
  for (const auto& suite : suites) {
    auto node = root.append_child("testsuite");
    node.append_attribute("name") = suite.name.c_str();
    if (!suite.file.empty()) node.append_attribute("file") = suite.file.c_str();
    std::size_t failures = 0;
    for (const auto& c : suite.cases) {
      auto test = node.append_child("testcase");
      test.append_attribute("name") = c.name.c_str();
      test.append_attribute("classname") = ("polymigrate." + suite.name).c_str();
      if (!suite.file.empty()) test.append_attribute("file") = suite.file.c_str();
      std::string errors, others;
      std::string first_error;
      for (const auto& f : c.findings) {
        std::string& into = f.severity == model::Severity::error ? errors : others;
        if (f.severity == model::Severity::error && first_error.empty()) first_error = f.message;
        into += model::format(f) + "\n";
      }
      if (!errors.empty()) {
        ++failures;
        auto failure = test.append_child("failure");
        failure.append_attribute("message") = first_error.c_str();
        failure.append_attribute("type") = c.name.c_str();
        failure.append_child(pugi::node_pcdata).set_value(errors.c_str());
      }
      if (!others.empty())
        test.append_child("system-out").append_child(pugi::node_pcdata).set_value(others.c_str());
    }
    node.append_attribute("tests") = static_cast<unsigned long long>(suite.cases.size());
    node.append_attribute("failures") = static_cast<unsigned long long>(failures);
    all_tests += suite.cases.size();
    all_failures += failures;
  }
  root.append_attribute("tests") = static_cast<unsigned long long>(all_tests);
  root.append_attribute("failures") = static_cast<unsigned long long>(all_failures);
  std::ostringstream out;
  doc.save(out, "  ");
  return out.str();
}

}  // namespace pm::report
