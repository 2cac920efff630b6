// aigc: the one program of AIGC Hub. Subcommands share --config, --db and --log-level;
// settings resolve as defaults < YAML file < AIGC_* environment < flags.
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "cli/client_commands.hpp"
#include "cli/commands.hpp"
#include "cli/score_command.hpp"
#include "core/crypto.hpp"

int main(int argc, char** argv) {
  aigc::init_crypto();
  CLI::App cli{"AIGC Hub: the platform of the AI Global Community", "aigc"};
  cli.require_subcommand(1);
  std::string config_path, db, log_level, host, web_root;
  int port = 0, threads = -1, workers = -1, worker_count = 1;
  cli.add_option("--config", config_path, "YAML configuration file")->check(CLI::ExistingFile);
  cli.add_option("--log-level", log_level, "trace, debug, info, warn or error");

  auto add_db = [&](CLI::App* sub) {
    sub->add_option("--db", db, "database URL: sqlite:///abs/path.db (default ./var/aigc.db) or postgresql://...");
    sub->add_option("--web-root", web_root, "folder with templates/, static/, i18n/");
  };

  auto* serve = cli.add_subcommand("serve", "Serve the web site and API (migrates first)");
  add_db(serve);
  serve->add_option("--host", host, "address to listen on (default 127.0.0.1)");
  serve->add_option("--port", port, "port to listen on (default 8080)")->check(CLI::Range(1, 65535));
  serve->add_option("--threads", threads, "HTTP threads (default 2 per core)")->check(CLI::Range(0, 512));
  serve->add_option("--workers", workers, "scoring workers in this process (default 1; 0 when separate `aigc worker`s score)")
      ->check(CLI::Range(0, 64));

  auto* worker = cli.add_subcommand("worker", "Score queued submissions and send queued mail (run any number, on any machine sharing the database and blob_dir)");
  add_db(worker);
  worker->add_option("--count", worker_count, "scoring workers in this process (default 1; 0: only send mail)")->check(CLI::Range(0, 64));

  auto* migrate = cli.add_subcommand("migrate", "Bring the database schema up to date");
  add_db(migrate);

  std::string backup_dir;
  auto* backup = cli.add_subcommand("backup", "Copy the database and blobs into a new folder while the site runs (consistent)");
  add_db(backup);
  backup->add_option("DIR", backup_dir, "a folder that does not exist yet")->required();
  auto* restore = cli.add_subcommand("restore", "Bring a backup back into an empty database and the blob folder");
  add_db(restore);
  restore->add_option("DIR", backup_dir, "a folder `aigc backup` made")->required();

  aigc::cli::SeedOptions seed_options;
  auto* seed = cli.add_subcommand("seed", "Load demo content or generated members");
  add_db(seed);
  seed->add_flag("--demo", seed_options.demo, "organizations, members, pages and an admin, once");
  seed->add_option("--members", seed_options.members, "generate N members across 60+ countries")->check(CLI::NonNegativeNumber);
  seed->add_option("--seed", seed_options.seed, "random seed for generated members");
  seed->add_option("--content", seed_options.content_dir, "folder of demo pages (default content/pages)");
  seed->add_option("--admin-password", seed_options.admin_password, "password for the demo admin (default: random, printed)");

  std::string pages_dir;
  auto* pages = cli.add_subcommand("pages", "Manage pages");
  pages->require_subcommand(1);
  auto* pages_import = pages->add_subcommand("import", "Import a folder of markdown pages with front matter");
  add_db(pages_import);
  pages_import->add_option("DIR", pages_dir, "folder to import")->required();

  auto* search = cli.add_subcommand("search", "Manage the search index");
  search->require_subcommand(1);
  auto* search_reindex = search->add_subcommand("reindex", "Rebuild the search index from every area's content");
  add_db(search_reindex);

  auto* talent = cli.add_subcommand("talent", "Medals, tiers and rankings");
  talent->require_subcommand(1);
  auto* talent_recompute = talent->add_subcommand("recompute", "Rebuild every result, medal and ranking from the sources");
  add_db(talent_recompute);

  auto* admin = cli.add_subcommand("admin", "Operator tasks");
  admin->require_subcommand(1);
  aigc::cli::UserOptions user;
  auto* create_user = admin->add_subcommand("create-user", "Create an account");
  add_db(create_user);
  create_user->add_option("--handle", user.handle, "unique handle")->required();
  create_user->add_option("--email", user.email, "email address")->required();
  create_user->add_option("--password", user.password, "password (omit or '-' to read from standard input)");
  create_user->add_option("--display-name", user.display_name, "display name");
  create_user->add_option("--country", user.country, "ISO 3166-1 alpha-2 code");
  create_user->add_option("--role", user.role, "admin, organizer, committee, moderator or member (default member)");
  std::string role_handle, role_name, token_name = "cli";
  auto* set_role = admin->add_subcommand("set-role", "Change a member's role");
  add_db(set_role);
  set_role->add_option("HANDLE", role_handle, "member handle")->required();
  set_role->add_option("ROLE", role_name, "admin, organizer, committee, moderator or member")->required();
  auto* create_token = admin->add_subcommand("create-token", "Print a new personal API token for a member");
  add_db(create_token);
  create_token->add_option("HANDLE", role_handle, "member handle")->required();
  create_token->add_option("--name", token_name, "a name to recognize the token by");

  aigc::cli::ScoreOptions score_options;
  auto* score = aigc::cli::add_score_command(cli, score_options);

  aigc::cli::ClientOptions client_options;
  auto* submit = aigc::cli::add_submit_command(cli, client_options);
  auto* board = aigc::cli::add_leaderboard_command(cli, client_options);

  cli.add_subcommand("version", "Print the version");

  CLI11_PARSE(cli, argc, argv);

  auto loaded = aigc::load_config(config_path);
  if (!loaded) {
    std::cerr << "error: " << loaded.error().message << "\n";
    return 2;
  }
  aigc::Config config = loaded.value();
  if (!db.empty()) config.db = db;
  if (!host.empty()) config.host = host;
  if (port > 0) config.port = port;
  if (threads >= 0) config.threads = threads;
  if (workers >= 0) config.workers = workers;
  if (!web_root.empty()) config.web_root = web_root;
  if (!log_level.empty()) config.log_level = log_level;
  if (auto r = aigc::finalize_config(config); !r) {
    std::cerr << "error: " << r.error().message << "\n";
    return 2;
  }
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");

  if (cli.got_subcommand(score)) return aigc::cli::score(score_options);
  if (cli.got_subcommand(submit)) return aigc::cli::submit(client_options);
  if (cli.got_subcommand(board)) return aigc::cli::leaderboard(client_options);
  if (cli.got_subcommand("version")) {
    std::cout << "aigc " << AIGC_VERSION << "\n";
    return 0;
  }
  if (cli.got_subcommand(serve)) return aigc::cli::serve(config);
  if (cli.got_subcommand(worker)) return aigc::cli::worker(config, worker_count);
  if (cli.got_subcommand(migrate)) return aigc::cli::migrate(config);
  if (cli.got_subcommand(backup)) return aigc::cli::backup(config, backup_dir);
  if (cli.got_subcommand(restore)) return aigc::cli::restore(config, backup_dir);
  if (cli.got_subcommand(seed)) return aigc::cli::seed(config, seed_options);
  if (pages->got_subcommand(pages_import)) return aigc::cli::import_pages(config, pages_dir);
  if (search->got_subcommand(search_reindex)) return aigc::cli::reindex_search(config);
  if (talent->got_subcommand(talent_recompute)) return aigc::cli::recompute_talent(config);
  if (admin->got_subcommand(create_user)) return aigc::cli::create_user(config, user);
  if (admin->got_subcommand(set_role)) return aigc::cli::set_role(config, role_handle, role_name);
  if (admin->got_subcommand(create_token)) return aigc::cli::create_token(config, role_handle, token_name);
  return 0;
}
