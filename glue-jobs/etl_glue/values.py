"""One Parquet value as JSON text, as ../shared/spec/parquet-json.md specifies and the .NET writer
(functions/Etl.Core/Convert/JsonValueWriter.cs, NumberText.cs, TemporalText.cs, JsonText.cs) writes it.

Values arrive in their "transport" form (what convert_job.py hands over after casting Arrow temporal columns to
integers): ints for integers, dates (days since 1970-01-01), times and timestamps (units since midnight / the
epoch); float for FLOAT/DOUBLE/FLOAT16; decimal.Decimal (or the unscaled int) for DECIMAL; str for strings and JSON;
bytes for binary, UUID and INTERVAL; dict or list of pairs for structs; list for lists; list of (key, value) pairs
for maps. The column's kind comes from etl_glue.types.
"""
import base64
import datetime
import decimal
import json
import math
import struct

_EPOCH_DATE = datetime.date(1970, 1, 1)
_EPOCH = datetime.datetime(1970, 1, 1)

# .NET's shortest round-trip formatting writes scientific notation when the decimal point would fall more than the
# type's round-trip digit count (17, 9, 5) to the right of the first digit, or more than 3 places to its left
# (1E+17 but 10000000000000000; 1E-05 but 0.0001; float 1E+09 but 100000000).
_ROUND_TRIP_DIGITS = {"double": 17, "float32": 9, "float16": 5}
_PACK = {"float32": "<f", "float16": "<e"}


def format_value(kind, value):
    """JSON text of one value of a column of `kind` (a dict from etl_glue.types); None is `null`."""
    if value is None:
        return "null"
    name = kind["kind"]
    if name == "boolean":
        return "true" if value else "false"
    if name == "int":
        return str(int(value))
    if name in ("double", "float32", "float16"):
        return format_float(value, name)
    if name == "decimal":
        return format_decimal(value, kind["scale"])
    if name == "string":
        return quote(value if isinstance(value, str) else bytes(value).decode("utf-8", "replace"))
    if name == "json":
        return embedded_json(value)
    if name == "binary":
        return '"' + base64.b64encode(bytes(value)).decode("ascii") + '"'
    if name == "uuid":
        return '"' + format_uuid(value) + '"'
    if name == "date":
        return '"' + format_date(_days(value)) + '"'
    if name == "time":
        return '"' + format_time(_units_of_day(value, kind["digits"]), kind["digits"]) + '"'
    if name == "timestamp":
        text = format_timestamp(_epoch_units(value, kind["digits"]), kind["digits"])
        return '"' + text + ('Z"' if kind["utc"] else '"')
    if name == "interval":
        months, days, millis = struct.unpack("<III", bytes(value))
        return '{"months":%d,"days":%d,"millis":%d}' % (months, days, millis)
    if name == "struct":
        return format_struct(kind, value)
    if name == "list":
        element = kind["element"]
        return "[" + ",".join(format_value(element, v) for v in value) + "]"
    if name == "map":
        return format_map(kind, value)
    if name == "null":
        return "null"
    raise ValueError("no JSON format for a column of kind %r" % name)


def format_row(kind, row):
    """One output line (without its newline) of a row of a top-level struct `kind`."""
    return format_struct(kind, row)


def format_struct(kind, value):
    fields = kind["fields"]
    if isinstance(value, dict):
        values = [value.get(f["name"]) for f in fields]
    else:
        values = list(value)
    parts = []
    for field, v in zip(fields, values):
        parts.append(quote(field["name"]) + ":" + format_value(field["type"], v))
    return "{" + ",".join(parts) + "}"


def format_map(kind, pairs):
    if isinstance(pairs, dict):
        pairs = list(pairs.items())
    key_kind, value_kind = kind["key"], kind["value"]
    if key_kind["kind"] == "string":
        return "{" + ",".join(quote(k) + ":" + format_value(value_kind, v) for k, v in pairs) + "}"
    return "[" + ",".join(
        '{"key":' + format_value(key_kind, k) + ',"value":' + format_value(value_kind, v) + "}" for k, v in pairs) + "]"


# ---- numbers ----

def format_float(value, width="double"):
    """Shortest round-trip text of a DOUBLE, FLOAT or FLOAT16, as .NET writes it; non-finite values as strings."""
    value = float(value)
    if math.isnan(value):
        return '"NaN"'
    if math.isinf(value):
        return '"Infinity"' if value > 0 else '"-Infinity"'
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    digits, exponent = _shortest_digits(value, width)
    negative = value < 0
    # exponent: the value is 0.DIGITS × 10^exponent ("digit position" in .NET's formatter).
    precision = _ROUND_TRIP_DIGITS[width]
    sign = "-" if negative else ""
    if exponent > precision or exponent < -3:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        e = exponent - 1
        return "%s%sE%s%02d" % (sign, mantissa, "+" if e >= 0 else "-", abs(e))
    if exponent <= 0:
        return sign + "0." + "0" * (-exponent) + digits
    if exponent >= len(digits):
        return sign + digits + "0" * (exponent - len(digits))
    return sign + digits[:exponent] + "." + digits[exponent:]


def _shortest_digits(value, width):
    """Significant digits (no leading/trailing zeros) and the decimal exponent of 0.DIGITS, shortest round trip."""
    if width == "double":
        text = repr(abs(value))
    else:
        fmt = _PACK[width]
        text = None
        for precision in range(1, 18):
            candidate = "%.*e" % (precision - 1, abs(value))
            try:
                matches = struct.pack(fmt, float(candidate)) == struct.pack(fmt, abs(value))
            except OverflowError:  # rounded past the type's largest finite value
                matches = False
            if matches:
                text = candidate
                break
    mantissa, _, exp = text.lower().partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    leading = len(whole + fraction) - len((whole + fraction).lstrip("0"))
    exponent = len(whole) + (int(exp) if exp else 0) - leading
    digits = digits.rstrip("0") or "0"
    return digits, exponent


def format_decimal(value, scale):
    """A DECIMAL with exactly `scale` fraction digits, never through binary floating point."""
    if isinstance(value, int):
        unscaled = value
    else:
        sign, digits, exponent = decimal.Decimal(value).as_tuple()
        magnitude = int("".join(map(str, digits)) or "0")
        shift = exponent + scale
        if shift >= 0:
            magnitude *= 10 ** shift
        else:
            magnitude, rest = divmod(magnitude, 10 ** -shift)
            if rest:
                raise ValueError("decimal %s has more than %d fraction digits" % (value, scale))
        unscaled = -magnitude if sign else magnitude
    negative = unscaled < 0
    digits = str(abs(unscaled))
    sign = "-" if negative else ""
    if scale <= 0:
        return sign + digits
    if len(digits) <= scale:
        return sign + "0." + "0" * (scale - len(digits)) + digits
    return sign + digits[:-scale] + "." + digits[-scale:]


# ---- text ----

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def quote(text):
    """A JSON string as .NET's JsonText writes it: only '"', '\\' and control characters escaped, the rest raw."""
    out = ['"']
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20:
            out.append("\\u%04x" % ord(ch))
        elif 0xD800 <= ord(ch) <= 0xDFFF:
            out.append("\ufffd")  # a lone surrogate cannot be UTF-8: replaced, as the .NET writer repairs bad UTF-8
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def embedded_json(text):
    """A JSON-annotated value: the embedded JSON itself, minified; text that is not JSON stays a string."""
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("utf-8", "replace")
    try:
        json.loads(text, parse_constant=_reject_constant)
    except ValueError:
        return quote(text)
    return minify(text)


def _reject_constant(name):
    raise ValueError("%s is not JSON" % name)


def minify(text):
    """Valid JSON text without the whitespace between tokens (strings and numbers kept as written)."""
    out = []
    in_string = False
    escaped = False
    for ch in text:
        if in_string:
            out.append(ch)
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
            out.append(ch)
        elif ch not in " \t\r\n":
            out.append(ch)
    return "".join(out)


def format_uuid(value):
    h = bytes(value).hex()
    return "%s-%s-%s-%s-%s" % (h[0:8], h[8:12], h[12:16], h[16:20], h[20:32])


# ---- dates and times ----

def _days(value):
    if isinstance(value, datetime.date):
        return (value - _EPOCH_DATE).days
    return int(value)


def _units_of_day(value, digits):
    if isinstance(value, datetime.time):
        micros = ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond
        return micros * 10 ** digits // 1_000_000
    return int(value)


def _epoch_units(value, digits):
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        delta = value - _EPOCH
        micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
        return micros * 10 ** digits // 1_000_000
    return int(value)


def civil_from_days(days):
    """(year, month, day) of a proleptic Gregorian day count (Howard Hinnant's civil_from_days)."""
    z = days + 719_468
    era = (z if z >= 0 else z - 146_096) // 146_097
    doe = z - era * 146_097
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return (y + 1 if month <= 2 else y), month, day


def format_year(year):
    if 1 <= year <= 9999:
        return "%04d" % year
    return ("-" if year < 0 else "+") + "%06d" % abs(year)


def format_date(days):
    year, month, day = civil_from_days(days)
    return "%s-%02d-%02d" % (format_year(year), month, day)


def format_time(units, digits):
    """HH:MM:SS[.fraction] of a time of day in units of 10^-digits s, trailing fraction zeros dropped."""
    sign = ""
    if units < 0:
        sign, units = "-", -units
    per_second = 10 ** digits
    seconds, fraction = divmod(units, per_second)
    return "%s%02d:%02d:%02d%s" % (sign, seconds // 3600, seconds // 60 % 60, seconds % 60, _fraction(fraction, digits))


def _fraction(fraction, digits):
    if fraction == 0:
        return ""
    return "." + ("%0*d" % (digits, fraction)).rstrip("0")


def format_timestamp(units, digits):
    """YYYY-MM-DDTHH:MM:SS[.fraction] (no zone) of units of 10^-digits s since the epoch."""
    per_day = 86_400 * 10 ** digits
    days, of_day = divmod(units, per_day)  # floor division: of_day is never negative
    return format_date(days) + "T" + format_time(of_day, digits)
