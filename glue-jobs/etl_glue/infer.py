"""JSON → Parquet schema inference, the rules of ../shared/spec/parquet-json.md as the .NET inference applies them
(functions/Etl.Core/Json/SchemaInference.cs, IsoTemporal.cs): every record counted, then widened.

`Node` counts what kinds of values one field held; nodes from different partitions merge (`Node.merge`), so Spark
infers in parallel and gets the same schema as one pass over the whole input. `resolve` turns the counts into the
inferred schema: a dict {"records", "wraps_values", "fields": [field]} with field = {"name", "type", "nullable",
"fields"?, "element"?, "note"?} and type one of STRING, BOOLEAN, INT64, DOUBLE, DATE, TIMESTAMP, TIMESTAMP_LOCAL,
JSON, STRUCT, LIST (the names `etl infer` prints).
"""
import json

MAX_FIELDS_PER_OBJECT = 1000  # JsonReadOptions.DefaultMaxFieldsPerObject
VALUE_COLUMN = "value"
_INT64_MIN, _INT64_MAX = -(2 ** 63), 2 ** 63 - 1


class RawInt(str):
    """A JSON integer literal, kept as written (a STRING column stores a number's own text)."""


class RawFloat(str):
    """A JSON number literal with a fraction or an exponent, kept as written."""


def _reject_constant(name):
    raise ValueError("%s is not valid JSON" % name)


def _first_wins(pairs):
    # A key repeated in one object: the first occurrence wins, as in the .NET reader.
    obj = {}
    for key, value in pairs:
        if key not in obj:
            obj[key] = value
    return obj


def parse_record(text):
    """One record's value with numbers as RawInt/RawFloat text and the first of duplicate keys kept."""
    return json.loads(text, parse_int=RawInt, parse_float=RawFloat, parse_constant=_reject_constant,
                      object_pairs_hook=_first_wins)


# ---- ISO-8601 (IsoTemporal.cs) ----

def _digits(s, start, count):
    part = s[start:start + count]
    if len(part) != count or not all("0" <= c <= "9" for c in part):
        return None
    return int(part)


def _days_in_month(year, month):
    if month == 2:
        return 29 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 28
    return 30 if month in (4, 6, 9, 11) else 31


def days_from_civil(year, month, day):
    year -= 1 if month <= 2 else 0
    era = (year if year >= 0 else year - 399) // 400
    yoe = year - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146_097 + doe - 719_468


def parse_date(s):
    """Days since 1970-01-01 of YYYY-MM-DD, or None."""
    if len(s) != 10 or s[4] != "-" or s[7] != "-":
        return None
    year, month, day = _digits(s, 0, 4), _digits(s, 5, 2), _digits(s, 8, 2)
    if year is None or month is None or day is None:
        return None
    if year < 1 or not 1 <= month <= 12 or day < 1 or day > _days_in_month(year, month):
        return None
    return days_from_civil(year, month, day)


def parse_timestamp(s):
    """(microseconds since the epoch, has_offset) of an ISO-8601 timestamp, UTC when it has an offset; or None."""
    if not 16 <= len(s) <= 40:
        return None
    days = parse_date(s[:10])
    if days is None or s[10] not in "Tt ":
        return None
    hour, minute = _digits(s, 11, 2), _digits(s, 14, 2)
    if hour is None or s[13] != ":" or minute is None:
        return None
    pos, second, fraction = 16, 0, 0
    if pos < len(s) and s[pos] == ":":
        second = _digits(s, pos + 1, 2)
        if second is None:
            return None
        pos += 3
        if pos < len(s) and s[pos] in ".,":
            pos += 1
            count = 0
            while pos < len(s) and "0" <= s[pos] <= "9":
                d = ord(s[pos]) - 48
                if count < 6:
                    fraction = fraction * 10 + d
                elif d != 0:
                    return None
                count += 1
                pos += 1
            if count == 0 or count > 9:
                return None
            fraction *= 10 ** max(0, 6 - count)
    if hour > 23 or minute > 59 or second > 59:
        return None
    offset = 0
    has_offset = False
    if pos < len(s):
        zone = s[pos]
        if zone in "Zz":
            pos += 1
        elif zone in "+-":
            hours = _digits(s, pos + 1, 2)
            if hours is None:
                return None
            pos += 3
            minutes = 0
            if pos < len(s):
                if s[pos] == ":":
                    pos += 1
                minutes = _digits(s, pos, 2)
                if minutes is None:
                    return None
                pos += 2
            if hours > 23 or minutes > 59:
                return None
            offset = hours * 60 + minutes
            if zone == "-":
                offset = -offset
        else:
            return None
        has_offset = True
    if pos != len(s):
        return None
    micros = days * 86_400_000_000 + ((hour * 60 + minute) * 60 + second) * 1_000_000 + fraction - offset * 60_000_000
    return micros, has_offset


# ---- counting ----

_COUNTS = ("present", "nulls", "booleans", "integers", "big_integers", "fractions", "out_of_range", "strings",
           "dates", "utc_timestamps", "local_timestamps", "objects", "arrays")


class Node:
    """What one field (or list element, or the record itself) held across the records seen."""

    __slots__ = _COUNTS + ("is_map", "fields", "element")

    def __init__(self):
        for name in _COUNTS:
            setattr(self, name, 0)
        self.is_map = False
        self.fields = None  # dict name → Node, in first-appearance order
        self.element = None

    def add(self, value):
        self.present += 1
        if value is None:
            self.nulls += 1
        elif value is True or value is False:
            self.booleans += 1
        elif isinstance(value, RawFloat):
            self.fractions += 1
            # Without an exponent, a number of fewer than 300 characters is below 10^300: always finite.
            if "e" in value or "E" in value or len(value) >= 300:
                if not _finite(value):
                    self.out_of_range += 1
        elif isinstance(value, RawInt):
            if _INT64_MIN <= int(value) <= _INT64_MAX:
                self.integers += 1
            else:
                self.big_integers += 1
                if not _finite(value):
                    self.out_of_range += 1
        elif isinstance(value, str):
            if self.strings == self.dates + self.utc_timestamps + self.local_timestamps:
                # Every string so far was a date or a timestamp: keep checking. Once one is not, stop looking.
                if len(value) == 10:
                    if parse_date(value) is not None:
                        self.dates += 1
                else:
                    parsed = parse_timestamp(value)
                    if parsed is not None:
                        if parsed[1]:
                            self.utc_timestamps += 1
                        else:
                            self.local_timestamps += 1
            self.strings += 1
        elif isinstance(value, dict):
            self.objects += 1
            if self.is_map:
                return
            fields = self.fields
            if fields is None:
                fields = self.fields = {}
            for key, child in value.items():
                node = fields.get(key)
                if node is None:
                    if len(fields) >= MAX_FIELDS_PER_OBJECT:
                        # Too many distinct keys for a struct: an open map, kept as JSON text.
                        self.is_map = True
                        self.fields = None
                        return
                    node = fields[key] = Node()
                node.add(child)
        elif isinstance(value, list):
            self.arrays += 1
            if self.element is None:
                self.element = Node()
            for item in value:
                self.element.add(item)
        else:
            raise TypeError("not a parsed JSON value: %r" % (value,))

    def merge(self, other):
        """Adds the counts of `other` (the records of another partition, which came after these)."""
        for name in _COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        # The date/timestamp check stops at the first string that is neither; after merging, a mismatch in either
        # part shows as strings > dates + timestamps, which resolve() reads exactly as one pass would.
        if other.is_map or self.is_map:
            self.is_map = True
            self.fields = None
        elif other.fields is not None:
            if self.fields is None:
                self.fields = {}
            for key, node in other.fields.items():
                mine = self.fields.get(key)
                if mine is None:
                    if len(self.fields) >= MAX_FIELDS_PER_OBJECT:
                        self.is_map = True
                        self.fields = None
                        break
                    self.fields[key] = node
                else:
                    mine.merge(node)
        if other.element is not None:
            if self.element is None:
                self.element = other.element
            else:
                self.element.merge(other.element)
        return self


def _finite(text):
    try:
        number = float(text)
    except (OverflowError, ValueError):
        return False
    return number not in (float("inf"), float("-inf"))


def infer(records, shape="objects"):
    """The schema of an iterable of parsed records (see parse_record)."""
    root = Node()
    for record in records:
        root.add(record)
    return resolve(root, shape)


def shape_of(layout):
    """JsonInputShape's name for an input layout (etl_glue.split.layout): objects, array or value."""
    return {"ndjson": "objects", "objects": "objects", "array": "array", "value": "value"}[layout]


def resolve(root, shape="objects"):
    records = root.present
    if not root.is_map and root.objects == root.present and root.fields:
        fields = [_resolve(node, name, root.objects) for name, node in root.fields.items()]
        return {"records": records, "shape": shape, "wraps_values": False, "fields": fields}
    return {"records": records, "shape": shape, "wraps_values": True, "fields": [_resolve(root, VALUE_COLUMN, records)]}


def schema_json(schema):
    """InferredSchema.ToJson: the text the .NET writer stores in the Parquet key-value metadata under
    "agentic-etl.schema", so a Parquet file the Glue job writes carries the same description."""
    from .values import quote

    def field(f):
        parts = ['"name":' + quote(f["name"]), '"type":' + quote(f["type"]), '"nullable":' + ("true" if f["nullable"] else "false")]
        if f.get("widened"):
            parts.append('"widened":%d' % f["widened"])
        if f.get("note") is not None:
            parts.append('"note":' + quote(f["note"]))
        if f["type"] == "STRUCT":
            parts.append('"fields":[' + ",".join(field(c) for c in f["fields"]) + "]")
        elif "element" in f:
            parts.append('"element":' + field(f["element"]))
        return "{" + ",".join(parts) + "}"

    return ('{"version":1,"records":%d,"shape":%s,"wrapsValues":%s,"fields":[%s]}'
            % (schema["records"], quote(schema["shape"]), "true" if schema["wraps_values"] else "false",
               ",".join(field(f) for f in schema["fields"])))


METADATA_KEY = "agentic-etl.schema"


def _field(name, type_, nullable, note=None, widened=0, **extra):
    field = {"name": name, "type": type_, "nullable": nullable, "widened": widened}
    field.update(extra)
    if note is not None:
        field["note"] = note
    return field


def _plural(count, noun):
    return "1 %s" % noun if count == 1 else "%d %ss" % (count, noun)


def _kinds(n):
    parts = []
    if n.strings:
        parts.append(_plural(n.strings, "string"))
    if n.integers + n.big_integers:
        parts.append(_plural(n.integers + n.big_integers, "integer"))
    if n.fractions:
        parts.append(_plural(n.fractions, "decimal number"))
    if n.booleans:
        parts.append(_plural(n.booleans, "boolean"))
    if n.objects:
        parts.append(_plural(n.objects, "object"))
    if n.arrays:
        parts.append(_plural(n.arrays, "array"))
    return ", ".join(parts)


def _resolve(n, name, parent_instances):
    non_null = n.present - n.nulls
    nullable = n.present < parent_instances or n.nulls > 0 or non_null == 0
    if non_null == 0:
        note = ("no values at all (only empty lists, or no records): stored as STRING" if n.present == 0
                else "only nulls: no type could be inferred, stored as STRING")
        return _field(name, "STRING", True, note)
    if n.is_map:
        return _field(name, "JSON", nullable, "objects with more than %d distinct keys (JsonReadOptions.MaxFieldsPerObject)"
                      " are read as open maps: stored as JSON text" % MAX_FIELDS_PER_OBJECT, widened=non_null)
    scalars = n.booleans + n.integers + n.big_integers + n.fractions + n.strings
    shapes = (n.objects > 0) + (n.arrays > 0) + (scalars > 0)
    if shapes > 1:
        return _field(name, "JSON", nullable, "conflicting shapes (%s): stored as JSON text" % _kinds(n), widened=non_null)
    if n.objects > 0:
        if not n.fields:
            return _field(name, "JSON", nullable, "always an empty object: stored as JSON text")
        return _field(name, "STRUCT", nullable,
                      fields=[_resolve(child, key, n.objects) for key, child in n.fields.items()])
    if n.arrays > 0:
        element = n.element if n.element is not None else Node()
        return _field(name, "LIST", nullable, element=_resolve(element, "element", element.present))
    numbers = n.integers + n.big_integers + n.fractions
    kinds = (n.booleans > 0) + (numbers > 0) + (n.strings > 0)
    if kinds > 1:
        widened = n.booleans + numbers
        what = "%s stored as text" % _plural(widened, "non-string value") if n.strings else "stored as text"
        return _field(name, "STRING", nullable, "mixed %s: %s" % (_kinds(n), what), widened=widened)
    if n.booleans:
        return _field(name, "BOOLEAN", nullable)
    if numbers:
        if n.fractions == 0 and n.big_integers == 0:
            return _field(name, "INT64", nullable)
        notes = []
        if n.integers and n.fractions:
            notes.append("%s widened to DOUBLE" % _plural(n.integers, "integer"))
        if n.big_integers:
            notes.append("%s beyond the 64-bit range stored as DOUBLE (precision may be lost)" % _plural(n.big_integers, "integer"))
        if n.out_of_range:
            notes.append("%s beyond the DOUBLE range stored as ±Infinity" % _plural(n.out_of_range, "number"))
        return _field(name, "DOUBLE", nullable, "; ".join(notes) if notes else None, widened=n.integers + n.big_integers)
    temporal = n.dates + n.utc_timestamps + n.local_timestamps
    if n.dates == n.strings:
        return _field(name, "DATE", nullable)
    if n.utc_timestamps == n.strings:
        return _field(name, "TIMESTAMP", nullable)
    if n.local_timestamps == n.strings:
        return _field(name, "TIMESTAMP_LOCAL", nullable)
    if temporal == n.strings:
        note = ("dates (%d) and timestamps (%d) mixed: kept as STRING" % (n.dates, n.utc_timestamps + n.local_timestamps)
                if n.dates else "timestamps with a UTC offset (%d) and without one (%d) mixed: kept as STRING"
                % (n.utc_timestamps, n.local_timestamps))
        return _field(name, "STRING", nullable, note)
    return _field(name, "STRING", nullable)


def columns(schema):
    """Every field of the tree, depth first, as (path, type, nullable) — the lines `etl infer` prints."""
    out = []

    def walk(field, path):
        out.append((path, field["type"], field["nullable"]))
        for child in field.get("fields", ()):
            walk(child, path + "." + child["name"])
        if "element" in field:
            walk(field["element"], path + "[]")

    for top in schema["fields"]:
        walk(top, top["name"])
    return out


def has_array_of_objects(fields):
    """NormalizeRule: the JSON has arrays of objects somewhere (then a job naming a dataset is normalized)."""
    for field in fields:
        if field["type"] == "STRUCT" and has_array_of_objects(field["fields"]):
            return True
        if field["type"] == "LIST" and field["element"]["type"] == "STRUCT":
            return True
    return False


def normalize_applies(job, schema):
    """Whether the convert stage would split this JSON job into related tables (NormalizeRule.Applies)."""
    if job.get("normalize") is not None:
        return bool(job["normalize"])
    return job.get("dataset") is not None and has_array_of_objects(schema["fields"])
