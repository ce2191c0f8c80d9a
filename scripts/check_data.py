"""Check every data file in ``calculators/data/`` against the schema its tag names.

    .venv/bin/python scripts/check_data.py [DATA_DIR]   # prints each problem, exits 1 if any

Each file starts with ``"schema": "<kind>/<version>"``; the schema is
``scripts/data-schemas/<kind>-<version>.json``, plain JSON Schema (2020-12) so editors can
use it too, limited to the keywords below, which this checker implements with the standard
library (the package must stay dependency-free, and so does its data tooling). A schema's
``x-folder`` names the one folder its files live in. Beyond the schemas: every source id a
file cites resolves (the shared catalogue, the file's own ``sources`` or the account
sources), and no period ends before it starts. ``scripts/build`` runs this first, so a
mistyped rate card stops the build instead of reaching a seller.
"""
from __future__ import annotations

import datetime as _dt
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "calculators" / "data"
SCHEMAS = Path(__file__).resolve().parent / "data-schemas"
# Keys whose string value (or list of strings, for "agree") is a source id.
SOURCE_KEYS = {"source", "tier_source", "fees_source", "languages_source", "eu_members_source", "agree"}
KEYWORDS = {"$schema", "$id", "$defs", "$ref", "title", "description", "x-folder", "type", "enum", "const",
            "required", "properties", "additionalProperties", "items", "anyOf", "pattern", "format",
            "minimum", "maximum", "minLength", "minItems"}
TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def _is(value, kind: str) -> bool:
    if kind in ("number", "integer"):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return ok and (kind == "number" or float(value).is_integer())
    return isinstance(value, TYPES[kind])


def _is_date(value: str) -> bool:
    try:
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and bool(_dt.date.fromisoformat(value))
    except ValueError:
        return False


def validate(value, schema: dict, root: dict, path: str = "$") -> list[str]:
    """Problems of ``value`` against ``schema`` (a subset of JSON Schema), each naming its path."""
    unknown = set(schema) - KEYWORDS
    if unknown:
        raise ValueError(f"{root.get('$id')}: keyword(s) this checker does not implement: {sorted(unknown)}")
    if "$ref" in schema:
        return validate(value, root["$defs"][schema["$ref"].removeprefix("#/$defs/")], root, path)
    if "anyOf" in schema:
        tries = [validate(value, option, root, path) for option in schema["anyOf"]]
        if all(tries):  # no shape fits: report the nearest one's first problem
            return [f"{min(tries, key=len)[0]} (or another allowed shape)"]
        return []
    kinds = schema.get("type")
    if kinds is not None and not any(_is(value, k) for k in ([kinds] if isinstance(kinds, str) else kinds)):
        return [f"{path}: expected {kinds}, found {type(value).__name__} {json.dumps(value, ensure_ascii=False)[:60]}"]
    if "const" in schema and value != schema["const"]:
        return [f"{path}: must be {json.dumps(schema['const'])}, found {json.dumps(value, ensure_ascii=False)}"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{path}: {json.dumps(value, ensure_ascii=False)} is not one of {schema['enum']}"]
    if isinstance(value, str):
        return _check_string(value, schema, path)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _check_number(value, schema, path)
    if isinstance(value, list):
        return _check_array(value, schema, root, path)
    if isinstance(value, dict):
        return _check_object(value, schema, root, path)
    return []


def _check_string(value: str, schema: dict, path: str) -> list[str]:
    if schema.get("format") == "date" and not _is_date(value):
        return [f"{path}: {value!r} is not a date written YYYY-MM-DD"]
    if "pattern" in schema and not re.search(schema["pattern"], value):
        return [f"{path}: {value!r} does not match {schema['pattern']}"]
    if len(value) < schema.get("minLength", 0):
        return [f"{path}: is empty"]
    return []


def _check_number(value: float, schema: dict, path: str) -> list[str]:
    if "minimum" in schema and value < schema["minimum"]:
        return [f"{path}: {value} is below {schema['minimum']}"]
    if "maximum" in schema and value > schema["maximum"]:
        return [f"{path}: {value} is above {schema['maximum']}"]
    return []


def _check_array(value: list, schema: dict, root: dict, path: str) -> list[str]:
    if len(value) < schema.get("minItems", 0):
        return [f"{path}: needs at least {schema['minItems']} item(s)"]
    items = schema.get("items")
    return [p for i, item in enumerate(value) for p in validate(item, items, root, f"{path}[{i}]")] if items else []


def _check_object(value: dict, schema: dict, root: dict, path: str) -> list[str]:
    problems = [f"{path}: missing {key!r}" for key in schema.get("required", ()) if key not in value]
    known = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for key, item in value.items():
        where = f"{path}.{key}"
        if key in known:
            problems += validate(item, known[key], root, where)
        elif extra is False:
            problems.append(f"{where}: unknown key (a typo, or add it to the schema)")
        elif isinstance(extra, dict):
            problems += validate(item, extra, root, where)
    return problems


def _source_ids(doc: dict, catalogue: set[str]) -> list[str]:
    """Source ids cited in ``doc`` that resolve nowhere."""
    own = {s["id"] for s in doc.get("sources", ()) if isinstance(s, dict) and "id" in s} \
        if isinstance(doc.get("sources"), list) else set()
    known, missing = catalogue | own, []

    def walk(node, path):
        if isinstance(node, dict):
            for key, item in node.items():
                cited = [item] if isinstance(item, str) else item if isinstance(item, list) else []
                if key in SOURCE_KEYS:
                    missing.extend(f"{path}.{key}: no source {sid!r}" for sid in cited
                                   if isinstance(sid, str) and sid not in known)
                walk(item, f"{path}.{key}")
        elif isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, f"{path}[{i}]")
    walk(doc, "$")
    return missing


def _periods(node, path: str = "$") -> list[str]:
    """Periods that end before they start."""
    out = []
    if isinstance(node, dict):
        start, end = node.get("effective_from"), node.get("effective_to")
        if isinstance(start, str) and isinstance(end, str) and end < start:
            out.append(f"{path}: effective_to {end} is before effective_from {start}")
        for key, item in node.items():
            out += _periods(item, f"{path}.{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            out += _periods(item, f"{path}[{i}]")
    return out


def load_schemas() -> dict[str, dict]:
    return {json.loads(p.read_text("utf-8"))["$id"]: json.loads(p.read_text("utf-8")) for p in SCHEMAS.glob("*.json")}


def check_file(path: Path, doc, schemas: dict[str, dict], catalogue: set[str]) -> list[str]:
    """Every problem of one data file, each starting with the file's path."""
    name = f"{path.parent.name}/{path.name}"
    tag = doc.get("schema") if isinstance(doc, dict) else None
    if tag not in schemas:
        return [f"{name}: \"schema\" is {tag!r}; expected one of {sorted(schemas)}"]
    schema = schemas[tag]
    if path.parent.name != schema["x-folder"]:
        return [f"{name}: a {tag} file belongs in calculators/data/{schema['x-folder']}/"]
    problems = validate(doc, schema, schema) + _source_ids(doc, catalogue) + _periods(doc)
    return [f"{name}: {p}" for p in problems]


def check_all(data: Path = DATA) -> list[str]:
    schemas = load_schemas()
    catalogue_doc = json.loads((data / "sources" / "catalogue.json").read_text("utf-8"))
    accounts_doc = json.loads((data / "accounts" / "sources.json").read_text("utf-8"))
    catalogue = {s["id"] for s in catalogue_doc["sources"]} | {s["id"] for s in accounts_doc["sources"]}
    problems = []
    for path in sorted(data.glob("*/*.json")):
        try:
            doc = json.loads(path.read_text("utf-8"))
        except json.JSONDecodeError as exc:
            problems.append(f"{path.parent.name}/{path.name}: not valid JSON ({exc})")
            continue
        problems += check_file(path, doc, schemas, catalogue)
    return problems


def main(argv: list[str]) -> int:
    data = Path(argv[0]) if argv else DATA  # another data folder: for trying a change on a copy
    problems = check_all(data)
    for line in problems:
        print(line)
    count = len(list(data.glob("*/*.json")))
    print(f"{count} data files checked: " + (f"{len(problems)} problem(s)" if problems else "all match their schemas"),
          file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
