"""The Glue job's formatter and the .NET converter write the same bytes: every corpus row the oracle reads, formatted
by etl_glue.values from the values a reader gets, equals the line `etl convert FILE OUT.ndjson` writes — text for
text (number formats, fraction digits, escapes, key order). Runs when etl is built (test.sh builds it before the
python tests; or `dotnet build functions/Etl.Local -c Release`, or ETL_BIN)."""
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

import corpus  # noqa: E402
from etl_glue import coerce, infer, types, values  # noqa: E402

ETL = os.environ.get("ETL_BIN") or os.path.join(corpus.REPO, "functions", "Etl.Local", "bin", "Release", "net10.0", "etl")

# The rows where the oracle's value is not the file's, as the .NET conformance tests' ValueOverrides say
# (tests/Etl.Conformance.Tests/ConformanceTests.cs): DuckDB overflows this INT96 instant; .NET recovers it.
ORACLE_WRONG = {("int96_from_spark.parquet", 5)}


class SameBytesAsDotnet(unittest.TestCase):
    def test_every_corpus_row_is_the_line_etl_convert_writes(self):
        if not os.path.exists(ETL):
            self.skipTest("etl is not built (dotnet build functions/Etl.Local -c Release, or set ETL_BIN)")
        rows = 0
        with tempfile.TemporaryDirectory() as scratch:
            out = os.path.join(scratch, "out.ndjson")
            for entry, kinds in corpus.checked_entries():
                with self.subTest(file=entry["name"]):
                    subprocess.run([ETL, "convert", os.path.join(corpus.CORPUS, entry["name"]), out],
                                   check=True, capture_output=True)
                    with open(out, encoding="utf-8") as f:
                        text = f.read()
                    self.assertTrue(text == "" or text.endswith("\n"))
                    theirs = text.split("\n")[:-1]
                    row_kind = {"kind": "struct", "fields": [{"name": n, "type": k} for n, k in kinds]}
                    expected = corpus.expected_rows(entry)
                    self.assertEqual(len(theirs), len(expected))
                    for number, row in enumerate(expected):
                        if (entry["name"], number) in ORACLE_WRONG:
                            continue
                        ours = values.format_row(row_kind, [corpus.transport(k, row.get(n)) for n, k in kinds])
                        self.assertEqual(ours, theirs[number], "%s row %d" % (entry["name"], number))
                        rows += 1
        self.assertGreater(rows, 50000)

    def test_json_samples_normalized_to_ndjson_are_the_lines_etl_convert_writes(self):
        # JSON → NDJSON: records read, inferred, stored and written by the Glue job's functions, against the worker's.
        if not os.path.exists(ETL):
            self.skipTest("etl is not built (dotnet build functions/Etl.Local -c Release, or set ETL_BIN)")
        import test_infer
        rows = 0
        with tempfile.TemporaryDirectory() as scratch:
            out = os.path.join(scratch, "out.ndjson")
            for name in test_infer.SAMPLE_FILES:
                with self.subTest(sample=name):
                    texts = test_infer.record_texts(os.path.join(corpus.SAMPLES, name))
                    schema = test_infer.infer_texts(texts, partitions=3)
                    kind = types.row_kind_of_schema(schema)
                    ours = [values.format_row(kind, coerce.row_values(schema, infer.parse_record(t))) for t in texts]
                    subprocess.run([ETL, "convert", os.path.join(corpus.SAMPLES, name), out], check=True, capture_output=True)
                    with open(out, encoding="utf-8") as f:
                        theirs = f.read().split("\n")[:-1]
                    self.assertEqual(len(ours), len(theirs))
                    for number, (a, b) in enumerate(zip(ours, theirs)):
                        self.assertEqual(a, b, "%s row %d" % (name, number))
                    rows += len(ours)
        self.assertGreater(rows, 1000)

    def test_edge_inputs_convert_as_etl_convert_converts_them(self):
        # Small inputs at the edges of the layouts and the inference: both sides write the same lines, or both refuse.
        if not os.path.exists(ETL):
            self.skipTest("etl is not built (dotnet build functions/Etl.Local -c Release, or set ETL_BIN)")
        import test_infer
        inputs = {
            "scalars.json": '[1,"a",null,true,2.5]',
            "one.json": '"x"',
            "empty-objects.ndjson": '{"a":{}}\n{"a":{}}\n',
            "lists.ndjson": '{"a":[]}\n{"a":[[1],[]]}\n{"a":[[null]]}\n',
            "text.ndjson": '{"a":"\\u00e9\\ud83d\\ude00 \\u0001\\t\\"","b":1e400,"c":-0.0}\n',
            "pretty.json": '{\n  "a": 1,\n  "b": [1, 2.5]\n}\n{"a": 2, "b": []}\n',
            "mixed.ndjson": '{"a":1,"b":"2024-01-01","c":{"x":1}}\n{"a":"1.50","b":"2024-01-01T00:00:00Z","c":[1]}\n{"a":true}\n',
            "dup.ndjson": '{"a":1,"a":2,"B":3,"b":4}\n',
            "bom.ndjson": '\ufeff{"a":1}\r\n\r\n{"a":2}\r\n',
        }
        with tempfile.TemporaryDirectory() as scratch:
            for name, text in inputs.items():
                with self.subTest(input=name):
                    path, out = os.path.join(scratch, name), os.path.join(scratch, "out.ndjson")
                    with open(path, "w", encoding="utf-8") as f:
                        f.write(text)
                    texts = test_infer.record_texts(path)
                    schema = test_infer.infer_texts(texts, partitions=2)
                    kind = types.row_kind_of_schema(schema)
                    ours = [values.format_row(kind, coerce.row_values(schema, infer.parse_record(t))) for t in texts]
                    subprocess.run([ETL, "convert", path, out], check=True, capture_output=True)
                    with open(out, encoding="utf-8") as f:
                        self.assertEqual(ours, f.read().split("\n")[:-1])

    def test_doubles_are_written_as_etl_convert_writes_them(self):
        if not os.path.exists(ETL):
            self.skipTest("etl is not built (dotnet build functions/Etl.Local -c Release, or set ETL_BIN)")
        from test_values_spec import DOUBLES
        with tempfile.TemporaryDirectory() as scratch:
            source, out = os.path.join(scratch, "d.ndjson"), os.path.join(scratch, "out.ndjson")
            with open(source, "w", encoding="utf-8") as f:
                f.writelines('{"d":%s}\n' % text for text in DOUBLES)
            subprocess.run([ETL, "convert", source, out], check=True, capture_output=True)
            with open(out, encoding="utf-8") as f:
                written = [line[len('{"d":'):-1] for line in f.read().split("\n")[:-1]]
        self.assertEqual(written, list(DOUBLES.values()))
        self.assertEqual([values.format_float(float(t)) for t in DOUBLES], written)


if __name__ == "__main__":
    unittest.main()
