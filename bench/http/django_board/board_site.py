"""The Django peer of the leaderboard, for bench/http/read-paths only: the same board's top 100
from the same database, as a Django 3.2 site under gunicorn would serve it. It runs the same
SQL as aigc (raw SQL through Django's connection: the fastest Django gets; the ORM would add
to it) and renders a Django template or a JsonResponse. No cache, as a site without one.
Settings from the environment: AIGC_PEER_DB = sqlite:///path or postgresql://user@host:port/name."""
import os
import urllib.parse

from django.conf import settings

url = urllib.parse.urlparse(os.environ["AIGC_PEER_DB"])
if url.scheme == "sqlite":
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": url.path}
else:
    database = {"ENGINE": "django.db.backends.postgresql", "NAME": url.path.lstrip("/"), "USER": url.username or "",
                "HOST": url.hostname, "PORT": str(url.port or 5432), "CONN_MAX_AGE": None}
settings.configure(
    DEBUG=False, ALLOWED_HOSTS=["*"], ROOT_URLCONF=__name__, DATABASES={"default": database}, USE_TZ=True,
    SECRET_KEY="benchmark-only", MIDDLEWARE=[], INSTALLED_APPS=[],
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [os.path.dirname(__file__)]}])

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.http import Http404, JsonResponse  # noqa: E402
from django.shortcuts import render  # noqa: E402
from django.urls import path  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402


def board(slug):
    with connection.cursor() as c:
        c.execute("SELECT p.id, p.name FROM phases p JOIN competitions c ON c.id = p.competition_id "
                  "WHERE c.slug = %s ORDER BY p.starts_at DESC LIMIT 1", [slug])
        phase = c.fetchone()
        if not phase:
            raise Http404
        c.execute("SELECT COUNT(*) FROM leaderboard WHERE phase_id = %s", [phase[0]])
        total = c.fetchone()[0]
        c.execute("SELECT l.team_id, t.name, t.is_baseline, l.submission_id, l.score, l.entries, s.created_at, l.last_at "
                  "FROM (SELECT team_id FROM leaderboard WHERE phase_id = %s ORDER BY rank_key DESC, submitted_seq LIMIT 100) page "
                  "JOIN leaderboard l ON l.phase_id = %s AND l.team_id = page.team_id JOIN teams t ON t.id = l.team_id "
                  "JOIN submissions s ON s.id = l.submission_id ORDER BY l.rank_key DESC, l.submitted_seq", [phase[0], phase[0]])
        rows = c.fetchall()
        entries, by_team, rank = [], {}, 0
        for team, name, baseline, sub, score, count, at, last in rows:
            rank += 0 if baseline else 1
            by_team[team] = len(entries)
            entries.append({"rank": 0 if baseline else rank, "team": name, "submission": sub, "score": score,
                            "entries": count, "submitted_at": at, "last_at": last, "members": []})
        if by_team:
            c.execute("SELECT tm.team_id, m.handle FROM team_members tm JOIN members m ON m.id = tm.member_id "
                      "WHERE tm.team_id IN (%s) ORDER BY tm.joined_at, m.id" % ",".join("%s" for _ in by_team), list(by_team))
            for team, handle in c.fetchall():
                entries[by_team[team]]["members"].append(handle)
    return {"phase": phase[1], "total": total, "entries": entries}


def board_page(request, slug):
    return render(request, "board.html", {"slug": slug, **board(slug)})


def board_api(request, slug):
    return JsonResponse(board(slug))


urlpatterns = [path("competitions/<slug:slug>/leaderboard", board_page),
               path("api/v1/competitions/<slug:slug>/leaderboard", board_api)]
application = get_wsgi_application()
