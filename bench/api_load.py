"""Benchmark: the API under load. gunicorn serves Amity on loopback; 32 clients ask one list at a
time, as fast as they can, for a bounded time; beside each API list, a plain view of the same table
(``bench/api_load_urls.py``: the same 50 newest rows as JSON, the same middleware and token check,
no DRF) is loaded the same way by the same gunicorn, and the ratio of throughputs is printed.

Run (on the synthetic country of ``manage.py make_country``; ``--make`` makes it first):
    AMITY_DB_ENGINE=postgresql AMITY_DB_HOST=/work/pg AMITY_DB_USER=postgres AMITY_DB_NAME=amity_apiload \\
        .venv/bin/python bench/api_load.py [--make --scale 0.01] [--clients 32] [--seconds 15] [--repeat 3]

For each target: requests per second, p50 and p95 of the latency seen by the client (ms), errors,
bytes per response; the goal is a ratio API / plain ≥ 0.5 and p95 < 150 ms at 32 clients. Then,
for both, the median CPU time of one request served in this process and its query count (steadier
than the clock when the machine has other work).

The load generator is ``wrk`` (Debian's package ``wrk``: an event loop in C, two threads, keep-alive
connections; its Lua ``done`` hook gives the counts and percentiles) where it is installed, else
threads of this process (``--generator python``, over ``http.client``), which take about five times
its CPU a request (0.13 ms against 0.024 for a small answer; a few per cent of the cores at the
rates these lists are served, more for a quicker server). Either way each run prints the cores
that the generator, gunicorn's workers and their PostgreSQL backends used (CPU seconds over the
run's seconds, read from ``/proc`` and ``getrusage``).

Last, what the server spends: one gunicorn worker with one thread answers ``--cpu-requests``
requests in a row, and the CPU of the worker and of its PostgreSQL backend is read from ``/proc``
(``server_cpu``).
"""

import argparse
import http.client
import os
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent

#: (name, API path, table of the plain view to compare with)
TARGETS = [
    ("activities", "/api/activities/activities/", "activities.Activity"),
    ("aid items", "/api/aid/items/", "aid.AidItem"),
    ("compatriots", "/api/diaspora/compatriots/", "diaspora.Compatriot"),
]
USERS = ["hai-phong-editor", "central-admin"]
#: At most this many seconds a run, whatever ``--seconds`` asks.
MOST_SECONDS = 30
#: wrk's ``done`` hook: one line of counts and latencies (µs) for ``load_wrk`` to read.
WRK_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("amity-load %d %d %d %d %d\\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout, latency:percentile(50), latency:percentile(95)))
end
"""


def setup_django() -> None:
    sys.path[:0] = [str(ROOT), str(BENCH)]
    os.environ["DJANGO_SETTINGS_MODULE"] = "api_load_settings"  # as gunicorn: the plain views too
    import django

    django.setup()


def make_country(scale: float) -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM units_unit")
        if cursor.fetchone()[0]:
            print("The database already holds units: kept as it is.")
            return
    call_command("make_country", scale=scale, no_progress=True)


def tokens() -> dict[str, str]:
    from django.contrib.auth import get_user_model

    from amity.accounts.services import api_token_create

    users = get_user_model().objects.filter(username__in=USERS)
    return {user.username: api_token_create(actor=user)[1] for user in users}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A gunicorn serving on ``port``; its database connections are named ``name``."""

    port: int
    pid: int
    name: str

    def workers(self) -> list[int]:
        return children(self.pid)


@contextmanager
def gunicorn(*, workers: int, threads: int) -> Iterator[Server]:
    """gunicorn serving Amity on a free port of loopback until the block ends, then stopped with its
    workers. Its database connections carry an ``application_name`` of their own (the bench finds
    their PostgreSQL backends by it) and are kept for an hour, so a backend's CPU is read across
    requests."""
    port = free_port()
    name = f"amity-api-load-{os.getpid()}-{port}"
    executable = Path(sys.executable).with_name("gunicorn")
    if not executable.exists():
        executable = Path(shutil.which("gunicorn") or "gunicorn")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "api_load_settings",
        "PYTHONPATH": os.pathsep.join([str(BENCH), str(ROOT)]),
        "AMITY_DEBUG": "0",
        "AMITY_SECRET_KEY": os.environ.get("AMITY_SECRET_KEY", "bench-only-" + "x" * 50),
        "AMITY_BENCH_APPLICATION_NAME": name,
        "AMITY_DB_CONN_MAX_AGE": "3600",
    }
    process = subprocess.Popen(
        [str(executable), "amity.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--threads", str(threads), "--worker-class", "gthread", "--keep-alive", "30", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None:
                    raise SystemExit("gunicorn did not start") from None
                if time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not answer within 60 s") from None
                time.sleep(0.2)
        while len(children(process.pid)) < workers and time.monotonic() < deadline:
            time.sleep(0.2)
        yield Server(port=port, pid=process.pid, name=name)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


def get(connection: http.client.HTTPConnection, path: str, token: str) -> tuple[int, int]:
    connection.request("GET", path, headers={"Authorization": f"Token {token}", "Accept": "application/json"})
    response = connection.getresponse()
    body = response.read()
    return response.status, len(body)


def load_threads(*, port: int, path: str, token: str, clients: int, seconds: int) -> dict:
    """``clients`` threads of this process each asking ``path`` one request after another for
    ``seconds``."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    start = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def client(i: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        start.wait()
        while time.perf_counter() < stop_at[0]:
            began = time.perf_counter()
            try:
                status, _size = get(connection, path, token)
            except (OSError, http.client.HTTPException):
                errors[i] += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            latencies[i].append(time.perf_counter() - began)
            if status != 200:
                errors[i] += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    stop_at[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join()
    took = time.perf_counter() - began
    every = sorted(t for per_client in latencies for t in per_client)
    return {
        "rps": len(every) / took,
        "p50": statistics.median(every) * 1000 if every else float("nan"),
        "p95": every[int(0.95 * (len(every) - 1))] * 1000 if every else float("nan"),
        "errors": sum(errors),
    }


def load_wrk(*, port: int, path: str, token: str, clients: int, seconds: int) -> dict:
    """``wrk`` keeping ``clients`` connections busy with ``path`` for ``seconds``: the same
    figures as ``load_threads`` (any answer but 2xx or 3xx, a refused, broken or timed-out
    connection is an error; a request that waits past 60 s is one too)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_DONE)
        script.flush()
        command = [
            "wrk", f"--threads={min(clients, os.cpu_count() or 1)}", f"--connections={clients}",
            f"--duration={seconds}s", "--timeout=60s", f"--script={script.name}",
            "--header=Accept: application/json", f"--header=Authorization: Token {token}",
            f"http://127.0.0.1:{port}{path}",
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30, check=True)
    line = next((line for line in done.stdout.splitlines() if line.startswith("amity-load ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no figures:\n{done.stdout}{done.stderr}")
    requests, duration, errors, p50, p95 = map(int, line.split()[1:])
    return {
        "rps": requests / (duration / 1e6),
        "p50": p50 / 1000 if requests else float("nan"),
        "p95": p95 / 1000 if requests else float("nan"),
        "errors": errors,
    }


def own_cpu(who: int) -> float:
    """CPU seconds, user + system, of this process (``RUSAGE_SELF``) or of its children that
    have ended and been waited for (``RUSAGE_CHILDREN``: wrk, once run)."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def load(*, generator: str, server: Server, path: str, token: str, clients: int, seconds: int) -> dict:
    """One run of the ``generator``'s load, with the cores (CPU seconds a second of the run) that
    the generator (``gen``), gunicorn's workers (``web``) and their PostgreSQL backends (``db``)
    used."""
    generate = load_wrk if generator == "wrk" else load_threads
    who = resource.RUSAGE_CHILDREN if generator == "wrk" else resource.RUSAGE_SELF
    pids = {"web": server.workers(), "db": backends(server.name)}
    before = {key: ticks(found) for key, found in pids.items()}
    generator_before, began = own_cpu(who), time.perf_counter()
    result = generate(port=server.port, path=path, token=token, clients=clients, seconds=seconds)
    took = time.perf_counter() - began
    result["gen"] = (own_cpu(who) - generator_before) / took
    tick = os.sysconf("SC_CLK_TCK")
    for key in pids:
        now = ticks(server.workers() if key == "web" else backends(server.name))
        result[key] = sum(spent - before[key].get(pid, 0) for pid, spent in now.items()) / tick / took
    return result


def in_process(path: str, token: str, repeat: int = 15) -> tuple[float, int]:
    """Median CPU milliseconds of this process for one request (Django test client, no network)
    and its query count: steadier than the clock on a machine with other work."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Token {token}", HTTP_ACCEPT="application/json", HTTP_HOST="127.0.0.1")
    for _ in range(3):
        client.get(path)
    cpu = []
    for _ in range(repeat):
        began = time.process_time()
        client.get(path)
        cpu.append(time.process_time() - began)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return statistics.median(cpu) * 1000, len(queries)


def cpu_ticks(pid: int) -> int:
    """User + system CPU of a process so far, in clock ticks (``/proc/<pid>/stat``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def ticks(pids: list[int]) -> dict[int, int]:
    """``cpu_ticks`` of each of ``pids`` still running."""
    found = {}
    for pid in pids:
        try:
            found[pid] = cpu_ticks(pid)
        except OSError:
            continue
    return found


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    return found


def backends(name: str) -> list[int]:
    """The PostgreSQL server processes of the connections named ``name`` (none on SQLite)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE application_name = %s", [name])
        pids = [row[0] for row in cursor.fetchall()]
    connection.close()
    return pids


def server_cpu(*, server: Server, worker: int, path: str, token: str, requests: int) -> tuple[float, float]:
    """CPU milliseconds a request of the gunicorn ``worker`` (one thread) and of its PostgreSQL
    backend, over ``requests`` asked one after another on one connection: what the server spends,
    whatever else the machine runs, without the load generator's share."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    for _ in range(10):  # the worker's connection to the database, its caches
        get(connection, path, token)
    pids = backends(server.name)
    if len(pids) != 1:
        raise SystemExit(f"expected one database connection named {server.name}, found {len(pids)}")
    before = cpu_ticks(worker), cpu_ticks(pids[0])
    for _ in range(requests):
        status, _size = get(connection, path, token)
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
    after = cpu_ticks(worker), cpu_ticks(pids[0])
    connection.close()
    tick_ms = 1000 / os.sysconf("SC_CLK_TCK")
    return tuple((a - b) * tick_ms / requests for a, b in zip(after, before, strict=True))


def best(runs: list[dict]) -> dict:
    """The median run by throughput (runs of one target differ by the machine's other work)."""
    return sorted(runs, key=lambda r: r["rps"])[len(runs) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--make", action="store_true", help="make the synthetic country first (an empty database)")
    parser.add_argument("--scale", type=float, default=0.01)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=15, help=f"per run, at most {MOST_SECONDS}; 0: no load")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--generator", choices=["wrk", "python"], default="wrk",
        help="the load generator: wrk (where installed; else python, with a note) or this process's threads",
    )  # fmt: skip
    parser.add_argument("--only", default="", help="only targets whose name holds this")
    parser.add_argument(
        "--cpu-requests", type=int, default=200, help="requests in a row to one worker for its CPU a request; 0: none"
    )
    args = parser.parse_args()
    seconds = min(args.seconds, MOST_SECONDS)
    if args.generator == "wrk" and not shutil.which("wrk"):
        print(
            "wrk is not installed (Debian: apt-get install wrk): the load comes from this process's threads, "
            "which take about five times wrk's CPU a request from the cores the server shares.\n",
            flush=True,
        )
        args.generator = "python"
    setup_django()
    if args.make:
        make_country(args.scale)
    keys = tokens()
    if set(keys) != set(USERS):
        raise SystemExit(f"users {USERS} are missing: make the country first (--make)")
    targets = [
        (username, name, api_path, f"/bench/plain/{label}/")
        for username in USERS
        for name, api_path, label in TARGETS
        if not args.only or args.only in name
    ]
    if seconds > 0:
        under_load(args, seconds, targets, keys)
    if args.cpu_requests > 0:
        per_request(args, targets, keys)


#: One-second loads at most before a path is measured. A worker thread's first request reads the
#: unit tree and prepares its statements (over a second): with one second of warming, the first list
#: timed on a new server (Hải Phòng's activities) still met cold threads, p95 614–679 ms against
#: 90–220 ms once warm. Warming stops when the p95 of a second's load is within 3× its p50.
WARM_RUNS = 5


def under_load(args, seconds: int, targets: list[tuple], keys: dict[str, str]) -> None:
    run = {"generator": args.generator, "clients": args.clients}
    with gunicorn(workers=args.workers, threads=args.threads) as server:
        for username, name, api_path, plain_path in targets:
            token = keys[username]
            sizes = {}
            for path in (api_path, plain_path):  # warm every worker's caches and connections
                connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
                status, sizes[path] = get(connection, path, token)
                connection.close()
                if status != 200:
                    raise SystemExit(f"{path} answered {status} to {username}")
                for _ in range(WARM_RUNS):  # until no thread of any worker is still cold
                    warm = load(server=server, path=path, token=token, seconds=1, **run)
                    if warm["p95"] <= 3 * warm["p50"]:
                        break
            api = best([load(server=server, path=api_path, token=token, seconds=seconds, **run)
                        for _ in range(args.repeat)])  # fmt: skip
            plain = best([load(server=server, path=plain_path, token=token, seconds=seconds, **run)
                          for _ in range(args.repeat)])  # fmt: skip
            ratio = api["rps"] / plain["rps"]
            (api_cpu, api_queries), (plain_cpu, plain_queries) = (
                in_process(path, token) for path in (api_path, plain_path)
            )
            print(
                f"{username:17} {name:12} API {api['rps']:7.1f} req/s p50 {api['p50']:6.0f} p95 {api['p95']:6.0f} ms "
                f"({sizes[api_path]:,} B, {api['errors']} errors) | plain {plain['rps']:7.1f} req/s "
                f"p50 {plain['p50']:6.0f} p95 {plain['p95']:6.0f} ms ({sizes[plain_path]:,} B, "
                f"{plain['errors']} errors) | ratio {ratio:.2f} | "
                f"CPU ms a request {api_cpu:.1f} / {plain_cpu:.1f}, queries {api_queries} / {plain_queries}\n"
                f"{'':30} cores used, generator + gunicorn + PostgreSQL: API {api['gen']:.2f} + {api['web']:.2f} + "
                f"{api['db']:.2f} | plain {plain['gen']:.2f} + {plain['web']:.2f} + {plain['db']:.2f}",
                flush=True,
            )
    print(
        f"\n{args.clients} clients ({args.generator}), {seconds} s a run, median of {args.repeat} runs; gunicorn "
        f"{args.workers} workers × {args.threads} threads on {os.cpu_count()} cores; "
        f"load average {os.getloadavg()[0]:.1f}\n",
        flush=True,
    )


def per_request(args, targets: list[tuple], keys: dict[str, str]) -> None:
    """CPU a request of one gunicorn worker and its PostgreSQL backend (``server_cpu``), the API
    list beside the plain view."""
    from django.db import connection

    if connection.vendor != "postgresql":
        print("CPU a request of the server: PostgreSQL only (its backend's CPU is read from /proc)")
        return
    with gunicorn(workers=1, threads=1) as server:
        (worker,) = server.workers()
        for username, target, api_path, plain_path in targets:
            api, plain = (
                server_cpu(server=server, worker=worker, path=path, token=keys[username], requests=args.cpu_requests)
                for path in (api_path, plain_path)
            )
            ratio = sum(plain) / sum(api)
            print(
                f"{username:17} {target:12} CPU ms a request, worker + PostgreSQL: API {api[0]:5.1f} + {api[1]:4.1f} "
                f"= {sum(api):5.1f} | plain {plain[0]:4.1f} + {plain[1]:3.1f} = {sum(plain):4.1f} | "
                f"ratio plain / API {ratio:.2f}",
                flush=True,
            )
    print(
        f"\n{args.cpu_requests} requests in a row a target, gunicorn 1 worker × 1 thread; "
        f"load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
