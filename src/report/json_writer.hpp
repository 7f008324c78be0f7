// Writes JSON straight to a stream, pretty-printed, without building a document in memory:
// `inspect --json` and `status --json` of 10,000 migrations would otherwise allocate a tree node
// per value. Strings are escaped per RFC 8259; bytes that are not valid UTF-8 become U+FFFD, so
// the output always parses.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace pm::report {

class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out) : out_(out) {}
  ~JsonWriter();  // writes what is buffered; a newline ends a closed top-level value

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);

  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
  JsonWriter& value(std::size_t number) { return value(static_cast<std::int64_t>(number)); }
  JsonWriter& value(bool flag);
  JsonWriter& null();
  JsonWriter& value(const std::optional<std::string>& text) { return text ? value(*text) : null(); }
  JsonWriter& value(const std::vector<std::string>& texts);

  JsonWriter& null_field(std::string_view name) {
    key(name);
    return null();
  }
  // key(name) followed by value(v).
  template <typename T>
  JsonWriter& field(std::string_view name, const T& v) {
    key(name);
    return value(v);
  }

 private:
  void before_value();
  void newline();
  void write_string(std::string_view text);
  void put(char c) { buffer_ += c; }
  void put(std::string_view text) { buffer_ += text; }
  void flush_if_full();

  std::ostream& out_;
  // Output is gathered here and written in large pieces: an ostream call per comma and quote
  // costs more than the JSON itself.
  std::string buffer_;
  // One entry per open container: whether it already holds an element.
  std::vector<bool> has_elements_;
  bool after_key_ = false;
  bool done_ = false;
};

}  // namespace pm::report
