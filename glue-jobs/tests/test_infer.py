"""etl_glue.infer and etl_glue.coerce: the spec's inference rules, the schemas `etl infer` prints for the json-samples
(fixtures/infer/*.json, made by fixtures/generate.sh; checked against the live `etl` binary too when it is built), and
the same schema whether the records are counted in one pass or in partitions merged in order (as Spark does)."""
import json
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

import corpus  # noqa: E402
from etl_glue import coerce, infer, types, values  # noqa: E402
from etl_glue import split  # noqa: E402

FIXTURES = os.path.join(HERE, "fixtures", "infer")
ETL = os.environ.get("ETL_BIN") or os.path.join(corpus.REPO, "functions", "Etl.Local", "bin", "Release", "net10.0", "etl")
SAMPLE_FILES = sorted(n for n in os.listdir(corpus.SAMPLES) if n.endswith((".json", ".ndjson", ".jsonl", ".geojson")))


def record_texts(path):
    """The records as the Glue job reads them (convert_job.json_records): by the layout its first MiB shows, NDJSON
    lines, or the streamed objects or array elements, or one value."""
    with open(path, "rb") as f:
        data = f.read()
    shape = split.layout(data[:1 << 20])
    chunks = [data[i:i + 65536] for i in range(0, len(data), 65536)]
    if shape == "ndjson":
        text = data.decode("utf-8").lstrip("\ufeff")
        return [line.strip() for line in text.split("\n") if line.strip()]
    if shape == "array":
        return list(split.array_elements(chunks))
    if shape == "objects":
        return list(split.concatenated_objects(chunks))
    return [data.decode("utf-8").lstrip("\ufeff").strip()]


def infer_texts(texts, partitions=1, shape="objects"):
    size = max(1, -(-len(texts) // partitions))
    root = infer.Node()
    for start in range(0, len(texts), size):
        node = infer.Node()
        for text in texts[start:start + size]:
            node.add(infer.parse_record(text))
        root.merge(node)
    return infer.resolve(root, shape)


def sample_shape(path):
    with open(path, "rb") as f:
        return infer.shape_of(split.layout(f.read(1 << 20)))


def listing(schema):
    out = []

    def walk(field, path):
        entry = {"path": path, "type": field["type"], "nullable": field["nullable"], "widened": field["widened"]}
        if field.get("note"):
            entry["note"] = field["note"]
        out.append(entry)
        for child in field.get("fields", ()):
            walk(child, path + "." + child["name"])
        if "element" in field:
            walk(field["element"], path + "[]")

    for top in schema["fields"]:
        walk(top, top["name"])
    return out


def dotnet_listing(printed):
    """The fields of `etl infer`'s JSON, in the form of listing()."""
    out = []
    for column in printed["columns"]:
        entry = {"path": column["path"], "type": column["type"], "nullable": column["nullable"], "widened": column["widened"]}
        if column.get("note"):
            entry["note"] = column["note"]
        out.append(entry)
    return out


def infer_inline(*records):
    return infer_texts([json.dumps(r) if not isinstance(r, str) else r for r in records])


def types_of(schema):
    return [(path, t, nullable) for path, t, nullable in infer.columns(schema)]


class InferenceRules(unittest.TestCase):
    def test_types_widen_never_narrow(self):
        s = infer_inline('{"i":1,"d":1,"m":1,"b":true,"s":"x"}', '{"i":2,"d":2.5,"m":"two","b":false,"s":"y"}')
        self.assertEqual(types_of(s), [("i", "INT64", False), ("d", "DOUBLE", False), ("m", "STRING", False),
                                       ("b", "BOOLEAN", False), ("s", "STRING", False)])
        self.assertIn("1 non-string value stored as text", s["fields"][2]["note"])
        self.assertIn("1 integer widened to DOUBLE", s["fields"][1]["note"])

    def test_dates_and_timestamps_only_when_every_string_is_one(self):
        s = infer_inline('{"d":"2024-02-29","t":"2024-01-01T10:00:00Z","l":"2024-01-01 10:00","x":"2024-01-01"}',
                         '{"d":"2023-01-31","t":"2024-01-01T10:00:00.5+02:00","l":"2024-01-01T10:00:00.123456","x":"soon"}')
        self.assertEqual(types_of(s), [("d", "DATE", False), ("t", "TIMESTAMP", False), ("l", "TIMESTAMP_LOCAL", False),
                                       ("x", "STRING", False)])
        self.assertEqual(types_of(infer_inline('{"d":"2023-02-29"}')), [("d", "STRING", False)])  # not a real day
        mixed = infer_inline('{"t":"2024-01-01T10:00:00Z"}', '{"t":"2024-01-01T10:00:00"}')
        self.assertEqual(mixed["fields"][0]["type"], "STRING")
        self.assertIn("mixed", mixed["fields"][0]["note"])

    def test_nullability_and_first_appearance_order(self):
        s = infer_inline('{"b":1}', '{"a":null,"b":2}', '{"c":[1,null]}')
        self.assertEqual(types_of(s), [("b", "INT64", True), ("a", "STRING", True), ("c", "LIST", True), ("c[]", "INT64", True)])
        self.assertIn("only nulls", s["fields"][1]["note"])

    def test_objects_arrays_and_conflicting_shapes(self):
        s = infer_inline('{"o":{"x":1},"l":[{"y":"a"}],"j":{"z":1},"e":{}}', '{"o":{"x":2,"w":true},"l":[],"j":[1],"e":{}}')
        self.assertEqual(types_of(s), [("o", "STRUCT", False), ("o.x", "INT64", False), ("o.w", "BOOLEAN", True),
                                       ("l", "LIST", False), ("l[]", "STRUCT", False), ("l[].y", "STRING", False),
                                       ("j", "JSON", False), ("e", "JSON", False)])

    def test_non_objects_are_wrapped_in_a_value_column(self):
        s = infer_inline("1", "2")
        self.assertTrue(s["wraps_values"])
        self.assertEqual(types_of(s), [("value", "INT64", False)])
        row = coerce.row_values(s, infer.parse_record("7"))
        self.assertEqual(row, (7,))

    def test_numbers_beyond_the_ranges(self):
        s = infer_inline('{"big":18446744073709551615,"huge":1e999}')
        self.assertEqual(types_of(s), [("big", "DOUBLE", False), ("huge", "DOUBLE", False)])
        self.assertIn("beyond the 64-bit range", s["fields"][0]["note"])
        self.assertIn("beyond the DOUBLE range", s["fields"][1]["note"])

    def test_duplicate_keys_keep_the_first(self):
        self.assertEqual(infer.parse_record('{"a":1,"a":"x"}'), {"a": "1"})
        self.assertEqual(types_of(infer_inline('{"a":1,"a":"x"}')), [("a", "INT64", False)])

    def test_nan_is_not_json(self):
        with self.assertRaises(ValueError):
            infer.parse_record('{"a":NaN}')

    def test_timestamps_parse_as_the_dotnet_reader_does(self):
        self.assertEqual(infer.parse_timestamp("1970-01-01T00:00:00Z"), (0, True))
        self.assertEqual(infer.parse_timestamp("1970-01-01T01:00+01:00"), (0, True))
        self.assertEqual(infer.parse_timestamp("1970-01-01T00:00:00.000001500"), None)  # would lose precision
        self.assertEqual(infer.parse_timestamp("1970-01-01T00:00:00.000001000"), (1, False))
        self.assertEqual(infer.parse_timestamp("1970-01-01t00:00:00,5-0130"), (500000 + 90 * 60_000_000, True))
        self.assertIsNone(infer.parse_timestamp("1970-01-01T24:00:00"))
        self.assertIsNone(infer.parse_timestamp("0000-01-01T00:00:00"))


class RecordsBecomeRows(unittest.TestCase):
    def test_values_are_stored_as_the_shredder_stores_them(self):
        texts = ['{"m":1.50,"n":2,"t":"2024-01-01T10:00:00+02:00","d":"2024-02-29","j":{"a":[1, 2.0]},"l":[1.5,2]}',
                 '{"m":"x","n":3,"t":"2024-01-01T00:00:00Z","d":null,"j":[true],"l":null}',
                 '{"m":true}']
        schema = infer_texts(texts)
        kind = types.row_kind_of_schema(schema)
        lines = [values.format_row(kind, coerce.row_values(schema, infer.parse_record(t))) for t in texts]
        self.assertEqual(lines, [
            '{"m":"1.50","n":2,"t":"2024-01-01T08:00:00Z","d":"2024-02-29","j":{"a":[1,2.0]},"l":[1.5,2]}',
            '{"m":"x","n":3,"t":"2024-01-01T00:00:00Z","d":null,"j":[true],"l":null}',
            '{"m":"true","n":null,"t":null,"d":null,"j":null,"l":null}',
        ])

    def test_spark_values(self):
        import datetime
        schema = infer_inline('{"t":"2024-01-01T10:00:00+02:00","l":"2024-01-01T10:00:00","d":"2024-02-29","s":{"x":1}}')
        row = coerce.row_values(schema, infer.parse_record(
            '{"t":"2024-01-01T10:00:00+02:00","l":"2024-01-01T10:00:00","d":"2024-02-29","s":{"x":1}}'), spark=True)
        self.assertEqual(row[0], datetime.datetime(2024, 1, 1, 8, tzinfo=datetime.timezone.utc))
        self.assertEqual(row[1], datetime.datetime(2024, 1, 1, 10))
        self.assertEqual(row[2], datetime.date(2024, 2, 29))
        self.assertEqual(row[3], (1,))
        self.assertEqual(types.spark_schema_of(schema)["fields"][0]["type"], "timestamp")
        self.assertEqual(types.spark_schema_of(schema)["fields"][1]["type"], "timestamp_ntz")

    def test_a_value_that_does_not_fit_its_column_is_named(self):
        schema = infer_inline('{"n":1}')
        with self.assertRaisesRegex(coerce.SchemaMismatch, "'n' holds \"x\""):
            coerce.row_values(schema, infer.parse_record('{"n":"x"}'))


class AgainstEtlInfer(unittest.TestCase):
    def test_the_samples_infer_as_etl_infer_prints(self):
        self.assertTrue(SAMPLE_FILES)
        for name in SAMPLE_FILES:
            with self.subTest(sample=name):
                with open(os.path.join(FIXTURES, name + ".json"), encoding="utf-8") as f:
                    expected = dotnet_listing(json.load(f))
                texts = record_texts(os.path.join(corpus.SAMPLES, name))
                self.assertEqual(listing(infer_texts(texts)), expected)

    def test_partitions_merged_in_order_infer_the_same_schema(self):
        for name in SAMPLE_FILES:
            texts = record_texts(os.path.join(corpus.SAMPLES, name))
            one = listing(infer_texts(texts))
            for partitions in (2, 7):
                self.assertEqual([(c["path"], c["type"], c["nullable"]) for c in listing(infer_texts(texts, partitions))],
                                 [(c["path"], c["type"], c["nullable"]) for c in one], "%s in %d partitions" % (name, partitions))

    def test_the_schema_stored_in_parquet_is_the_one_etl_convert_stores(self):
        # JSON → Parquet: the key-value metadata "agentic-etl.schema" the Glue job writes, against the worker's.
        if not os.path.exists(ETL):
            self.skipTest("etl is not built (dotnet build functions/Etl.Local -c Release); the committed fixtures stand in")
        import tempfile
        with tempfile.TemporaryDirectory() as scratch:
            for name in SAMPLE_FILES:
                path = os.path.join(corpus.SAMPLES, name)
                out = os.path.join(scratch, "out.parquet")
                subprocess.run([ETL, "convert", path, out], check=True, capture_output=True)
                printed = json.loads(subprocess.run([ETL, "inspect", out], check=True, capture_output=True, text=True).stdout)
                ours = infer.schema_json(infer_texts(record_texts(path), partitions=4, shape=sample_shape(path)))
                self.assertEqual(ours, printed["keyValueMetadata"][infer.METADATA_KEY], name)

    def test_the_fixtures_are_what_the_built_etl_prints(self):
        if not os.path.exists(ETL):
            self.skipTest("etl is not built (dotnet build functions/Etl.Local -c Release); the committed fixtures stand in")
        for name in SAMPLE_FILES:
            printed = subprocess.run([ETL, "infer", os.path.join(corpus.SAMPLES, name)], capture_output=True, text=True, check=True)
            with open(os.path.join(FIXTURES, name + ".json"), encoding="utf-8") as f:
                self.assertEqual(dotnet_listing(json.loads(printed.stdout)), dotnet_listing(json.load(f)), name)


if __name__ == "__main__":
    unittest.main()
