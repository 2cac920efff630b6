#!/usr/bin/python3
"""Precision and recall of the naive alternatives on the judged collection
(tests/fixtures/search): SQLite FTS5 with its `trigram` tokenizer and PostgreSQL's
to_tsvector('simple', ...) on the raw text, each ranked by its own function (bm25,
ts_rank). The same measures as tests/domain/search_quality_test.cpp prints for ours.

Run: scripts/with-postgres /usr/bin/python3 bench/search/quality.py
(without AIGC_TEST_PG_URL only the SQLite alternative is measured).
"""
import os, sqlite3, subprocess, sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
fixtures = os.path.join(root, "tests", "fixtures", "search")


def rows(name):
    with open(os.path.join(fixtures, name), encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


docs = rows("collection.tsv")
queries = [(q, set(rel.split())) for q, rel in rows("queries.tsv")]


def measure(name, search):
    p10 = shown = r10 = 0.0
    answered = 0
    for q, rel in queries:
        got = search(q)[:10]
        hits = sum(1 for d in got if d in rel)
        p10 += hits / 10
        shown += hits / len(got) if got else 0
        r10 += hits / min(len(rel), 10)
        answered += hits > 0
    n = len(queries)
    print(f"| {name} | {p10 / n:.3f} | {shown / n:.3f} | {r10 / n:.3f} | {answered} of {n} |")


def fts5_trigram():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, title, body, tokenize='trigram')")
    db.executemany("INSERT INTO t VALUES (?, ?, ?)", docs)

    def search(q):
        # Each whitespace-separated word as a quoted string, ANDed (FTS5's own syntax).
        words = [w.replace('"', '""') for w in q.replace('"', " ").split()]
        expr = " AND ".join(f'"{w}"' for w in words)
        try:
            return [r[0] for r in db.execute("SELECT id FROM t WHERE t MATCH ? ORDER BY bm25(t, 3.0, 1.0) LIMIT 10", (expr,))]
        except sqlite3.OperationalError:
            return []
    return search


def pg_simple(url):
    def psql(sql, data=None):
        out = subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qAt", "-F", "\t", "-c", sql], input=data,
                             capture_output=True, text=True, check=True)
        return out.stdout
    psql("DROP TABLE IF EXISTS quality_docs; CREATE TABLE quality_docs (id text, title text, body text)")
    tsv = "".join("\t".join(d) + "\n" for d in docs)
    subprocess.run(["psql", url, "-qc", "\\copy quality_docs FROM STDIN"], input=tsv, text=True, check=True)
    psql("ALTER TABLE quality_docs ADD COLUMN v tsvector; UPDATE quality_docs SET v = "
         "setweight(to_tsvector('simple', title), 'A') || to_tsvector('simple', body)")

    def search(q):
        lit = q.replace("'", "''")
        out = psql(f"SELECT id FROM quality_docs, plainto_tsquery('simple', '{lit}') q WHERE v @@ q "
                   f"ORDER BY ts_rank(v, q) DESC, id LIMIT 10")
        return [line for line in out.splitlines() if line]
    return search


print(f"{len(docs)} documents, {len(queries)} judged queries\n")
print("| search | precision@10 | precision of what is shown | recall@10 | queries with a relevant result |")
print("| --- | ---: | ---: | ---: | ---: |")
measure("SQLite FTS5 `trigram` on the raw text", fts5_trigram())
url = os.environ.get("AIGC_TEST_PG_URL")
if url:
    measure("PostgreSQL `to_tsvector('simple', …)` on the raw text", pg_simple(url))
else:
    print("(AIGC_TEST_PG_URL not set: run under scripts/with-postgres for the PostgreSQL alternative)", file=sys.stderr)
