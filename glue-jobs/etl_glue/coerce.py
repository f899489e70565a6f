"""A parsed JSON record (etl_glue.infer.parse_record) as the values of its inferred columns, as the .NET shredder
stores them (functions/Etl.Core/Json/RecordShredder.cs): numbers in a STRING column as their own text, booleans as
"true"/"false", values of a JSON column as their minified text.

`to_transport` gives the values etl_glue.values formats (dates and timestamps as day / microsecond counts);
`to_arrow` the same with structs as dicts, which pyarrow builds the Arrow types of etl_glue.types from;
`to_spark` gives what pyspark's createDataFrame takes for the Spark types of etl_glue.types (date, datetime).
"""
import datetime

from . import infer as _infer
from . import values as _values

_EPOCH_DATE = datetime.date(1970, 1, 1)
_EPOCH = datetime.datetime(1970, 1, 1)


class SchemaMismatch(ValueError):
    """A value does not fit the column inferred for it (the input changed between the two passes)."""


def row_values(schema, record, spark=False, arrow=False):
    """The row of one record: a tuple of its top-level column values."""
    convert = to_spark if spark else to_arrow if arrow else to_transport
    if schema["wraps_values"]:
        return (convert(schema["fields"][0], record),)
    if not isinstance(record, dict):
        raise SchemaMismatch("a record is not an object, but every record was one when the schema was inferred")
    return tuple(convert(f, record.get(f["name"])) for f in schema["fields"])


def to_transport(field, value):
    return _convert(field, value, False)


def to_spark(field, value):
    return _convert(field, value, True)


def to_arrow(field, value):
    return _convert(field, value, False, True)


def _convert(field, value, spark, arrow=False):
    if value is None:
        return None
    t = field["type"]
    if t == "STRING":
        if value is True or value is False:
            return "true" if value else "false"
        if isinstance(value, str):
            return str(value)
        raise _mismatch(field, value)
    if t == "JSON":
        return json_text(value)
    if t == "BOOLEAN":
        if value is True or value is False:
            return value
        raise _mismatch(field, value)
    if t == "INT64":
        if isinstance(value, _infer.RawInt):
            return int(value)
        raise _mismatch(field, value)
    if t == "DOUBLE":
        if isinstance(value, (_infer.RawInt, _infer.RawFloat)):
            return float(value)
        raise _mismatch(field, value)
    if t == "DATE":
        days = _infer.parse_date(value) if _plain_string(value) else None
        if days is None:
            raise _mismatch(field, value)
        return _EPOCH_DATE + datetime.timedelta(days=days) if spark else days
    if t in ("TIMESTAMP", "TIMESTAMP_LOCAL"):
        parsed = _infer.parse_timestamp(value) if _plain_string(value) else None
        if parsed is None or parsed[1] != (t == "TIMESTAMP"):
            raise _mismatch(field, value)
        micros = parsed[0]
        if not spark:
            return micros
        moment = _EPOCH + datetime.timedelta(microseconds=micros)
        return moment.replace(tzinfo=datetime.timezone.utc) if t == "TIMESTAMP" else moment
    if t == "STRUCT":
        if not isinstance(value, dict):
            raise _mismatch(field, value)
        if arrow:
            return {f["name"]: _convert(f, value.get(f["name"]), spark, arrow) for f in field["fields"]}
        return tuple(_convert(f, value.get(f["name"]), spark, arrow) for f in field["fields"])
    if t == "LIST":
        if not isinstance(value, list):
            raise _mismatch(field, value)
        element = field["element"]
        return [_convert(element, v, spark, arrow) for v in value]
    raise ValueError("unknown inferred type %r" % t)


def _plain_string(value):
    return isinstance(value, str) and not isinstance(value, (_infer.RawInt, _infer.RawFloat))


def _mismatch(field, value):
    return SchemaMismatch("'%s' holds %s, which does not fit its inferred type %s; the input must not change during"
                          " the conversion" % (field["name"], json_text(value)[:80], field["type"]))


def json_text(value):
    """Minified JSON text of a parsed value, numbers as written."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (_infer.RawInt, _infer.RawFloat)):
        return str(value)
    if isinstance(value, str):
        return _values.quote(value)
    if isinstance(value, dict):
        return "{" + ",".join(_values.quote(k) + ":" + json_text(v) for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(json_text(v) for v in value) + "]"
    raise TypeError("not a parsed JSON value: %r" % (value,))
