"""Start the app as ``make app`` does: ``python -m ikm_sim.ui.serve [streamlit options]``.

It prepares everything in the server's own process before the server listens (`ikm_sim.ui.
warm`): the fast engine is generated from the model file (or found in its cache), the embedded
data is checked (or read back checked), and every shipped scenario is run (or read from the
run cache) into the app's in-memory cache, and the first page is drawn once without a browser
(imports and first-use costs). The first page of the first visitor then only draws. Then it
hands over to ``streamlit run app.py`` with the options given (e.g. ``--server.port 8502``).

``--production`` adds the settings of a public deployment (`ikm_sim.ui.production`); a start
that could not prepare the app then exits with status 1 instead of serving it, so a deployment
never counts a broken server as ready. The server listens, and Streamlit's health endpoint
``/_stcore/health`` answers (`ikm_sim.ui.health`), only once the preparation is over.
"""

from __future__ import annotations

import sys

from ikm_sim.paths import PROJECT_ROOT

APP = PROJECT_ROOT / "app.py"


def _draw_first_page() -> None:
    """Draw the overview once without a browser (Streamlit's bare mode).

    Its imports, chart code and first-use costs are then paid before the first visitor
    arrives, not by them.
    """
    import logging

    logging.disable(logging.WARNING)  # bare mode warns that nothing is shown
    try:
        from ikm_sim.ui.pages import overview

        overview.render()
    except Exception:  # only a head start: the page itself reports any problem to its visitor
        pass
    finally:
        logging.disable(logging.NOTSET)


def _freeze_heap() -> None:
    """Move the objects made so far (modules, data, the shipped runs) out of garbage collection.

    They live as long as the server; left in the collected heap, every full collection would
    walk them again while the visitors' scripts wait for the interpreter.
    """
    import gc

    gc.collect()
    gc.freeze()


def main(argv: list[str] | None = None) -> None:
    """Prepare the app in this process, then run Streamlit's server on ``app.py``."""
    from ikm_sim.ui import warm
    from ikm_sim.ui.production import PRODUCTION_FLAG, streamlit_args

    given = sys.argv[1:] if argv is None else argv
    if not warm.main() and PRODUCTION_FLAG in given:
        sys.exit(1)
    _draw_first_page()
    _freeze_heap()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(APP), *streamlit_args(given)]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
