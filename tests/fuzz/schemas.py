"""Hypothesis strategies for the values a pydantic JSON schema allows, so the fuzz follows the
models as they change instead of a copy of them.

Only what pydantic writes for our models is understood (refs, unions, consts and enums,
objects with required and optional properties, dicts, lists, bounded strings and integers);
anything else fails loudly. Strings without a pattern are typed text: visible characters,
NFC, no spaces at either end, so that they pass the text rule (`cocreatie.models.text`) too.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from hypothesis import strategies as st

Schema = dict[str, Any]
TEXT_MAX = 24
"""Short texts: each one passes any text rule's limit and keeps examples small."""
LIST_MAX = 4
SCALARS = {
    "boolean": st.booleans(),
    "null": st.none(),
    "number": st.floats(allow_nan=False, allow_infinity=False),
}
VISIBLE = st.characters(categories=["L", "N", "P", "S"], exclude_characters="\u115f\u1160\u3164\uffa0\u2800")
TYPED = st.lists(VISIBLE | st.just(" "), min_size=1, max_size=TEXT_MAX).map(
    lambda chars: unicodedata.normalize("NFC", "".join(chars)).strip()
).filter(bool)


def values(schema: Schema) -> st.SearchStrategy[Any]:
    """Every value `schema` (a whole JSON schema with its `$defs`) says is valid."""
    return _values(schema, schema.get("$defs", {}))


def _values(schema: Schema, defs: dict[str, Schema]) -> st.SearchStrategy[Any]:
    if "$ref" in schema:
        return st.deferred(lambda: _values(defs[schema["$ref"].removeprefix("#/$defs/")], defs))
    if "anyOf" in schema or "oneOf" in schema:
        return st.one_of([_values(option, defs) for option in schema.get("anyOf") or schema["oneOf"]])
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if kind == "object":
        return _object(schema, defs)
    if kind == "array":
        return st.lists(_values(schema["items"], defs), min_size=schema.get("minItems", 0),
                        max_size=min(schema.get("maxItems", LIST_MAX), LIST_MAX))
    if kind == "string":
        return _string(schema)
    if kind == "integer":
        return st.integers(schema.get("minimum"), schema.get("maximum"))
    if kind in SCALARS:
        return SCALARS[kind]
    raise ValueError(f"no strategy for the schema {schema}")


def _object(schema: Schema, defs: dict[str, Schema]) -> st.SearchStrategy[dict[str, Any]]:
    """A model (its properties, the required ones always) or a dict (`additionalProperties`)."""
    if "properties" in schema:
        required = set(schema.get("required", ()))
        fields = {name: _values(field, defs) for name, field in schema["properties"].items()}
        return st.fixed_dictionaries(
            {name: fields[name] for name in fields if name in required},
            optional={name: fields[name] for name in fields if name not in required},
        )
    keys = _string(schema.get("propertyNames", {"type": "string"}))
    return st.dictionaries(keys, _values(schema["additionalProperties"], defs),
                           max_size=min(schema.get("maxProperties", LIST_MAX), LIST_MAX))


def _string(schema: Schema) -> st.SearchStrategy[str]:
    low, high = schema.get("minLength", 0), schema.get("maxLength", TEXT_MAX)
    text = st.from_regex(re.compile(schema["pattern"]), fullmatch=True) if "pattern" in schema else TYPED
    return text.filter(lambda value: low <= len(value) <= high)
