// The ceiling for HTTP benchmarks: the smallest RESTinio server that answers "hello",
// built with the same compiler, flags and thread count as aigc serve.
// Usage: hello_server PORT THREADS
#include <utility>  // before Asio under C++20 with Boost 1.74

#include <cstdlib>

#include <restinio/all.hpp>

int main(int argc, char** argv) {
  auto port = static_cast<std::uint16_t>(argc > 1 ? std::atoi(argv[1]) : 8081);
  auto threads = static_cast<std::size_t>(argc > 2 ? std::atoi(argv[2]) : 4);
  restinio::run(restinio::on_thread_pool(threads)
                    .port(port)
                    .address("127.0.0.1")
                    .request_handler([](auto req) {
                      return req->create_response()
                          .append_header(restinio::http_field::content_type, "text/plain; charset=utf-8")
                          .set_body("hello\n")
                          .done();
                    }));
}
