"""Load benchmark (on demand, not in CI): the network demo on PostgreSQL behind gunicorn, and a
bounded load of simulated users on 127.0.0.1 only.

    .venv/bin/python tests/benchmarks/bench_load.py [--users 20] [--seconds 60] [--workers 2]

Without DATABASE_URL it runs itself again under .ci/with-postgres.sh (a throwaway cluster).
Then: migrate, `load_demo --network` (200 groups), start gunicorn on a free loopback port with
DEBUG off, and run USERS simulated users for SECONDS: three quarters are officers of distinct
groups who browse their report's pages and save its projected impact again and again (each
save a real form POST with the version it was loaded with); the others are staff on the
dashboard, analytics, the review page and the CSV export. It prints per page p50, p95, p99,
the number of requests and errors, and checks that every save the server confirmed (302) is
what the database holds at the end (no lost save). Exit status 1 on any error or lost save.
"""

import argparse
import http.cookiejar
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PERIOD = "2024-2025"
PASSWORD = "demo-password"


class FormFields(HTMLParser):
    """The fields (inputs and textareas) of every <form method=post> of a page."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self._form: dict[str, str] | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = {}
            self.forms.append(self._form)
        elif self._form is not None and tag == "input" and attrs.get("name"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            if attrs.get("type") in ("submit", "file"):
                return
            self._form[attrs["name"]] = attrs.get("value") or ""
        elif self._form is not None and tag == "textarea" and attrs.get("name"):
            self._textarea = attrs["name"]
            self._form[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._form = None


def form_fields(html: str, field: str = "csrfmiddlewaretoken") -> dict[str, str]:
    """The fields of the page's first POST form that has `field` (as a browser sends them)."""
    parser = FormFields()
    parser.feed(html)
    fields = next((form for form in parser.forms if field in form), {})
    # Textareas start with a newline the browser drops.
    return {k: v[1:] if v.startswith("\n") else v for k, v in fields.items()}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Client:
    def __init__(self, base: str, stats, lock):
        self.base = base
        self.stats = stats
        self.lock = lock
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def request(self, label: str, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        if body is not None:
            request.add_header("Referer", self.base + path)
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=60) as response:
                status, text = response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode("utf-8", "replace")
        except OSError as error:
            status, text = 0, str(error)
        elapsed = time.perf_counter() - started
        with self.lock:
            self.stats.setdefault(label, []).append((elapsed, status))
        return status, text

    def log_in(self, username: str) -> None:
        status, html = self.request("login (GET)", "/accounts/login/")
        fields = form_fields(html, "username")
        fields.update(username=username, password=PASSWORD)
        status, _ = self.request("login (POST)", "/accounts/login/", fields)
        if status != 302:
            raise RuntimeError(f"log-in of {username} answered {status}")


def officer(client: Client, acronym: str, stop: float, saves: dict, rng: random.Random):
    client.log_in(f"officer-{acronym.lower()}")
    base = f"/reports/{acronym}/{PERIOD}/"
    pages = [("overview", ""), ("targets", "targets/"), ("activities", "activities/"),
             ("preview", "preview/")]  # fmt: skip
    n = 0
    while time.time() < stop:
        label, path = rng.choice(pages)
        client.request(label, base + path)
        if rng.random() < 0.5:
            status, html = client.request("impact (GET)", base + "impact/")
            fields = form_fields(html, "projected_impact")
            if "projected_impact" not in fields:
                continue
            n += 1
            text = f"Projected impact of {acronym}, save {n} ({secrets.token_hex(4)})."
            fields["projected_impact"] = text
            status, _ = client.request("impact (POST save)", base + "impact/", fields)
            if status == 302:
                saves[acronym] = text  # confirmed by the server: it must be stored


def staff(client: Client, stop: float, rng: random.Random, acronyms: list[str]):
    client.log_in("ssc-staff")
    pages = [
        ("staff dashboard", f"/staff/?period={PERIOD}"),
        ("staff dashboard (search)", f"/staff/?period={PERIOD}&q=bat"),
        ("network analytics", f"/staff/network/{PERIOD}/analytics/"),
        ("export results CSV", f"/staff/network/{PERIOD}/exports/results.csv"),
    ]
    while time.time() < stop:
        if rng.random() < 0.25:
            acronym = rng.choice(acronyms)
            client.request("staff review page", f"/staff/review/{acronym}/{PERIOD}/")
        else:
            label, path = rng.choice(pages)
            client.request(label, path)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        script = BASE_DIR / ".ci" / "with-postgres.sh"
        return subprocess.call(["bash", str(script), sys.executable, __file__, *sys.argv[1:]])

    media = Path(os.environ.get("TMPDIR", "/tmp")) / f"ssc-bench-media-{os.getpid()}"
    env = dict(os.environ, MEDIA_ROOT=str(media), DJANGO_SETTINGS_MODULE="ssc_reports.settings")
    port = free_port()
    server_env = {
        **env,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }
    python = sys.executable
    setup_started = time.perf_counter()
    subprocess.run(
        [python, "manage.py", "migrate", "-v0"], cwd=BASE_DIR, env=server_env, check=True
    )
    subprocess.run(
        [python, "manage.py", "load_demo", "--network"],
        cwd=BASE_DIR, env={**env, "DEBUG": "true"}, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    print(f"set-up (migrate, network demo): {time.perf_counter() - setup_started:.1f} s")

    gunicorn = Path(python).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "ssc_reports.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--timeout", "120", "--log-level", "warning"],
        cwd=BASE_DIR, env=server_env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.5)
        else:
            print("gunicorn did not answer /healthz")
            return 1

        sys.path.insert(0, str(BASE_DIR))
        os.environ.update(server_env)
        import django

        django.setup()
        from ssc_reports.models import Report

        editable = list(
            Report.objects.filter(period__label=PERIOD, status__in=["draft", "returned"])
            .order_by("group__acronym")
            .values_list("group__acronym", flat=True)
        )
        officers = max(1, args.users * 3 // 4)
        stats: dict[str, list] = {}
        lock = threading.Lock()
        saves: dict[str, str] = {}
        stop = time.time() + args.seconds
        threads = []
        for index in range(args.users):
            rng = random.Random(index)  # noqa: S311 - load pattern, not security
            client = Client(base, stats, lock)
            if index < officers:
                target = officer
                thread_args = (client, editable[index], stop, saves, rng)
            else:
                target = staff
                thread_args = (client, stop, rng, editable)
            threads.append(threading.Thread(target=target, args=thread_args, daemon=True))
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(args.seconds + 120)
        wall = time.perf_counter() - started

        print(
            f"\n{args.users} users ({officers} officers, {args.users - officers} staff), "
            f"{args.seconds} s, gunicorn {args.workers} workers, PostgreSQL, 200 groups"
        )
        print(
            f"{'page':28} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
        )
        errors = 0
        total = 0
        for label in sorted(stats):
            rows = stats[label]
            times = [t * 1000 for t, _ in rows]
            bad = sum(1 for _, status in rows if status == 0 or status >= 400)
            errors += bad
            total += len(rows)
            print(
                f"{label:28} {len(rows):8d} {bad:6d} {statistics.median(times):8.0f} "
                f"{percentile(times, 0.95):8.0f} {percentile(times, 0.99):8.0f}"
            )
        stored = dict(
            Report.objects.filter(period__label=PERIOD, group__acronym__in=list(saves)).values_list(
                "group__acronym", "projected_impact"
            )
        )
        lost = sorted(acronym for acronym, text in saves.items() if stored.get(acronym) != text)
        saved = len(stats.get("impact (POST save)", []))
        print(f"\n{total} requests in {wall:.0f} s ({total / wall:.1f}/s), {errors} errors")
        print(
            f"saves: {saved} posted, the last confirmed save of {len(saves)} reports checked "
            f"against the database: {len(lost)} lost" + (f" ({', '.join(lost)})" if lost else "")
        )
        ok = errors == 0 and not lost and saves
        print("[PASS]" if ok else "[FAIL]", "0 errors and 0 lost saves" if ok else "see above")
        return 0 if ok else 1
    finally:
        server.terminate()
        server.wait(30)
        subprocess.run(["rm", "-rf", str(media)], check=False)


if __name__ == "__main__":
    sys.exit(main())
