"""No log line of the whole test run holds a demo person's or a test's NIK or phone (issue 12, item 9).

Every log record of the run (all loggers; the root at DEBUG, Django's own loggers at their configured
level) is written, through Sigap's formatter and with its traceback, to one file per process: one per
xdist worker, or one for a run without xdist. At the end the process that reports the run (the xdist
controller, or the only process) reads every file and fails the run if any holds:

- a NIK or phone made by ``sigap.cases.management.synthetic`` during the run: the demo seeding
  (``seed_demo_cases``) and the benchmark make every demo person's NIK and phone there, from their
  fixed seeds, so the values recorded are exactly the demo persons' of this run;
- a NIK or mobile phone number written in a test or fixture file (``**/tests/**/*.py``, conftest.py).

Numbers are compared by their digits, whatever the separators (``0812-3456-7890``, ``+62 812 3456
7890``). Loaded from the root conftest.py (``pytest_plugins``), so it also runs in the controller.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DIR_KEY = "sigap_log_dir"
SKIP_PARTS = {".venv", "node_modules", "vendor", "__pycache__"}

# Sixteen digits, optionally grouped (3273 0441 2010 0001); a mobile number (08…, 628…, +62 8…).
NIK_LITERAL = re.compile(r"(?<![\d])(?:\d[ .\-]?){15}\d(?![\d])")
PHONE_LITERAL = re.compile(r"(?<![\d+])(?:\+62|62|0)[ \-]?8\d(?:[ \-]?\d){6,11}(?![\d])")
# Any run of digits in a log line, separators allowed between them.
DIGIT_RUN = re.compile(r"\d(?:[ .\-]?\d)+")
SHORTEST = 10


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def variants(value: str) -> set[str]:
    """The digit strings a value may appear as: a phone also with 62 for its leading 0, and back."""
    number = digits(value)
    if len(set(number.removeprefix("62").lstrip("0"))) < 3:
        return set()  # a placeholder such as 0000000000000000 is nobody's number
    found = {number}
    if number.startswith("0"):
        found.add("62" + number[1:])
    elif number.startswith("62"):
        found.add("0" + number[2:])
    return {n for n in found if len(n) >= SHORTEST}


def _test_sources(root: Path = ROOT) -> list[Path]:
    """The test and fixture files of sigap/ and tests/ (never the virtualenv or vendored code)."""
    found = [root / "conftest.py", *(root / "tests").rglob("*.py")]
    found += [path for path in (root / "sigap").rglob("*.py") if "tests" in path.parts or path.name == "conftest.py"]
    return [path for path in found if path.is_file() and not SKIP_PARTS & set(path.relative_to(root).parts)]


def literals_in_tests(root: Path = ROOT) -> set[str]:
    """Every NIK and mobile phone written in the test and fixture files, as digits."""
    values: set[str] = set()
    for path in _test_sources(root):
        text = path.read_text(encoding="utf-8", errors="replace")
        for pattern in (NIK_LITERAL, PHONE_LITERAL):
            for match in pattern.finditer(text):
                values |= variants(match.group())
    return values


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    value: str

    def __str__(self) -> str:
        masked = self.value[:4] + "…" * bool(self.value[4:])  # say which, without repeating it whole
        return f"{self.file}:{self.line}: a NIK or phone ({masked}, {len(self.value)} digits)"


def find_identifiers(lines: Iterable[str], forbidden: set[str], *, name: str = "log") -> list[Finding]:
    """The lines holding any of ``forbidden`` (digit strings), however the digits are separated."""
    lengths = sorted({len(value) for value in forbidden})
    findings = []
    for number, line in enumerate(lines, start=1):
        for run in DIGIT_RUN.finditer(line):
            run_digits = digits(run.group())
            for size in lengths:
                if size > len(run_digits):
                    break
                hit = next(
                    (
                        run_digits[i : i + size]
                        for i in range(len(run_digits) - size + 1)
                        if run_digits[i : i + size] in forbidden
                    ),
                    None,
                )
                if hit:
                    findings.append(Finding(name, number, hit))
                    break
    return findings


# --- Capturing every record ------------------------------------------------------------------


class RunLogHandler(logging.Handler):
    """Appends every record, formatted with its traceback, to the file (buffered: no flush per record)."""

    def __init__(self, path: Path, formatter: logging.Formatter) -> None:
        super().__init__(level=logging.DEBUG)
        self.file = path.open("a", encoding="utf-8", buffering=1 << 20)
        self.setFormatter(formatter)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.file.write(self.format(record) + "\n")
        except Exception:  # noqa: BLE001 - a log record must never fail a test
            self.handleError(record)

    def close(self) -> None:
        # A test that sets Django up again (importing sigap.asgi or sigap.wsgi) reconfigures logging,
        # which "closes" every handler: keep the file open, and re-attach (Capture.attach).
        self.flush()

    def flush(self) -> None:
        if not self.file.closed:
            self.file.flush()

    def finish(self) -> None:
        if not self.file.closed:
            self.file.close()
        super().close()


def _recording(function: Callable[..., str], made: set[str]) -> Callable[..., str]:
    def record(*args: Any, **kwargs: Any) -> str:
        value = function(*args, **kwargs)
        made.add(value)
        return value

    return record


@dataclass
class Capture:
    directory: Path
    name: str
    reports: bool  # the process that reads every file at the end
    keep: bool = False
    handler: RunLogHandler | None = None
    made: set[str] | None = None
    previous_level: int = logging.WARNING
    quietened: list[logging.Handler] = field(default_factory=list)
    findings: list[Finding] | None = None

    def start(self) -> None:
        from django.conf import settings

        from sigap.cases.management import synthetic
        from sigap.lib.logformat import SigapFormatter

        self.handler = RunLogHandler(self.directory / f"{self.name}.log", SigapFormatter(settings.LOG_FORMAT))
        self.previous_level = logging.getLogger().level
        self.attach()
        self.made = set()
        synthetic.nik = _recording(synthetic.nik, self.made)  # type: ignore[method-assign]
        synthetic.phone = _recording(synthetic.phone, self.made)  # type: ignore[method-assign]

    def attach(self) -> None:
        """Put the handler on the root logger (again, after a test reconfigured logging)."""
        root = logging.getLogger()
        if self.handler is None or (self.handler in root.handlers and root.level == logging.DEBUG):
            return
        # The handlers already there (the console) keep writing what they wrote before.
        fresh = [h for h in root.handlers if h.level == logging.NOTSET and h is not self.handler]
        for handler in fresh:
            handler.setLevel(self.previous_level)
        self.quietened += fresh
        if self.handler not in root.handlers:
            root.addHandler(self.handler)
        root.setLevel(logging.DEBUG)

    def stop(self) -> None:
        if self.handler is None:
            return
        root = logging.getLogger()
        root.removeHandler(self.handler)
        root.setLevel(self.previous_level)
        for handler in self.quietened:
            handler.setLevel(logging.NOTSET)
        self.handler.finish()
        made = "\n".join(sorted(self.made or ()))
        (self.directory / f"{self.name}.made").write_text(made, encoding="utf-8")
        self.handler = None

    def check(self) -> list[Finding]:
        forbidden = literals_in_tests()
        for path in self.directory.glob("*.made"):
            for value in path.read_text(encoding="utf-8").split():
                forbidden |= variants(value)
        findings = []
        for path in sorted(self.directory.glob("*.log")):
            with path.open(encoding="utf-8", errors="replace") as lines:
                findings += find_identifiers(lines, forbidden, name=path.name)
        return findings


CAPTURE = pytest.StashKey[Capture]()


def _capture(config: pytest.Config) -> Capture | None:
    return config.stash.get(CAPTURE, None)


def pytest_configure(config: pytest.Config) -> None:
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None:
        capture = Capture(Path(workerinput[DIR_KEY]), workerinput["workerid"], reports=False)
    else:
        kept = os.environ.get("SIGAP_TEST_LOG_DIR")  # to read the logs afterwards; kept even when clean
        directory = Path(kept) if kept else Path(tempfile.mkdtemp(prefix="sigap-test-logs-"))
        directory.mkdir(parents=True, exist_ok=True)
        capture = Capture(directory, "main", reports=True, keep=bool(kept))
    config.stash[CAPTURE] = capture


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """xdist: every worker writes into the controller's directory."""
    capture = _capture(node.config)
    if capture is not None:
        node.workerinput[DIR_KEY] = str(capture.directory)


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    capture = _capture(session.config)
    is_controller = getattr(session.config.option, "numprocesses", None) and capture and capture.reports
    if capture is not None and not is_controller:  # the controller runs no test
        capture.start()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    capture = _capture(item.config)
    if capture is not None:
        capture.attach()


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    capture = _capture(session.config)
    if capture is None:
        return
    capture.stop()
    if not capture.reports:
        return
    capture.findings = capture.check()
    if capture.findings:
        if session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
    elif not capture.keep:
        shutil.rmtree(capture.directory, ignore_errors=True)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    capture = _capture(config)
    if capture is None or not capture.findings:
        return
    terminalreporter.section("personal data in the logs", red=True)
    terminalreporter.write_line(
        f"{len(capture.findings)} log line(s) hold a demo or test person's NIK or phone "
        f"(the logs are kept in {capture.directory}):"
    )
    for finding in capture.findings[:20]:
        terminalreporter.write_line(f"  {finding}")
