"""What the ``ikm-sim`` commands share: consoles, options, argument checks, progress.

Argument checks that need no model run as typer callbacks (``at_least``, ``one_of``), so a
bad option is refused in one line while the command line is parsed, before the slow imports.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from ikm_sim.engines.base import ENGINE_ENV, ENGINES
from ikm_sim.locale.formatting import LANGUAGES

console = Console()
err_console = Console(stderr=True)


def esc(value: object) -> str:
    """`value` as text that rich prints literally (a path may contain ``[...]``)."""
    from rich.markup import escape

    return escape(str(value))


def fail(message: str) -> typer.Exit:
    """Print one error line and return the exit (code 1) to raise."""
    from rich.markup import escape

    err_console.print(f"[bold red]Error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(1)


def print_lines(title: str, lines: list[str]) -> None:
    """Print a red title and one unwrapped line per problem.

    User text is never read as rich markup, so a file with ``[/x]`` in it cannot break the
    message.
    """
    from rich.markup import escape

    err_console.print(f"[bold red]{escape(title)}:[/]", highlight=False, soft_wrap=True)
    for line in lines:
        err_console.print(f"  {line}", markup=False, highlight=False, soft_wrap=True)


# ----------------------------------------------------------------------- option checks
def _option_name(param: typer.CallbackParam) -> str:
    return max(param.opts, key=len) if param.opts else f"--{param.name}"


def at_least(lowest: int) -> Callable[[typer.Context, typer.CallbackParam, Any], Any]:
    """A typer callback refusing a whole number below `lowest` (None means "the default")."""

    def check(ctx: typer.Context, param: typer.CallbackParam, value: Any) -> Any:
        if not ctx.resilient_parsing and value is not None and value < lowest:
            raise fail(f"{_option_name(param)} must be at least {lowest}, not {value}")
        return value

    return check


def one_of(
    choices: tuple[str, ...], listed: str
) -> Callable[[typer.Context, typer.CallbackParam, Any], Any]:
    """A typer callback refusing a value outside `choices` (`listed`: how they are named)."""

    def check(ctx: typer.Context, param: typer.CallbackParam, value: Any) -> Any:
        if not ctx.resilient_parsing and value not in choices:
            raise fail(f"{_option_name(param)} must be {listed}, not {value!r}")
        return value

    return check


def known_engine(ctx: typer.Context, param: typer.CallbackParam, value: Any) -> Any:
    """A typer callback refusing an engine that is not one of `ENGINES` (None: the default)."""
    if value is None:
        return value
    return one_of(ENGINES, f"one of {', '.join(ENGINES)}")(ctx, param, value)


def check_final_year(final_year: int) -> None:
    """Refuse a last simulated year at or before the data's base year, or after 2100."""
    from ikm_sim.data.schema import BASE_YEAR

    if not BASE_YEAR < final_year <= 2100:
        raise fail(f"--final-year {final_year}: choose a year after {BASE_YEAR}, up to 2100")


def blocked_by(target: Path) -> Path | None:
    """The nearest existing parent of `target` if it is not a directory (None if all fine)."""
    blocker = next((p for p in target.parents if p.exists()), None)
    return blocker if blocker is not None and not blocker.is_dir() else None


def check_file_target(path: Path, option: str) -> None:
    """Refuse a file destination that cannot be written, before a long computation."""
    if path.is_dir():
        raise fail(f"{option} {path}: is a directory; give a file name")
    if (blocker := blocked_by(path)) is not None:
        raise fail(f"{option} {path}: {blocker} is not a directory")


def check_dir_target(path: Path, option: str) -> None:
    """Refuse a directory destination that cannot be written, before a long computation."""
    if path.exists() and not path.is_dir():
        raise fail(f"{option} {path}: exists and is not a directory")
    if (blocker := blocked_by(path)) is not None:
        raise fail(f"{option} {path}: {blocker} is not a directory")


# ----------------------------------------------------------------------- shared options
#: Options shared by several commands, declared once.
DataOption = Annotated[
    Path | None, typer.Option(help="Data directory (default: the embedded dataset).")
]
TargetsOption = Annotated[
    Path | None, typer.Option(help="Targets file (default: calibration/targets.yaml).")
]
MaxNfevOption = Annotated[
    int | None, typer.Option(help="Least-squares iterations.", callback=at_least(1))
]
WorkersOption = Annotated[int, typer.Option(help="Worker processes.", callback=at_least(1))]
#: Worker processes of the ensembles (default: one per core).
CoresOption = Annotated[
    int | None, typer.Option(help="Worker processes (default: cores).", callback=at_least(1))
]
CalibratedOption = Annotated[
    Path | None, typer.Option(help="Calibrated file (default: calibration/calibrated.yaml).")
]
ReportOption = Annotated[
    Path | None, typer.Option(help="Report directory (default: calibration/report).")
]
#: The engine is passed to the run as an argument; without the option, the run's default.
EngineOption = Annotated[
    str | None,
    typer.Option(
        help=(
            "Engine: 'fast' (generated from the model file) or 'pysd' (the reference); "
            f"default: {ENGINE_ENV} if set, else '{ENGINES[0]}'."
        ),
        callback=known_engine,
    ),
]
FinalYearOption = Annotated[int, typer.Option(help="Last school year to simulate.")]
SeedOption = Annotated[
    int, typer.Option(help="Seed of the samples (the same seed gives the same result).")
]
LangOption = Annotated[
    str,
    typer.Option(
        help="Language of charts and pack: lv or en.",
        callback=one_of(LANGUAGES, f"one of {', '.join(LANGUAGES)}"),
    ),
]
ScenarioArgument = Annotated[Path, typer.Argument(help="Scenario YAML file (or a shipped name).")]


def _cluster_address(ctx: typer.Context, param: typer.CallbackParam, value: Any) -> Any:
    """Refuse a malformed scheduler address while the command line is parsed."""
    from ikm_sim.executor import LOCAL, ClusterError, check_address

    if ctx.resilient_parsing or value is None or value.strip().lower() == LOCAL:
        return value
    try:
        return check_address(value)
    except ClusterError as exc:
        raise fail(f"--cluster: {exc}") from None


#: The dask cluster the command's model runs go to (`ikm_sim.executor`), and what to do when
#: it cannot be used.
ClusterOption = Annotated[
    str | None,
    typer.Option(
        help="Run the model runs on a dask cluster: its scheduler's address, e.g. "
        "tcp://10.0.0.5:8786, or 'local' for this machine (default: the environment variable "
        "IKM_SIM_DASK_SCHEDULER; unset: this machine).",
        callback=_cluster_address,
    ),
]
ClusterFallbackOption = Annotated[
    bool,
    typer.Option(
        "--cluster-fallback",
        help="When the cluster cannot be reached, run on this machine instead of stopping.",
    ),
]


@contextmanager
def cluster_client(cluster: str | None, fallback: bool) -> Iterator[Any]:
    """Connect to `cluster` (or IKM_SIM_DASK_SCHEDULER) before the work; yield what to pass on.

    Yields a connected ``distributed.Client`` (closed afterwards), or ``"local"`` for this
    machine. An unreachable scheduler, or one without workers, stops the command with one line,
    or with `fallback` prints a warning and yields ``"local"``.
    """
    from ikm_sim.executor import LOCAL, ClusterError, connect, resolve_cluster

    address = resolve_cluster(cluster)
    if address is None:
        yield LOCAL
        return
    try:
        client = connect(address)
    except ClusterError as exc:
        if not fallback:
            raise fail(str(exc)) from None
        err_console.print(
            f"[yellow]Warning:[/] {esc(exc)}; running on this machine",
            highlight=False,
            soft_wrap=True,
        )
        yield LOCAL
        return
    try:
        yield client
    finally:
        client.close()


def scenario_text(ref: Path) -> str:
    """The text of a scenario file given as a path or a shipped name ("" if not found)."""
    from ikm_sim.paths import SCENARIOS_DIR

    name = ref if ref.suffix.lower() in (".yaml", ".yml") else ref.with_name(f"{ref.name}.yaml")
    for path in (ref, name, SCENARIOS_DIR / name.name):
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return ""


# ----------------------------------------------------------------------------- progress
@contextmanager
def fraction_progress(label: str) -> Iterator[Callable[[float, str], None]]:
    """A rich bar over a fraction of the work; yields the ``progress(fraction, message)``."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=1.0)

        def report(fraction: float, message: str) -> None:
            bar.update(task, completed=fraction, description=message)

        yield report


@contextmanager
def run_progress() -> Iterator[Callable[[int, str], None]]:
    """A rich spinner counting model runs; yields the ``progress(runs, message)`` callback."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err_console,
    ) as bar:
        task = bar.add_task("calibrating", total=None)

        def tick(runs: int, message: str) -> None:
            bar.update(task, description=f"{runs} model runs ({message})")

        yield tick


@contextmanager
def sample_progress(label: str) -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar over samples; yields the ``progress(done, total)`` callback."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress(
        label, BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err_console
    ) as bar:
        task = bar.add_task(label, total=None)

        def tick(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield tick
