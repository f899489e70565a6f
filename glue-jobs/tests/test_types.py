"""etl_glue.types: Parquet columns as pyarrow types them → the spec's JSON kinds; inferred JSON fields → kinds and
Spark types."""
import os
import sys
import unittest

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..")))

from etl_glue import types  # noqa: E402
from etl_glue.types import kind_of_arrow, parquet_annotation, transport_of_arrow  # noqa: E402


class ArrowKinds(unittest.TestCase):
    def test_the_spec_table(self):
        cases = [
            ({"type": "bool"}, None, {"kind": "boolean"}),
            ({"type": "uint64"}, None, {"kind": "int"}),
            ({"type": "int8"}, None, {"kind": "int"}),
            ({"type": "float"}, None, {"kind": "float32"}),
            ({"type": "halffloat"}, None, {"kind": "float16"}),
            ({"type": "double"}, None, {"kind": "double"}),
            ({"type": "decimal", "precision": 38, "scale": 3}, None, {"kind": "decimal", "scale": 3}),
            ({"type": "string"}, None, {"kind": "string"}),
            ({"type": "large_string"}, "JSON", {"kind": "json"}),
            ({"type": "binary"}, "ENUM", {"kind": "string"}),
            ({"type": "binary"}, "BSON", {"kind": "binary"}),
            ({"type": "binary"}, None, {"kind": "binary"}),
            ({"type": "fixed_size_binary", "width": 16}, "UUID", {"kind": "uuid"}),
            ({"type": "fixed_size_binary", "width": 16}, None, {"kind": "binary"}),
            ({"type": "fixed_size_binary", "width": 12}, "INTERVAL", {"kind": "interval"}),
            ({"type": "extension", "name": "arrow.uuid", "storage": {"type": "fixed_size_binary", "width": 16}}, None, {"kind": "uuid"}),
            ({"type": "date32[day]"}, None, {"kind": "date"}),
            ({"type": "time", "unit": "ms"}, None, {"kind": "time", "digits": 3}),
            ({"type": "time", "unit": "ns"}, None, {"kind": "time", "digits": 9}),
            ({"type": "timestamp", "unit": "us", "tz": "UTC"}, None, {"kind": "timestamp", "digits": 6, "utc": True}),
            ({"type": "timestamp", "unit": "ms", "tz": None}, None, {"kind": "timestamp", "digits": 3, "utc": False}),
            ({"type": "timestamp", "unit": "ns", "tz": None}, "INT96", {"kind": "timestamp", "digits": 9, "utc": True}),
            ({"type": "null"}, None, {"kind": "null"}),
        ]
        for desc, logical, kind in cases:
            self.assertEqual(kind_of_arrow(desc, logical), kind, (desc, logical))

    def test_nested_types(self):
        desc = {"type": "struct", "fields": [
            {"name": "l", "type": {"type": "list", "element": {"type": "timestamp", "unit": "ns", "tz": "UTC"}}},
            {"name": "m", "type": {"type": "map", "key": {"type": "string"}, "value": {"type": "int32"}}}]}
        self.assertEqual(kind_of_arrow(desc), {"kind": "struct", "fields": [
            {"name": "l", "type": {"kind": "list", "element": {"kind": "timestamp", "digits": 9, "utc": True}}},
            {"name": "m", "type": {"kind": "map", "key": {"kind": "string"}, "value": {"kind": "int"}}}]})
        self.assertEqual(transport_of_arrow(desc), {"type": "struct", "fields": [
            {"name": "l", "type": {"type": "list", "element": {"type": "int64"}}},
            {"name": "m", "type": {"type": "map", "key": {"type": "string"}, "value": {"type": "int32"}}}]})
        self.assertTrue(types.contains_transform(desc))
        self.assertFalse(types.contains_transform({"type": "list", "element": {"type": "string"}}))

    def test_parquet_annotations_reach_nested_leaves_in_schema_order(self):
        descs = [
            {"type": "int64"},
            {"type": "struct", "fields": [
                {"name": "j", "type": {"type": "string"}},
                {"name": "u", "type": {"type": "list", "element": {"type": "fixed_size_binary", "width": 16}}}]},
            {"type": "map", "key": {"type": "binary"}, "value": {"type": "timestamp", "unit": "ns", "tz": None}},
        ]
        kinds = types.kinds_of_columns(descs, [None, "JSON", "UUID", "ENUM", "INT96"])
        self.assertEqual(kinds[0], {"kind": "int"})
        self.assertEqual(kinds[1], {"kind": "struct", "fields": [
            {"name": "j", "type": {"kind": "json"}},
            {"name": "u", "type": {"kind": "list", "element": {"kind": "uuid"}}}]})
        self.assertEqual(kinds[2], {"kind": "map", "key": {"kind": "string"},
                                    "value": {"kind": "timestamp", "digits": 9, "utc": True}})
        with self.assertRaisesRegex(ValueError, "more leaf columns"):
            types.kinds_of_columns(descs, [None] * 6)
        with self.assertRaisesRegex(ValueError, "more leaves"):
            types.kinds_of_columns(descs, [None] * 4)

    def test_leaves_that_do_not_line_up_fall_back_to_top_level_annotations(self):
        descs = [{"type": "string"}, {"type": "map", "key": {"type": "int32"}, "value": {"type": "null"}}]
        kinds = types.kinds_of_file(["j", "m"], descs, ["j", "m.key_value.key"], ["JSON", None])
        self.assertEqual(kinds, [{"kind": "json"}, {"kind": "map", "key": {"kind": "int"}, "value": {"kind": "null"}}])

    def test_temporal_values_travel_as_integers(self):
        self.assertEqual(transport_of_arrow({"type": "date32[day]"}), {"type": "int32"})
        self.assertEqual(transport_of_arrow({"type": "time", "unit": "ms"}), {"type": "int32"})
        self.assertEqual(transport_of_arrow({"type": "time", "unit": "us"}), {"type": "int64"})
        self.assertEqual(transport_of_arrow({"type": "halffloat"}), {"type": "float"})

    def test_unknown_arrow_types_are_refused_by_name(self):
        with self.assertRaisesRegex(ValueError, "month_day_nano_interval"):
            kind_of_arrow({"type": "month_day_nano_interval"})

    def test_parquet_annotations(self):
        self.assertEqual(parquet_annotation("INT96", "NONE", "NONE"), "INT96")
        self.assertEqual(parquet_annotation("BYTE_ARRAY", "JSON", "JSON"), "JSON")
        self.assertEqual(parquet_annotation("BYTE_ARRAY", "NONE", "ENUM"), "ENUM")
        self.assertEqual(parquet_annotation("FIXED_LEN_BYTE_ARRAY", "NONE", "INTERVAL"), "INTERVAL")
        self.assertEqual(parquet_annotation("FIXED_LEN_BYTE_ARRAY", "UUID", "NONE"), "UUID")
        self.assertIsNone(parquet_annotation("BYTE_ARRAY", "STRING", "UTF8"))


class InferredKinds(unittest.TestCase):
    SCHEMA = {"records": 2, "wraps_values": False, "fields": [
        {"name": "t", "type": "TIMESTAMP", "nullable": False},
        {"name": "l", "type": "TIMESTAMP_LOCAL", "nullable": True},
        {"name": "s", "type": "STRUCT", "nullable": True, "fields": [{"name": "d", "type": "DATE", "nullable": True}]},
        {"name": "a", "type": "LIST", "nullable": False, "element": {"name": "element", "type": "INT64", "nullable": True}},
        {"name": "j", "type": "JSON", "nullable": True},
    ]}

    def test_kinds(self):
        self.assertEqual(types.row_kind_of_schema(self.SCHEMA)["fields"], [
            {"name": "t", "type": {"kind": "timestamp", "digits": 6, "utc": True}},
            {"name": "l", "type": {"kind": "timestamp", "digits": 6, "utc": False}},
            {"name": "s", "type": {"kind": "struct", "fields": [{"name": "d", "type": {"kind": "date"}}]}},
            {"name": "a", "type": {"kind": "list", "element": {"kind": "int"}}},
            {"name": "j", "type": {"kind": "json"}},
        ])

    def test_arrow_schema_has_the_dotnet_writers_types_and_required_fields(self):
        fields = types.arrow_schema_of(self.SCHEMA)
        self.assertEqual(fields[0], {"name": "t", "type": {"type": "timestamp", "unit": "us", "tz": "UTC"}, "nullable": False})
        self.assertEqual(fields[1]["type"], {"type": "timestamp", "unit": "us", "tz": None})
        self.assertEqual(fields[2], {"name": "s", "nullable": True, "type": {"type": "struct", "fields": [
            {"name": "d", "type": {"type": "date32"}, "nullable": True}]}})
        self.assertEqual(fields[3], {"name": "a", "nullable": False, "type": {
            "type": "list", "element": {"type": "int64"}, "element_nullable": True}})
        self.assertEqual(fields[4]["type"], {"type": "string", "json": True})

    def test_spark_schema(self):
        spark = types.spark_schema_of(self.SCHEMA)
        self.assertEqual(spark["type"], "struct")
        self.assertEqual([(f["name"], f["type"], f["nullable"]) for f in spark["fields"][:2]],
                         [("t", "timestamp", False), ("l", "timestamp_ntz", True)])
        self.assertEqual(spark["fields"][2]["type"], {"type": "struct", "fields": [
            {"name": "d", "type": "date", "nullable": True, "metadata": {}}]})
        self.assertEqual(spark["fields"][3]["type"], {"type": "array", "elementType": "long", "containsNull": True})
        self.assertEqual(spark["fields"][4]["type"], "string")


if __name__ == "__main__":
    unittest.main()
