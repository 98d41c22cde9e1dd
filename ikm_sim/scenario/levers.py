"""The policy levers of a scenario: one registry, from which the pydantic schema is built.

Every lever has a unit, bounds, a default ("today": the data's history or a neutral value)
and the dimensions along which it can be overridden. A lever's setting is a *time path*:

- a number (or a string with the lever's unit, e.g. ``"60 %"``): that value from the first
  projected year on;
- a per-year table ``{2026: 1.05, 2030: 1.2}``: linear between the listed years, held after
  the last one, today's value before the first;
- dated steps ``{steps: {2026: 1.05, 2028: 1.10}}``: each value holds from its year until the
  next step;
- a linear ramp ``{ramp: {from: 2026, to: 2030, end: 1.2}}``: from today's value (or
  ``start``) in ``from`` to ``end`` in ``to``, held after.

Levers with a region dimension accept ``{national: …, planning_regions: {Latgale: …},
municipalities: {LV0001000: …}}`` (a municipality beats its planning region, which beats the
national path); levers with a subject dimension accept ``{national: …, subjects: {PHY: …}}``;
the curriculum lever also takes ``grade_bands`` and, per subject, ``{grade_bands: {…}}``.

Years up to the run's base year (2023) always keep today's values: the model anchors demand
to the registry in the base year, so a scenario changes the future only.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    WithJsonSchema,
    create_model,
    field_validator,
    model_validator,
)

from ikm_sim.scenario.codes import Codes, did_you_mean
from ikm_sim.scenario.registry import (  # noqa: F401 - re-exported
    BIRTH_VARIANTS,
    FIRST_YEAR,
    GRADE_BANDS,
    LAST_YEAR,
    LEVERS,
    OVERRIDE_KEYS,
    PATH_KEYS,
    Dim,
    LeverSpec,
)

_NUMBER_UNIT = re.compile(r"^\s*([-+]?\d+(?:[.,]\d+)?)\s*(.*?)\s*$")


def _unit_parser(spec: LeverSpec) -> Any:
    def parse(value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError(f"expected a number in {spec.unit}, got {value}")
        if not isinstance(value, str):
            return value
        match = _NUMBER_UNIT.match(value)
        if not match:
            raise ValueError(
                f"'{value}' is not a number; write a number in {spec.unit} "
                f"(or a string with one of the units {', '.join(spec.accepted_units)})"
            )
        number = float(match.group(1).replace(",", "."))
        unit = match.group(2)
        if unit == "%" and "%" in spec.accepted_units:
            return number / 100.0
        if unit in ("", *spec.accepted_units):
            return number
        raise ValueError(
            f"wrong unit '{unit}' in '{value}': {spec.name} is in {spec.unit} "
            f"(allowed units: {', '.join(spec.accepted_units)})"
        )

    return parse


Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]


class StepsPath(BaseModel):
    """Base of every lever's dated steps (``{steps: {year: value}}``)."""

    model_config = ConfigDict(extra="forbid")
    steps: dict[int, float]


class RampBody(BaseModel):
    """Base of every lever's ramp body (``from``, ``to``, ``start``, ``end``)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    from_: int = Field(alias="from")
    to: int
    start: float | None = None
    end: float


class RampPath(BaseModel):
    """Base of every lever's linear ramp (``{ramp: {...}}``)."""

    model_config = ConfigDict(extra="forbid")
    ramp: RampBody


class Overrides(BaseModel):
    """Base of every lever's overrides: a national path and paths by its dimensions."""

    model_config = ConfigDict(extra="forbid")
    national: Any = None


class SubjectBands(BaseModel):
    """Base of a subject's setting for all grades and per grade band (the curriculum lever)."""

    model_config = ConfigDict(extra="forbid")
    all: Any = None
    grade_bands: dict[str, Any] | None = None


def _kind(value: Any) -> str | None:
    """Which form of time path (or override block) a raw value is."""
    if isinstance(value, StepsPath):
        return "steps"
    if isinstance(value, RampPath):
        return "ramp"
    if isinstance(value, BaseModel):
        return None
    if isinstance(value, int | float | str) and not isinstance(value, bool):
        return "constant"
    if isinstance(value, dict) and value:
        keys = set(value)
        if keys & set(OVERRIDE_KEYS):
            return "overrides"
        if keys == {"steps"}:
            return "steps"
        if keys == {"ramp"}:
            return "ramp"
        if all(isinstance(k, int) and not isinstance(k, bool) for k in keys):
            return "table"
        if all(isinstance(k, str) and k.strip().isdigit() for k in keys):
            return "table"
    return None


def _path_type(spec: LeverSpec, prefix: str) -> Any:
    """The pydantic type of one time path of `spec` (number, table, steps or ramp)."""
    value = Annotated[
        float,
        BeforeValidator(_unit_parser(spec)),
        Field(ge=spec.lo, le=spec.hi),
        WithJsonSchema(
            {
                "anyOf": [
                    {"type": "number", "minimum": spec.lo, "maximum": spec.hi},
                    {"type": "string", "description": f"a number with a unit ({spec.unit})"},
                ],
                "description": f"{spec.unit}, {spec.lo:g} to {spec.hi:g}",
            }
        ),
    ]
    table = Annotated[dict[Year, value], Field(min_length=1)]
    steps = create_model(
        f"{prefix}_Steps",
        __base__=StepsPath,
        __doc__="Dated steps: each value holds from its year until the next step.",
        steps=(table, ...),
    )
    ramp_body = create_model(
        f"{prefix}_RampBody",
        __base__=RampBody,
        __doc__="A linear ramp from `start` (default: today's value) in `from` to `end` in `to`.",
        __validators__=_ramp_validators(spec.name),
        from_=(Year, Field(alias="from")),
        to=(Year, ...),
        start=(value | None, None),
        end=(value, ...),
    )
    ramp = create_model(
        f"{prefix}_Ramp",
        __base__=RampPath,
        __doc__="A linear ramp between two years.",
        ramp=(ramp_body, ...),
    )
    return Annotated[
        Annotated[value, Tag("constant")]
        | Annotated[table, Tag("table")]
        | Annotated[steps, Tag("steps")]
        | Annotated[ramp, Tag("ramp")],
        Discriminator(
            _kind,
            custom_error_type="time_path",
            custom_error_message="expected a time path",
        ),
    ]


def _ramp_validators(lever: str) -> Any:
    def check_ramp(self: Any) -> Any:
        if self.to <= self.from_:
            raise ValueError(
                f"lever {lever}: the ramp ends ({self.to}) before or when it starts ({self.from_})"
            )
        return self

    return {"check_years": model_validator(mode="after")(check_ramp)}


def _check_codes(kind: str) -> Any:
    def check(value: dict[str, Any] | None, info: ValidationInfo) -> dict[str, Any] | None:
        codes = info.context.get("codes") if isinstance(info.context, dict) else None
        if value is None:
            return value
        if kind == "grade_bands":
            known = list(GRADE_BANDS)
        elif not isinstance(codes, Codes):
            return value
        else:
            known = list(
                {
                    "planning_regions": codes.planning_regions,
                    "municipalities": codes.municipalities,
                    "subjects": codes.subjects,
                }[kind]
            )
        for key in value:
            if str(key) not in known:
                singular = {
                    "planning_regions": "planning region",
                    "municipalities": "municipality",
                    "subjects": "subject",
                    "grade_bands": "grade band",
                }[kind]
                raise ValueError(f"unknown {singular} '{key}'{did_you_mean(str(key), known)}")
        return value

    return check


def _overrides_type(spec: LeverSpec, prefix: str, path: Any) -> Any:
    fields: dict[str, Any] = {"national": (path | None, None)}
    validators: dict[str, Any] = {}
    if Dim.REGION in spec.dims:
        fields["planning_regions"] = (dict[str, path] | None, None)
        fields["municipalities"] = (dict[str, path] | None, None)
    if Dim.GRADE_BAND in spec.dims:
        fields["grade_bands"] = (dict[str, path] | None, None)
    if Dim.SUBJECT in spec.dims:
        subject_value: Any = path
        if Dim.GRADE_BAND in spec.dims:
            by_band = create_model(
                f"{prefix}_SubjectBands",
                __base__=SubjectBands,
                __doc__="A subject's setting for all grades and per grade band.",
                __validators__={
                    "bands": field_validator("grade_bands")(_check_codes("grade_bands"))
                },
                all=(path | None, None),
                grade_bands=(dict[str, path] | None, None),
            )
            subject_value = Annotated[
                Annotated[path, Tag("path")] | Annotated[by_band, Tag("bands")],
                Discriminator(
                    lambda v: (
                        "bands"
                        if (isinstance(v, dict) and ({"all", "grade_bands"} & set(v)))
                        or isinstance(v, SubjectBands)
                        else "path"
                    )
                ),
            ]
        fields["subjects"] = (dict[str, subject_value] | None, None)
    for kind in ("planning_regions", "municipalities", "subjects", "grade_bands"):
        if kind in fields:
            validators[f"check_{kind}"] = field_validator(kind)(_check_codes(kind))
    return create_model(
        f"{prefix}_Overrides",
        __base__=Overrides,
        __doc__=f"National setting of {spec.name} and overrides by {', '.join(spec.dims)}.",
        __validators__=validators,
        **fields,
    )


def setting_type(spec: LeverSpec) -> Any:
    """The pydantic type of a lever's setting: a time path, or overrides if it has dimensions.

    Parameters
    ----------
    spec : LeverSpec
        The lever.

    Returns
    -------
    typing.Any
        An annotated union with a callable discriminator, so a bad value reports the errors
        of the one form it was meant to be, not of every form.
    """
    prefix = "".join(part.title() for part in spec.name.split("_"))
    path = _path_type(spec, prefix)
    if not spec.dims:
        return path
    overrides = _overrides_type(spec, prefix, path)
    return Annotated[
        Annotated[path, Tag("path")] | Annotated[overrides, Tag("overrides")],
        Discriminator(
            lambda v: (
                "overrides"
                if (isinstance(v, dict) and set(v) & set(OVERRIDE_KEYS)) or isinstance(v, Overrides)
                else "path"
            )
        ),
    ]


class LeversBase(BaseModel):
    """Policy levers; a lever left out keeps the value of the scenario this one extends."""

    model_config = ConfigDict(extra="forbid")

    births_variant: Literal["low", "medium", "high"] | None = Field(
        None,
        description="birth projection variant after the last year of data "
        "(low / medium / high; default medium)",
    )

    def setting(self, name: str) -> Any:
        """Return the raw setting of lever `name` (None when not set)."""
        return getattr(self, name)

    def set_levers(self) -> dict[str, Any]:
        """The levers this scenario sets, by name."""
        return {k: v for k, v in self if v is not None}


def build_levers_model() -> type[LeversBase]:
    """Create the `Levers` model with one optional field per lever of `LEVERS`."""
    fields: dict[str, Any] = {
        spec.name: (
            setting_type(spec) | None,
            Field(
                None,
                description=f"{spec.description} [{spec.unit}, {spec.lo:g} to {spec.hi:g}; "
                f"default {spec.default}]"
                + (f"; overridable by {', '.join(spec.dims)}" if spec.dims else ""),
                json_schema_extra={
                    "unit": spec.unit,
                    "minimum_value": spec.lo,
                    "maximum_value": spec.hi,
                    "default_value": spec.default,
                    "dimensions": [d.value for d in spec.dims],
                },
            ),
        )
        for spec in LEVERS.values()
    }
    model: type[LeversBase] = create_model(
        "Levers", __base__=LeversBase, __doc__=LeversBase.__doc__, **fields
    )
    return model
