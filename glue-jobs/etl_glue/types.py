"""Column kinds: how a column's values are written as JSON (etl_glue.values) and stored in Parquet.

Three mappings, all to or from plain dicts:
- `kind_of_arrow`: a Parquet column as pyarrow reads it (described by convert_job.describe_arrow as a dict) plus the
  Parquet logical type of a top-level leaf → the kind etl_glue.values formats (spec/parquet-json.md's table);
- `kind_of_inferred`: a field of an inferred JSON schema (etl_glue.infer) → the kind (JSON → NDJSON/JSON);
- `spark_type_of_inferred`: the same field → a Spark SQL type as Spark's own JSON schema form
  (pyspark.sql.types.StructType.fromJson reads it), for JSON → Parquet.
"""

_INTEGERS = {"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"}
_DIGITS = {"s": 0, "ms": 3, "us": 6, "ns": 9}


def kinds_of_columns(descs, annotations):
    """The kinds of a file's top-level columns: `descs` their Arrow type descriptions, `annotations` the
    parquet_annotation of every Parquet leaf column in schema order. Arrow leaves and Parquet leaves correspond one
    to one in depth-first order (a map's key before its value), so each leaf, nested or not, gets its own."""
    leaves = iter(annotations)
    kinds = [_kind_with_leaves(desc, leaves) for desc in descs]
    if next(leaves, StopIteration) is not StopIteration:
        raise ValueError("the Parquet schema has more leaf columns than the Arrow schema")
    return kinds


def kinds_of_file(names, descs, leaf_paths, annotations):
    """kinds_of_columns, or — when pyarrow's leaves do not line up with the Parquet leaf columns (a map without values,
    say) — the annotations of top-level leaf columns only, matched by name."""
    try:
        return kinds_of_columns(descs, annotations)
    except ValueError:
        top = {path: a for path, a in zip(leaf_paths, annotations) if "." not in path}
        return [kind_of_arrow(desc, top.get(name)) if desc["type"] not in ("struct", "list", "map")
                else kind_of_arrow(desc) for name, desc in zip(names, descs)]


def _kind_with_leaves(desc, leaves):
    t = desc["type"]
    if t == "struct":
        return {"kind": "struct", "fields": [{"name": f["name"], "type": _kind_with_leaves(f["type"], leaves)} for f in desc["fields"]]}
    if t == "list":
        return {"kind": "list", "element": _kind_with_leaves(desc["element"], leaves)}
    if t == "map":
        key = _kind_with_leaves(desc["key"], leaves)
        return {"kind": "map", "key": key, "value": _kind_with_leaves(desc["value"], leaves)}
    if t == "extension" and desc["storage"]["type"] in ("struct", "list", "map"):
        return _kind_with_leaves(desc["storage"], leaves)
    try:
        annotation = next(leaves)
    except StopIteration:
        raise ValueError("the Arrow schema has more leaves than the Parquet schema has leaf columns") from None
    return kind_of_arrow(desc, annotation)


def kind_of_arrow(desc, logical=None):
    """The kind of an Arrow type description; `logical` is the Parquet annotation of the leaf when known
    (parquet_annotation: JSON, UUID, INTERVAL, ENUM, BSON, INT96), which pyarrow does not carry into the Arrow type."""
    t = desc["type"]
    if t == "extension":
        name = desc.get("name")
        if name == "arrow.uuid":
            return {"kind": "uuid"}
        if name == "arrow.json":
            return {"kind": "json"}
        return kind_of_arrow(desc["storage"], logical)
    if t == "struct":
        return {"kind": "struct", "fields": [{"name": f["name"], "type": kind_of_arrow(f["type"])} for f in desc["fields"]]}
    if t == "list":
        return {"kind": "list", "element": kind_of_arrow(desc["element"])}
    if t == "map":
        return {"kind": "map", "key": kind_of_arrow(desc["key"]), "value": kind_of_arrow(desc["value"])}
    if t == "timestamp":
        # INT96 holds instants (the spec writes them with Z); pyarrow reads them as timestamps without a zone.
        return {"kind": "timestamp", "digits": _DIGITS[desc["unit"]], "utc": desc.get("tz") is not None or logical == "INT96"}
    if t == "time":
        return {"kind": "time", "digits": _DIGITS[desc["unit"]]}
    if t == "decimal":
        return {"kind": "decimal", "scale": desc["scale"]}
    if t == "fixed_size_binary":
        if logical == "UUID" and desc.get("width") == 16:
            return {"kind": "uuid"}
        if logical == "INTERVAL" and desc.get("width") == 12:
            return {"kind": "interval"}
        return {"kind": "binary"}
    if t in _INTEGERS:
        return {"kind": "int"}
    if t == "bool":
        return {"kind": "boolean"}
    if t == "double":
        return {"kind": "double"}
    if t == "float":
        return {"kind": "float32"}
    if t == "halffloat":
        return {"kind": "float16"}
    if t in ("string", "large_string", "string_view"):
        return {"kind": "json"} if logical == "JSON" else {"kind": "string"}
    if t in ("binary", "large_binary", "binary_view"):
        if logical == "JSON":
            return {"kind": "json"}
        if logical == "ENUM":
            return {"kind": "string"}
        return {"kind": "binary"}
    if t.startswith("date32"):
        return {"kind": "date"}
    if t == "null":
        return {"kind": "null"}
    raise ValueError("the Glue job cannot convert a column of Arrow type %s" % t)


def parquet_annotation(physical_type, logical_type, converted_type):
    """The part of a Parquet leaf's type that kind_of_arrow needs besides the Arrow type: "JSON", "UUID", "BSON",
    "ENUM", "INTERVAL" or "INT96"; None when the Arrow type says it all. Takes pyarrow's ColumnSchema fields."""
    if physical_type == "INT96":
        return "INT96"
    if logical_type in ("JSON", "UUID", "BSON", "ENUM", "INTERVAL"):
        return logical_type
    if converted_type in ("JSON", "BSON", "ENUM", "INTERVAL"):
        return converted_type
    return None


def transport_of_arrow(desc):
    """The Arrow type a column is cast to before its values go to Python: temporal types as their integer counts
    (Python's datetime cannot hold nanoseconds or years past 9999), half floats as floats, dictionaries decoded,
    extension types as their storage. The same description format; convert_job builds the pyarrow type from it."""
    t = desc["type"]
    if t == "extension":
        return transport_of_arrow(desc["storage"])
    if t == "struct":
        return {"type": "struct", "fields": [{"name": f["name"], "type": transport_of_arrow(f["type"])} for f in desc["fields"]]}
    if t == "list":
        return {"type": "list", "element": transport_of_arrow(desc["element"])}
    if t == "map":
        return {"type": "map", "key": transport_of_arrow(desc["key"]), "value": transport_of_arrow(desc["value"])}
    if t == "timestamp":
        return {"type": "int64"}
    if t == "time":
        return {"type": "int32" if desc["unit"] in ("s", "ms") else "int64"}
    if t.startswith("date32"):
        return {"type": "int32"}
    if t == "halffloat":
        return {"type": "float"}
    return desc


def contains_transform(desc):
    """Whether transport_of_arrow changes the type (so the column needs a cast)."""
    return transport_of_arrow(desc) != desc


# ---- inferred JSON schemas ----

_INFERRED_KINDS = {
    "STRING": {"kind": "string"},
    "BOOLEAN": {"kind": "boolean"},
    "INT64": {"kind": "int"},
    "DOUBLE": {"kind": "double"},
    "DATE": {"kind": "date"},
    "TIMESTAMP": {"kind": "timestamp", "digits": 6, "utc": True},
    "TIMESTAMP_LOCAL": {"kind": "timestamp", "digits": 6, "utc": False},
    "JSON": {"kind": "json"},
}


def kind_of_inferred(field):
    t = field["type"]
    if t == "STRUCT":
        return {"kind": "struct", "fields": [{"name": f["name"], "type": kind_of_inferred(f)} for f in field["fields"]]}
    if t == "LIST":
        return {"kind": "list", "element": kind_of_inferred(field["element"])}
    return dict(_INFERRED_KINDS[t])


def row_kind_of_schema(schema):
    """The kind of a whole row of an inferred schema (a struct of its top-level fields)."""
    return {"kind": "struct", "fields": [{"name": f["name"], "type": kind_of_inferred(f)} for f in schema["fields"]]}


_ARROW_TYPES = {
    "STRING": {"type": "string"},
    "BOOLEAN": {"type": "bool"},
    "INT64": {"type": "int64"},
    "DOUBLE": {"type": "double"},
    "DATE": {"type": "date32"},                                   # INT32 DATE
    "TIMESTAMP": {"type": "timestamp", "unit": "us", "tz": "UTC"},  # INT64 TIMESTAMP(MICROS, isAdjustedToUTC = true)
    "TIMESTAMP_LOCAL": {"type": "timestamp", "unit": "us", "tz": None},  # isAdjustedToUTC = false
    "JSON": {"type": "string", "json": True},  # the JSON logical type where pyarrow can write it (arrow.json), else STRING
}


def arrow_type_of_inferred(field):
    """The Arrow type (a description convert_job.arrow_type builds) a field is written with by pyarrow: the Parquet
    types the .NET writer uses (InferredSchema.ToParquetSchema), REQUIRED where the field is never missing or null."""
    t = field["type"]
    if t == "STRUCT":
        return {"type": "struct", "fields": [arrow_field_of_inferred(f) for f in field["fields"]]}
    if t == "LIST":
        element = field["element"]
        return {"type": "list", "element": arrow_type_of_inferred(element), "element_nullable": element["nullable"]}
    return dict(_ARROW_TYPES[t])


def arrow_field_of_inferred(field):
    return {"name": field["name"], "type": arrow_type_of_inferred(field), "nullable": field["nullable"]}


def arrow_schema_of(schema):
    """[field descriptions] of the top-level columns of an inferred schema."""
    return [arrow_field_of_inferred(f) for f in schema["fields"]]


_SPARK_TYPES = {
    "STRING": "string",
    "BOOLEAN": "boolean",
    "INT64": "long",
    "DOUBLE": "double",
    "DATE": "date",
    "TIMESTAMP": "timestamp",          # written as INT64 TIMESTAMP(MICROS, isAdjustedToUTC = true)
    "TIMESTAMP_LOCAL": "timestamp_ntz",  # INT64 TIMESTAMP(MICROS, isAdjustedToUTC = false)
    "JSON": "string",                  # Spark has no JSON annotation: the minified text as STRING
}


def spark_type_of_inferred(field):
    t = field["type"]
    if t == "STRUCT":
        return {"type": "struct", "fields": [spark_field_of_inferred(f) for f in field["fields"]]}
    if t == "LIST":
        element = field["element"]
        return {"type": "array", "elementType": spark_type_of_inferred(element), "containsNull": element["nullable"]}
    return _SPARK_TYPES[t]


def spark_field_of_inferred(field):
    return {"name": field["name"], "type": spark_type_of_inferred(field), "nullable": field["nullable"], "metadata": {}}


def spark_schema_of(schema):
    """The Spark schema (StructType JSON) of an inferred schema."""
    return {"type": "struct", "fields": [spark_field_of_inferred(f) for f in schema["fields"]]}
