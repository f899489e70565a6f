"""etl_glue.values against the corpus's oracle (DuckDB's expected NDJSON, the same files and conventions the .NET
conformance tests compare with), value by value, for every file with an expected output and every column type the
spec's table covers."""
import base64
import decimal
import json
import math
import os
import struct
import sys
import unittest

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..")))
sys.path.insert(0, os.path.dirname(__file__))

import corpus  # noqa: E402
from etl_glue import values  # noqa: E402


def same(kind, ours, theirs, where):
    """Our parsed JSON value equals DuckDB's under the MANIFEST's expected_conventions."""
    if theirs is None or ours is None:
        assert ours is None and theirs is None, "%s: ours %r, DuckDB %r" % (where, ours, theirs)
        return
    k = kind["kind"]
    if k in ("float32", "float16", "double"):
        expected = float(theirs)
        if math.isnan(expected):
            assert ours == "NaN", "%s: %r for NaN" % (where, ours)
        elif math.isinf(expected):
            assert ours == ("Infinity" if expected > 0 else "-Infinity"), "%s: %r" % (where, ours)
        elif k in ("float32", "float16"):
            # FLOAT (FLOAT16) is written as its own shortest text; DuckDB widens it to double first.
            width = "<f" if k == "float32" else "<e"
            got = struct.unpack(width, struct.pack(width, float(ours)))[0]
            assert got == expected, "%s: our FLOAT %r reads back as %r, DuckDB %r" % (where, ours, got, expected)
        else:
            assert float(ours) == expected, "%s: ours %r, DuckDB %r" % (where, ours, theirs)
    elif k == "decimal":
        assert decimal.Decimal(ours) == decimal.Decimal(theirs), "%s: ours %r, DuckDB %r" % (where, ours, theirs)
    elif k == "binary":
        assert base64.b64decode(ours, validate=True) == corpus.blob_of(theirs), "%s: %r vs %r" % (where, ours, theirs)
    elif k == "timestamp":
        assert ours.endswith("Z") == kind["utc"], "%s: %r (UTC: %s)" % (where, ours, kind["utc"])
        assert "T" in ours, where
        got = corpus.units_of_timestamp(_duck_rendering(ours), kind["digits"])
        assert got == corpus.units_of_timestamp(theirs, kind["digits"]), "%s: ours %r, DuckDB %r" % (where, ours, theirs)
    elif k == "list":
        assert len(ours) == len(theirs), where
        for i, (a, b) in enumerate(zip(ours, theirs)):
            same(kind["element"], a, b, "%s[%d]" % (where, i))
    elif k == "struct":
        assert list(ours) == [f["name"] for f in kind["fields"]], "%s: keys %r" % (where, list(ours))
        for f in kind["fields"]:
            same(f["type"], ours[f["name"]], theirs.get(f["name"]), "%s.%s" % (where, f["name"]))
    elif k == "map":
        assert list(ours) == list(theirs), where
        for key in theirs:
            same(kind["value"], ours[key], theirs[key], "%s[%r]" % (where, key))
    else:
        assert ours == theirs, "%s: ours %r, DuckDB %r" % (where, ours, theirs)


def _duck_rendering(ours):
    """Our "YYYY-MM-DDTHH:MM:SS[.f][Z]" in DuckDB's form, expanded years as DuckDB's (BC) years."""
    text = ours.rstrip("Z")
    date, _, time = text.partition("T")
    if date[0] in "+-":
        year = int(date[:-6])
        rest = date[-6:]
        if year <= 0:
            return "%d%s (BC) %s" % (1 - year, rest, time)
        return "%d%s %s" % (year, rest, time)
    return date + " " + time


class ValuesAgainstTheOracle(unittest.TestCase):
    def test_every_corpus_value_formats_as_the_oracle_reads_it(self):
        checked_files = 0
        checked_values = 0
        kinds_seen = set()
        for entry, kinds in corpus.checked_entries():
            row_kind = {"kind": "struct", "fields": [{"name": n, "type": k} for n, k in kinds]}
            with self.subTest(file=entry["name"]):
                for number, row in enumerate(corpus.expected_rows(entry)):
                    raw = [corpus.transport(k, row.get(n)) for n, k in kinds]
                    line = values.format_row(row_kind, raw)
                    self.assertNotIn("\n", line)
                    ours = json.loads(line, parse_float=decimal.Decimal, parse_constant=self._no_constants)
                    same(row_kind, ours, row, "%s row %d" % (entry["name"], number))
                    checked_values += len(kinds)
                checked_files += 1
                kinds_seen.update(k["kind"] for _, k in kinds)
        self.assertGreaterEqual(checked_files, 40)
        self.assertGreater(checked_values, 10000)
        for kind in ("int", "boolean", "float32", "float16", "double", "decimal", "string", "binary", "uuid", "date", "time",
                     "timestamp", "list", "struct", "map"):
            self.assertIn(kind, kinds_seen)

    def test_decimals_have_exactly_their_scale(self):
        for entry in corpus.manifest()["files"]:
            if entry["name"] != "extra/duckdb_types_zstd_v1.parquet":
                continue
            for c in entry["columns"]:
                t = corpus.parse_duck_type(c["duckdb_type"])
                if t.name != "DECIMAL":
                    continue
                for row in corpus.expected_rows(entry):
                    if row[c["name"]] is None:
                        continue
                    text = values.format_decimal(row[c["name"]], t.args[1])
                    self.assertEqual(len(text.partition(".")[2]), t.args[1], text)
                    self.assertEqual(decimal.Decimal(text), row[c["name"]])
                return
        self.fail("extra/duckdb_types_zstd_v1.parquet is not in the MANIFEST")

    @staticmethod
    def _no_constants(name):
        raise ValueError("our output holds the bare token %s, which is not JSON" % name)


if __name__ == "__main__":
    unittest.main()
