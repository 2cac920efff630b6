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

void BM_CsvRead(benchmark::State& state) {
  const auto& data = input();
  for (auto _ : state) {
    aigc::scoring::InputErrors errors;
    aigc::scoring::CsvReader reader(data, "bench", errors);
    std::vector<std::string_view> header, fields;
    reader.read_header(header);
    std::size_t line = 0, rows = 0;
    while (reader.next_row(header.size(), fields, line)) ++rows;
    benchmark::DoNotOptimize(rows);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_CsvRead)->Unit(benchmark::kMillisecond);

void BM_CsvReadAndParseNumbers(benchmark::State& state) {
  const auto& data = input();
  for (auto _ : state) {
    aigc::scoring::InputErrors errors;
    aigc::scoring::CsvReader reader(data, "bench", errors);
    std::vector<std::string_view> header, fields;
    reader.read_header(header);
    std::size_t line = 0;
    double sum = 0;
    while (reader.next_row(header.size(), fields, line)) sum += sum_after_id(fields);
    benchmark::DoNotOptimize(sum);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_CsvReadAndParseNumbers)->Unit(benchmark::kMillisecond);

// The same rows through the reader's one-pass path for rows of plain numbers (the one
// loading class scores takes), any other line through the general one.
void BM_CsvReadPlainNumbersRows(benchmark::State& state) {
  const auto& data = input();
  for (auto _ : state) {
    aigc::scoring::InputErrors errors;
    aigc::scoring::CsvReader reader(data, "bench", errors);
    std::vector<std::string_view> header, fields;
    std::vector<double> numbers;
    reader.read_header(header);
    std::size_t line = 0;
    double sum = 0;
    for (;;) {
      if (reader.next_plain_numbers_row(header.size(), 0, 0.0, 1.0, fields, numbers, line)) {
        for (std::size_t i = 1; i < numbers.size(); ++i) sum += numbers[i];
      } else if (reader.next_row(header.size(), fields, line)) {
        sum += sum_after_id(fields);
      } else {
        break;
      }
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_CsvReadPlainNumbersRows)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
