"""Scenario builder page: start from a scenario, move levers, run, compare, save and load YAML."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from ikm_sim import charts, costs
from ikm_sim.errors import IkmSimError
from ikm_sim.indicators.near_term import planning_year
from ikm_sim.limits import KIB, MAX_SCENARIO_BYTES
from ikm_sim.locale.formatting import format_number, school_year_label
from ikm_sim.locale.i18n import t
from ikm_sim.locale.i18n_own import check_message
from ikm_sim.paths import SCENARIOS_DIR
from ikm_sim.scenario import Scenario
from ikm_sim.ui import builder
from ikm_sim.ui.caches import shared
from ikm_sim.ui.cost_cards import what_if_cost_kpis, what_if_effectiveness
from ikm_sim.ui.packs import pack_download, report_context
from ikm_sim.ui.scenarios import add_own, own_link, scenario_ids, scenario_label, show_everywhere
from ikm_sim.ui.scenarios import choice as scenario_choice
from ikm_sim.ui.state import (
    SCENARIO_KEY,
    Results,
    _load_scenario,
    _scenario_key,
    current_lang,
    dataset_or_none,
    run_with_status,
    scenario_files,
    scenario_object_key,
    scenario_title,
)
from ikm_sim.ui.url_state import OWN_PREFIX
from ikm_sim.ui.widgets import (
    chart_with_downloads,
    formatted_table,
    metric_delta,
    number_slider,
    table_downloads,
    uploader_texts,
)

BASE_KEY = "builder_base"
UPLOAD_MARK = "__upload__"
_UPLOAD = "_builder_upload"
_INIT = "_builder_init"
_RESULT = builder.BUILDER_RESULT_KEY
_LAST = "_builder_last"
_ERROR = "_builder_upload_error"
_SHADOW = "_builder_shadow"
_SEED = "_builder_seed"
#: Unit of an on/off lever (drawn as a toggle, not a slider).
SWITCH = "switch"
UNIT_KEYS = {
    "ratio": "unit_ratio",
    "years": "unit_years",
    "share": "unit_share_short",
    "persons/year": "unit_persons_year",
}


def widget_key(name: str) -> str:
    """Return the session-state key of the builder control `name`."""
    return f"bld_{name}"


def _base(choice: str) -> tuple[Scenario, str, str | None, str]:
    """The base scenario: (scenario, id, shipped file path or None, title in the language)."""
    lang = current_lang()
    upload = st.session_state.get(_UPLOAD)
    if choice == UPLOAD_MARK and upload is not None:
        scenario = Scenario.model_validate_json(upload["json"])
        title = getattr(scenario, f"title_{lang}")
        return scenario, f"upload:{upload['hash']}", None, title
    if choice.startswith(OWN_PREFIX):
        own = scenario_choice(choice)
        if own is not None:
            return own.scenario, choice, None, own.title(lang)
    path = SCENARIOS_DIR / f"{choice}.yaml"
    return _load_scenario(path), f"file:{choice}", str(path), scenario_title(path, lang)


def _base_options(stems: list[str], upload: Any) -> list[str]:
    """The starting scenarios: shipped files, the session's own ones, the upload.

    A fresh session opened from a link to an own scenario (a reload, a sent link) starts from
    the shipped scenario it extends, and `_seed_levers` then sets the levers to the own
    scenario's, so a run compares it with that base and its YAML is whole.
    """
    own = [i for i in scenario_ids() if i.startswith(OWN_PREFIX)]
    options = [*stems, *own, *([UPLOAD_MARK] if upload else [])]
    if st.session_state.get(BASE_KEY) not in options:
        sidebar = st.session_state.get(SCENARIO_KEY)
        st.session_state[BASE_KEY] = options[0]
        if st.session_state.get(_RESULT) is None and sidebar in own:
            # start from the shipped scenario it extends (a builder's what-if extends none: the
            # baseline), with its levers set: a run then compares it with that base (from
            # itself it would show no change at all)
            chosen = scenario_choice(str(sidebar))
            extends = getattr(chosen.scenario, "extends", None) if chosen else None
            base = extends or "baseline"
            st.session_state[BASE_KEY] = base if base in stems else sidebar
            if base in stems:
                st.session_state[_SEED] = sidebar
    return options


def _seed_levers() -> None:
    """Set the levers to a link's own scenario once, over its shipped base (`_base_options`)."""
    ident = st.session_state.pop(_SEED, None)
    chosen = scenario_choice(str(ident)) if ident else None
    if chosen is None or chosen.scenario is None:
        return
    _set_controls(builder.initial_values(chosen.scenario))
    title = str(chosen.scenario.title_lv)
    if not title.endswith(t("builder_edited_title", "lv", base="").strip()):
        st.session_state["builder_name"] = title


def _set_controls(values: dict[str, Any]) -> None:
    """Set every control to `values` (`builder.initial_values`); toggles start from them."""
    for name, value in values.items():
        st.session_state[widget_key(name)] = value
        st.session_state.pop(_toggle_key(name), None)


def _sync(base_id: str, scenario: Scenario) -> dict[str, Any]:
    """Set the controls to the base scenario's values when the base changes; return them."""
    init = st.session_state.get(_INIT)
    if init is None or init["id"] != base_id:
        values = builder.initial_values(scenario)
        _set_controls(values)
        init = {"id": base_id, "values": values}
        st.session_state[_INIT] = init
        st.session_state[_SHADOW] = dict(values)
    # Streamlit forgets a widget's value while its page is not shown; restore the last one.
    shadow = st.session_state.get(_SHADOW, {})
    for name, value in init["values"].items():
        if widget_key(name) not in st.session_state:
            st.session_state[widget_key(name)] = shadow.get(name, value)
    return dict(init["values"])


def _reset() -> None:
    st.session_state.pop(_INIT, None)


def _on_upload() -> None:
    """Validate an uploaded file (size-limited, safe loader, schema); never run or execute it."""
    file = st.session_state.get("builder_upload")
    st.session_state.pop(_ERROR, None)
    if file is None:
        return
    content = file.getvalue()
    try:
        scenario, text = builder.parse_upload(file.name, content)
    except IkmSimError as exc:
        st.session_state[_ERROR] = str(exc)
        return
    st.session_state[_UPLOAD] = {
        "json": scenario.model_dump_json(),
        "name": scenario.name,
        "text": text,
        "hash": hashlib.sha256(content).hexdigest()[:16],
        "own_id": add_own(scenario, text),
    }
    st.session_state[BASE_KEY] = UPLOAD_MARK


def _everywhere(ident: str, title: str, lang: str, key: str) -> None:
    """Say that an own scenario is in the sidebar's choice; offer to show it on every page.

    Also whether a reload or a sent link keeps it (`own_link`: it fits in the URL).
    """
    travels = own_link(ident) is not None
    if st.session_state.get(SCENARIO_KEY) == ident:
        st.caption(
            t("own_shown", lang) + " " + t("own_in_link" if travels else "own_no_link", lang)
        )
        return
    if not travels:
        st.caption(t("own_no_link", lang))
    st.caption(t("own_added", lang, title=title))
    st.button(
        t("own_show", lang),
        on_click=show_everywhere,
        args=(ident,),
        key=key,
        icon=":material/visibility:",
    )


def _control_label(name: str, lever: str, lang: str) -> str:
    unit = builder.LEVERS[lever].unit
    return f"{t(f'lever_{name}', lang)}, {t(UNIT_KEYS.get(unit, 'unit_ratio'), lang)}"


def _toggle_key(name: str) -> str:
    """The widget key of an on/off lever's toggle (its number is kept in `widget_key`)."""
    return f"{widget_key(name)}__on"


def _switch(name: str, lang: str, tip: str) -> None:
    """Draw an on/off lever as a toggle; keep its number (0 or 1) under `widget_key(name)`.

    A widget inside a form takes no callback, so the number follows the toggle's value here,
    on every run; the toggle starts from the number (the base scenario's, or the last one).
    """
    on = st.toggle(
        t(f"switch_{name}", lang),
        value=bool(st.session_state.get(widget_key(name))),
        key=_toggle_key(name),
        help=tip,
    )
    st.session_state[widget_key(name)] = 1.0 if on else 0.0


def _short(value: float, lang: str) -> str:
    """A bound as short as it can be written, with the language's decimal mark ("0,3", "75")."""
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "lv" else text


def _controls(lang: str) -> bool:
    """Draw the lever form; return True when the user pressed Run."""
    with st.form("builder_form", border=True):
        st.markdown(f"**{t('builder_levers', lang)}**")
        st.caption(t("builder_levers_note", lang))
        pay, births = st.columns([3, 1], gap="large")
        with pay:
            cols = st.columns([2, 1, 1])
            with cols[0]:
                number_slider(
                    t("pay_label", lang), 0.0, 10.0, 0.5, widget_key("pay_growth"), lang,
                    decimals=1, suffix="%", help=t("pay_help", lang),
                )  # fmt: skip
            for col, name, text in (
                (cols[1], "pay_start", "pay_from"),
                (cols[2], "pay_end", "pay_to"),
            ):
                col.number_input(
                    t(text, lang), builder.FIRST_STEP_YEAR, builder.LAST_STEP_YEAR, step=1,
                    key=widget_key(name),
                )  # fmt: skip
        births.radio(
            t("births_variant_label", lang),
            options=list(builder.BIRTH_VARIANTS),
            format_func=lambda v: t(f"births_{v}", lang),
            key=widget_key("births_variant"),
            horizontal=True,
        )
        grid = st.columns(2, gap="large")
        for i, (name, control) in enumerate(builder.SLIDERS):
            with grid[i % 2]:
                value, year = st.columns([3, 1])
                tip = t(
                    f"help_{name}", lang, lo=_short(control.lo, lang), hi=_short(control.hi, lang)
                )
                with value:
                    if control.unit == SWITCH:
                        _switch(name, lang, tip)
                    else:
                        number_slider(
                            _control_label(name, control.lever, lang), control.lo, control.hi,
                            control.step, widget_key(name), lang, decimals=control.decimals,
                            help=tip,
                        )  # fmt: skip
                year.number_input(
                    t("builder_from_year", lang),
                    builder.FIRST_STEP_YEAR,
                    builder.LAST_STEP_YEAR,
                    step=1,
                    key=widget_key(f"{name}_year"),
                )
        return st.form_submit_button(
            t("builder_run", lang), type="primary", icon=":material/play_arrow:", key="builder_run"
        )


def _year_order_error(problem: tuple[str, int, int], lang: str) -> None:
    """Refuse a "from" year that is not before its "until" year, naming the lever and years."""
    name, start, end = problem
    lever = t(f"lever_{name}", lang)
    st.error(
        t("builder_years_order", lang, lever=lever, start=start, end=end), icon=":material/error:"
    )


def _current_values(init: dict[str, Any]) -> dict[str, Any]:
    return {name: st.session_state.get(widget_key(name), value) for name, value in init.items()}


def _control_names(controls: list[str], lang: str) -> str:
    """The moved controls' names as their sliders read (`builder.moved_controls`)."""
    return ", ".join(t(f"lever_{name}", lang) for name in controls)


def _name_and_label(base: Scenario) -> tuple[str, str | None]:
    """The scenario name from the name field, and its text as the title when the user gave one.

    The default name (``<base>_custom``) gives no title of its own (the title is then
    "<base>, edited"); a name the user typed is also the scenario's title, so two what-ifs
    of one base are told apart in every list.
    """
    default = builder.safe_name(f"{base.name}_custom")
    typed = str(st.session_state.get("builder_name") or "").strip()
    name = builder.safe_name(typed or default)
    return name, (typed[:80] if typed and name != default else None)


def _edited(
    base: Scenario,
    changes: dict[str, Any],
    name: str,
    label: str | None = None,
    controls: list[str] | None = None,
) -> Scenario:
    moved = controls or []
    names_lv, names_en = _control_names(moved, "lv") or "–", _control_names(moved, "en") or "–"
    scenario = builder.edited_scenario(base, changes, name)
    return scenario.model_copy(
        update={
            "title_lv": label or t("builder_edited_title", "lv", base=base.title_lv),
            "title_en": label or t("builder_edited_title", "en", base=base.title_en),
            "description_lv": f"Sākuma scenārijs: {base.title_lv}. Mainītās sviras: {names_lv}.",
            "description_en": f"Starting scenario: {base.title_en}. Levers changed: {names_en}.",
        }
    )


def _run_base(
    base: Scenario, base_id: str, path: str | None, title: str, lang: str
) -> Results | None:
    if path is not None:
        return run_with_status(_scenario_key(Path(path)), path, None, title, lang, None)
    return run_with_status(scenario_object_key(base), None, base, title, lang, None)


def _what_if_cost(base_res: Results, res: Results, base: str, edited: str, lang: str) -> None:
    """The what-if's money against its base, in constant 2025 EUR (as on the Funding page)."""
    ds = dataset_or_none()
    if ds is None or res.funding.empty or base_res.funding.empty:
        return
    basis = costs.DEFAULT_PRICE_BASIS
    effect = what_if_effectiveness(base_res, res, basis, ds.funding)
    first, last = int(effect["year"].min()), int(effect["year"].max())
    span = {"first": school_year_label(first, lang), "last": school_year_label(last, lang)}
    unit = t(f"fund_in_{basis}", lang)
    st.caption(t("fund_builder_caption", lang, edited=edited, base=base, unit=unit, **span))
    with st.container(key="builder_cost"):
        what_if_cost_kpis(effect, lang)


def _show_result(lang: str, stored: dict[str, Any], base_res: Results) -> None:
    res: Results = stored["results"]
    base_title, edited_title = stored["base_title"], stored["title"]
    changed = _control_names(stored.get("controls", []), lang)
    st.caption(
        t("builder_changed", lang, levers=changed) if changed else t("builder_unchanged", lang)
    )
    # made once per pair of runs: a rerun for the year or a download reads them back
    wide = shared(charts.compare_data, base_res.supply_demand, res.supply_demand)
    wide = wide.set_index("year")
    years = [int(y) for y in wide.index]
    last = st.select_slider(
        t("builder_result_year", lang),
        options=years,
        value=planning_year(years),
        format_func=lambda y: school_year_label(int(y), lang),
        key="builder_result_year",
    )
    st.caption(t("builder_kpi_caption", lang, year=school_year_label(last, lang)))
    cols = st.columns(4)
    for col, key, column, colour in (
        (cols[0], "kpi_gap", "gap_fte", "inverse"),
        (cols[1], "kpi_demand", "demand_fte", "off"),
        (cols[2], "kpi_supply", "supply_fte", "normal"),
        (cols[3], "kpi_vacancies", "vacancies_fte", "inverse"),
    ):
        value = float(wide[f"{column}_b"].loc[last])
        before = float(wide[f"{column}_a"].loc[last])
        col.metric(
            t(key, lang),
            format_number(value, lang, signed=column == "gap_fte"),
            **metric_delta(value - before, lang, mode=colour),
            border=True,
        )
    _what_if_cost(base_res, res, base_title, edited_title, lang)
    if stored.get("own_id"):
        _everywhere(stored["own_id"], edited_title, lang, "builder_show_everywhere")
    ctx = report_context(res, edited_title, lang)
    chart_with_downloads(
        shared(
            charts.compare_chart,
            base_res.supply_demand,
            res.supply_demand,
            lang,
            base_title,
            edited_title,
        ),
        "builder_compare",
        lang,
        f"salidzinajums_{stored['name']}",
        context=ctx,
    )
    chart_with_downloads(
        shared(
            charts.gap_change_chart, base_res.supply_demand, res.supply_demand, lang, edited_title
        ),
        "builder_gapdiff",
        lang,
        f"iztrukuma_izmaina_{stored['name']}",
        context=ctx,
    )
    st.markdown(f"**{t('builder_diff_table', lang)}**")
    wide["demand_fte_diff"] = wide["demand_fte_b"] - wide["demand_fte_a"]
    wide["supply_fte_diff"] = wide["supply_fte_b"] - wide["supply_fte_a"]
    columns = {
        "gap_fte_a": "col_gap_a", "gap_fte_b": "col_gap_b", "gap_fte_diff": "col_gap_diff",
        "demand_fte_diff": "col_demand_diff", "supply_fte_diff": "col_supply_diff",
        "vacancies_fte_diff": "col_vac_diff",
    }  # fmt: skip
    table = wide[list(columns)].rename(columns={k: t(v, lang) for k, v in columns.items()})
    table.index = pd.Index([school_year_label(int(y), lang) for y in table.index])
    st.dataframe(formatted_table(table, lang, 0), width="stretch", height=420, key="builder_diff")
    tidy = wide[list(columns)].reset_index()
    table_downloads(tidy, "builder_diff_table", lang, f"izmainas_{stored['name']}", ctx)
    pack_download(
        res, stored["yaml"], edited_title, lang, "builder_pack", f"ikm_sim_{stored['name']}"
    )


def _save_and_load(lang: str, base: Scenario, base_id: str, init: dict[str, Any]) -> None:
    st.subheader(t("builder_save", lang))
    left, right = st.columns(2, gap="large")
    with left:
        default = builder.safe_name(f"{base.name}_custom")
        st.text_input(
            t("builder_name", lang),
            value=default,
            key="builder_name",
            help=t("builder_name_help", lang),
        )
        name, label = _name_and_label(base)
        try:
            values = _current_values(init)
            changes = builder.lever_changes(base, values, init)
            edited = _edited(base, changes, name, label, builder.moved_controls(values, init))
        except IkmSimError as exc:
            st.error(t("builder_invalid", lang, message=str(exc)))
        else:
            extends = base_id.split(":", 1)[1] if base_id.startswith("file:") else None
            st.download_button(
                t("builder_download_yaml", lang),
                data=builder.scenario_yaml(edited, changes, extends, name),
                file_name=f"{name}.yaml",
                mime="application/x-yaml",
                key="builder_yaml",
                on_click="ignore",
                icon=":material/save:",
            )
    with right:
        limit = f"{MAX_SCENARIO_BYTES // KIB} kB"
        uploader_texts(lang, limit, "YAML")
        st.file_uploader(
            t("builder_upload", lang, limit=limit),
            type=["yaml", "yml"],
            key="builder_upload",
            on_change=_on_upload,
        )
        error = st.session_state.get(_ERROR)
        upload = st.session_state.get(_UPLOAD)
        if error:
            message = check_message(error, lang)
            st.error(t("builder_upload_error", lang, message=message), icon=":material/error:")
        elif upload and base_id.startswith("upload:"):
            st.success(t("builder_upload_ok", lang, name=upload["name"]))
            if upload.get("own_id"):
                title = getattr(base, f"title_{lang}")
                _everywhere(upload["own_id"], title, lang, "builder_upload_everywhere")


def render() -> None:
    """Draw the scenario builder page."""
    lang = current_lang()
    st.title(t("builder_title", lang))
    st.markdown(t("builder_intro", lang))
    stems = [p.stem for p in scenario_files()]
    upload = st.session_state.get(_UPLOAD)
    options = _base_options(stems, upload)

    def label(stem: str) -> str:
        if stem == UPLOAD_MARK and upload:
            return t("builder_uploaded", lang, name=upload["name"])
        if stem.startswith(OWN_PREFIX):
            return scenario_label(stem, lang)
        return scenario_title(SCENARIOS_DIR / f"{stem}.yaml", lang)

    top = st.columns([2, 1], vertical_alignment="bottom")
    choice = top[0].selectbox(
        t("builder_base", lang),
        options,
        format_func=label,
        key=BASE_KEY,
        placeholder=t("select_placeholder", lang),
    )
    top[1].button(
        t("builder_reset", lang),
        on_click=_reset,
        icon=":material/restart_alt:",
        key="builder_reset",
    )
    base, base_id, path, base_title = _base(str(choice))
    init = _sync(base_id, base)
    _seed_levers()
    submitted = _controls(lang)
    problem = builder.year_order_problem(_current_values(init))
    if problem is not None:
        _year_order_error(problem, lang)
    elif submitted:
        values = _current_values(init)
        changes = builder.lever_changes(base, values, init)
        controls = builder.moved_controls(values, init)
        name, own_title = _name_and_label(base)
        try:
            edited = _edited(base, changes, name, own_title, controls)
        except IkmSimError as exc:
            st.error(t("builder_invalid", lang, message=str(exc)))
        else:
            if _run_base(base, base_id, path, base_title, lang) is not None:
                title = getattr(edited, f"title_{lang}")
                before = st.session_state.get(_LAST)
                res = run_with_status(scenario_object_key(edited), None, edited, title, lang, _LAST)
                if res is not None and res is not before:
                    extends = base_id.split(":", 1)[1] if base_id.startswith("file:") else None
                    text = builder.scenario_yaml(edited, changes, extends, name)
                    st.session_state[_RESULT] = {
                        "results": res, "changes": changes, "values": values, "name": name,
                        "controls": controls,
                        "base": (base.model_dump_json(), base_id, path), "base_title": base_title,
                        "title": title, "yaml": text,
                        "own_id": add_own(edited, text, (extends,)),
                    }  # fmt: skip
    stored = st.session_state.get(_RESULT)
    st.subheader(t("builder_result", lang))
    if stored is None:
        st.info(t("builder_not_run", lang), icon=":material/tune:")
    else:
        if stored["values"] != _current_values(init) or stored["base"][1] != base_id:
            st.caption(t("builder_stale", lang))
        stored_base = Scenario.model_validate_json(stored["base"][0])
        base_res = _run_base(
            stored_base, stored["base"][1], stored["base"][2], stored["base_title"], lang
        )
        if base_res is not None:
            _show_result(lang, stored, base_res)
    _save_and_load(lang, base, base_id, init)
    st.session_state[_SHADOW] = _current_values(init)


if __name__ == "__main__":
    render()
