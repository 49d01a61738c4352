"""Checking settings against their JSON Schema: one readable problem per bad key, and the data without them."""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SCHEMAS = Path(__file__).resolve().parent / "schemas"
AUTHOR_SCHEMA = "author-settings.schema.json"
SITE_SCHEMA = "site-settings.schema.json"
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_KINDS = {
    str: "text",
    list: "a list",
    dict: "keys and values",
    type(None): "nothing",
    bool: "true or false",
    int: "a number",
    float: "a number",
    dt.date: "a date",
    dt.datetime: "a date and time",
}
_WANTED = {"string": "text", "array": "a list", "object": "keys and values (key: value)", "null": "nothing"}


@dataclass(frozen=True)
class Problem:
    """One bad part of the data: where (a key path), why, and the path to leave out to be rid of it."""

    path: tuple
    reason: str
    drop: tuple  # the path of the value to leave out; () means the whole document is unusable


@cache
def schema(name: str) -> dict:
    """One of the settings schemas shipped with the package."""
    return json.loads((SCHEMAS / name).read_text("utf-8"))


@cache
def _validator(name: str):
    from jsonschema import Draft202012Validator  # loaded only when there are settings to check

    return Draft202012Validator(schema(name))


def key_path(path: tuple) -> str:
    """A key path as people read it: `papers[2].pdf`, `organisations["Peking University"][0]`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _IDENTIFIER.fullmatch(part):
            text += f".{part}" if text else part
        else:
            text += f"[{json.dumps(part, ensure_ascii=False)}]"
    return text


def shown(value: object, limit: int = 60) -> str:
    """A value quoted for a message, cut short when long."""
    text = json.dumps(value, ensure_ascii=False, default=str) if isinstance(value, (list, dict)) else str(value)
    text = re.sub(r"\s+", " ", text).encode("utf-8", "backslashreplace").decode("utf-8")  # lone surrogates
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def check(name: str, data: object) -> list[Problem]:
    """Every problem of `data` under schema `name`, in document order, each once."""
    problems: dict[tuple, Problem] = {}
    for error in _validator(name).iter_errors(data):
        for problem in _problems(error):
            problems.setdefault((problem.path, problem.reason), problem)
    return sorted(problems.values(), key=lambda p: [(0, x) if isinstance(x, int) else (1, x) for x in p.path])


def without(data: object, paths: list[tuple]) -> object:
    """A copy of `data` with the values at `paths` left out; an item left out of a list leaves None in its place,
    so that the positions of the others, by which their lines are known, stay."""
    result = copy.deepcopy(data)
    for path in set(paths):
        if not path or any(path[:i] in paths for i in range(len(path))):
            continue
        parent = result
        try:
            for part in path[:-1]:
                parent = parent[part]
            if isinstance(parent, list):
                parent[path[-1]] = None
            else:
                del parent[path[-1]]
        except (KeyError, IndexError, TypeError):
            pass
    return result


def _problems(error) -> list[Problem]:
    """The problems one jsonschema error stands for (an `additionalProperties` error: one per unknown key)."""
    path = tuple(error.absolute_path)
    instance, where = error.instance, error.schema
    if "propertyNames" in error.relative_schema_path:  # a key that is not allowed as a key: reported for itself
        key = (*path, instance)
        reason = where.get("x-error") if error.validator == "pattern" else None
        return [Problem(key, f"the name {shown(instance)} {reason or ' '.join(error.message.split())[:200]}", key)]
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        known = list(where.get("properties", {}))  # in the schema's order, which is the documentation's
        return [
            Problem((*path, key), _unknown_key(key, known), (*path, key))
            for key in instance
            if key not in where.get("properties", {})
        ]
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in instance]
        hint = f": {where['x-missing']}" if "x-missing" in where else ""
        return [Problem(path, f"missing {', '.join(repr(name) for name in missing)}{hint}", path)]
    if error.validator == "type":
        wanted = error.validator_value if isinstance(error.validator_value, str) else error.validator_value[0]
        reason = f"expected {_WANTED.get(wanted, wanted)}, got {_KINDS.get(type(instance), type(instance).__name__)}"
        return [Problem(path, reason, path)]
    if error.validator == "maxLength":
        return [Problem(path, f"is {len(instance):,} characters long: at most {error.validator_value:,}", path)]
    if error.validator == "maxItems":
        return [Problem(path, f"has {len(instance):,} items: at most {error.validator_value:,}", path)]
    if error.validator == "maxProperties":
        return [Problem(path, f"has {len(instance):,} keys: at most {error.validator_value:,}", path)]
    if error.validator == "enum":
        close = difflib.get_close_matches(str(instance).lower(), [str(v) for v in error.validator_value], n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        reason = where.get("x-error", "is not one of the allowed values")
        return [Problem(path, f"{shown(instance)} {reason}{hint}", path)]
    if error.validator in ("oneOf", "anyOf"):
        # The branch whose type fits the value failed deeper: its errors say what is wrong. When no branch's type
        # fits, the value is of the wrong kind altogether.
        deeper = [
            problem
            for branch in error.context
            if branch.validator != "type" or len(branch.absolute_path) > len(path)
            for problem in _problems(branch)
        ]
        kind = _KINDS.get(type(instance), type(instance).__name__)
        return deeper or [Problem(path, f"{where.get('x-error', 'is not an allowed kind of value')}, got {kind}", path)]
    if error.validator == "pattern" and "x-error" in where:
        if where["x-error"] == "is empty":
            return [Problem(path, "is empty", path)]
        return [Problem(path, f"{shown(instance)} {where['x-error']}", path)]
    return [Problem(path, " ".join(error.message.split())[:200], path)]


def _unknown_key(key: str, known: list[str]) -> str:
    """`unknown key 'orcd' (did you mean 'orcid'?)`, or the known keys when none is close."""
    folded = {name.lower(): name for name in known}
    close = difflib.get_close_matches(key.lower().replace("-", "_").replace(" ", "_"), list(folded), n=1, cutoff=0.6)
    if close:
        return f"unknown key {shown(key)} (did you mean {folded[close[0]]!r}?)"
    return f"unknown key {shown(key)}; the keys here are {', '.join(known)}"
