#include "store/migrations.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "store/table_versions.hpp"
#include "store/talent_schema.hpp"

namespace aigc {

namespace {

struct Migration {
  int version;
  const char* name;
  std::vector<const char*> statements;  // one statement each: SQLite prepares one at a time
};

// @ID@ is the one dialect difference in tables: an auto-assigned 64-bit key (and
// @WITHOUT_ROWID@, SQLite's table stored as its primary key, for bulk-written tables). A statement
// that starts with @SQLITE@ or @POSTGRESQL@ runs on that database only: the full-text
// index (FTS5 or tsvector + GIN), which no common SQL expresses.
const std::vector<Migration>& migrations() {
  static const std::vector<Migration> list = {
      {1, "members, organizations, sessions, tokens, pages",
       {
           R"(CREATE TABLE organizations (
                id @ID@,
                slug TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                kind TEXT NOT NULL,
                country TEXT NOT NULL DEFAULT '',
                website TEXT NOT NULL DEFAULT '',
                description_md TEXT NOT NULL DEFAULT '',
                created_at BIGINT NOT NULL))",
           R"(CREATE TABLE members (
                id @ID@,
                handle TEXT NOT NULL,
                handle_key TEXT NOT NULL UNIQUE,
                email TEXT NOT NULL,
                email_key TEXT NOT NULL UNIQUE,
                password_hash TEXT NOT NULL,
                display_name TEXT NOT NULL,
                country TEXT NOT NULL DEFAULT '',
                organization_id BIGINT REFERENCES organizations(id) ON DELETE SET NULL,
                bio_md TEXT NOT NULL DEFAULT '',
                preferred_lang TEXT NOT NULL DEFAULT 'en',
                time_zone TEXT NOT NULL DEFAULT 'UTC',
                role TEXT NOT NULL DEFAULT 'member',
                created_at BIGINT NOT NULL))",
           "CREATE INDEX members_country ON members (country, id)",
           "CREATE INDEX members_organization ON members (organization_id, id)",
           R"(CREATE TABLE member_skills (
                member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
                skill TEXT NOT NULL,
                PRIMARY KEY (member_id, skill)))",
           "CREATE INDEX member_skills_skill ON member_skills (skill, member_id)",
           R"(CREATE TABLE sessions (
                token_hash TEXT PRIMARY KEY,
                member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL))",
           "CREATE INDEX sessions_member ON sessions (member_id)",
           R"(CREATE TABLE api_tokens (
                id TEXT PRIMARY KEY,
                member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,
                prefix TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                last_used_at BIGINT NOT NULL DEFAULT 0,
                revoked_at BIGINT NOT NULL DEFAULT 0))",
           "CREATE INDEX api_tokens_member ON api_tokens (member_id)",
           R"(CREATE TABLE pages (
                id @ID@,
                slug TEXT NOT NULL,
                lang TEXT NOT NULL,
                title TEXT NOT NULL,
                description TEXT NOT NULL DEFAULT '',
                icon TEXT NOT NULL DEFAULT '',
                cover TEXT NOT NULL DEFAULT '',
                front_matter TEXT NOT NULL DEFAULT '{}',
                body_md TEXT NOT NULL,
                body_html TEXT NOT NULL,
                toc TEXT NOT NULL DEFAULT '[]',
                updated_at BIGINT NOT NULL,
                UNIQUE (slug, lang)))",
       }},
      {2, "competitions and phases",
       {
           R"(CREATE TABLE competitions (
                id @ID@,
                slug TEXT NOT NULL UNIQUE,
                title_en TEXT NOT NULL,
                title_zh TEXT NOT NULL DEFAULT '',
                description_en TEXT NOT NULL DEFAULT '',
                description_zh TEXT NOT NULL DEFAULT '',
                rules_md TEXT NOT NULL DEFAULT '',
                prizes_md TEXT NOT NULL DEFAULT '',
                tags TEXT NOT NULL DEFAULT '',
                cover TEXT NOT NULL DEFAULT '',
                visibility TEXT NOT NULL DEFAULT 'draft',
                organizer_id BIGINT NOT NULL REFERENCES members(id),
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           "CREATE INDEX competitions_visibility ON competitions (visibility, id)",
           R"(CREATE TABLE phases (
                id @ID@,
                competition_id BIGINT NOT NULL REFERENCES competitions(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                starts_at BIGINT NOT NULL,
                ends_at BIGINT NOT NULL,
                metric TEXT NOT NULL,
                params TEXT NOT NULL DEFAULT '{}',
                public_fraction DOUBLE PRECISION NOT NULL DEFAULT 0.3,
                split_seed BIGINT NOT NULL DEFAULT 0,
                daily_limit INTEGER NOT NULL DEFAULT 5,
                total_limit INTEGER NOT NULL DEFAULT 0,
                max_team_size INTEGER NOT NULL DEFAULT 5,
                UNIQUE (competition_id, name)))",
       }},
      {3, "competition files",
       {
           R"(CREATE TABLE competition_files (
                id @ID@,
                competition_id BIGINT NOT NULL REFERENCES competitions(id) ON DELETE CASCADE,
                phase_name TEXT NOT NULL DEFAULT '',
                kind TEXT NOT NULL,
                name TEXT NOT NULL,
                blob TEXT NOT NULL,
                size BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                UNIQUE (competition_id, kind, phase_name, name)))",
       }},
      {4, "participants, teams, submissions, leaderboards, jobs",
       {
           "ALTER TABLE phases ADD COLUMN final_selections INTEGER NOT NULL DEFAULT 2",
           "ALTER TABLE phases ADD COLUMN revealed_at BIGINT NOT NULL DEFAULT 0",
           "ALTER TABLE phases ADD COLUMN board_version BIGINT NOT NULL DEFAULT 0",
           R"(CREATE TABLE participants (
                competition_id BIGINT NOT NULL REFERENCES competitions(id) ON DELETE CASCADE,
                member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
                accepted_at BIGINT NOT NULL,
                PRIMARY KEY (competition_id, member_id)))",
           R"(CREATE TABLE teams (
                id @ID@,
                competition_id BIGINT NOT NULL REFERENCES competitions(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                name_key TEXT NOT NULL,
                leader_id BIGINT REFERENCES members(id) ON DELETE SET NULL,
                is_baseline INTEGER NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                UNIQUE (competition_id, name_key)))",
           R"(CREATE TABLE team_members (
                team_id BIGINT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
                competition_id BIGINT NOT NULL REFERENCES competitions(id) ON DELETE CASCADE,
                member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
                joined_at BIGINT NOT NULL,
                PRIMARY KEY (team_id, member_id),
                UNIQUE (competition_id, member_id)))",
           R"(CREATE TABLE team_requests (
                kind TEXT NOT NULL,
                team_id BIGINT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
                target_member_id BIGINT NOT NULL DEFAULT 0,
                target_team_id BIGINT NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (kind, team_id, target_member_id, target_team_id)))",
           "CREATE INDEX team_requests_member ON team_requests (target_member_id)",
           "CREATE INDEX team_requests_team ON team_requests (target_team_id)",
           R"(CREATE TABLE submissions (
                seq @ID@,
                id TEXT NOT NULL UNIQUE,
                competition_id BIGINT NOT NULL REFERENCES competitions(id) ON DELETE CASCADE,
                phase_id BIGINT NOT NULL REFERENCES phases(id) ON DELETE CASCADE,
                team_id BIGINT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
                member_id BIGINT REFERENCES members(id) ON DELETE SET NULL,
                blob TEXT NOT NULL,
                size BIGINT NOT NULL,
                filename TEXT NOT NULL,
                message TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL,
                error TEXT NOT NULL DEFAULT '',
                public_score DOUBLE PRECISION,
                private_score DOUBLE PRECISION,
                public_details TEXT NOT NULL DEFAULT '{}',
                private_details TEXT NOT NULL DEFAULT '{}',
                selected INTEGER NOT NULL DEFAULT 0,
                generation INTEGER NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                scored_at BIGINT NOT NULL DEFAULT 0))",
           "CREATE INDEX submissions_team ON submissions (phase_id, team_id, created_at)",
           "CREATE INDEX submissions_phase ON submissions (phase_id, seq)",
           R"(CREATE TABLE leaderboard (
                phase_id BIGINT NOT NULL REFERENCES phases(id) ON DELETE CASCADE,
                team_id BIGINT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
                submission_id TEXT NOT NULL,
                score DOUBLE PRECISION,
                rank_key DOUBLE PRECISION,
                submitted_seq BIGINT NOT NULL,
                submitted_at BIGINT NOT NULL,
                private_submission_id TEXT NOT NULL DEFAULT '',
                private_score DOUBLE PRECISION,
                private_rank_key DOUBLE PRECISION,
                private_seq BIGINT NOT NULL DEFAULT 0,
                entries INTEGER NOT NULL,
                last_at BIGINT NOT NULL,
                PRIMARY KEY (phase_id, team_id)))",
           // Covering: a page's teams are read from the index alone.
           "CREATE INDEX leaderboard_public ON leaderboard (phase_id, rank_key DESC, submitted_seq, team_id)",
           "CREATE INDEX leaderboard_private ON leaderboard (phase_id, private_rank_key DESC, private_seq, team_id)",
           R"(CREATE TABLE jobs (
                id @ID@,
                kind TEXT NOT NULL,
                subject TEXT NOT NULL,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                lease_until BIGINT NOT NULL DEFAULT 0,
                worker TEXT NOT NULL DEFAULT '',
                error TEXT NOT NULL DEFAULT '',
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           "CREATE INDEX jobs_ready ON jobs (state, id)",
       }},
      {5, "sign-in attempt counters, organization managers",
       {
           // One row per account or address: every server counts sign-ins in the same place.
           R"(CREATE TABLE login_counters (
                key TEXT PRIMARY KEY,
                window_start BIGINT NOT NULL,
                attempts INTEGER NOT NULL))",
           R"(CREATE TABLE organization_managers (
                organization_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
                added_at BIGINT NOT NULL,
                PRIMARY KEY (organization_id, member_id)))",
           "CREATE INDEX organization_managers_member ON organization_managers (member_id)",
       }},
      {6, "mail outbox, e-mailed links, account states, role requests, notifications",
       {
           // Every mail goes through here: a worker sends it, retries with backoff, and marks
           // handed_over_at just before the relay gets the end of the message, so a worker
           // that dies after that point never causes a second copy (docs/mail.md).
           R"(CREATE TABLE mail_outbox (
                id @ID@,
                kind TEXT NOT NULL,
                to_addr TEXT NOT NULL,
                subject TEXT NOT NULL,
                body_text TEXT NOT NULL,
                body_html TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'queued',
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at BIGINT NOT NULL,
                lease_owner TEXT NOT NULL DEFAULT '',
                lease_until BIGINT NOT NULL DEFAULT 0,
                handed_over_at BIGINT NOT NULL DEFAULT 0,
                last_error TEXT NOT NULL DEFAULT '',
                created_at BIGINT NOT NULL,
                sent_at BIGINT NOT NULL DEFAULT 0))",
           "CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at, id)",
           // Single-use links sent by mail: finishing a registration, confirming a new
           // address, resetting a password. A registration's account exists only once its
           // link is followed; until then the payload holds it (with the password's hash).
           R"(CREATE TABLE email_links (
                token_hash TEXT PRIMARY KEY,
                purpose TEXT NOT NULL,
                member_id BIGINT REFERENCES members(id) ON DELETE CASCADE,
                email TEXT NOT NULL,
                payload TEXT NOT NULL DEFAULT '',
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                used_at BIGINT NOT NULL DEFAULT 0))",
           "CREATE INDEX email_links_email ON email_links (email, created_at)",
           "CREATE INDEX email_links_member ON email_links (member_id)",
           "ALTER TABLE members ADD COLUMN avatar_blob TEXT NOT NULL DEFAULT ''",
           // Texts people write exist in both languages: rules_md and prizes_md are the
           // English (or only) ones, these the Chinese.
           "ALTER TABLE competitions ADD COLUMN rules_zh TEXT NOT NULL DEFAULT ''",
           "ALTER TABLE competitions ADD COLUMN prizes_zh TEXT NOT NULL DEFAULT ''",
           "ALTER TABLE organizations ADD COLUMN name_zh TEXT NOT NULL DEFAULT ''",
           "ALTER TABLE organizations ADD COLUMN description_zh TEXT NOT NULL DEFAULT ''",
           "ALTER TABLE members ADD COLUMN suspended_at BIGINT NOT NULL DEFAULT 0",
           "ALTER TABLE members ADD COLUMN deleted_at BIGINT NOT NULL DEFAULT 0",
           R"(CREATE TABLE role_requests (
                id @ID@,
                member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
                role TEXT NOT NULL,
                reason TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'pending',
                decided_by BIGINT REFERENCES members(id) ON DELETE SET NULL,
                decided_at BIGINT NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL))",
           "CREATE INDEX role_requests_status ON role_requests (status, id)",
           R"(CREATE TABLE notifications (
                id @ID@,
                member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                params TEXT NOT NULL DEFAULT '{}',
                link TEXT NOT NULL DEFAULT '',
                created_at BIGINT NOT NULL,
                read_at BIGINT NOT NULL DEFAULT 0,
                digest_state TEXT NOT NULL DEFAULT ''))",
           "CREATE INDEX notifications_member ON notifications (member_id, id)",
           "CREATE INDEX notifications_digest ON notifications (digest_state, member_id)",
           "CREATE INDEX notifications_unread ON notifications (member_id, read_at)",
           // One row per thing done once: a member's last digest, a phase's closing reminder.
           R"(CREATE TABLE notification_marks (
                key TEXT PRIMARY KEY,
                at BIGINT NOT NULL))",
           R"(CREATE TABLE notification_prefs (
                member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                delivery TEXT NOT NULL,
                PRIMARY KEY (member_id, kind)))",
       }},
      {7, "submission problems as codes, phase descriptions, pictures, scorer hosts",
       {
           // The scoring engine's problems with a failed submission, as codes and values the
           // web layer words in the reader's language; `error` keeps the English text.
           "ALTER TABLE submissions ADD COLUMN error_problems TEXT NOT NULL DEFAULT ''",
           "ALTER TABLE phases ADD COLUMN description_en TEXT NOT NULL DEFAULT ''",
           "ALTER TABLE phases ADD COLUMN description_zh TEXT NOT NULL DEFAULT ''",
           // Pictures served at /media/<blob>.png; a blob not listed here is never served.
           R"(CREATE TABLE media (
                blob TEXT PRIMARY KEY,
                content_type TEXT NOT NULL,
                width INTEGER NOT NULL,
                height INTEGER NOT NULL,
                created_at BIGINT NOT NULL))",
           // What each scoring worker says it can do with an organizer's scorer program.
           R"(CREATE TABLE scorer_hosts (
                name TEXT PRIMARY KEY,
                seen_at BIGINT NOT NULL,
                sandbox_problem TEXT NOT NULL,
                enforcement TEXT NOT NULL,
                cpu_seconds INTEGER NOT NULL,
                memory_mb INTEGER NOT NULL,
                wall_seconds INTEGER NOT NULL,
                processes INTEGER NOT NULL,
                tmp_mb INTEGER NOT NULL))",
       }},
      {8, "the search index",
       {
           // One row per searchable object; its title and body also as pre-analysed terms
           // (domain/search/text_analysis.hpp), which the full-text index is built from.
           // The small columns first: SQLite reads a row's columns in order, and a large
           // text before a small one would make every read of the small one walk the text.
           R"(CREATE TABLE search_documents (
                id @ID@,
                kind TEXT NOT NULL,
                object_key TEXT NOT NULL,
                field TEXT NOT NULL,
                tags TEXT NOT NULL,
                langs TEXT NOT NULL,
                audience TEXT NOT NULL,
                owner_id BIGINT NOT NULL,
                votes BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                title_len INTEGER NOT NULL,
                body_len INTEGER NOT NULL,
                url TEXT NOT NULL,
                title_en TEXT NOT NULL,
                title_zh TEXT NOT NULL,
                meta_terms TEXT NOT NULL,
                title_terms TEXT NOT NULL,
                body_terms TEXT NOT NULL,
                body TEXT NOT NULL,
                UNIQUE (kind, object_key)))",
           // BM25's corpus statistics, kept exact by every change in its own transaction;
           // sixteen rows that writers share out by id, so concurrent writers seldom wait.
           R"(CREATE TABLE search_stats (
                shard INTEGER PRIMARY KEY,
                documents BIGINT NOT NULL,
                title_terms BIGINT NOT NULL,
                body_terms BIGINT NOT NULL))",
           "INSERT INTO search_stats (shard, documents, title_terms, body_terms) VALUES (0, 0, 0, 0), (1, 0, 0, 0), "
           "(2, 0, 0, 0), (3, 0, 0, 0), (4, 0, 0, 0), (5, 0, 0, 0), (6, 0, 0, 0), (7, 0, 0, 0), (8, 0, 0, 0), (9, 0, 0, 0), "
           "(10, 0, 0, 0), (11, 0, 0, 0), (12, 0, 0, 0), (13, 0, 0, 0), (14, 0, 0, 0), (15, 0, 0, 0)",
           // SQLite: an FTS5 index over the terms, kept in step by triggers. The `ascii`
           // tokenizer splits on spaces only (terms hold letters and digits), so it indexes
           // exactly the analysis's terms. meta_terms holds the filters (kind, audience,
           // language, field, tags) as terms, so the index alone filters: no row is read
           // to decide whether a match is shown.
           "@SQLITE@CREATE VIRTUAL TABLE search_fts USING fts5(title_terms, body_terms, meta_terms, content='search_documents', "
           "content_rowid='id', tokenize='ascii', detail='full')",
           "@SQLITE@CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts, 'row')",
           R"(@SQLITE@CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN
                INSERT INTO search_fts(rowid, title_terms, body_terms, meta_terms)
                  VALUES (new.id, new.title_terms, new.body_terms, new.meta_terms);
              END)",
           R"(@SQLITE@CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN
                INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms, meta_terms)
                  VALUES ('delete', old.id, old.title_terms, old.body_terms, old.meta_terms);
              END)",
           R"(@SQLITE@CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN
                INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms, meta_terms)
                  VALUES ('delete', old.id, old.title_terms, old.body_terms, old.meta_terms);
                INSERT INTO search_fts(rowid, title_terms, body_terms, meta_terms)
                  VALUES (new.id, new.title_terms, new.body_terms, new.meta_terms);
              END)",
           // PostgreSQL: the same terms as a weighted tsvector (title A, body D, filters B)
           // under a GIN index.
           "@POSTGRESQL@ALTER TABLE search_documents ADD COLUMN tsv tsvector NOT NULL DEFAULT ''",
           // Ids carry their document's facets in the low bits; the rest is this sequence.
           "@POSTGRESQL@CREATE SEQUENCE search_documents_seq",
           "@POSTGRESQL@CREATE INDEX search_documents_tsv ON search_documents USING GIN (tsv)",
           "CREATE INDEX search_documents_field ON search_documents (field)",
       }},
      {9, "papers and their authors",
       {
           R"(CREATE TABLE papers (
                id @ID@,
                submitter_id BIGINT NOT NULL REFERENCES members(id),
                title_en TEXT NOT NULL,
                title_zh TEXT NOT NULL,
                abstract_en TEXT NOT NULL,
                abstract_zh TEXT NOT NULL,
                year INTEGER NOT NULL,
                venue TEXT NOT NULL,
                arxiv_id TEXT NOT NULL,
                doi TEXT NOT NULL,
                code_url TEXT NOT NULL,
                data_url TEXT NOT NULL,
                project_url TEXT NOT NULL,
                fields TEXT NOT NULL,
                tags TEXT NOT NULL,
                votes BIGINT NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           "CREATE INDEX papers_newest ON papers (id)",
           // Authors in order; a member author confirms (confirmed_at), others are names.
           R"(CREATE TABLE paper_authors (
                paper_id BIGINT NOT NULL REFERENCES papers(id),
                position INTEGER NOT NULL,
                member_id BIGINT REFERENCES members(id),
                name TEXT NOT NULL,
                affiliation TEXT NOT NULL,
                confirmed_at BIGINT NOT NULL DEFAULT 0,
                PRIMARY KEY (paper_id, position)))",
           "CREATE INDEX paper_authors_member ON paper_authors (member_id, paper_id)",
       }},
      {10, "discussions: topics, posts and their revisions, votes, bookmarks, follows, flags, moderation",
       {
           // A topic is its opening post (number 1) and the replies after it. Where it lives:
           // a category (general, help, announcements, field), a competition's forum, or a
           // paper's thread. Counters are kept by the writes, so feeds read one table.
           R"(CREATE TABLE topics (
                id @ID@,
                category TEXT NOT NULL,
                field TEXT NOT NULL,
                competition_id BIGINT NOT NULL DEFAULT 0,
                paper_id BIGINT NOT NULL DEFAULT 0,
                author_id BIGINT NOT NULL REFERENCES members(id),
                title TEXT NOT NULL,
                lang TEXT NOT NULL,
                tags TEXT NOT NULL,
                votes BIGINT NOT NULL DEFAULT 0,
                replies BIGINT NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                last_posted_at BIGINT NOT NULL,
                pinned_at BIGINT NOT NULL DEFAULT 0,
                locked_at BIGINT NOT NULL DEFAULT 0,
                hidden_at BIGINT NOT NULL DEFAULT 0,
                merged_into BIGINT NOT NULL DEFAULT 0))",
           "CREATE INDEX topics_latest ON topics (last_posted_at, id)",
           "CREATE INDEX topics_author ON topics (author_id, id)",
           "CREATE INDEX topics_competition ON topics (competition_id, last_posted_at)",
           "CREATE INDEX topics_paper ON topics (paper_id)",
           "CREATE TABLE topic_tags (tag TEXT NOT NULL, topic_id BIGINT NOT NULL REFERENCES topics(id), PRIMARY KEY (tag, topic_id))",
           R"(CREATE TABLE posts (
                id @ID@,
                topic_id BIGINT NOT NULL REFERENCES topics(id),
                number INTEGER NOT NULL,
                author_id BIGINT NOT NULL REFERENCES members(id),
                reply_to BIGINT NOT NULL DEFAULT 0,
                body_md TEXT NOT NULL,
                votes BIGINT NOT NULL DEFAULT 0,
                revisions INTEGER NOT NULL DEFAULT 1,
                created_at BIGINT NOT NULL,
                edited_at BIGINT NOT NULL DEFAULT 0,
                hidden_at BIGINT NOT NULL DEFAULT 0,
                hidden_reason TEXT NOT NULL DEFAULT '',
                UNIQUE (topic_id, number)))",
           "CREATE INDEX posts_author ON posts (author_id, created_at)",
           // Every saved text of a post, the first included: the history and its diffs.
           R"(CREATE TABLE post_revisions (
                post_id BIGINT NOT NULL REFERENCES posts(id),
                revision INTEGER NOT NULL,
                editor_id BIGINT NOT NULL REFERENCES members(id),
                title TEXT NOT NULL,
                body_md TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (post_id, revision)))",
           // One vote per member and thing: target is 'post' or 'paper'.
           R"(CREATE TABLE votes (
                target TEXT NOT NULL,
                target_id BIGINT NOT NULL,
                member_id BIGINT NOT NULL REFERENCES members(id),
                created_at BIGINT NOT NULL,
                PRIMARY KEY (target, target_id, member_id)))",
           R"(CREATE TABLE bookmarks (
                member_id BIGINT NOT NULL REFERENCES members(id),
                topic_id BIGINT NOT NULL REFERENCES topics(id),
                created_at BIGINT NOT NULL,
                PRIMARY KEY (member_id, topic_id)))",
           // What a member follows: a topic (its id), a tag, a field, a member (their id).
           R"(CREATE TABLE follows (
                member_id BIGINT NOT NULL REFERENCES members(id),
                target TEXT NOT NULL,
                target_key TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (member_id, target, target_key)))",
           "CREATE INDEX follows_target ON follows (target, target_key)",
           R"(CREATE TABLE flags (
                id @ID@,
                post_id BIGINT NOT NULL REFERENCES posts(id),
                member_id BIGINT NOT NULL REFERENCES members(id),
                reason TEXT NOT NULL,
                note TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                resolved_at BIGINT NOT NULL DEFAULT 0,
                resolution TEXT NOT NULL DEFAULT '',
                resolver_id BIGINT NOT NULL DEFAULT 0,
                UNIQUE (post_id, member_id)))",
           "CREATE INDEX flags_open ON flags (resolved_at, post_id)",
           R"(CREATE TABLE moderation_log (
                id @ID@,
                moderator_id BIGINT NOT NULL REFERENCES members(id),
                action TEXT NOT NULL,
                topic_id BIGINT NOT NULL,
                post_id BIGINT NOT NULL,
                detail TEXT NOT NULL,
                created_at BIGINT NOT NULL))",
           // What a notification is about ("post:12"), so hiding a post takes its
           // notifications away in the same transaction.
           "ALTER TABLE notifications ADD COLUMN subject TEXT NOT NULL DEFAULT ''",
           "CREATE INDEX notifications_subject ON notifications (subject)",
       }},
      {11, "papers' PDFs and their links to competitions, events and standards",
       {
           "ALTER TABLE papers ADD COLUMN pdf_blob TEXT NOT NULL DEFAULT ''",
           "ALTER TABLE papers ADD COLUMN pdf_bytes BIGINT NOT NULL DEFAULT 0",
           // kind: competition (events and standards as those areas arrive).
           R"(CREATE TABLE paper_links (
                paper_id BIGINT NOT NULL REFERENCES papers(id),
                kind TEXT NOT NULL,
                target_id BIGINT NOT NULL,
                PRIMARY KEY (paper_id, kind, target_id)))",
           "CREATE INDEX paper_links_target ON paper_links (kind, target_id)",
       }},
      {12, "events: programme, call for papers, ticket types, registrations with a waitlist, check-in",
       {
           // status: draft, published, cancelled. Times are UTC seconds; time_zone is the
           // event's IANA zone, in which its timetable is laid out. version is bumped by
           // every change to what the event's pages show (caches and ETags key on it).
           R"(CREATE TABLE events (
                id @ID@,
                slug TEXT NOT NULL UNIQUE,
                title_en TEXT NOT NULL,
                title_zh TEXT NOT NULL,
                description_en TEXT NOT NULL,
                description_zh TEXT NOT NULL,
                kind TEXT NOT NULL,
                venue TEXT NOT NULL,
                address TEXT NOT NULL,
                map_url TEXT NOT NULL,
                online_url TEXT NOT NULL,
                time_zone TEXT NOT NULL,
                starts_at BIGINT NOT NULL,
                ends_at BIGINT NOT NULL,
                cover TEXT NOT NULL,
                status TEXT NOT NULL,
                cfp_opens_at BIGINT NOT NULL DEFAULT 0,
                cfp_closes_at BIGINT NOT NULL DEFAULT 0,
                cfp_blind INTEGER NOT NULL DEFAULT 0,
                edit_deadline BIGINT NOT NULL DEFAULT 0,
                offer_hours INTEGER NOT NULL DEFAULT 24,
                created_by BIGINT NOT NULL REFERENCES members(id),
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                version BIGINT NOT NULL DEFAULT 1))",
           "CREATE INDEX events_starts ON events (status, starts_at)",
           R"(CREATE TABLE event_managers (
                event_id BIGINT NOT NULL REFERENCES events(id),
                member_id BIGINT NOT NULL REFERENCES members(id),
                PRIMARY KEY (event_id, member_id)))",
           R"(CREATE TABLE event_organizations (
                event_id BIGINT NOT NULL REFERENCES events(id),
                organization_id BIGINT NOT NULL REFERENCES organizations(id),
                PRIMARY KEY (event_id, organization_id)))",
           // capacity counts seats held by confirmed registrations and open waitlist offers.
           R"(CREATE TABLE ticket_types (
                id @ID@,
                event_id BIGINT NOT NULL REFERENCES events(id),
                name TEXT NOT NULL,
                name_zh TEXT NOT NULL,
                price_cents BIGINT NOT NULL DEFAULT 0,
                currency TEXT NOT NULL DEFAULT '',
                capacity BIGINT NOT NULL,
                sales_start BIGINT NOT NULL DEFAULT 0,
                sales_end BIGINT NOT NULL DEFAULT 0,
                requires_approval INTEGER NOT NULL DEFAULT 0,
                hidden INTEGER NOT NULL DEFAULT 0,
                per_member INTEGER NOT NULL DEFAULT 1,
                transferable INTEGER NOT NULL DEFAULT 1,
                position INTEGER NOT NULL,
                UNIQUE (event_id, name)))",
           // kind: text, choice, yesno; choices one per line.
           R"(CREATE TABLE event_questions (
                id @ID@,
                event_id BIGINT NOT NULL REFERENCES events(id),
                position INTEGER NOT NULL,
                kind TEXT NOT NULL,
                label_en TEXT NOT NULL,
                label_zh TEXT NOT NULL,
                choices TEXT NOT NULL,
                required INTEGER NOT NULL))",
           // A code unlocks its hidden ticket type, or any type, for `seats` registrations.
           R"(CREATE TABLE invitation_codes (
                id @ID@,
                event_id BIGINT NOT NULL REFERENCES events(id),
                code TEXT NOT NULL,
                ticket_type_id BIGINT NOT NULL DEFAULT 0,
                seats BIGINT NOT NULL,
                used BIGINT NOT NULL DEFAULT 0,
                UNIQUE (event_id, code)))",
           // status: confirmed, pending (awaits approval), waitlisted, offered (a freed seat
           // held until offer_expires_at), cancelled, rejected. waitlist_seq orders the queue.
           R"(CREATE TABLE registrations (
                id @ID@,
                event_id BIGINT NOT NULL REFERENCES events(id),
                ticket_type_id BIGINT NOT NULL REFERENCES ticket_types(id),
                member_id BIGINT NOT NULL REFERENCES members(id),
                status TEXT NOT NULL,
                waitlist_seq BIGINT NOT NULL DEFAULT 0,
                offer_expires_at BIGINT NOT NULL DEFAULT 0,
                answers TEXT NOT NULL DEFAULT '{}',
                code_id BIGINT NOT NULL DEFAULT 0,
                paid_at BIGINT NOT NULL DEFAULT 0,
                checked_in_at BIGINT NOT NULL DEFAULT 0,
                checked_in_by BIGINT NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           "CREATE INDEX registrations_event ON registrations (event_id, status, ticket_type_id)",
           "CREATE INDEX registrations_member ON registrations (member_id, event_id)",
           "CREATE INDEX registrations_offers ON registrations (status, offer_expires_at)",
           R"(CREATE TABLE event_tracks (
                id @ID@,
                event_id BIGINT NOT NULL REFERENCES events(id),
                name_en TEXT NOT NULL,
                name_zh TEXT NOT NULL,
                position INTEGER NOT NULL))",
           R"(CREATE TABLE event_rooms (
                id @ID@,
                event_id BIGINT NOT NULL REFERENCES events(id),
                name TEXT NOT NULL,
                position INTEGER NOT NULL))",
           // A speaker is a member (member_id) or a guest described here.
           R"(CREATE TABLE event_speakers (
                id @ID@,
                event_id BIGINT NOT NULL REFERENCES events(id),
                member_id BIGINT NOT NULL DEFAULT 0,
                name TEXT NOT NULL,
                affiliation TEXT NOT NULL,
                bio TEXT NOT NULL,
                photo TEXT NOT NULL))",
           // kind: keynote, talk, poster, workshop, panel, break. starts_at 0: not placed yet.
           R"(CREATE TABLE talks (
                id @ID@,
                event_id BIGINT NOT NULL REFERENCES events(id),
                track_id BIGINT NOT NULL DEFAULT 0,
                room_id BIGINT NOT NULL DEFAULT 0,
                kind TEXT NOT NULL,
                title_en TEXT NOT NULL,
                title_zh TEXT NOT NULL,
                abstract_md TEXT NOT NULL,
                starts_at BIGINT NOT NULL,
                ends_at BIGINT NOT NULL,
                slides_url TEXT NOT NULL DEFAULT '',
                recording_url TEXT NOT NULL DEFAULT '',
                proposal_id BIGINT NOT NULL DEFAULT 0,
                updated_at BIGINT NOT NULL))",
           "CREATE INDEX talks_event ON talks (event_id, starts_at)",
           R"(CREATE TABLE talk_speakers (
                talk_id BIGINT NOT NULL REFERENCES talks(id),
                speaker_id BIGINT NOT NULL REFERENCES event_speakers(id),
                position INTEGER NOT NULL,
                PRIMARY KEY (talk_id, speaker_id)))",
           R"(CREATE TABLE agenda_stars (
                member_id BIGINT NOT NULL REFERENCES members(id),
                talk_id BIGINT NOT NULL REFERENCES talks(id),
                created_at BIGINT NOT NULL,
                PRIMARY KEY (member_id, talk_id)))",
           "CREATE INDEX agenda_stars_talk ON agenda_stars (talk_id)",
           // The secret in a member's personal agenda feed URL: it only reads public talks
           // they starred, so it is kept as it is shown (a new one revokes the old).
           R"(CREATE TABLE calendar_tokens (
                member_id BIGINT PRIMARY KEY REFERENCES members(id),
                token TEXT NOT NULL UNIQUE))",
           // status: submitted, accepted, rejected, waitlisted, withdrawn.
           R"(CREATE TABLE proposals (
                id @ID@,
                event_id BIGINT NOT NULL REFERENCES events(id),
                submitter_id BIGINT NOT NULL REFERENCES members(id),
                title TEXT NOT NULL,
                abstract_md TEXT NOT NULL,
                kind TEXT NOT NULL,
                track_id BIGINT NOT NULL DEFAULT 0,
                co_speakers TEXT NOT NULL,
                status TEXT NOT NULL,
                talk_id BIGINT NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                decided_at BIGINT NOT NULL DEFAULT 0))",
           "CREATE INDEX proposals_event ON proposals (event_id, status)",
           // An assignment is a row with score 0; the reviewer's score (1-5) and comment fill it.
           R"(CREATE TABLE proposal_reviews (
                proposal_id BIGINT NOT NULL REFERENCES proposals(id),
                reviewer_id BIGINT NOT NULL REFERENCES members(id),
                score INTEGER NOT NULL DEFAULT 0,
                comment TEXT NOT NULL DEFAULT '',
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (proposal_id, reviewer_id)))",
           R"(CREATE TABLE event_feedback (
                event_id BIGINT NOT NULL REFERENCES events(id),
                member_id BIGINT NOT NULL REFERENCES members(id),
                rating INTEGER NOT NULL,
                comment TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (event_id, member_id)))",
           // The site's signing keys (the ticket key): one row each, shared by every process.
           R"(CREATE TABLE site_keys (
                name TEXT PRIMARY KEY,
                secret TEXT NOT NULL,
                created_at BIGINT NOT NULL))",
       }},
      {13, "event sessions: blocks of talks with a title and chairs",
       {
           R"(CREATE TABLE event_sessions (
                id @ID@,
                event_id BIGINT NOT NULL REFERENCES events(id),
                title_en TEXT NOT NULL,
                title_zh TEXT NOT NULL,
                chairs TEXT NOT NULL,
                position INTEGER NOT NULL))",
           "ALTER TABLE talks ADD COLUMN session_id BIGINT NOT NULL DEFAULT 0",
       }},
      {14, "PostgreSQL search: the tsvectors in a narrow table of their own",
       {
           // A match costs a visit to its row for the id: a row of id and tsvectors only
           // (~800 bytes) rather than search_documents' 2.5 KB. The title's
           // terms (and the filter terms) get a tsvector and index of their own, so "matches in
           // the title" is an index lookup rather than a weight that rechecks every row.
           R"(@POSTGRESQL@CREATE TABLE search_match (
                id BIGINT PRIMARY KEY REFERENCES search_documents(id) ON DELETE CASCADE,
                tsv tsvector NOT NULL,
                title_tsv tsvector NOT NULL))",
           "@POSTGRESQL@INSERT INTO search_match (id, tsv, title_tsv) SELECT id, tsv, ts_filter(tsv, '{a,b}') FROM search_documents",
           "@POSTGRESQL@ALTER TABLE search_documents DROP COLUMN tsv",
           "@POSTGRESQL@CREATE INDEX search_match_tsv ON search_match USING GIN (tsv)",
           "@POSTGRESQL@CREATE INDEX search_match_title_tsv ON search_match USING GIN (title_tsv)",
       }},
      {15, "standards: working groups, documents, versions, public reviews, comments, ballots",
       {
           R"(CREATE TABLE working_groups (
                id @ID@,
                slug TEXT NOT NULL UNIQUE,
                name_en TEXT NOT NULL,
                name_zh TEXT NOT NULL,
                charter_md TEXT NOT NULL,
                created_by BIGINT NOT NULL REFERENCES members(id),
                created_at BIGINT NOT NULL))",
           R"(CREATE TABLE working_group_members (
                group_id BIGINT NOT NULL REFERENCES working_groups(id),
                member_id BIGINT NOT NULL REFERENCES members(id),
                role TEXT NOT NULL,
                state TEXT NOT NULL,
                since BIGINT NOT NULL,
                PRIMARY KEY (group_id, member_id)))",
           R"(CREATE TABLE working_group_organizations (
                group_id BIGINT NOT NULL REFERENCES working_groups(id),
                organization_id BIGINT NOT NULL REFERENCES organizations(id),
                PRIMARY KEY (group_id, organization_id)))",
           R"(CREATE TABLE standards (
                id @ID@,
                group_id BIGINT NOT NULL REFERENCES working_groups(id),
                number INTEGER NOT NULL,
                year INTEGER NOT NULL,
                title_en TEXT NOT NULL,
                title_zh TEXT NOT NULL,
                scope_md TEXT NOT NULL,
                status TEXT NOT NULL,
                created_by BIGINT NOT NULL REFERENCES members(id),
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                latest_version INTEGER NOT NULL,
                last_anchor INTEGER NOT NULL,
                version BIGINT NOT NULL))",
           "CREATE INDEX standards_group ON standards (group_id)",
           "CREATE INDEX standards_status ON standards (status, updated_at)",
           R"(CREATE TABLE standard_transitions (
                id @ID@,
                standard_id BIGINT NOT NULL REFERENCES standards(id),
                from_status TEXT NOT NULL,
                to_status TEXT NOT NULL,
                member_id BIGINT NOT NULL REFERENCES members(id),
                reason TEXT NOT NULL,
                created_at BIGINT NOT NULL))",
           "CREATE INDEX standard_transitions_standard ON standard_transitions (standard_id, id)",
           // A version's clauses (anchored) are kept as JSON beside its text: anchors are
           // decided once, when the version is saved, and never recomputed.
           R"(CREATE TABLE standard_versions (
                id @ID@,
                standard_id BIGINT NOT NULL REFERENCES standards(id),
                number INTEGER NOT NULL,
                text_en TEXT NOT NULL,
                text_zh TEXT NOT NULL,
                clauses_en TEXT NOT NULL,
                clauses_zh TEXT NOT NULL,
                note TEXT NOT NULL,
                created_by BIGINT NOT NULL REFERENCES members(id),
                created_at BIGINT NOT NULL,
                UNIQUE (standard_id, number)))",
           R"(CREATE TABLE public_reviews (
                id @ID@,
                standard_id BIGINT NOT NULL REFERENCES standards(id),
                version_number INTEGER NOT NULL,
                opens_at BIGINT NOT NULL,
                closes_at BIGINT NOT NULL,
                created_by BIGINT NOT NULL REFERENCES members(id),
                created_at BIGINT NOT NULL,
                notified INTEGER NOT NULL))",
           // The mail sender's round asks every second which closed reviews nobody announced.
           "CREATE INDEX public_reviews_due ON public_reviews (notified, closes_at)",
           R"(CREATE TABLE standard_comments (
                id @ID@,
                standard_id BIGINT NOT NULL REFERENCES standards(id),
                version_number INTEGER NOT NULL,
                anchor TEXT NOT NULL,
                clause_number TEXT NOT NULL,
                passage TEXT NOT NULL,
                type TEXT NOT NULL,
                body_md TEXT NOT NULL,
                proposed_change TEXT NOT NULL,
                parent_id BIGINT NOT NULL,
                member_id BIGINT NOT NULL REFERENCES members(id),
                votes BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                disposition TEXT NOT NULL,
                disposition_reason TEXT NOT NULL,
                applied_version INTEGER NOT NULL,
                decided_by BIGINT NOT NULL,
                decided_at BIGINT NOT NULL))",
           "CREATE INDEX standard_comments_standard ON standard_comments (standard_id, id)",
           R"(CREATE TABLE standard_comment_votes (
                comment_id BIGINT NOT NULL REFERENCES standard_comments(id),
                member_id BIGINT NOT NULL REFERENCES members(id),
                PRIMARY KEY (comment_id, member_id)))",
           R"(CREATE TABLE ballots (
                id @ID@,
                standard_id BIGINT NOT NULL REFERENCES standards(id),
                version_number INTEGER NOT NULL,
                stage TEXT NOT NULL,
                electorate TEXT NOT NULL,
                opens_at BIGINT NOT NULL,
                closes_at BIGINT NOT NULL,
                approve_num INTEGER NOT NULL,
                approve_den INTEGER NOT NULL,
                disapprove_num INTEGER NOT NULL,
                disapprove_den INTEGER NOT NULL,
                state TEXT NOT NULL,
                approved INTEGER NOT NULL,
                approve BIGINT NOT NULL,
                approve_with_comments BIGINT NOT NULL,
                disapprove BIGINT NOT NULL,
                abstain BIGINT NOT NULL,
                closed_at BIGINT NOT NULL,
                created_by BIGINT NOT NULL REFERENCES members(id),
                created_at BIGINT NOT NULL))",
           "CREATE INDEX ballots_standard ON ballots (standard_id, id)",
           "CREATE INDEX ballots_closing ON ballots (state, closes_at)",
           // One row per voter (a member, or an organization's one vote), replaced by a change;
           // every vote and change also in ballot_history, which is never rewritten.
           R"(CREATE TABLE ballot_votes (
                ballot_id BIGINT NOT NULL REFERENCES ballots(id),
                voter TEXT NOT NULL,
                member_id BIGINT NOT NULL REFERENCES members(id),
                position TEXT NOT NULL,
                reasons TEXT NOT NULL,
                at BIGINT NOT NULL,
                PRIMARY KEY (ballot_id, voter)))",
           R"(CREATE TABLE ballot_history (
                id @ID@,
                ballot_id BIGINT NOT NULL REFERENCES ballots(id),
                voter TEXT NOT NULL,
                member_id BIGINT NOT NULL REFERENCES members(id),
                position TEXT NOT NULL,
                reasons TEXT NOT NULL,
                at BIGINT NOT NULL))",
       }},
      {16, "talent: results, medals, materialized rankings and their history",
       {
           // Medal-eligible: an admin's decision, so organizers cannot mint medals.
           "ALTER TABLE competitions ADD COLUMN medals INTEGER NOT NULL DEFAULT 0",
           // One row per member per finished medal-eligible competition; points at the deadline.
           R"(CREATE TABLE talent_results (
                competition_id BIGINT NOT NULL REFERENCES competitions(id) ON DELETE CASCADE,
                member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
                team_id BIGINT NOT NULL,
                team_name TEXT NOT NULL,
                rank INTEGER NOT NULL,
                teams INTEGER NOT NULL,
                team_size INTEGER NOT NULL,
                medal TEXT NOT NULL,
                points DOUBLE PRECISION NOT NULL,
                deadline BIGINT NOT NULL,
                score_key DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (competition_id, member_id))@WITHOUT_ROWID@)",
           kTalentResultIndexes[0],
           // Every medal, whatever earned it: source is competition, paper, topic, talk or standard.
           R"(CREATE TABLE talent_medals (
                member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
                source TEXT NOT NULL,
                source_id BIGINT NOT NULL,
                category TEXT NOT NULL,
                medal TEXT NOT NULL,
                solo INTEGER NOT NULL DEFAULT 0,
                awarded_at BIGINT NOT NULL,
                score_key DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (member_id, source, source_id)))",
           kTalentMedalIndexes[0],
           // What the last refresh saw of a competition, to find the ones that changed since.
           R"(CREATE TABLE talent_competitions (
                competition_id BIGINT PRIMARY KEY REFERENCES competitions(id) ON DELETE CASCADE,
                state TEXT NOT NULL))",
           // The materialized rankings: one row per member per category ('overall' or a
           // category) with a rank in the world, in the member's country and organization.
           // key: points decayed to 2020-01-01 (see talent_rules.hpp), so it never goes stale.
           R"(CREATE TABLE talent_ranks (
                category TEXT NOT NULL,
                member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
                score_key DOUBLE PRECISION NOT NULL,
                country TEXT NOT NULL,
                organization_id BIGINT NOT NULL,
                tier INTEGER NOT NULL,
                world_rank INTEGER NOT NULL,
                country_rank INTEGER NOT NULL,
                organization_rank INTEGER NOT NULL,
                PRIMARY KEY (category, member_id))@WITHOUT_ROWID@)",
           kTalentRankIndexes[0],
           kTalentRankIndexes[1],
           kTalentRankIndexes[2],
           // How many members each ranking holds ('world', 'country:CN', 'organization:12').
           R"(CREATE TABLE talent_scopes (
                category TEXT NOT NULL,
                scope TEXT NOT NULL,
                members BIGINT NOT NULL,
                PRIMARY KEY (category, scope)))",
           // A member's overall world rank by day, written when it changes.
           R"(CREATE TABLE talent_rank_history (
                member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
                day BIGINT NOT NULL,
                world_rank INTEGER NOT NULL,
                score_key DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (member_id, day)))",
           // Sections of the achievements a member hides from others (comma-separated).
           R"(CREATE TABLE talent_profiles (
                member_id BIGINT PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
                hidden TEXT NOT NULL))",
           R"(CREATE TABLE talent_runs (
                id @ID@,
                kind TEXT NOT NULL,
                started_at BIGINT NOT NULL,
                seconds DOUBLE PRECISION NOT NULL,
                members BIGINT NOT NULL))",
       }},
      {17, "talent: playgrounds, learning paths and certificates, the talent pool, opportunities",
       {
           // A playground is always open, scored at once, and never awards medals.
           "ALTER TABLE competitions ADD COLUMN playground INTEGER NOT NULL DEFAULT 0",
           R"(CREATE TABLE learning_paths (
                id @ID@,
                slug TEXT NOT NULL UNIQUE,
                title_en TEXT NOT NULL,
                title_zh TEXT NOT NULL,
                summary_en TEXT NOT NULL,
                summary_zh TEXT NOT NULL,
                organizer_id BIGINT NOT NULL REFERENCES members(id),
                published INTEGER NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           // Steps in order; kind page (target: a page slug), paper (a paper id) or
           // competition (a playground's slug, with the phase and the score to reach).
           R"(CREATE TABLE learning_steps (
                path_id BIGINT NOT NULL REFERENCES learning_paths(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                kind TEXT NOT NULL,
                target TEXT NOT NULL,
                phase TEXT NOT NULL,
                target_score DOUBLE PRECISION NOT NULL,
                title_en TEXT NOT NULL,
                title_zh TEXT NOT NULL,
                PRIMARY KEY (path_id, position)))",
           R"(CREATE TABLE learning_enrolments (
                path_id BIGINT NOT NULL REFERENCES learning_paths(id) ON DELETE CASCADE,
                member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
                enrolled_at BIGINT NOT NULL,
                completed_at BIGINT NOT NULL DEFAULT 0,
                certificate TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (path_id, member_id)))",
           "CREATE INDEX learning_enrolments_member ON learning_enrolments (member_id)",
           "CREATE UNIQUE INDEX learning_certificates ON learning_enrolments (certificate) WHERE certificate <> ''",
           // A step passes once; the step's definition may change later without taking it back.
           R"(CREATE TABLE learning_passes (
                path_id BIGINT NOT NULL REFERENCES learning_paths(id) ON DELETE CASCADE,
                member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                passed_at BIGINT NOT NULL,
                evidence TEXT NOT NULL,
                PRIMARY KEY (path_id, member_id, position)))",
           // Opt-in: a member is in the pool exactly while a row here says open = 1.
           R"(CREATE TABLE talent_pool (
                member_id BIGINT PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
                open INTEGER NOT NULL,
                seeking TEXT NOT NULL,
                kinds TEXT NOT NULL,
                locations TEXT NOT NULL,
                languages TEXT NOT NULL,
                updated_at BIGINT NOT NULL))",
           R"(CREATE TABLE talent_shortlist (
                organization_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
                added_by BIGINT NOT NULL REFERENCES members(id),
                note TEXT NOT NULL,
                added_at BIGINT NOT NULL,
                PRIMARY KEY (organization_id, member_id)))",
           // status: pending, accepted, declined, withdrawn (the member left the pool).
           R"(CREATE TABLE talent_contacts (
                id @ID@,
                organization_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
                sender_id BIGINT NOT NULL REFERENCES members(id),
                message TEXT NOT NULL,
                status TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                answered_at BIGINT NOT NULL DEFAULT 0))",
           "CREATE INDEX talent_contacts_member ON talent_contacts (member_id, id)",
           "CREATE INDEX talent_contacts_organization ON talent_contacts (organization_id, id)",
           R"(CREATE TABLE opportunities (
                id @ID@,
                organization_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                title TEXT NOT NULL,
                description_md TEXT NOT NULL,
                location TEXT NOT NULL,
                remote INTEGER NOT NULL,
                closes_at BIGINT NOT NULL,
                created_by BIGINT NOT NULL REFERENCES members(id),
                created_at BIGINT NOT NULL))",
           "CREATE INDEX opportunities_closing ON opportunities (closes_at)",
           R"(CREATE TABLE saved_opportunities (
                member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
                opportunity_id BIGINT NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
                saved_at BIGINT NOT NULL,
                PRIMARY KEY (member_id, opportunity_id)))",
       }},
      {18, "versions of what changed, for the caches of rendered pages; the index of baseline teams",
       {
           // Kept on SQLite only (PostgreSQL notifies instead): scope is a table's name or
           // "competition:<id>"; version orders every change (store/table_versions.hpp).
           R"(CREATE TABLE cache_versions (
                scope TEXT PRIMARY KEY,
                version BIGINT NOT NULL))",
           "CREATE INDEX cache_versions_version ON cache_versions (version)",
           // A board finds its few baseline rows from here, not by reading every team.
           "CREATE INDEX teams_baselines ON teams (competition_id) WHERE is_baseline = 1",
       }},
      {19, "idempotency keys of submissions and event registrations",
       {
           // A client that retries a submission with the same Idempotency-Key gets the first
           // one back: the key is kept in the submission's own row, in its transaction.
           "ALTER TABLE submissions ADD COLUMN idempotency_key TEXT NOT NULL DEFAULT ''",
           "CREATE UNIQUE INDEX submissions_idempotency ON submissions (member_id, idempotency_key) WHERE idempotency_key <> ''",
           "ALTER TABLE registrations ADD COLUMN idempotency_key TEXT NOT NULL DEFAULT ''",
           "CREATE UNIQUE INDEX registrations_idempotency ON registrations (member_id, idempotency_key) WHERE idempotency_key <> ''",
       }},
      {20, "PostgreSQL search: posting lists of ids per lexeme",
       {
           // domain/search/search_postings.hpp: a GIN index gives a frequent word's matches
           // as row addresses, each a visit for the id; these rows give the ids.
           R"(@POSTGRESQL@CREATE TABLE search_postings (
                term TEXT NOT NULL,
                field SMALLINT NOT NULL,
                block BIGINT NOT NULL,
                ids BYTEA NOT NULL,
                PRIMARY KEY (term, field, block)))",
           // The entry in its place in the sorted row (keep), or taken out (not keep). Most
           // additions are the block's newest id: an append.
           R"(@POSTGRESQL@CREATE FUNCTION aigc_posting_put(ids bytea, entry bytea, keep boolean) RETURNS bytea
              LANGUAGE plpgsql IMMUTABLE STRICT AS $$
              DECLARE
                lo integer := 0;
                hi integer := length(ids) / 3;
                mid integer;
                e bytea;
              BEGIN
                IF keep AND (hi = 0 OR substring(ids FROM hi * 3 - 2 FOR 3) < entry) THEN
                  RETURN ids || entry;
                END IF;
                WHILE lo < hi LOOP
                  mid := (lo + hi) / 2;
                  e := substring(ids FROM mid * 3 + 1 FOR 3);
                  IF e = entry THEN
                    IF keep THEN RETURN ids; END IF;
                    RETURN substring(ids FROM 1 FOR mid * 3) || substring(ids FROM mid * 3 + 4);
                  ELSIF e < entry THEN
                    lo := mid + 1;
                  ELSE
                    hi := mid;
                  END IF;
                END LOOP;
                IF NOT keep THEN RETURN ids; END IF;
                RETURN substring(ids FROM 1 FOR lo * 3) || entry || substring(ids FROM lo * 3 + 1);
              END $$)",
           // Sorted entries into a sorted row: most are newer than the row's newest.
           R"(@POSTGRESQL@CREATE FUNCTION aigc_posting_merge(ids bytea, more bytea) RETURNS bytea
              LANGUAGE plpgsql IMMUTABLE STRICT AS $$
              DECLARE
                i integer := 0;
                merged bytea := ids;
              BEGIN
                IF length(ids) = 0 OR substring(ids FROM length(ids) - 2 FOR 3) < substring(more FROM 1 FOR 3) THEN
                  RETURN ids || more;
                END IF;
                WHILE i < length(more) LOOP
                  merged := aigc_posting_put(merged, substring(more FROM i + 1 FOR 3), true);
                  i := i + 3;
                END LOOP;
                RETURN merged;
              END $$)",
           R"(@POSTGRESQL@INSERT INTO search_postings (term, field, block, ids)
              SELECT u.lexeme, 0, m.id >> 22,
                     string_agg(substring(int4send(CAST(m.id & 4194303 AS integer)) FROM 2 FOR 3), ''::bytea ORDER BY m.id)
              FROM search_match m, unnest(m.tsv) u GROUP BY u.lexeme, m.id >> 22)",
           R"(@POSTGRESQL@INSERT INTO search_postings (term, field, block, ids)
              SELECT u.lexeme, 1, m.id >> 22,
                     string_agg(substring(int4send(CAST(m.id & 4194303 AS integer)) FROM 2 FOR 3), ''::bytea ORDER BY m.id)
              FROM search_match m, unnest(m.title_tsv) u GROUP BY u.lexeme, m.id >> 22)",
       }},
  };
  return list;
}

// The statement for this database, or nullopt when it is the other database's.
std::optional<std::string> for_dialect(std::string sql, Dialect dialect) {
  for (auto [mark, only] : {std::pair{"@SQLITE@", Dialect::sqlite}, std::pair{"@POSTGRESQL@", Dialect::postgresql}}) {
    if (sql.rfind(mark, 0) != 0) continue;
    if (dialect != only) return std::nullopt;
    sql.erase(0, std::string_view(mark).size());
  }
  const std::string id = dialect == Dialect::sqlite ? "INTEGER PRIMARY KEY"
                                                    : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
  for (auto pos = sql.find("@ID@"); pos != std::string::npos; pos = sql.find("@ID@", pos))
    sql.replace(pos, 4, id);
  // A table that is its primary key's b-tree on SQLite (one tree to write instead of two).
  if (auto pos = sql.find("@WITHOUT_ROWID@"); pos != std::string::npos)
    sql.replace(pos, 15, dialect == Dialect::sqlite ? " WITHOUT ROWID" : "");
  return sql;
}

void ensure_version_table(soci::session& sql) {
  sql << "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
         "applied_at BIGINT NOT NULL)";
}

int read_version(soci::session& sql) {
  int version = 0;
  soci::indicator ind = soci::i_ok;
  sql << "SELECT MAX(version) FROM schema_version", soci::into(version, ind);
  return ind == soci::i_null ? 0 : version;
}

}  // namespace

int latest_schema_version() { return migrations().back().version; }

// Every read or change of the schema happens under one lock, so processes that start
// together (or create the version table together) take turns.
template <class F>
auto under_schema_lock(Database& db, F&& f) {
  return db.in_transaction([&](soci::session& sql) {
    if (db.dialect() == Dialect::postgresql) sql << "SELECT pg_advisory_xact_lock(7001)";
    ensure_version_table(sql);
    return f(sql);
  });
}

int current_schema_version(Database& db) {
  return under_schema_lock(db, [](soci::session& sql) -> Result<int> { return read_version(sql); }).value();
}

Result<MigrationReport> migrate(Database& db) {
  MigrationReport report;
  report.from_version = current_schema_version(db);
  for (const auto& m : migrations()) {
    auto r = under_schema_lock(db, [&](soci::session& sql) -> Result<bool> {
      if (read_version(sql) >= m.version) return false;
      for (const char* statement : m.statements)
        if (auto text = for_dialect(statement, db.dialect())) sql << *text;
      long long now = static_cast<long long>(std::time(nullptr));
      std::string name = m.name;
      sql << "INSERT INTO schema_version (version, name, applied_at) VALUES (:v, :n, :t)", soci::use(m.version),
          soci::use(name), soci::use(now);
      return true;
    });
    if (!r.ok()) return r.error();
    if (r.value()) spdlog::info("applied migration {}: {}", m.version, m.name);
  }
  // Every table a migration made gets its version triggers, whichever migration made it.
  auto triggers = under_schema_lock(db, [&](soci::session& sql) -> Result<bool> {
    if (read_version(sql) >= 18) install_version_triggers(sql, db.dialect());
    return true;
  });
  if (!triggers.ok()) return triggers.error();
  report.to_version = current_schema_version(db);
  return report;
}

}  // namespace aigc
