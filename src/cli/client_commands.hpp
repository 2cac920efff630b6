// The competition client, like the Kaggle CLI: `aigc submit` uploads a prediction file to
// a server's API (with a progress bar on a terminal) and can wait for its score;
// `aigc leaderboard` prints a board. Exit codes: 0 success, 1 the server could not be
// reached or failed, 2 the server refused the request (the reason is printed).
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace aigc::cli {

struct ClientOptions {
  std::string server = "http://127.0.0.1:8080";
  std::string token;  // default: $AIGC_TOKEN
  std::string competition;
  std::string phase;
  // submit
  std::string file;
  std::string message;
  bool wait = false;
  int timeout_seconds = 600;
  // leaderboard
  std::string board = "public";
  int limit = 50;
  bool json = false;
  // en or zh-CN; empty: the terminal's locale (LC_ALL, LC_MESSAGES, LANG)
  std::string lang;
};

// "zh-CN" when `explicit_lang` says so, or, when it is empty, the terminal's locale is Chinese; else "en".
std::string terminal_lang(const std::string& explicit_lang);

CLI::App* add_submit_command(CLI::App& cli, ClientOptions& options);
CLI::App* add_leaderboard_command(CLI::App& cli, ClientOptions& options);
int submit(ClientOptions options);
int leaderboard(ClientOptions options);

}  // namespace aigc::cli
