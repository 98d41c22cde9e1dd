"""AppTest: the calibration page draws the model against history itself, in its language."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from ikm_sim.calibration.report import CHARTED
from tests.ui.test_app import APP

CALIBRATION_PAGE = "ikm_sim/ui/pages/calibration.py"


def _specs(at: AppTest) -> list[str]:
    return [
        json.dumps(json.loads(c.proto.spec), ensure_ascii=False) for c in at.get("vega_lite_chart")
    ]


def test_fit_charts_are_drawn_in_latvian_then_english() -> None:
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    at.switch_page(CALIBRATION_PAGE).run()
    assert not at.exception, at.exception
    assert not at.get("image")  # no static report images: the page draws the fit itself
    fits = [s for s in _specs(at) if "Modelis, kalibrēts" in s]
    assert len(fits) >= len(CHARTED) - 1
    joined = " ".join(fits)
    for name in ("Pedagogi skolās", "Skolēni kopā", "Vakances skolās, likmes"):
        assert name in joined, name
    assert "Publicēts (diapazons)" in joined and "Mācību gads" in joined
    assert "school year" not in joined and "calibrated" not in joined
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception, at.exception
    english = " ".join(s for s in _specs(at) if "Model, calibrated" in s)
    assert "Pupils, total" in english and "School year" in english


def test_the_funding_check_is_on_the_page_in_both_languages() -> None:
    # it was only inside the English report.md
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    at.switch_page(CALIBRATION_PAGE).run()
    assert not at.exception, at.exception
    headings = [h.value for h in at.subheader]
    assert "Finansējums pret publicēto budžetu" in headings
    fit = next(d.value for d in at.dataframe if "Mērķdotācijas kļūda, %" in d.value.columns)
    assert fit["Gads"].tolist()[:2] == ["2018", "2019"]
    assert set(fit["Publicētais"]) <= {"izpilde", "plāns"}
    assert all("," in v or v == "–" for v in fit["Mērķdotācijas kļūda, %"])  # decimal comma
    at.sidebar.radio(key="lang").set_value("en").run()
    assert "Funding against the published budget" in [h.value for h in at.subheader]
