"""The elements of one top-level JSON array, streamed from byte chunks: each element's text, one at a time, so an
array of any size is read with one element in memory. The elements are checked by json.loads later."""
import json
import re

_STRUCTURAL = re.compile(rb'["\[\]{},]')
_STRING_END = re.compile(rb'["\\]')


class ArrayLayoutError(ValueError):
    pass


def _string_step(chunk, i, element, escaped):
    """Inside a string: copies into element up to and including the next quote or backslash (or the chunk's end), and
    says where the scan goes on and whether it is still inside the string, after a backslash."""
    if escaped:
        element.append(chunk[i])
        return i + 1, True, False
    m = _STRING_END.search(chunk, i)
    if m is None:
        element += chunk[i:]
        return len(chunk), True, False
    element += chunk[i:m.end()]
    if m.group() == b"\\":
        return m.end(), True, True
    return m.end(), False, False


def array_elements(chunks):
    depth = 0           # 0 before '[', 1 inside the array, >1 inside an element
    in_string = False
    escaped = False
    started = False
    element = bytearray()
    done = False
    for chunk in chunks:
        i = 0
        n = len(chunk)
        while i < n:
            if done:
                if chunk[i:].strip(b" \t\r\n"):
                    raise ArrayLayoutError("data after the top-level JSON array ends")
                break
            if not started:
                rest = chunk[i:].lstrip(b"\xef\xbb\xbf \t\r\n")
                if not rest:
                    break
                if rest[:1] != b"[":
                    raise ArrayLayoutError("the input does not start with '['")
                i = n - len(rest) + 1
                started, depth = True, 1
                continue
            if in_string:
                i, in_string, escaped = _string_step(chunk, i, element, escaped)
                continue
            m = _STRUCTURAL.search(chunk, i)
            if m is None:
                element += chunk[i:]
                break
            c = m.group()
            if depth == 1 and c in (b",", b"]"):
                element += chunk[i:m.start()]
                text = bytes(element).strip(b" \t\r\n")
                element = bytearray()
                if text:
                    yield text.decode("utf-8")
                elif c == b",":
                    raise ArrayLayoutError("an empty element in the top-level JSON array")
                if c == b"]":
                    done = True
                i = m.end()
                continue
            element += chunk[i:m.end()]
            i = m.end()
            if c == b'"':
                in_string = True
            elif c in (b"[", b"{"):
                depth += 1
            elif c in (b"]", b"}"):
                depth -= 1
    if not done:
        raise ArrayLayoutError("the top-level JSON array is not closed (the input is truncated)")


_CONTAINER = re.compile(rb'["\[\]{}]')
_WHITESPACE = b" \t\r\n"


def concatenated_objects(chunks):
    """The objects of an input that is a sequence of top-level objects separated by whitespace (NDJSON, JSON Lines,
    pretty-printed objects one after another, or a single object): each object's text, streamed."""
    depth = 0
    in_string = False
    escaped = False
    element = bytearray()
    seen = False  # before the first object, the byte order mark's bytes are skipped too (a chunk may split it)
    for chunk in chunks:
        i = 0
        n = len(chunk)
        while i < n:
            if depth == 0:
                rest = chunk[i:].lstrip(_WHITESPACE if seen else b"\xef\xbb\xbf" + _WHITESPACE)
                if not rest:
                    break
                seen = True
                if rest[:1] != b"{":
                    raise ArrayLayoutError("a top-level value that is not an object follows an object; the input must be"
                                           " objects one after another (NDJSON), or one array")
                i = n - len(rest) + 1
                element = bytearray(b"{")
                depth = 1
                continue
            if in_string:
                i, in_string, escaped = _string_step(chunk, i, element, escaped)
                continue
            m = _CONTAINER.search(chunk, i)
            if m is None:
                element += chunk[i:]
                break
            element += chunk[i:m.end()]
            i = m.end()
            c = m.group()
            if c == b'"':
                in_string = True
            elif c in (b"[", b"{"):
                depth += 1
            else:
                depth -= 1
                if depth == 0:
                    yield bytes(element).decode("utf-8")
                    element = bytearray()
    if depth:
        raise ArrayLayoutError("the last object is not closed (the input is truncated)")


def layout(head):
    """How an input's records are laid out, from its first bytes (up to 1 MiB): "ndjson" (objects, the first one whole
    on the first line: Spark reads lines in parallel), "objects" (objects spanning lines: streamed by one task),
    "array" (one top-level array: its elements, streamed by one task), or "value" (one scalar)."""
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if text.startswith("["):
        return "array"
    if not text.startswith("{"):
        return "value"
    line, newline, _ = text.partition("\n")
    if newline:
        try:
            json.loads(line)
            return "ndjson"
        except ValueError:
            pass
    return "objects"
