"""``make bench``: load every hot endpoint with wrk and compare it with the floor row of the same run.

For SQLite (always) and PostgreSQL (when ``DATABASE_URL`` is set; the run uses its own database,
``cms_bench``, on that server): a fresh database, ``migrate``, ``seed_bench``, two gunicorn servers
(2 sync workers each, ``cms.settings.bench``, debug off; one with the response cache on, one with
``DJANGO_RESPONSE_CACHE=0`` for the cold rows), then wrk on every row (16 connections) in two
rounds, the second in reverse order. It prints the table and writes ``bench/RESULTS.md``.

Why ratios: absolute numbers on a shared machine move by a third between runs, so each row is
divided by the floor row (a bare Django view in the same servers answering pre-built bytes as large
as the article list) measured in the same rounds.

Environment: ``BENCH_ARTICLES`` (10000), ``BENCH_COMMENTS`` (5000), ``BENCH_DURATION`` seconds per
row and round (5), ``BENCH_ROUNDS`` (2), ``BENCH_CONNECTIONS`` (16), ``BENCH_THREADS`` (2),
``BENCH_ONLY`` (``sqlite`` or ``postgres``), ``BENCH_PG_DATABASE`` (``cms_bench``), ``BENCH_OUTPUT`` (``bench/RESULTS.md``), ``BENCH_REUSE=1``
(keep a database seeded by an earlier run with the same sizes; a PostgreSQL one is vacuumed first), ``BENCH_ROWS`` (comma-separated
parts of row names to run; the floor always runs). ``REDIS_URL`` is passed on when set.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
WRK_DIR = BENCH / "wrk"
PY = Path(sys.executable)
GUNICORN = PY.parent / "gunicorn"
PG_DATABASE = os.environ.get("BENCH_PG_DATABASE") or "cms_bench"
SEARCH_WORD = "كركوك"  # one of seed_bench's places: in about one article in twenty
MIB = 1024 * 1024


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


ARTICLES = env_int("BENCH_ARTICLES", 10_000)
COMMENTS = env_int("BENCH_COMMENTS", 5_000)
DURATION = env_int("BENCH_DURATION", 5)
ROUNDS = env_int("BENCH_ROUNDS", 2)
CONNECTIONS = env_int("BENCH_CONNECTIONS", 16)
THREADS = env_int("BENCH_THREADS", 2)
WORKERS = 2
WARM_VERSION_TTL_MS = 1000


@dataclass
class Row:
    name: str
    path: str
    server: str = "cold"  # "cold": DJANGO_RESPONSE_CACHE=0; "warm": the response cache on
    method: str = "GET"
    etag: bool = False  # send If-None-Match with the current ETag (a 304)
    auth: bool = False  # the moderator's token
    script: str = "report.lua"
    body: str | None = None  # for the query count of a POST row
    min_ratio: float | None = None
    max_queries: int | None = None
    runs: list[dict] = field(default_factory=list)
    queries: dict = field(default_factory=dict)


def rows(info: dict) -> list[Row]:
    page = min(400, max(ARTICLES // 20, 1))
    detail = f"bench-{min(5001, ARTICLES - 1):06d}" if ARTICLES > 10 else "bench-hot"
    # Its own body each run: a database kept with BENCH_REUSE already holds the last run's (a 409).
    post_body = json.dumps({"author_name": "قارئ", "author_email": "probe@bench.example", "body": f"<p>تعليق للقياس {time.time_ns()}</p>", "consent": True})
    return [
        Row("floor (bare Django view, same bytes)", "/bench/floor/", server="warm"),
        Row("article list (20), cold", "/api/v1/articles/", min_ratio=0.4, max_queries=5),
        Row("article list, server cache warm", "/api/v1/articles/", server="warm", min_ratio=0.85, max_queries=5),
        Row("article list, 304", "/api/v1/articles/", server="warm", etag=True, min_ratio=0.85, max_queries=5),
        Row("article list, 304, no version TTL", "/api/v1/articles/", etag=True, max_queries=5),
        Row("article detail, cold", f"/api/v1/articles/{detail}/", min_ratio=0.4, max_queries=8),
        Row("category-filtered list, cold", "/api/v1/articles/?category=bench-cat-01", max_queries=5),
        Row(f"search q={SEARCH_WORD}, cold", f"/api/v1/articles/?q={quote(SEARCH_WORD)}", max_queries=5),
        Row("feed, first page, cold", "/api/v1/feed/", max_queries=5),
        Row(f"feed, {info['cursor_depth']:,} deep, cold", f"/api/v1/feed/?cursor={info['cursor']}", max_queries=5),
        Row(f"list page {page}, cold", f"/api/v1/articles/?page={page}", max_queries=5),
        Row("500-comment article, comment page 1, cold", "/api/v1/articles/bench-hot/comments/", min_ratio=0.4, max_queries=4),
        Row("comment POST", f"/api/v1/articles/{detail}/comments/", server="warm", method="POST", script="comment_post.lua", body=post_body, min_ratio=0.12, max_queries=10),
        Row("moderation queue (pending)", "/api/v1/moderation/comments/?status=pending", server="warm", auth=True, max_queries=6),
    ]


# --- processes ---------------------------------------------------------------------------------


def run(cmd: list[str], env: dict, *, stdin: str | None = None, quiet: bool = False) -> str:
    result = subprocess.run(cmd, env=env, cwd=ROOT, input=stdin, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE if quiet else None)
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{result.stdout}\n{result.stderr or ''}")
    return result.stdout


def probe(command: str, env: dict, spec: dict) -> dict:
    return json.loads(run([str(PY), str(BENCH / "probe.py"), command], env, stdin=json.dumps(spec)))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A gunicorn master with WORKERS sync workers on a free local port."""

    def __init__(self, name: str, env: dict):
        self.name, self.port = name, free_port()
        self.log = RESULTS / f"gunicorn-{name}.log"
        cmd = [str(GUNICORN), "cms.wsgi", "--workers", str(WORKERS), "--worker-class", "sync", "--bind", f"127.0.0.1:{self.port}",
               "--log-level", "warning", "--error-logfile", str(self.log), "--timeout", "120"]
        self.process = subprocess.Popen(cmd, env=env, cwd=ROOT)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.base + "/bench/floor/", timeout=5).read()
                if len(self.workers()) == WORKERS:
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"gunicorn ({name}) did not start; see {self.log}")
            time.sleep(0.2)

    def workers(self) -> list[int]:
        try:
            return [int(pid) for pid in Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()]
        except OSError:
            return []

    def peak_rss(self) -> list[int]:
        """VmHWM (peak resident set) of each worker, in bytes."""
        peaks = []
        for pid in self.workers():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) * 1024)
        return peaks

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def wrk(url: str, row: Row, headers: dict, seconds: int) -> dict:
    cmd = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "-s", str(WRK_DIR / row.script)]
    for name, value in headers.items():
        cmd += ["-H", f"{name}: {value}"]
    out = subprocess.run([*cmd, url], env={**os.environ, "BENCH_WRK_DIR": str(WRK_DIR)}, text=True, capture_output=True, check=True).stdout
    match = re.search(r"^BENCH (\{.*\})$", out, re.MULTILINE)
    if not match:
        sys.exit(f"no result from wrk for {row.name}:\n{out}")
    data = json.loads(match.group(1))
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    data["errors"] = data["connect"] + data["read"] + data["write"] + data["status"] + data["timeout"]
    # wrk stops with requests still queued in the workers (a slow row's, seconds each): let them
    # finish, so the next row's first requests do not wait behind them.
    time.sleep(min(10.0, 2 * data["p99_us"] / 1e6))
    return data


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    print("wrk is missing: installing Debian's package", file=sys.stderr)
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=False)
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install -y wrk")


# --- databases -----------------------------------------------------------------------------------


def sqlite_database() -> tuple[str, str]:
    path = RESULTS / "bench.sqlite3"
    if not os.environ.get("BENCH_REUSE"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}", f"SQLite {sqlite3.sqlite_version}"


def postgres_database(url: str) -> tuple[str, str]:
    import psycopg

    parts = urlsplit(url)
    bench_url = urlunsplit(parts._replace(path=f"/{PG_DATABASE}"))
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_DATABASE]).fetchone()
        if not (os.environ.get("BENCH_REUSE") and exists):
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_DATABASE}")
    return bench_url, f"PostgreSQL {version}"


def checkpoint(database_url: str) -> None:
    """After a row that writes: fold SQLite's write-ahead log back into the database, so the reads
    of the next row do not pay for the writes of this one (each row is measured on its own)."""
    with sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=30) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def vacuum(database_url: str) -> None:
    """A PostgreSQL database kept with BENCH_REUSE: VACUUM ANALYZE before measuring, as autovacuum
    would have (it may be off on a test server), so an earlier run's writes, or a migration's
    backfill, leave no dead rows and stale statistics behind."""
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def django_env(database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.bench",
        DJANGO_SECRET_KEY="bench-only-" + os.urandom(16).hex(),
        DJANGO_DEBUG="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        # Persistent connections, as any production deployment runs (README: DJANGO_CONN_MAX_AGE).
        DJANGO_CONN_MAX_AGE="600",
        DJANGO_CACHE_PREFIX=f"bench-{os.getpid()}-{time.time_ns()}",
        DJANGO_LOG_LEVEL="ERROR",
        DATABASE_URL=database_url,
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def seeded(env: dict) -> bool:
    out = run([str(PY), "manage.py", "shell", "-c", "from articles.models import Article; print(Article.objects.filter(slug__startswith='bench-').count())"], env, quiet=True)
    return out.strip().splitlines()[-1:] == [str(ARTICLES)]  # Django 5.2's shell first says what it imported


# --- one database ---------------------------------------------------------------------------------


def bench_database(kind: str, database_url: str, db_label: str) -> dict:
    env = django_env(database_url)
    print(f"\n== {db_label}: {ARTICLES:,} articles, {COMMENTS:,} comments", flush=True)
    run([str(PY), "manage.py", "migrate", "--noinput", "-v0"], env)
    run([str(PY), "manage.py", "collectstatic", "--noinput", "-v0"], env)  # as deployed: WhiteNoise serves them
    seconds = None
    if not (os.environ.get("BENCH_REUSE") and seeded(env)):
        started = time.monotonic()
        run([str(PY), "manage.py", "seed_bench", "--articles", str(ARTICLES), "--comments", str(COMMENTS), "--reset"], env)
        seconds = time.monotonic() - started
        print(f"   seeded in {seconds:.1f} s", flush=True)
    elif kind == "postgres":
        vacuum(database_url)
    info = probe("prepare", env, {"feed_depth": int(ARTICLES * 0.9)})
    table = rows(info)
    if os.environ.get("BENCH_ROWS"):
        wanted = [part.strip() for part in os.environ["BENCH_ROWS"].split(",") if part.strip()]
        table = [table[0], *(row for row in table[1:] if any(part in row.name for part in wanted))]
    floor_bytes = probe("size", env, {"path": "/api/v1/articles/"})["bytes"]
    counts = probe("queries", env, {"rows": [
        {"name": r.name, "path": r.path, "server": r.server, "method": r.method, "etag": r.etag, "body": r.body, "auth": r.auth,
         "headers": {"Authorization": f"Token {info['token']}"} if r.auth else {}}
        for r in table
    ]})
    for row in table:
        row.queries = counts[row.name]

    server_env = {**env, "DJANGO_BENCH_FLOOR_BYTES": str(floor_bytes)}
    # The warm server reuses the content version for a second (README: DJANGO_CONTENT_VERSION_TTL_MS);
    # the cold one has the default: read on every request, or on PostgreSQL after a NOTIFY.
    servers = {"warm": Server(f"{kind}-warm", {**server_env, "DJANGO_RESPONSE_CACHE": "1", "DJANGO_CONTENT_VERSION_TTL_MS": str(WARM_VERSION_TTL_MS)}),
               "cold": Server(f"{kind}-cold", {**server_env, "DJANGO_RESPONSE_CACHE": "0", "DJANGO_CONTENT_VERSION_TTL_MS": "0"})}
    try:
        headers = {}
        for row in table:
            headers[row.name] = {"Authorization": f"Token {info['token']}"} if row.auth else {}
            if row.etag:
                with urllib.request.urlopen(servers[row.server].base + row.path) as response:
                    headers[row.name]["If-None-Match"] = response.headers["ETag"]
        print("   warm-up", flush=True)
        for row in table:
            wrk(servers[row.server].base + row.path, row, headers[row.name], 1)
        for n in range(ROUNDS):
            order = table if n % 2 == 0 else table[::-1]
            print(f"   round {n + 1}/{ROUNDS}", flush=True)
            for row in order:
                row.runs.append(wrk(servers[row.server].base + row.path, row, headers[row.name], DURATION))
                if row.method != "GET" and kind == "sqlite":
                    checkpoint(database_url)
        rss = {name: server.peak_rss() for name, server in servers.items()}
    finally:
        for server in servers.values():
            server.stop()
    return summarise(kind, db_label, table, rss, seconds, floor_bytes, info)


def summarise(kind: str, db_label: str, table: list[Row], rss: dict, seed_seconds, floor_bytes: int, info: dict) -> dict:
    floor_rps = statistics.median(r["rps"] for r in table[0].runs)
    out_rows = []
    for row in table:
        rps = statistics.median(r["rps"] for r in row.runs)
        out_rows.append({
            "name": row.name, "path": row.path, "server": row.server, "rps": rps, "ratio": rps / floor_rps,
            "p50_ms": statistics.median(r["p50_us"] for r in row.runs) / 1000,
            "p99_ms": statistics.median(r["p99_us"] for r in row.runs) / 1000,
            "errors": sum(r["errors"] for r in row.runs), "requests": sum(r["requests"] for r in row.runs),
            "queries": row.queries.get("queries"), "auth_queries": row.queries.get("auth"), "status": row.queries.get("status"),
            "min_ratio": row.min_ratio, "max_queries": row.max_queries,
        })
    peak = max((v for values in rss.values() for v in values), default=0)
    return {"kind": kind, "db": db_label, "articles": ARTICLES, "comments": COMMENTS, "seed_seconds": seed_seconds,
            "floor_bytes": floor_bytes, "rows": out_rows, "rss": rss, "peak_rss": peak, "targets": targets(out_rows, peak)}


def targets(out_rows: list[dict], peak_rss: int) -> list[tuple[str, bool, str]]:
    by = {r["name"]: r for r in out_rows}
    checks = []
    for r in out_rows:
        if r["min_ratio"] is not None:
            checks.append((f"{r['name']}: ratio >= {r['min_ratio']}", r["ratio"] >= r["min_ratio"], f"{r['ratio']:.2f}"))
    for r in out_rows:
        if r["max_queries"] is not None:
            ok = r["queries"] is not None and r["queries"] <= r["max_queries"] and r["status"] in (200, 201, 304)
            checks.append((f"{r['name']}: queries <= {r['max_queries']}", ok, f"{r['queries']} (HTTP {r['status']})"))
    feed = by.get("feed, first page, cold")
    deep = next((r for r in out_rows if r["name"].startswith("feed,") and "deep" in r["name"]), None)
    if feed and deep and feed["p50_ms"]:
        checks.append(("deep feed p50 <= 1.25x first page", deep["p50_ms"] <= 1.25 * feed["p50_ms"], f"{deep['p50_ms'] / feed['p50_ms']:.2f}x"))
    page1 = by.get("article list (20), cold")
    deep_page = next((r for r in out_rows if r["name"].startswith("list page")), None)
    if page1 and deep_page and page1["p50_ms"]:
        checks.append((f"{deep_page['name']} p50 <= 2x page 1", deep_page["p50_ms"] <= 2 * page1["p50_ms"], f"{deep_page['p50_ms'] / page1['p50_ms']:.2f}x"))
    checks.append(("peak RSS per worker < 120 MiB", peak_rss < 120 * MIB, f"{peak_rss / MIB:.0f} MiB"))
    checks.append(("no wrk errors (non-2xx/3xx, timeouts)", all(r["errors"] == 0 for r in out_rows),
                   ", ".join(f"{r['name']}: {r['errors']}" for r in out_rows if r["errors"]) or "none"))
    return checks


# --- report ----------------------------------------------------------------------------------------


def table_markdown(result: dict) -> str:
    lines = [
        "| Row | Server cache | req/s | p50 ms | p99 ms | × floor | SQL queries |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in result["rows"]:
        queries = "—" if r["queries"] is None else str(r["queries"]) + (f" (+{r['auth_queries']} auth)" if r["auth_queries"] else "")
        lines.append(f"| {r['name']} | {r['server']} | {r['rps']:,.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['ratio']:.2f} | {queries} |")
    return "\n".join(lines)


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal:")), 0)
    import django
    import gunicorn

    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0].strip()
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory_gib": mem / 1024 / 1024, "python": platform.python_version(),
            "django": django.get_version(), "gunicorn": gunicorn.__version__, "wrk": wrk_version, "kernel": platform.release()}


def report(results: list[dict]) -> str:
    m = machine()
    cache = "Redis (`REDIS_URL`)" if os.environ.get("REDIS_URL") else "local memory (per worker)"
    out = [
        "# Benchmark results",
        "",
        f"Written by `make bench` (`bench/run.py`) on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
        "",
        f"- Machine: {m['cpus']} CPUs ({m['cpu']}), {m['memory_gib']:.1f} GiB memory, Linux {m['kernel']}",
        f"- Python {m['python']}, Django {m['django']}, gunicorn {m['gunicorn']} ({WORKERS} sync workers per server), {m['wrk']}",
        f"- Load: wrk, {THREADS} threads, {CONNECTIONS} connections, {DURATION} s per row and round, {ROUNDS} rounds "
        "(the second in reverse order); req/s, p50 and p99 are medians of the rounds.",
        f"- Both servers: `DJANGO_CONN_MAX_AGE=600` (persistent connections). `warm` rows: response cache on ({cache}), "
        f"`DJANGO_CONTENT_VERSION_TTL_MS={WARM_VERSION_TTL_MS}`. `cold` rows: a second server with `DJANGO_RESPONSE_CACHE=0` "
        "and no reuse of the content version by time (`DJANGO_CONTENT_VERSION_TTL_MS=0`, the default): SQLite reads it on every "
        "request; PostgreSQL knows it from `LISTEN`/`NOTIFY` (`DJANGO_CONTENT_VERSION_LISTEN`, on by default), so its workers read it only after a change. "
        "PostgreSQL with the defaults: statements prepared after 5 runs (server-side binding), `plan_cache_mode=auto`.",
        "- × floor: req/s divided by the floor row's req/s of the same run (same servers, same rounds).",
        "- SQL queries: one request through Django's test client (cold rows with the response cache off); "
        "authentication queries, which the targets leave out, in parentheses.",
    ]
    for result in results:
        seeded = f"seeded in {result['seed_seconds']:.0f} s" if result["seed_seconds"] is not None else "seeded earlier"
        out += [
            "",
            f"## {result['db']}: {result['articles']:,} articles, {result['comments']:,} comments ({seeded})",
            "",
            f"Floor answer: {result['floor_bytes']:,} bytes (the article list's size). "
            f"Peak RSS per worker: {', '.join(f'{v / MIB:.0f}' for values in result['rss'].values() for v in values)} MiB.",
            "",
            table_markdown(result),
            "",
            "Targets:",
            "",
        ]
        out += [f"- {'✅' if ok else '❌'} {name}: {value}" for name, ok, value in result["targets"]]
    return "\n".join(out) + "\n"


def main() -> None:
    ensure_wrk()
    RESULTS.mkdir(parents=True, exist_ok=True)
    only = os.environ.get("BENCH_ONLY", "")
    plans = []
    if only in ("", "sqlite"):
        plans.append(("sqlite", *sqlite_database()))
    if os.environ.get("DATABASE_URL") and only in ("", "postgres"):
        plans.append(("postgres", *postgres_database(os.environ["DATABASE_URL"])))
    results = []
    for kind, url, label in plans:
        result = bench_database(kind, url, label)
        (RESULTS / f"{kind}-{ARTICLES}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False))
        print()
        print(table_markdown(result))
        for name, ok, value in result["targets"]:
            print(f"  {'PASS' if ok else 'FAIL'}  {name}: {value}")
        results.append(result)
    output = Path(os.environ.get("BENCH_OUTPUT") or BENCH / "RESULTS.md")
    output.write_text(report(results), encoding="utf-8")
    print(f"\nWritten: {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")


if __name__ == "__main__":
    main()
