"""Where the project's files live: the embedded data, the model, scenarios and calibration.

ikm-sim runs from a checkout (``pip install -e .``); the embedded dataset, the model file and the
shipped scenarios are files of the repository, found relative to this package. Set
``IKM_SIM_HOME`` to point at another checkout.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(os.environ.get("IKM_SIM_HOME", Path(__file__).resolve().parents[1]))
DATA_DIR = PROJECT_ROOT / "data"
MODELS_DIR = PROJECT_ROOT / "models"
MODEL_FILE = MODELS_DIR / "teacher_workforce.mdl"
SCENARIOS_DIR = PROJECT_ROOT / "scenarios"
CALIBRATION_DIR = PROJECT_ROOT / "calibration"
#: Translated (PySD) and generated (fast engine) models, keyed by what they are made from.
MODEL_CACHE_DIR = Path(os.environ.get("IKM_SIM_CACHE", PROJECT_ROOT / ".cache" / "models"))
#: Data tables the model reads when it is translated (its Region and Subject dimensions).
DIMENSION_TABLES = ("municipalities.csv", "subjects.csv")
