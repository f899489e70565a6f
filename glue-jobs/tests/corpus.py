"""The shared Parquet corpus (tests/data/parquet-testing): its MANIFEST's DuckDB column types and DuckDB's expected
NDJSON, read back into (kind, value) pairs in the transport form etl_glue.values takes — so the formatter is fed the
values a reader of those files gets, and its output is compared with the same oracle the .NET conformance tests use
(tests/Etl.Conformance.Tests: structurally, by the MANIFEST's expected_conventions)."""
import base64
import datetime
import decimal
import json
import os
import re

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CORPUS = os.path.join(REPO, "tests", "data", "parquet-testing")
SAMPLES = os.path.join(REPO, "tests", "data", "json-samples")

# Files the .NET conformance tests also treat apart (ConformanceTests.FailingDespiteExpected): corrupt on purpose.
FAILING = {"datapage_v1-corrupt-checksum.parquet", "bad_data/ARROW-RS-GH-6229-LEVELS.parquet"}


def manifest():
    with open(os.path.join(CORPUS, "MANIFEST.json"), encoding="utf-8") as f:
        return json.load(f)


def expected_rows(entry):
    with open(os.path.join(CORPUS, entry["expected"]), encoding="utf-8") as f:
        # DuckDB writes NaN/Infinity as bare tokens (not JSON): Python's json reads them; decimals stay exact.
        return [json.loads(line, parse_float=decimal.Decimal) for line in f if line.strip()]


# ---- DuckDB type strings → kinds ----

class Unsupported(Exception):
    pass


class DuckType:
    def __init__(self, name, args=(), fields=(), element=None, key=None, value=None):
        self.name, self.args, self.fields, self.element, self.key, self.value = name, args, fields, element, key, value


def parse_duck_type(text):
    try:
        t, rest = _parse(text.strip())
    except (ValueError, AttributeError, IndexError):
        raise Unsupported(text)
    if rest.strip():
        raise ValueError("trailing %r in %r" % (rest, text))
    return t


def _parse(s):
    m = re.match(r"(TIMESTAMP WITH TIME ZONE|TIME WITH TIME ZONE|[A-Z_0-9]+)", s)
    name = m.group(1)
    s = s[m.end():]
    t = DuckType(name)
    if s.startswith("("):
        if name == "STRUCT":
            fields = []
            s = s[1:]
            while True:
                fm = re.match(r'\s*("(?:[^"]|"")*"|[^\s,()]+)\s+', s)
                fname = fm.group(1).strip('"')
                ftype, s = _parse(s[fm.end():])
                fields.append((fname, ftype))
                s = s.lstrip()
                if s.startswith(","):
                    s = s[1:]
                    continue
                s = s[1:]  # ')'
                break
            t = DuckType("STRUCT", fields=fields)
        elif name == "MAP":
            k, s = _parse(s[1:])
            s = s.lstrip()[1:].lstrip()  # ','
            v, s = _parse(s)
            s = s.lstrip()[1:]
            t = DuckType("MAP", key=k, value=v)
        else:
            close = s.index(")")
            t = DuckType(name, args=tuple(int(a) for a in s[1:close].split(",")))
            s = s[close + 1:]
    while s.startswith("[]"):
        t = DuckType("LIST", element=t)
        s = s[2:]
    return t, s


_INTS = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "HUGEINT"}


def kind_of(t):
    if t.name in _INTS:
        return {"kind": "int"}
    simple = {"BOOLEAN": {"kind": "boolean"}, "FLOAT": {"kind": "float32"}, "DOUBLE": {"kind": "double"},
              "VARCHAR": {"kind": "string"}, "BLOB": {"kind": "binary"}, "DATE": {"kind": "date"},
              "TIME": {"kind": "time", "digits": 6}, "UUID": {"kind": "uuid"},
              "TIMESTAMP": {"kind": "timestamp", "digits": 6, "utc": False},
              "TIMESTAMP WITH TIME ZONE": {"kind": "timestamp", "digits": 6, "utc": True},
              "TIMESTAMP_NS": {"kind": "timestamp", "digits": 9, "utc": False}}
    if t.name in simple:
        return simple[t.name]
    if t.name == "DECIMAL":
        return {"kind": "decimal", "scale": t.args[1]}
    if t.name == "LIST":
        return {"kind": "list", "element": kind_of(t.element)}
    if t.name == "STRUCT":
        return {"kind": "struct", "fields": [{"name": n, "type": kind_of(f)} for n, f in t.fields]}
    if t.name == "MAP":
        return {"kind": "map", "key": kind_of(t.key), "value": kind_of(t.value)}
    raise Unsupported(t.name)  # GEOMETRY, TIME WITH TIME ZONE: outside the spec's table


# Where DuckDB's column type says less than the Parquet file does (the MANIFEST lists physical and logical types per
# file, not per column), the kind a Parquet reader sees, by file and column:
# - INT96 timestamps are instants (the spec: "…Z", nanosecond unit); DuckDB types them TIMESTAMP (naive, micros).
# - FLOAT16 columns are FLOAT16 (shortest half-precision text); DuckDB widens them to FLOAT.
# - legacy converted-type TIMESTAMP_MILLIS/MICROS are UTC-adjusted by the Parquet spec; DuckDB reads them naive.
FLOAT16_COLUMNS = {
    "float16_nonzeros_and_nans.parquet": None,  # every FLOAT column
    "float16_zeros_and_nans.parquet": None,
    "byte_stream_split_extended.gzip.parquet": {"float16_plain", "float16_byte_stream_split"},
}
UTC_LEGACY_COLUMNS = {"nested_structs.rust.parquet": {"ul_observation_date"}}


def _utc(kind, digits=None):
    if kind["kind"] == "timestamp":
        return dict(kind, utc=True, digits=digits or kind["digits"])
    if kind["kind"] == "struct":
        return dict(kind, fields=[dict(f, type=_utc(f["type"], digits)) for f in kind["fields"]])
    if kind["kind"] == "list":
        return dict(kind, element=_utc(kind["element"], digits))
    return kind


def _float16(kind):
    if kind["kind"] == "float32":
        return {"kind": "float16"}
    if kind["kind"] == "list":
        return dict(kind, element=_float16(kind["element"]))
    return kind


def column_kinds(entry):
    """[(column, kind)] of a MANIFEST entry, as a Parquet reader types its columns; raises Unsupported."""
    out = []
    for column in entry["columns"]:
        name = column["name"]
        kind = kind_of(parse_duck_type(column["duckdb_type"]))
        if "INT96" in entry.get("physical_types", ()) and column["duckdb_type"] == "TIMESTAMP":
            kind = _utc(kind, 9)
        if name in UTC_LEGACY_COLUMNS.get(entry["name"], ()):
            kind = _utc(kind)
        if entry["name"] in FLOAT16_COLUMNS and (FLOAT16_COLUMNS[entry["name"]] is None or name in FLOAT16_COLUMNS[entry["name"]]):
            kind = _float16(kind)
        out.append((name, kind))
    if not out:
        raise Unsupported("the MANIFEST lists no columns for %s" % entry["name"])
    return out


def checked_entries():
    """MANIFEST entries with an oracle output whose every column the spec's table covers: (entry, column kinds)."""
    for entry in manifest()["files"]:
        if not entry.get("expected") or entry["name"] in FAILING:
            continue
        try:
            yield entry, column_kinds(entry)
        except Unsupported:
            continue


# ---- DuckDB renderings → transport values ----

_TS = re.compile(r"^(\d+)-(\d\d)-(\d\d)( \(BC\))? (\d\d):(\d\d):(\d\d)(?:\.(\d+))?(\+00)?$")


def _year(text, bc):
    year = int(text)
    return 1 - year if bc else year


def days_of(text):
    m = re.match(r"^(\d+)-(\d\d)-(\d\d)( \(BC\))?$", text)
    from etl_glue.infer import days_from_civil
    return days_from_civil(_year(m.group(1), m.group(4)), int(m.group(2)), int(m.group(3)))


def units_of_timestamp(text, digits):
    m = _TS.match(text)
    from etl_glue.infer import days_from_civil
    days = days_from_civil(_year(m.group(1), m.group(4)), int(m.group(2)), int(m.group(3)))
    fraction = (m.group(8) or "").ljust(digits, "0")
    seconds = days * 86400 + int(m.group(5)) * 3600 + int(m.group(6)) * 60 + int(m.group(7))
    return seconds * 10 ** digits + int(fraction or "0")


def blob_of(text):
    out = bytearray()
    i = 0
    while i < len(text):
        if text.startswith("\\x", i):
            out.append(int(text[i + 2:i + 4], 16))
            i += 4
        else:
            out += text[i].encode("utf-8")
            i += 1
    return bytes(out)


def transport(kind, value):
    """The value a reader hands etl_glue.values, from DuckDB's rendering of it."""
    if value is None:
        return None
    k = kind["kind"]
    if k == "float32" or k == "double":
        return float(value)
    if k == "binary":
        return blob_of(value)
    if k == "uuid":
        return bytes.fromhex(value.replace("-", ""))
    if k == "date":
        return days_of(value)
    if k == "time":
        h, m, s = value.split(":")
        whole, _, frac = s.partition(".")
        return ((int(h) * 60 + int(m)) * 60 + int(whole)) * 10 ** 6 + int((frac or "0").ljust(6, "0"))
    if k == "timestamp":
        return units_of_timestamp(value, kind["digits"])
    if k == "list":
        return [transport(kind["element"], v) for v in value]
    if k == "struct":
        return [transport(f["type"], value.get(f["name"])) for f in kind["fields"]]
    if k == "map":
        return [(key, transport(kind["value"], v)) for key, v in value.items()]
    return value
