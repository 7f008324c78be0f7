#include "adapters/knex/js_text.hpp"

namespace pm::knex {

namespace {

std::string hex_escape(unsigned char c) {
  static const char* digits = "0123456789abcdef";
  return std::string("\\x") + digits[c >> 4] + digits[c & 15];
}

}  // namespace

std::string js_string(std::string_view text) {
  const bool multiline = text.find('\n') != std::string_view::npos;
  std::string out(1, multiline ? '`' : '\'');
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\\') {
      out += "\\\\";
    } else if (multiline && c == '`') {
      out += "\\`";
    } else if (multiline && c == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      out += "\\$";
    } else if (!multiline && c == '\'') {
      out += "\\'";
    } else if (c == '\n') {
      out += multiline ? "\n" : "\\n";
    } else if (c == '\r') {
      out += "\\r";  // a template literal would read a raw CR LF as LF
    } else if (c == '\t') {
      out += multiline ? "\t" : "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      out += hex_escape(c);
    } else if (c == 0xe2 && i + 2 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[i + 2]) == 0xa8 ||
                static_cast<unsigned char>(text[i + 2]) == 0xa9)) {
      out += static_cast<unsigned char>(text[i + 2]) == 0xa8 ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + (multiline ? '`' : '\'');
}

std::string js_comment(std::string_view text, const std::string& indent) {
  std::string out;
  std::string line;
  auto end_line = [&] {
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += indent + (line.empty() ? "//" : "// " + line) + "\n";
    line.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      end_line();
    } else if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') continue;
      end_line();
    } else if (c == 0xe2 && i + 2 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[i + 2]) == 0xa8 ||
                static_cast<unsigned char>(text[i + 2]) == 0xa9)) {
      line += static_cast<unsigned char>(text[i + 2]) == 0xa8 ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      line += static_cast<char>(c);
    }
  }
  end_line();
  return out;
}

std::string js_array(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + js_string(items[i]);
  return out + "]";
}

}  // namespace pm::knex
