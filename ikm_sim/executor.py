"""Where chunks of work run: local worker processes, or a dask.distributed cluster.

Every ensemble (Monte Carlo, Morris, Sobol) and the calibration's parallel model runs send
their pieces of work through one `Executor`. `executor` chooses it:

* no cluster (or ``"local"``): a local pool of forked worker processes (one per core by
  default; one worker runs the work in this process);
* a cluster: a scheduler address (``"tcp://host:8786"``), a ``distributed.Client`` made by the
  caller, or, when neither is given, the address in the environment variable
  `SCHEDULER_ENV` (how the app is pointed at a cluster).

Results come back in the order the work was submitted, with at most `Executor.window` pieces
in flight, so a caller can reduce them as they arrive in memory bounded by the window, and the
reduction is the same wherever the pieces ran. A work function must not depend on where it
runs: it gets everything it needs (seeds included) in its arguments.

A caller can stop a run between two pieces of work: inside `cancellable`, `Executor.ordered`
asks the given check before every piece and raises `Cancelled` when it says so (pieces already
running finish or are dropped; nothing is reduced from them).

An address that is malformed, or a scheduler that cannot be reached or has no workers, is a
`ClusterError` (one line); with ``fallback=True`` (``--cluster-fallback``, or
`FALLBACK_ENV` set to ``1``) the work runs locally instead, after a warning.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import warnings
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ikm_sim.errors import IkmSimError

if TYPE_CHECKING:
    from distributed import Client

#: Environment variable with the dask scheduler's address (the app's way to use a cluster;
#: the command line's ``--cluster`` overrides it).
SCHEDULER_ENV = "IKM_SIM_DASK_SCHEDULER"
#: Environment variable: ``1`` runs locally when the scheduler cannot be used.
FALLBACK_ENV = "IKM_SIM_DASK_FALLBACK"
#: Seconds to wait for the scheduler to answer, and for its first worker.
CONNECT_TIMEOUT = 10.0
#: The cluster "address" that means this machine (overrides `SCHEDULER_ENV`).
LOCAL = "local"
#: Address schemes dask.distributed speaks.
SCHEMES = ("tcp", "tls", "ws", "wss", "ucx", "inproc")
#: Pieces in flight per worker: enough to keep every worker busy while one result is reduced.
IN_FLIGHT_PER_WORKER = 2
#: dask's nannies start workers with ``MALLOC_TRIM_THRESHOLD_`` set, which makes glibc map and
#: unmap every large numpy temporary: the model then runs about 2x slower. This setting (a dask
#: configuration key; as an environment variable of ``dask worker``:
#: ``DASK_DISTRIBUTED__NANNY__PRE_SPAWN_ENVIRON__MALLOC_TRIM_THRESHOLD_=None``) leaves it unset.
WORKER_MALLOC_CONFIG = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}


class ClusterError(IkmSimError):
    """A dask cluster that cannot be used: bad address, unreachable scheduler, no workers."""


class Cancelled(IkmSimError):
    """A run its user stopped (`cancellable`) between two pieces of work."""


_CANCEL: ContextVar[Callable[[], bool] | None] = ContextVar("ikm_sim_cancel", default=None)


@contextmanager
def cancellable(check: Callable[[], bool]) -> Iterator[None]:
    """Within this block, `Executor.ordered` calls `check()` before each piece of work.

    Parameters
    ----------
    check : callable
        Returns True when the run should stop (`Cancelled` is then raised); an exception it
        raises stops the run too.
    """
    token = _CANCEL.set(check)
    try:
        yield
    finally:
        _CANCEL.reset(token)


def _stop_if_cancelled() -> None:
    check = _CANCEL.get()
    if check is not None and check():
        raise Cancelled("the run was cancelled")


class Executor:
    """Runs pieces of work and returns their results in submission order.

    Attributes
    ----------
    workers : int
        How many pieces run at once.
    remote : bool
        Whether the pieces run in other processes that do not share this one's memory
        (a dask cluster): arguments must then be self-contained.
    description : str
        Where the work runs, for messages (``"2 local processes"``, ``"dask tcp://…"``).
    """

    workers: int = 1
    remote: bool = False
    description: str = "this process"

    @property
    def window(self) -> int:
        """Most pieces in flight at once."""
        return max(1, self.workers * IN_FLIGHT_PER_WORKER)

    def share(self, value: Any) -> Any:
        """`value` as an argument every piece can use (sent to each worker once)."""
        return value

    def _submit(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        raise NotImplementedError

    def _result(self, handle: Any) -> Any:
        raise NotImplementedError

    def ordered(self, fn: Callable[..., Any], jobs: Sequence[tuple[Any, ...]]) -> Iterator[Any]:
        """Run ``fn(*args)`` for every `args` of `jobs`; yield the results in that order.

        At most `window` pieces are submitted ahead of the one being waited for. Inside
        `cancellable`, the check runs before each piece (`Cancelled` stops the run).
        """
        if not self.remote and (self.workers <= 1 or len(jobs) <= 1):
            for args in jobs:
                _stop_if_cancelled()
                yield fn(*args)
            return
        pending: deque[Any] = deque()
        todo = iter(jobs)
        for args in todo:
            _stop_if_cancelled()
            pending.append(self._submit(fn, args))
            if len(pending) >= self.window:
                break
        while pending:
            result = self._result(pending.popleft())
            _stop_if_cancelled()
            nxt = next(todo, None)
            if nxt is not None:
                pending.append(self._submit(fn, nxt))
            yield result

    def close(self) -> None:
        """Release the workers (a caller's own dask client is left open)."""


class LocalExecutor(Executor):
    """Forked worker processes on this machine (in this process when `workers` is 1).

    Parameters
    ----------
    workers : int, optional
        Worker processes; default one per core.
    """

    def __init__(self, workers: int | None = None) -> None:
        self.workers = max(1, int(workers or os.cpu_count() or 1))
        self.description = (
            "this process" if self.workers == 1 else f"{self.workers} local processes"
        )
        self._pool: ProcessPoolExecutor | None = None

    def _submit(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> Future[Any]:
        if self._pool is None:
            # Forked: workers inherit what this process prepared (dataset, compiled model).
            ctx = mp.get_context("fork")
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx)
        return self._pool.submit(fn, *args)

    def _result(self, handle: Future[Any]) -> Any:
        return handle.result()

    def close(self) -> None:
        """Stop the worker processes."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskExecutor(Executor):
    """The workers of a dask.distributed cluster.

    Parameters
    ----------
    client : distributed.Client
        A connected client.
    owned : bool
        Whether `close` closes the client (True when this module connected it).
    """

    remote = True

    def __init__(self, client: Client, owned: bool = False) -> None:
        self.client, self.owned = client, owned
        self.workers = _cluster_threads(client)
        self.description = f"dask {_address(client)} ({self.workers} worker threads)"

    def share(self, value: Any) -> Any:
        """`value` scattered to every worker once (a future the pieces receive as the value)."""
        return self.client.scatter(value, broadcast=True, hash=False)

    def _submit(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        return self.client.submit(fn, *args, pure=False)

    def _result(self, handle: Any) -> Any:
        result = handle.result()
        handle.release()
        return result

    def close(self) -> None:
        """Close the client if this module opened it."""
        if self.owned:
            self.client.close()


def _address(client: Client) -> str:
    return str(getattr(client.scheduler, "address", "") or "?")


def _cluster_threads(client: Client) -> int:
    """Worker threads of the cluster, after waiting for the first worker."""
    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
    except (TimeoutError, OSError):
        raise ClusterError(
            f"the dask scheduler at {_address(client)} has no workers "
            f"(waited {CONNECT_TIMEOUT:g} s); start some with: dask worker "
            f"{_address(client)} --nthreads 1"
        ) from None
    workers = client.scheduler_info(n_workers=-1).get("workers", {})
    return max(1, sum(int(w.get("nthreads", 1)) for w in workers.values()))


def check_address(address: str) -> str:
    """A scheduler address in dask's form, ``tcp://host:port`` (``host:port`` gets ``tcp://``).

    Raises
    ------
    ClusterError
        When it is not an address a scheduler can have.
    """
    text = address.strip()
    full = text if "://" in text else f"tcp://{text}"
    expected = "expected an address such as tcp://10.0.0.5:8786"
    try:
        parts = urlsplit(full)
        port = parts.port
    except ValueError:
        raise ClusterError(f"dask scheduler address {address!r}: {expected}") from None
    if parts.scheme == "inproc":
        return full
    if parts.scheme not in SCHEMES:
        raise ClusterError(
            f"dask scheduler address {address!r}: unknown scheme {parts.scheme!r} "
            f"(known: {', '.join(SCHEMES)}); {expected}"
        )
    if not parts.hostname or port is None or parts.path not in ("", "/"):
        raise ClusterError(f"dask scheduler address {address!r}: {expected}")
    return full


def connect(address: str, timeout: float | None = None) -> Client:
    """A client of the scheduler at `address`.

    Raises
    ------
    ClusterError
        When the address is malformed, the scheduler does not answer within `timeout`
        (default `CONNECT_TIMEOUT`), or it has no worker.
    """
    full = check_address(address)
    timeout = CONNECT_TIMEOUT if timeout is None else timeout
    from distributed import Client

    try:
        client = Client(full, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        reason = str(exc).split("\n")[0] or type(exc).__name__
        raise ClusterError(
            f"cannot reach the dask scheduler at {full}: {reason} (is `dask scheduler` "
            "running there, and the port open?)"
        ) from None
    except ValueError as exc:
        raise ClusterError(f"dask scheduler address {address!r}: {exc}") from None
    try:
        _cluster_threads(client)
    except ClusterError:
        client.close()
        raise
    return client


def cluster_from_env() -> str | None:
    """The scheduler address of `SCHEDULER_ENV` (None when unset or empty)."""
    return os.environ.get(SCHEDULER_ENV, "").strip() or None


def fallback_from_env() -> bool:
    """Whether `FALLBACK_ENV` asks to run locally when the cluster cannot be used."""
    return os.environ.get(FALLBACK_ENV, "").strip().lower() in ("1", "true", "yes")


def _dask_executor(cluster: Any) -> DaskExecutor:
    if isinstance(cluster, str):
        return DaskExecutor(connect(cluster), owned=True)
    from distributed import Client

    if isinstance(cluster, Client):
        return DaskExecutor(cluster)
    raise ClusterError(
        f"cluster: expected a scheduler address or a distributed.Client, not "
        f"{type(cluster).__name__}"
    )


def resolve_cluster(cluster: Any = None) -> Any:
    """The cluster to use: `cluster`, else `SCHEDULER_ENV`; None for this machine (`LOCAL`)."""
    cluster = cluster_from_env() if cluster is None else cluster
    if isinstance(cluster, str) and cluster.strip().lower() in ("", LOCAL):
        return None
    return cluster


def make_executor(
    cluster: Any = None, workers: int | None = None, fallback: bool | None = None
) -> Executor:
    """The executor for `cluster` (see the module docstring); the caller closes it.

    Parameters
    ----------
    cluster : str or distributed.Client, optional
        Scheduler address or client; ``"local"`` for this machine; default `SCHEDULER_ENV`
        (unset: this machine).
    workers : int, optional
        Local worker processes (default one per core); ignored on a cluster.
    fallback : bool, optional
        Run locally, after a warning, when the cluster cannot be used; default
        `FALLBACK_ENV`.

    Raises
    ------
    ClusterError
        When the cluster cannot be used and `fallback` is off.
    """
    cluster = resolve_cluster(cluster)
    if cluster is None:
        return LocalExecutor(workers)
    try:
        return _dask_executor(cluster)
    except ClusterError as exc:
        if not (fallback_from_env() if fallback is None else fallback):
            raise
        warnings.warn(f"{exc}; running on this machine instead", stacklevel=2)
        return LocalExecutor(workers)


@contextmanager
def local_cluster(workers: int | None = None) -> Iterator[Client]:
    """A dask cluster on this machine (one single-threaded worker process per core) and its client.

    For tests and benchmarks of the dask path; the workers start without dask's malloc
    setting (`WORKER_MALLOC_CONFIG`).
    """
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set(WORKER_MALLOC_CONFIG):
        cluster = LocalCluster(
            n_workers=max(1, int(workers or os.cpu_count() or 1)),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
    try:
        with Client(cluster, set_as_default=False) as client:
            yield client
    finally:
        cluster.close()


@contextmanager
def executor(
    cluster: Any = None, workers: int | None = None, fallback: bool | None = None
) -> Iterator[Executor]:
    """`make_executor` as a context manager that closes what it opened."""
    ex = make_executor(cluster, workers, fallback)
    try:
        yield ex
    finally:
        ex.close()
