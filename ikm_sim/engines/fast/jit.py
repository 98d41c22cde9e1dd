"""The fast engine's fused step compiled by numba: an optional backend (``IKM_SIM_FAST_JIT``).

`backend` reads the switch (`ikm_sim.settings.FAST_JIT_ENV`: ``numpy``, the default, or
``numba``). `jit_stepper` turns a fused step's ``bind`` (`ikm_sim.engines.fast.fuse`) into a
`JitStep` with the same interface: its source is rewritten into a numba kernel
(`ikm_sim.engines.fast.jit_source`), written next to the fused step in the model cache, and
for each set of argument shapes the kernel is run once in Python to trace every value's shape,
its element-wise statements and sums lowered to loop nests
(`ikm_sim.engines.fast.jit_loops`), the result written beside it (named by a hash of its text)
and compiled by numba with ``cache=True``: numba caches the machine code in the model cache's
``__pycache__``, so only the first process ever compiles (20-60 s on two cores); later processes
load it. Shapes are fixed per dataset and kind of run: a process traces and loads once per
shape, every later bind of the step reuses the kernel.

Arguments are passed as C-ordered writable arrays and Python floats (`_normal`), so one
compiled signature serves every run. A step the rewrite does not know (`NotJittable`), or
that numba cannot compile, runs as numpy, with a `JitFallbackWarning` once. The rewrite's
modules are imported only when numba is asked for (the default numpy loop does not pay them).
"""

from __future__ import annotations

import importlib.util
import os
import sys
import threading
import warnings
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from ikm_sim.atomic import write_text_atomic
from ikm_sim.errors import IkmSimError
from ikm_sim.settings import FAST_JIT_BACKENDS, FAST_JIT_ENV

__all__ = ["JitFallbackWarning", "JitStep", "backend", "jit_stepper"]

_warned: set[str] = set()


class JitFallbackWarning(RuntimeWarning):
    """A step that numba was asked to run runs as numpy (said once per step)."""


def backend() -> str:
    """The fast engine's time loop asked for by `FAST_JIT_ENV`: ``numpy`` or ``numba``.

    Returns
    -------
    str
        ``numpy`` when the variable is unset or empty.

    Raises
    ------
    IkmSimError
        If the variable has another value, or asks for numba and numba is not installed.
    """
    value = os.environ.get(FAST_JIT_ENV, "").strip().lower() or "numpy"
    if value not in FAST_JIT_BACKENDS:
        raise IkmSimError(
            f"{FAST_JIT_ENV}={os.environ[FAST_JIT_ENV]!r}: "
            f"expected one of {', '.join(FAST_JIT_BACKENDS)} (or unset)"
        )
    if value == "numba" and importlib.util.find_spec("numba") is None:
        raise IkmSimError(
            f"{FAST_JIT_ENV}=numba needs numba: pip install 'ikm-sim[jit]' "
            f"(or unset {FAST_JIT_ENV})"
        )
    return value


def _fall_back(where: str, why: object) -> None:
    if where not in _warned:
        _warned.add(where)
        warnings.warn(
            f"{FAST_JIT_ENV}=numba: the step {where} runs as numpy ({why})",
            JitFallbackWarning,
            stacklevel=3,
        )


def _normal(value: Any) -> Any:
    """`value` as the kernel takes it: a C-ordered writable array, or a Python float."""
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return value.item() if value.dtype == bool else float(value)
        if value.flags.c_contiguous and value.flags.writeable:
            return value
        return np.array(value, order="C")
    if isinstance(value, int | float | np.number) and not isinstance(value, bool | np.bool_):
        return float(value)
    return value


def _signature(args: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(
        (a.shape, a.dtype.str) if isinstance(a, np.ndarray) else type(a).__name__ for a in args
    )


def _load(source: str, beside: Path, prefix: str) -> ModuleType:
    """Write `source` beside the fused step (named by its hash, once) and import it.

    The file is written only when missing: numba's cache is keyed by the file's time stamp.
    """
    import hashlib

    target = beside.with_name(f"{prefix}_{hashlib.sha256(source.encode()).hexdigest()[:16]}.py")
    if not target.exists():
        write_text_atomic(target, source)
    name = f"ikm_jit_{target.parent.name}_{target.stem}".replace("-", "_")
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, target)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # numba's cache finds the kernel's module by name
    spec.loader.exec_module(module)
    return module


class JitStep:
    """A fused step's ``bind`` whose steps run a numba kernel (see the module's docstring).

    Parameters
    ----------
    numpy_bind : callable
        The fused step's own ``bind`` (run when the kernel cannot be compiled).
    module : types.ModuleType
        The module `ikm_sim.engines.fast.jit_source.jit_source` wrote for it.
    source : str
        That module's source.
    path : pathlib.Path
        The fused step's file (the kernels are written beside it).
    """

    def __init__(
        self, numpy_bind: Callable[..., Any], module: ModuleType, source: str, path: Path
    ) -> None:
        self.numpy_bind = numpy_bind
        self.module = module
        self.source = source
        self.path = path
        #: The compiled kernel by argument signature (None: that signature runs as numpy).
        self.kernels: dict[tuple[Any, ...], Callable[..., Any] | None] = {}
        #: Statements lowered to loop nests and left as array code, of the last kernel made.
        self.lowered = (0, 0)
        self._lock = threading.Lock()  # one compile at a time (the app runs in threads)

    def __call__(self, v: dict[str, Any], timed: Any, lookup: Any) -> Callable[..., Any]:
        """``bind``: the step function of one run (its fixed values read from `v`)."""
        step: Callable[..., Any] | None = self.module.bind(v, timed, lookup, self)
        if step is None:
            fallback: Callable[..., Any] = self.numpy_bind(v, timed, lookup)
            return fallback
        return step

    @staticmethod
    def fixed(args: tuple[Any, ...]) -> tuple[Any, ...]:
        """The run's fixed arguments as the kernel takes them (once per run)."""
        return tuple(_normal(a) for a in args)

    moving = fixed  # the step's own arguments (time, states, lookups), every step

    def kernel(self, args: tuple[Any, ...]) -> Callable[..., Any] | None:
        """The compiled kernel for arguments like `args`, made (or loaded) the first time."""
        key = _signature(args)
        if key not in self.kernels:
            with self._lock:
                if key not in self.kernels:
                    self.kernels[key] = self._compile(args)
        return self.kernels[key]

    def _compile(self, args: tuple[Any, ...]) -> Callable[..., Any] | None:
        from ikm_sim.engines.fast.jit_loops import loop_source, traced_shapes

        try:
            text, lowered, left = loop_source(self.source, *traced_shapes(self.source, args))
            self.lowered = (lowered, left)
            kernel: Callable[..., Any] = _load(text, self.path, "jit_loops").kernel
            with np.errstate(divide="ignore", invalid="ignore"):
                kernel(*args)  # compiles (or loads from numba's cache) now, not mid-run
        except Exception as error:  # NotJittable, or any error numba raises compiling it
            _fall_back(self.path.name, f"{type(error).__name__}: {error}".splitlines()[0])
            return None
        return kernel


def jit_stepper(bind: Callable[..., Any]) -> Callable[..., Any]:
    """The numba `JitStep` of a fused step's ``bind``, or `bind` itself if it cannot be made.

    Parameters
    ----------
    bind : callable
        ``bind`` of a fused step module (`ikm_sim.engines.fast.fuse`), loaded from its file.

    Returns
    -------
    callable
        A ``bind(v, _timed, _lookup)`` returning ``step(v)``, as `bind`.
    """
    from ikm_sim.engines.fast.jit_source import NotJittable, jit_source

    path = Path(bind.__code__.co_filename)
    try:
        source = jit_source(path.read_text("utf-8"))
        module = _load(source, path, "jit")
    except (NotJittable, OSError) as error:
        _fall_back(path.name, error)
        return bind
    return JitStep(bind, module, source, path)
