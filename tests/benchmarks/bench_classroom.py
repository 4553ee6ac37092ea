"""A class on one machine: S students on emviz and on a trivial Streamlit app, directly and via nginx.

Run from the repository root (everything listens on 127.0.0.1; nginx must be installed for the
proxy setups: ``apt-get install -y nginx``)::

    python tests/benchmarks/bench_classroom.py                     # both scenarios, about 10 min
    python tests/benchmarks/bench_classroom.py --scenario quick    # 30 students, 5 quick clicks
    python tests/benchmarks/bench_classroom.py --students 3 --join 1 --think 0.2 --actions step,guess

Each student is a websocket client that speaks Streamlit's own protocol, as the browser does:
it loads the page (``/``, the health check and the host config, keeping its cookies), opens
``/_stcore/stream``, asks for the first run (``BackMsg.rerun_script``) and waits for its
``script_finished``. Then it acts, after a think time drawn from U(0, T) seconds each time:

- ``step``: the trivial app: clicks *Count*, a ``WidgetState`` with ``trigger_value``. emviz steps
  in the browser and sends nothing per click; what reaches the server is the stepper's report of
  its cursor once the clicks rest (key ``frame_player``, a ``json_value`` ``{"frame": n}`` in its
  fragment). A student's step here sends that report each time: an upper bound on emviz's cost;
- ``guess``: types a new value into a number box (emviz: µ1 of the guess; trivial: *A guess*);
- ``page``: opens the app's next page (the trivial app has one page: it reruns it).

An action lasts until the run it caused finishes (``script_finished`` with a status other than
*finished early for rerun*); every ``script_finished`` on the way counts as a rerun. Like the
browser, a student reports the cached messages it holds, so the server sends references to them.
Not simulated: the browser's static files (JavaScript, fonts), drawing the page, and the
widget states a browser sends along (only the changed widget is sent).

Students join one by one over J seconds. Every setup starts fresh servers, opens one page per
process (untimed, so the first imports do not count), then measures. Printed per setup:
sessions ok / failed, page-open and action median / p95, server CPU per rerun (the server
processes' user + system CPU over the whole run, divided by all reruns; nginx not included),
the peak of the server processes' summed RSS, reruns per step click, the setup's wall time and
the machine's 1-minute load average at its end (other work on the machine shows there). It
asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.cookiejar
import json
import os
import platform
import random
import statistics
import sys
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import streamlit
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))  # deploy/, when run as a script

from deploy.serve_class import NGINX, BackendCommand, ClassServer, installed_emviz_command  # noqa: E402

TRIVIAL_APP = Path(__file__).with_name("trivial_app.py")
WAIT_SECONDS = 180.0
"""The longest a student waits for one page open or action before the session counts as failed."""
HTTP_THREADS = 64
SAMPLE_SECONDS = 0.5
FINISHED_EARLY = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
FINISHED_FRAGMENT = ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE_KB = os.sysconf("SC_PAGE_SIZE") / 1024


@dataclass(frozen=True)
class Scenario:
    """A class: ``students`` join over ``join`` seconds; each thinks U(0, ``think``) s before every action."""

    name: str
    students: int
    join: float
    think: float
    actions: tuple[str, ...]

    def describe(self) -> str:
        return (f"{self.name}: {self.students} students join over {self.join:g} s, think U(0, {self.think:g}) s "
                f"before each action: {', '.join(self.actions)}")


SCENARIOS = {
    "quick": Scenario("quick", students=30, join=3.0, think=1.0, actions=("step",) * 5),
    "class": Scenario("class", students=100, join=20.0, think=20.0, actions=("step", "step", "guess", "page")),
}


@dataclass(frozen=True)
class App:
    """An app under test: how to serve it and the keys of the widgets the students use."""

    name: str
    command: BackendCommand
    step_key: str
    guess_key: str


def trivial_command(address: str, port: int) -> list[str]:
    """``streamlit run`` of the trivial app, with the settings emviz pins that matter here."""
    return [sys.executable, "-m", "streamlit", "run", str(TRIVIAL_APP), "--server.headless", "true",
            "--server.address", address, "--server.port", str(port), "--browser.gatherUsageStats", "false",
            "--server.enableXsrfProtection", "true", "--client.showErrorDetails", "none"]


APPS = {
    "emviz": App("emviz", installed_emviz_command, step_key="frame_player", guess_key="guess_mu_1"),
    "trivial": App("trivial", trivial_command, step_key="count", guess_key="guess"),
}


@dataclass(frozen=True)
class Route:
    """Directly to one process, or through nginx to ``processes`` processes."""

    processes: int
    proxy: bool

    @property
    def name(self) -> str:
        return f"nginx, {self.processes} proc" if self.proxy else "direct"


ROUTES = {"direct": Route(1, proxy=False), "proxy1": Route(1, proxy=True), "proxy2": Route(2, proxy=True)}


@dataclass
class StudentResult:
    """What one student saw: seconds to open the page, each action, reruns, and why it failed, if it did."""

    page_open: float | None = None
    actions: list[tuple[str, float, int]] = field(default_factory=list)
    """(action, seconds, reruns) of each action done."""
    reruns: int = 0
    error: str | None = None


class Session:
    """One student's websocket: sends ``BackMsg``s and reads ``ForwardMsg``s until a run finishes."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.widgets: dict[str, tuple[str, str, object]] = {}
        """User key → (element id, fragment id, element proto) of the widgets last drawn."""
        self.pages: list[str] = []
        self.page_hash = ""
        self.cached: set[str] = set()
        self.frame = 0
        """The frame the browser stepper last reported (emviz)."""

    def rerun_message(self, widget: WidgetState | None = None, fragment_id: str = "",
                      page_hash: str | None = None) -> BackMsg:
        message = BackMsg()
        state = message.rerun_script
        state.query_string = ""
        state.page_script_hash = self.page_hash if page_hash is None else page_hash
        state.fragment_id = fragment_id
        state.cached_message_hashes.extend(sorted(self.cached))
        if widget is not None:
            state.widget_states.widgets.append(widget)
        return message

    async def run(self, message: BackMsg) -> int:
        """Send ``message`` and read until its run finishes; the number of reruns it took."""
        await self.stream.send(message.SerializeToString())
        reruns, drawn = 0, {}
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(await self.stream.recv())
            if forward.metadata.cacheable:
                self.cached.add(forward.hash)
            kind = forward.WhichOneof("type")
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                drawn.update(self._widget(forward.delta))
            elif kind == "new_session":
                self.page_hash = forward.new_session.page_script_hash
            elif kind == "navigation":
                self.pages = [page.page_script_hash for page in forward.navigation.app_pages]
                self.page_hash = forward.navigation.page_script_hash
            elif kind == "script_finished":
                reruns += 1
                if forward.script_finished == FINISHED_EARLY:
                    drawn = {}
                    continue
                if forward.script_finished == FINISHED_FRAGMENT:
                    self.widgets.update(drawn)
                else:  # a full run draws every widget of the page
                    self.widgets = drawn
                return reruns

    @staticmethod
    def _widget(delta) -> dict[str, tuple[str, str, object]]:
        """The button or number box that ``delta`` draws, by user key (nothing for other elements)."""
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind not in ("button", "number_input", "bidi_component"):
            return {}
        widget = getattr(element, kind)
        return {widget.id.rsplit("-", 1)[-1]: (widget.id, delta.fragment_id, widget)}

    def action_message(self, action: str, app: App, rng: random.Random) -> BackMsg:
        """The ``BackMsg`` of one student action."""
        if action == "step":
            element_id, fragment_id, _ = self.widgets[app.step_key]
            if app.step_key == "frame_player":  # the browser stepper's report of its cursor
                self.frame += 1
                return self.rerun_message(WidgetState(id=element_id, json_value=json.dumps({"frame": self.frame})),
                                          fragment_id)
            return self.rerun_message(WidgetState(id=element_id, trigger_value=True), fragment_id)
        if action == "guess":
            element_id, fragment_id, box = self.widgets[app.guess_key]
            value = round(rng.uniform(box.min, box.max), 1)
            return self.rerun_message(WidgetState(id=element_id, double_value=value), fragment_id)
        if action == "page":
            if len(self.pages) < 2:
                return self.rerun_message()
            following = self.pages[(self.pages.index(self.page_hash) + 1) % len(self.pages)]
            return self.rerun_message(page_hash=following)
        raise ValueError(f"unknown action {action!r}")


def load_page(url: str) -> http.cookiejar.CookieJar:
    """GET what the browser asks for before it opens the websocket; the cookies it got."""
    cookies = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
    for path in ("/", "/_stcore/health", "/_stcore/host-config"):
        with opener.open(url + path, timeout=WAIT_SECONDS) as response:
            response.read()
    return cookies


async def student(url: str, app: App, scenario: Scenario, delay: float, rng: random.Random,
                  http_pool: ThreadPoolExecutor) -> StudentResult:
    """One student: join after ``delay`` seconds, open the page, do the scenario's actions."""
    result = StudentResult()
    await asyncio.sleep(delay)
    try:
        start = time.monotonic()
        cookies = await asyncio.wait_for(
            asyncio.get_running_loop().run_in_executor(http_pool, load_page, url), WAIT_SECONDS)
        cookie_header = "; ".join(f"{cookie.name}={cookie.value}" for cookie in cookies)
        async with connect(url.replace("http://", "ws://") + "/_stcore/stream", origin=url,
                           subprotocols=["streamlit"], additional_headers={"Cookie": cookie_header},
                           max_size=None, open_timeout=WAIT_SECONDS, ping_interval=None) as stream:  # as a browser
            session = Session(stream)
            result.reruns += await asyncio.wait_for(session.run(session.rerun_message()), WAIT_SECONDS)
            result.page_open = time.monotonic() - start
            for action in scenario.actions:
                await asyncio.sleep(rng.uniform(0, scenario.think))
                start = time.monotonic()
                reruns = await asyncio.wait_for(session.run(session.action_message(action, app, rng)), WAIT_SECONDS)
                result.actions.append((action, time.monotonic() - start, reruns))
                result.reruns += reruns
    except Exception as error:  # noqa: BLE001 - a failed session is a result, reported by kind
        result.error = type(error).__name__ + (f": {error}" if str(error) else "")
    return result


def cpu_seconds(pid: int) -> float:
    """User + system CPU of process ``pid`` and its waited-for children, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / CLOCK_TICKS


def rss_mb(pid: int) -> float:
    """Resident memory of process ``pid`` in MB, from /proc."""
    resident_pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    return resident_pages * PAGE_SIZE_KB / 1024


async def sample_rss(pids: list[int], peak: list[float], stop: asyncio.Event) -> None:
    """Keep in ``peak[0]`` the highest summed RSS of ``pids`` until ``stop`` is set."""
    while not stop.is_set():
        peak[0] = max(peak[0], sum(rss_mb(pid) for pid in pids))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), SAMPLE_SECONDS)


async def run_class(server: ClassServer, app: App, scenario: Scenario, seed: int) -> dict[str, object]:
    """Warm every process, then run the scenario's students against ``server``; the measurements."""
    with ThreadPoolExecutor(HTTP_THREADS) as http_pool:
        warm_up = Scenario("warm-up", 1, 0.0, 0.0, ())
        for backend in server.backends:
            await student(backend.url, app, warm_up, 0.0, random.Random(seed), http_pool)
        pids = [backend.pid for backend in server.backends]
        cpu_before = sum(cpu_seconds(pid) for pid in pids)
        peak, stop = [0.0], asyncio.Event()
        sampler = asyncio.create_task(sample_rss(pids, peak, stop))
        rng = random.Random(seed)
        delays = [scenario.join * index / max(scenario.students - 1, 1) for index in range(scenario.students)]
        started = time.monotonic()
        results = await asyncio.gather(*(student(server.url, app, scenario, delay, random.Random(rng.random()),
                                                 http_pool) for delay in delays))
        wall = time.monotonic() - started
        stop.set()
        await sampler
        cpu = sum(cpu_seconds(pid) for pid in pids) - cpu_before
    reruns = sum(result.reruns for result in results)
    steps = [reruns for result in results for action, _, reruns in result.actions if action == "step"]
    return {
        "ok": sum(result.error is None for result in results),
        "failed": sum(result.error is not None for result in results),
        "open": [result.page_open for result in results if result.page_open is not None],
        "action": [seconds for result in results for _, seconds, _ in result.actions],
        "cpu_per_rerun": cpu / reruns if reruns else float("nan"),
        "rss": peak[0],
        "reruns_per_step": statistics.mean(steps) if steps else float("nan"),
        "wall": wall,
        "errors": Counter(result.error for result in results if result.error),
    }


def median_p95(values: list[float]) -> str:
    if not values:
        return f"{'-':>13}"
    return f"{np.median(values):6.2f} {np.percentile(values, 95):6.2f}"


HEADER = (f"{'setup':26} {'ok':>4} {'fail':>4} {'open med  p95':>13} {'action med p95':>14} "
          f"{'CPU s/rerun':>11} {'RSS MB':>7} {'reruns/step':>11} {'wall s':>7} {'load':>5}")


def row(label: str, measured: dict[str, object]) -> str:
    return (f"{label:26} {measured['ok']:>4} {measured['failed']:>4} {median_p95(measured['open'])} "
            f"{median_p95(measured['action']):>14} {measured['cpu_per_rerun']:>11.3f} {measured['rss']:>7.0f} "
            f"{measured['reruns_per_step']:>11.2f} {measured['wall']:>7.1f} {os.getloadavg()[0]:>5.1f}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Classroom benchmark: simulated students on emviz and a trivial app.")
    parser.add_argument("--scenario", choices=[*SCENARIOS, "both"], default="both",
                        help="a preset class (default: both); --students etc. override their numbers")
    parser.add_argument("--students", type=int, help="students S")
    parser.add_argument("--join", type=float, help="seconds J over which they join")
    parser.add_argument("--think", type=float, help="think time T: each action waits U(0, T) seconds")
    parser.add_argument("--actions", help="comma-separated actions of each student: step, guess, page")
    parser.add_argument("--apps", default="emviz,trivial", help="comma-separated: emviz, trivial")
    parser.add_argument("--routes", default="direct,proxy1,proxy2",
                        help="comma-separated: direct, proxy1 (nginx, 1 process), proxy2 (nginx, 2 processes)")
    parser.add_argument("--seed", type=int, default=0)
    return parser


def scenarios(args: argparse.Namespace) -> list[Scenario]:
    """The presets chosen, with the numbers given on the command line instead of theirs."""
    chosen = list(SCENARIOS.values()) if args.scenario == "both" else [SCENARIOS[args.scenario]]
    overrides = {name: value for name, value in
                 {"students": args.students, "join": args.join, "think": args.think,
                  "actions": tuple(args.actions.split(",")) if args.actions else None}.items() if value is not None}
    return [Scenario(**{**vars(scenario), **overrides}) for scenario in chosen]


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    apps = [APPS[name] for name in args.apps.split(",")]
    routes = [ROUTES[name] for name in args.routes.split(",")]
    if any(route.proxy for route in routes) and not Path(NGINX).exists():
        print(f"nginx not found at {NGINX} (apt-get install -y nginx): only the direct setups run")
        routes = [route for route in routes if not route.proxy]
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"Streamlit {streamlit.__version__}, Python {platform.python_version()}, {os.cpu_count()} CPU(s), "
          f"load average {load}; students and servers on this machine (127.0.0.1)")
    for scenario in scenarios(args):
        print()
        print(scenario.describe())
        print(HEADER)
        errors: dict[str, Counter] = {}
        for route in routes:
            for app in apps:
                label = f"{app.name}, {route.name}"
                with ClassServer(processes=route.processes, command=app.command, proxy=route.proxy) as server:
                    measured = asyncio.run(run_class(server, app, scenario, args.seed))
                print(row(label, measured), flush=True)
                if measured["errors"]:
                    errors[label] = measured["errors"]
        for label, counts in errors.items():
            for error, count in counts.most_common():
                print(f"  {label}: {count} × {error}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
