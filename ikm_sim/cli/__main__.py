"""``python -m ikm_sim.cli``: the ``ikm-sim`` command."""

from ikm_sim.cli import main

main()
