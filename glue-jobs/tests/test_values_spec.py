"""etl_glue.values on the examples of ../shared/spec/parquet-json.md and the edge cases of the .NET writer
(JsonValueWriter, NumberText, TemporalText, JsonText), text for text."""
import decimal
import os
import sys
import unittest

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..")))

from etl_glue import values  # noqa: E402
from etl_glue.values import format_value  # noqa: E402


def ts(digits, utc):
    return {"kind": "timestamp", "digits": digits, "utc": utc}


class SpecExamples(unittest.TestCase):
    def test_the_spec_table(self):
        self.assertEqual(format_value({"kind": "boolean"}, True), "true")
        self.assertEqual(format_value({"kind": "int"}, 42), "42")
        self.assertEqual(format_value({"kind": "int"}, 18446744073709551615), "18446744073709551615")
        self.assertEqual(format_value({"kind": "double"}, 0.25), "0.25")
        self.assertEqual(format_value({"kind": "decimal", "scale": 2}, decimal.Decimal("245061573320.00")), "245061573320.00")
        self.assertEqual(format_value({"kind": "decimal", "scale": 2}, 24506157332000), "245061573320.00")
        self.assertEqual(format_value({"kind": "string"}, "cat_15"), '"cat_15"')
        self.assertEqual(format_value({"kind": "json"}, '{ "a" : 1 }'), '{"a":1}')
        self.assertEqual(format_value({"kind": "binary"}, bytes.fromhex("cc1f6940")), '"zB9pQA=="')
        self.assertEqual(format_value({"kind": "uuid"}, bytes.fromhex("03e6c61603f6c550ab49ab6a2d83f793")),
                         '"03e6c616-03f6-c550-ab49-ab6a2d83f793"')
        self.assertEqual(format_value({"kind": "date"}, 14304), '"2009-03-01"')
        self.assertEqual(format_value({"kind": "time", "digits": 3}, ((5 * 60 + 4) * 60 + 21) * 1000 + 3), '"05:04:21.003"')
        self.assertEqual(format_value(ts(6, True), 1641905600 * 10 ** 6), '"2022-01-11T12:53:20Z"')
        self.assertEqual(format_value(ts(3, False), 2297836824600), '"2042-10-25T08:00:24.6"')
        self.assertEqual(format_value({"kind": "interval"}, bytes([1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0])),
                         '{"months":1,"days":2,"millis":3}')
        struct_kind = {"kind": "struct", "fields": [{"name": "a", "type": {"kind": "int"}}, {"name": "b", "type": {"kind": "int"}}]}
        self.assertEqual(format_value(struct_kind, [1, None]), '{"a":1,"b":null}')
        self.assertEqual(format_value({"kind": "list", "element": {"kind": "int"}}, [1, None, 2]), "[1,null,2]")
        string_map = {"kind": "map", "key": {"kind": "string"}, "value": {"kind": "int"}}
        self.assertEqual(format_value(string_map, [("k2", 200000), ("z", None)]), '{"k2":200000,"z":null}')
        int_map = {"kind": "map", "key": {"kind": "int"}, "value": {"kind": "string"}}
        self.assertEqual(format_value(int_map, [(1, "a")]), '[{"key":1,"value":"a"}]')

    def test_non_finite_numbers_are_strings(self):
        for width in ("double", "float32", "float16"):
            self.assertEqual(values.format_float(float("nan"), width), '"NaN"')
            self.assertEqual(values.format_float(float("inf"), width), '"Infinity"')
            self.assertEqual(values.format_float(float("-inf"), width), '"-Infinity"')

    def test_floats_are_shortest_round_trip_as_dotnet_prints_them(self):
        # Each expectation is what `etl convert` wrote for the value (FLOATs from a DuckDB-written Parquet file,
        # DOUBLEs from NDJSON); test_against_dotnet checks the doubles live.
        floats = {1.100000023841858: "1.1", 0.10000000149011612: "0.1", 16777216.0: "16777216", 1e7: "10000000",
                  1e8: "100000000", 1e9: "1E+09", 1.5e9: "1.5E+09", 123456792.0: "123456790",
                  3.4028234663852886e+38: "3.4028235E+38", 1e-45: "1E-45", 0.0001: "0.0001", 1e-5: "1E-05",
                  123456.703125: "123456.7"}
        for value, text in floats.items():
            self.assertEqual(values.format_float(value, "float32"), text, value)
        for value, text in DOUBLES.items():
            self.assertEqual(values.format_float(float(value)), text, value)
        self.assertEqual(values.format_float(65504.0, "float16"), "65500")  # shortest: 65500 reads back as 65504
        self.assertEqual(values.format_float(0.0999755859375, "float16"), "0.1")

    def test_decimals_never_go_through_floating_point(self):
        self.assertEqual(values.format_decimal(decimal.Decimal("1E-7"), 9), "0.000000100")
        self.assertEqual(values.format_decimal(-5, 3), "-0.005")
        self.assertEqual(values.format_decimal(decimal.Decimal("-123456789012345678901234567890123.456"), 3),
                         "-123456789012345678901234567890123.456")
        self.assertEqual(values.format_decimal(decimal.Decimal("12"), 0), "12")
        with self.assertRaises(ValueError):
            values.format_decimal(decimal.Decimal("1.234"), 2)

    def test_times_and_timestamps(self):
        self.assertEqual(format_value(ts(9, True), 1), '"1970-01-01T00:00:00.000000001Z"')
        self.assertEqual(format_value(ts(6, False), -1), '"1969-12-31T23:59:59.999999"')
        self.assertEqual(format_value(ts(6, True), 1500000), '"1970-01-01T00:00:01.5Z"')
        # Expanded years: a sign and at least six digits.
        self.assertEqual(values.format_date(values_days(-44, 3, 15)), "-000044-03-15")
        self.assertEqual(values.format_date(values_days(226414, 1, 7)), "+226414-01-07")
        self.assertEqual(values.format_date(values_days(1, 1, 1)), "0001-01-01")
        self.assertEqual(values.format_date(values_days(0, 12, 31)), "+000000-12-31")
        self.assertEqual(format_value({"kind": "time", "digits": 9}, 86399999999999), '"23:59:59.999999999"')
        self.assertEqual(format_value({"kind": "time", "digits": 6}, 0), '"00:00:00"')

    def test_strings_escape_only_what_json_requires(self):
        self.assertEqual(values.quote('a"b\\c\n\t\x01é€😀<'), '"a\\"b\\\\c\\n\\t\\u0001é€😀<"')
        self.assertEqual(values.quote("\x7f"), '"\x7f"')

    def test_embedded_json_is_minified_and_non_json_stays_text(self):
        self.assertEqual(values.embedded_json('[1, {"a": "x y"},\n 2.50]'), '[1,{"a":"x y"},2.50]')
        self.assertEqual(values.embedded_json("not json"), '"not json"')
        self.assertEqual(values.embedded_json("NaN"), '"NaN"')

    def test_rows_keep_schema_order_and_nulls(self):
        kind = {"kind": "struct", "fields": [{"name": "z", "type": {"kind": "int"}}, {"name": "a", "type": {"kind": "string"}}]}
        self.assertEqual(values.format_row(kind, {"a": "x", "z": None}), '{"z":null,"a":"x"}')


# JSON number text → what `etl convert` writes for it in a DOUBLE column (observed; checked live by test_against_dotnet).
DOUBLES = {"1e15": "1000000000000000", "1.0e14": "100000000000000", "1234567890123456.0": "1234567890123456",
           "12345678901234567890.0": "1.2345678901234567E+19", "0.0001": "0.0001", "0.00001": "1E-05",
           "1.5e-7": "1.5E-07", "5e-324": "5E-324", "1.7976931348623157e308": "1.7976931348623157E+308",
           "-2.5": "-2.5", "-0.0": "-0", "1.0": "1", "1e16": "10000000000000000", "1e17": "1E+17",
           "1.5e16": "15000000000000000", "12345678901234567.0": "12345678901234568", "10.1": "10.1", "0.25": "0.25"}


def values_days(year, month, day):
    from etl_glue.infer import days_from_civil
    return days_from_civil(year, month, day)


if __name__ == "__main__":
    unittest.main()
