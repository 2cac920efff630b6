// libFuzzer target: the CSV reader alone, on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scoring/csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  aigc::scoring::InputErrors errors;
  aigc::scoring::CsvReader reader(text, "fuzz", errors);
  std::vector<std::string_view> header, fields;
  if (!reader.read_header(header)) return 0;
  std::size_t line = 0;
  while (reader.next_row(header.size(), fields, line)) {
  }
  return 0;
}
