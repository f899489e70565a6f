"""One output file from parts: the bytes ParquetToJson writes (NDJSON lines; the JSON array's brackets and separators),
in S3-sized parts; and JSON arrays split into records as a stream."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..")))

from etl_glue import publish  # noqa: E402
from etl_glue.split import ArrayLayoutError, array_elements, concatenated_objects, layout  # noqa: E402


def assemble(parts, output_format):
    """The final file from (lines per part)."""
    store = {}
    listed = []
    for i, lines in enumerate(parts):
        key = publish.part_key("output/j/_tmp/r/", i)
        store[key] = publish.part_text(lines, output_format).encode()
        listed.append((key, len(lines)))
    out = b""
    for what, value in publish.pieces(listed, output_format):
        out += value if what == "bytes" else store[value]
    return out.decode()


class Publishing(unittest.TestCase):
    def test_ndjson_is_one_row_per_line_across_parts(self):
        self.assertEqual(assemble([['{"a":1}', '{"a":2}'], [], ['{"a":3}']], "ndjson"), '{"a":1}\n{"a":2}\n{"a":3}\n')
        self.assertEqual(assemble([[]], "ndjson"), "")

    def test_json_is_the_array_the_worker_writes(self):
        self.assertEqual(assemble([['{"a":1}', '{"a":2}'], [], ['{"a":3}']], "json"), '[\n{"a":1},\n{"a":2},\n{"a":3}\n]\n')
        self.assertEqual(assemble([[], []], "json"), "[\n]\n")
        self.assertEqual(json.loads(assemble([['{"a":1}'], ['{"a":2}']], "json")), [{"a": 1}, {"a": 2}])

    def test_parts_are_large_enough_for_s3_except_the_last(self):
        sent = []
        buffer = publish.PartBuffer(lambda n, data: sent.append((n, len(data))), size=10)
        for _ in range(7):
            buffer.write(b"abcd")
        buffer.close()
        self.assertEqual([n for n, _ in sent], [1, 2, 3])
        self.assertTrue(all(size >= 10 for _, size in sent[:-1]))
        self.assertEqual(sum(size for _, size in sent), 28)
        self.assertEqual(buffer.total, 28)

    def test_an_output_smaller_than_a_part_is_handed_back_whole(self):
        sent = []
        buffer = publish.PartBuffer(lambda n, data: sent.append(data))
        self.assertEqual(buffer.close(), b"")
        buffer = publish.PartBuffer(lambda n, data: sent.append(data), size=10)
        buffer.write(b"abc")
        self.assertEqual(buffer.close(), b"abc")
        self.assertEqual(sent, [])

    def test_temporary_parts_live_outside_the_output_folder(self):
        prefix = publish.temporary_prefix("j1", "abc")
        self.assertEqual(prefix, "_tmp/glue/j1/abc/")
        self.assertFalse(prefix.startswith("output/"))
        self.assertEqual(publish.part_key(prefix, 3), "_tmp/glue/j1/abc/part-000003")


class S3Store:
    """An in-memory stand-in for the few S3 calls Upload makes (boto3 cannot run here): objects appear only on
    PutObject or CompleteMultipartUpload, as in S3."""

    def __init__(self):
        self.objects, self.uploads, self.calls = {}, {}, []

    def put_object(self, Bucket, Key, Body):
        self.calls.append("put_object")
        self.objects[Key] = Body

    def create_multipart_upload(self, Bucket, Key):
        self.calls.append("create_multipart_upload")
        upload = "u%d" % len(self.uploads)
        self.uploads[upload] = {}
        return {"UploadId": upload}

    def upload_part(self, Bucket, Key, UploadId, PartNumber, Body):
        self.uploads[UploadId][PartNumber] = Body
        return {"ETag": "e%d" % PartNumber}

    def complete_multipart_upload(self, Bucket, Key, UploadId, MultipartUpload):
        parts = self.uploads.pop(UploadId)
        self.objects[Key] = b"".join(parts[p["PartNumber"]] for p in MultipartUpload["Parts"])

    def abort_multipart_upload(self, Bucket, Key, UploadId):
        self.calls.append("abort")
        self.uploads.pop(UploadId)


class Uploads(unittest.TestCase):
    def test_a_large_output_appears_whole_only_when_finished(self):
        store = S3Store()
        upload = publish.Upload(store, "out", "output/j/a.ndjson")
        buffer = publish.PartBuffer(upload.send, size=4)
        for piece in (b"ab", b"cd", b"ef", b"g"):
            buffer.write(piece)
        self.assertEqual(store.objects, {})
        upload.finish(buffer.close())
        self.assertEqual(store.objects, {"output/j/a.ndjson": b"abcdefg"})
        self.assertEqual(store.uploads, {})

    def test_a_small_output_is_one_put(self):
        store = S3Store()
        upload = publish.Upload(store, "out", "output/j/a.json")
        buffer = publish.PartBuffer(upload.send)
        buffer.write(b"[\n]\n")
        upload.finish(buffer.close())
        self.assertEqual(store.objects, {"output/j/a.json": b"[\n]\n"})
        self.assertEqual(store.calls, ["put_object"])

    def test_a_failed_run_leaves_nothing(self):
        store = S3Store()
        upload = publish.Upload(store, "out", "output/j/a.parquet")
        buffer = publish.PartBuffer(upload.send, size=2)
        buffer.write(b"PAR1")
        upload.abort()
        self.assertEqual(store.objects, {})
        self.assertEqual(store.uploads, {})
        publish.Upload(store, "out", "output/j/b.parquet").abort()  # nothing started: nothing to abort
        self.assertEqual(store.calls.count("abort"), 1)


class ParquetSink(unittest.TestCase):
    def test_the_writer_sees_a_file_whose_bytes_go_out_in_parts(self):
        sent = []
        sink = publish.MultipartSink(lambda n, data: sent.append((n, data)), size=8)
        self.assertEqual(sink.write(b"PAR1"), 4)
        sink.write(b"0123456789")
        self.assertEqual(sink.tell(), 14)
        sink.close()
        sink.close()
        self.assertTrue(sink.closed)
        self.assertIsNone(sink.remainder)
        self.assertEqual(b"".join(d for _, d in sent), b"PAR10123456789")
        self.assertEqual([n for n, _ in sent], [1])  # one part of 14 bytes: parts close once they reach the size

    def test_row_groups_close_at_a_million_rows_or_128_mib(self):
        groups = publish.RowGroupBuffer()
        released = [groups.add(i, 50_000, 1000) for i in range(20)]
        self.assertEqual(released[:19], [None] * 19)
        self.assertEqual(released[19], list(range(20)))
        self.assertIsNone(groups.add("a", 10, 100 * 1024 * 1024))
        self.assertEqual(groups.add("b", 10, 28 * 1024 * 1024), ["a", "b"])
        self.assertEqual(groups.take(), [])


class ArraySplitting(unittest.TestCase):
    def split(self, text, size=3):
        data = text.encode("utf-8")
        return list(array_elements(data[i:i + size] for i in range(0, len(data), size)))

    def test_elements_come_out_whole_whatever_the_chunking(self):
        text = '\ufeff [ {"a": "x,]}", "b": [1, {"c": "\\"]"}]},\n 2 , "s\\\\", null, [[]], {} ]\n'
        expected = ['{"a": "x,]}", "b": [1, {"c": "\\"]"}]}', "2", '"s\\\\"', "null", "[[]]", "{}"]
        for size in (1, 2, 3, 7, 1000):
            self.assertEqual(self.split(text, size), expected, size)

    def test_multibyte_characters_split_across_chunks_survive(self):
        self.assertEqual(self.split('[{"é":"😀"}]', 1), ['{"é":"😀"}'])

    def test_empty_array(self):
        self.assertEqual(self.split("[]"), [])
        self.assertEqual(self.split(" [ ] "), [])

    def test_broken_layouts_are_named(self):
        with self.assertRaisesRegex(ArrayLayoutError, "not closed"):
            self.split('[{"a":1}')
        with self.assertRaisesRegex(ArrayLayoutError, "after the top-level"):
            self.split('[1] 2')
        with self.assertRaisesRegex(ArrayLayoutError, "empty element"):
            self.split('[1,,2]')


class ObjectSequences(unittest.TestCase):
    def split(self, text, size=3):
        data = text.encode("utf-8")
        return list(concatenated_objects(data[i:i + size] for i in range(0, len(data), size)))

    def test_objects_one_after_another_whatever_the_chunking(self):
        text = '\ufeff{"a": "}{", "b": [1, {"c": "\\"}"}]}\n{\n  "d": 2\n}{"e":[]}\n\n'
        expected = ['{"a": "}{", "b": [1, {"c": "\\"}"}]}', '{\n  "d": 2\n}', '{"e":[]}']
        for size in (1, 2, 5, 1000):
            self.assertEqual(self.split(text, size), expected, size)

    def test_broken_sequences_are_named(self):
        with self.assertRaisesRegex(ArrayLayoutError, "not closed"):
            self.split('{"a":1}\n{"b":')
        with self.assertRaisesRegex(ArrayLayoutError, "not an object"):
            self.split('{"a":1}\n2')

    def test_the_layout_is_told_from_the_first_bytes(self):
        self.assertEqual(layout(b'{"a":1}\n{"a":2}\n'), "ndjson")
        self.assertEqual(layout(b'\xef\xbb\xbf  {"a":1}\r\n'), "ndjson")
        self.assertEqual(layout(b'{\n  "a": 1\n}\n'), "objects")
        self.assertEqual(layout(b'{"a":"a line longer than the head'), "objects")
        self.assertEqual(layout(b' [{"a":1}]'), "array")
        self.assertEqual(layout(b'42'), "value")


if __name__ == "__main__":
    unittest.main()
