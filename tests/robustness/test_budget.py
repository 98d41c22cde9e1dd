"""The generated suite is planned to reach `MIN_CASES`; each test checks its own share."""

from __future__ import annotations

from tests.robustness.table_cases import TABLE_KINDS
from tests.robustness.tally import MIN_CASES
from tests.robustness.test_cli_and_app_sample import APP_UPLOADS
from tests.robustness.test_upload_inputs import UPLOADS
from tests.robustness.yaml_cases import SCENARIO_KINDS


def test_the_plan_reaches_the_minimum_number_of_cases() -> None:
    planned = (
        sum(n for _, n in SCENARIO_KINDS.values())
        + sum(n for _, n in TABLE_KINDS.values())
        + UPLOADS
        + APP_UPLOADS
    )
    assert planned >= MIN_CASES, planned
