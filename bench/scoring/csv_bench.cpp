// CSV reading speed of the scoring engine, per core: the reader alone, the reader plus
// number parsing, and its one-pass path for rows of plain numbers, over a file given in
// AIGC_BENCH_CSV (default: 1,000,000 rows of an id and ten probabilities generated in memory).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "scoring/csv.hpp"
#include "scoring/dataset.hpp"

namespace {

const std::string& input() {
  static const std::string data = [] {
    if (const char* path = std::getenv("AIGC_BENCH_CSV")) {
      std::ifstream f(path, std::ios::binary);
      std::stringstream ss;
      ss << f.rdbuf();
      return ss.str();
    }
    std::string s = "id,0,1,2,3,4,5,6,7,8,9\n";
    char buf[32];
    for (int i = 0; i < 1000000; ++i) {
      s += "id" + std::to_string(10000000 + i);
      for (int c = 0; c < 10; ++c) {
        std::snprintf(buf, sizeof buf, ",%.6f", ((i * 7 + c * 13) % 1000) / 1000.0);
        s += buf;
      }
      s += '\n';
    }
    return s;
  }();
  return data;
}

// The sum of a row's numbers after its id, each parsed by parse_number.
double sum_after_id(const std::vector<std::string_view>& fields) {
  double sum = 0, v = 0;
  for (std::size_t i = 1; i < fields.size(); ++i)
    if (aigc::scoring::parse_number(fields[i], v)) sum += v;
  return sum;
}

// Reads the whole input once per iteration: a fresh reader past the header is handed to
// `read(reader, columns)`, whose result is kept from being optimized away.
template <class Read>
void read_input(benchmark::State& state, Read read) {
  const auto& data = input();
  for (auto _ : state) {
    aigc::scoring::InputErrors errors;
    aigc::scoring::CsvReader reader(data, "bench", errors);
    std::vector<std::string_view> header;
    reader.read_header(header);
    benchmark::DoNotOptimize(read(reader, header.size()));
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
}

void BM_CsvRead(benchmark::State& state) {
  read_input(state, [](aigc::scoring::CsvReader& reader, std::size_t columns) {
    std::vector<std::string_view> fields;
    std::size_t line = 0, rows = 0;
    while (reader.next_row(columns, fields, line)) ++rows;
    return rows;
  });
}
BENCHMARK(BM_CsvRead)->Unit(benchmark::kMillisecond);

void BM_CsvReadAndParseNumbers(benchmark::State& state) {
  read_input(state, [](aigc::scoring::CsvReader& reader, std::size_t columns) {
    std::vector<std::string_view> fields;
    std::size_t line = 0;
    double sum = 0;
    while (reader.next_row(columns, fields, line)) sum += sum_after_id(fields);
    return sum;
  });
}
BENCHMARK(BM_CsvReadAndParseNumbers)->Unit(benchmark::kMillisecond);

// The same rows through the reader's one-pass path for rows of plain numbers (the one
// loading class scores takes), any other line through the general one.
void BM_CsvReadPlainNumbersRows(benchmark::State& state) {
  read_input(state, [](aigc::scoring::CsvReader& reader, std::size_t columns) {
    std::vector<std::string_view> fields;
    std::vector<double> numbers;
    std::size_t line = 0;
    double sum = 0;
    for (;;) {
      if (reader.next_plain_numbers_row(columns, 0, 0.0, 1.0, fields, numbers, line)) {
        for (std::size_t i = 1; i < numbers.size(); ++i) sum += numbers[i];
      } else if (reader.next_row(columns, fields, line)) {
        sum += sum_after_id(fields);
      } else {
        break;
      }
    }
    return sum;
  });
}
BENCHMARK(BM_CsvReadPlainNumbersRows)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
