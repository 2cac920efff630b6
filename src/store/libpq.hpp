// The few libpq calls the change listener makes (store/table_versions), looked up in
// libpq.so.5 the first time they are needed instead of linked: linking libpq, and the two
// dozen libraries it brings (OpenSSL, Kerberos, LDAP, GnuTLS), cost every aigc process
// ~12 ms at start, `aigc score` and SQLite sites included (as database.cpp's SOCI backend).
#pragma once

#include <libpq-fe.h>

#include <string>

namespace aigc {

struct Libpq {
  decltype(&PQconnectdb) connectdb;
  decltype(&PQstatus) status;
  decltype(&PQexec) exec;
  decltype(&PQresultStatus) result_status;
  decltype(&PQclear) clear;
  decltype(&PQerrorMessage) error_message;
  decltype(&PQfinish) finish;
  decltype(&PQsocket) socket;
  decltype(&PQconsumeInput) consume_input;
  decltype(&PQnotifies) notifies;
  decltype(&PQfreemem) freemem;
};

// libpq's calls, or nullptr with `problem` set when libpq.so.5 cannot be loaded.
const Libpq* libpq(std::string& problem);

}  // namespace aigc
