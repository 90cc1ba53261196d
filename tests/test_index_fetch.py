"""Fetching packages over http from local servers on 127.0.0.1: a bounded pool, retries, a
deadline per site, and the last good copy of a site that cannot be reached."""

from __future__ import annotations

import datetime as dt
import http.server
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest

from sosafe_gen.national.fetch import FetchOptions, cache_key, collect
from sosafe_gen.national.plan import plan_index
from sosafe_gen.national.registry import Source
from sosafe_gen.national.render import render_index


class Site:
    """One partnership's site: a folder served on its own port, with a delay, failures to
    give before answering, and a count of requests (and of requests at once)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.delay = 0.0
        self.fail_first = 0
        self.requests = 0
        self.at_once = 0
        self.most_at_once = 0
        self.lock = threading.Lock()


@dataclass
class Served:
    url: str
    stop: Callable[[], None]


@contextmanager
def serve(site: Site) -> Iterator[Served]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self) -> None:
            with site.lock:
                site.requests += 1
                site.at_once += 1
                site.most_at_once = max(site.most_at_once, site.at_once)
                fail = site.fail_first > 0
                site.fail_first -= fail
            time.sleep(site.delay)
            with site.lock:  # counted while waiting: the answer may overlap the next ask
                site.at_once -= 1
            if fail:
                self.send_error(503, "Busy")
            else:
                super().do_GET()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(Handler, directory=str(site.root))
    )
    server.daemon_threads = True
    server.handle_error = lambda *args: None  # a client that gave up: no traceback
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    stopped = []

    def stop() -> None:
        if not stopped:
            stopped.append(True)
            server.shutdown()
            server.server_close()

    try:
        yield Served(f"http://127.0.0.1:{server.server_address[1]}/data/datapackage.json", stop)
    finally:
        stop()


def closed_port() -> str:
    """An address on 127.0.0.1 where nothing listens: a site that is down."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/data/datapackage.json"


@pytest.fixture
def sites(tmp_path: Path, build_partnership: Callable) -> dict[str, Site]:
    out = {}
    for name in ("site", "scrutiny", "one-of-each"):
        root = tmp_path / "web" / name
        shutil.copytree(build_partnership(name)[1] / "data", root / "data")
        out[name] = Site(root)
    return out


FAST = FetchOptions(workers=4, timeout=2.0, retries=2, backoff=0.05)


def test_fetching_in_parallel_with_retries_then_the_last_good_copy(
    sites: dict[str, Site], tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    sites["scrutiny"].fail_first = 2  # two 503s, then the package: the retries take it
    with ExitStack() as stack:
        a, b, c = (
            stack.enter_context(serve(sites[n])) for n in ("site", "scrutiny", "one-of-each")
        )
        never = closed_port()
        sources = [Source(i, url, None, None) for i, url in enumerate((a.url, b.url, c.url, never))]
        first = collect(sources, cache, FAST)
        assert [o.published is not None for o in first] == [True, True, True, False]
        assert sites["scrutiny"].requests == 2 + 5  # the package and its four JSON files
        assert first[3].unreachable.startswith(f"{never}: ")
        assert first[3].problems == []  # never fetched: left out, with no earlier copy
        assert all(not o.published.stale and o.unreachable is None for o in first[:3])
        when = {o.published.id: o.published.fetched for o in first[:3]}
        kept = {p.relative_to(cache): p.read_bytes() for p in cache.rglob("*") if p.is_file()}

        a.stop()  # one site is down
        sites["one-of-each"].delay = 5.0  # one is slower than its deadline
        started = time.monotonic()
        second = collect(sources, cache, FAST)
        took = time.monotonic() - started
    assert took < FAST.timeout + 1.5, took  # in parallel, each within its own deadline
    down, fresh, slow, still_never = second
    for o in (down, slow):
        assert o.published is not None and o.published.stale, o.problems
        assert o.published.fetched == when[o.published.id]
        assert o.unreachable
    assert "timed out" in slow.unreachable
    assert fresh.published is not None and not fresh.published.stale
    assert still_never.published is None and still_never.unreachable
    # The failed fetches left the last good copies as they were.
    for path, data in kept.items():  # but the site fetched afresh (its own folder)
        if path.parts[0] != cache_key(fresh.source):
            assert (cache / path).read_bytes() == data


def test_the_pool_is_bounded(sites: dict[str, Site], tmp_path: Path) -> None:
    site = sites["site"]
    site.delay = 0.2
    with serve(site) as served:
        # The same package under eight addresses (a query string each), two workers.
        sources = [Source(i, f"{served.url}?copy={i}", None, None) for i in range(8)]
        outcomes = collect(sources, tmp_path / "cache", FetchOptions(workers=2, timeout=30))
    assert all(o.published is None or o.published.id for o in outcomes)
    assert site.most_at_once <= 2


def test_a_stale_copy_says_when_it_was_fetched(sites: dict[str, Site], tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with serve(sites["site"]) as served:
        source = Source(0, served.url, None, None)
        first = collect([source], cache, FAST)[0]
    again = collect([source], cache, FAST)[0]  # the server is gone
    assert again.published is not None and again.published.stale
    site = plan_index(None, [again.published], [])
    page = render_index(site)[site.partnership_src(again.published.id)]
    day = first.published.fetched.astimezone(dt.UTC).date()
    assert f"Shown from the copy fetched on {day.day} {day:%B %Y}" in page


def test_a_site_that_answers_with_a_broken_package_is_left_out(
    sites: dict[str, Site], tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    with serve(sites["site"]) as served:
        source = Source(0, served.url, None, None)
        assert collect([source], cache, FAST)[0].published is not None
        themes = sites["site"].root / "data/themes.json"
        before = len(themes.read_bytes())
        themes.write_text(themes.read_text().replace('"sensitive": false', '"sensitive": 3', 1))
        outcome = collect([source], cache, FAST)[0]
    assert outcome.published is None
    # Every problem, the size the package gives and the record's own.
    assert [str(p) for p in outcome.problems] == [
        f"{source.near('themes.json')}:1:1: {len(themes.read_bytes())} bytes, but the package says {before}",
        f"{source.near('themes.json')}:2:1: records[0].sensitive: Input should be a valid boolean, "
        "unable to interpret input (got 3)",
    ]
