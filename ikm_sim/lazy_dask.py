"""Keep xarray from importing dask (and, through it, scipy) for runs that use no dask array.

xarray asks, at every ``DataArray`` it builds, whether the data is a dask array, and answers by
importing ``dask`` and ``dask.array`` whenever dask is installed (it is: the ensembles'
``dask.distributed`` executor). That import costs a model run about as much as the run itself.
`defer_dask` answers both of xarray's questions exactly without the import:

- "is it an instance of the dask array class": until ``dask.array`` has been imported by
  someone, no such instance can exist; a stand-in in xarray's record of dask says so and hands
  over to xarray's own record once ``dask.array`` is imported or anything else is asked;
- "is it a dask collection": dask's own test answers no for any object without a
  ``__dask_graph__`` attribute, so that case is answered before dask is imported.

A version of xarray without these hooks is left as it is.
"""

from __future__ import annotations

import sys
from typing import Any

_DASK = "dask"
_DASK_ARRAY = "dask.array"


class _DaskOnceImported:
    """xarray's record of dask, made only once ``dask.array`` is imported or asked about."""

    def __init__(self, cache: dict[str, Any], make: Any) -> None:
        self._cache = cache
        self._make = make

    def _real(self) -> Any:
        real = self._make(_DASK)
        self._cache[_DASK] = real
        return real

    @property
    def type(self) -> tuple[type, ...]:
        """The dask array class, or none while ``dask.array`` is not imported."""
        if _DASK_ARRAY not in sys.modules:
            return ()
        return tuple(self._real().type)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real(), name)


def defer_dask() -> None:
    """Let xarray ask about dask arrays without importing dask (nothing if it is imported)."""
    if _DASK_ARRAY in sys.modules:
        return
    try:
        from xarray.namedarray import pycompat, utils
    except ImportError:  # pragma: no cover - xarray is a dependency
        return
    cache = getattr(pycompat, "_cached_duck_array_modules", None)
    make = getattr(pycompat, "DuckArrayModule", None)
    if isinstance(cache, dict) and make is not None and _DASK not in cache:
        cache[_DASK] = _DaskOnceImported(cache, make)
    original = getattr(utils, "is_dask_collection", None)
    if callable(original) and not getattr(original, "_ikm_sim_deferred", False):
        utils.is_dask_collection = _without_import(original)


def _without_import(original: Any) -> Any:
    """`original` (dask's collection test via xarray), answering "no" before importing dask."""

    def is_dask_collection(x: object) -> bool:
        if isinstance(x, type) or not hasattr(x, "__dask_graph__"):
            return False
        return bool(original(x))

    is_dask_collection._ikm_sim_deferred = True  # type: ignore[attr-defined]
    return is_dask_collection
