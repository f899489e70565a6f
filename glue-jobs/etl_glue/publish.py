"""Publishing one output file from parts written in parallel, so a failed run leaves nothing under the final key.

Each Spark task writes the formatted lines of its slice of rows to a temporary object under
_tmp/glue/{jobId}/{run}/ (outside output/, so nothing there is ever taken for output; the output bucket expires
_tmp/ after a day in case a run is killed before it cleans up); the driver then streams them, in order, into one multipart upload of the final key
(`pieces` says what goes between them: the JSON array's brackets and separators), completed only when every byte is
there. On failure the upload is aborted and the temporary objects are deleted.
"""

PART_BYTES = 16 * 1024 * 1024  # S3 multipart parts must be at least 5 MiB (all but the last)


def temporary_prefix(job_id, run):
    return "_tmp/glue/%s/%s/" % (job_id, run)


def part_key(prefix, index):
    return "%spart-%06d" % (prefix, index)


def pieces(parts, output_format):
    """What the final file is made of, in order: ("bytes", b"...") literals and ("part", key) temporary objects.

    `parts` is [(key, rows)] in row order; a part holds its rows each followed by "\\n" (NDJSON), or joined by
    ",\\n" without a trailing separator (JSON). The result is what ParquetToJson writes: NDJSON one row per line;
    JSON "[\\n" rows joined by ",\\n" "\\n]\\n", or "[\\n]\\n" without rows.
    """
    out = []
    if output_format == "json":
        out.append(("bytes", b"[\n"))
    written = 0
    for key, rows in parts:
        if rows == 0:
            continue
        if output_format == "json" and written > 0:
            out.append(("bytes", b",\n"))
        out.append(("part", key))
        written += rows
    if output_format == "json":
        out.append(("bytes", b"\n]\n" if written else b"]\n"))
    return out


def part_text(lines, output_format):
    """The text of one temporary part from its formatted rows."""
    if output_format == "json":
        return ",\n".join(lines)
    return "".join(line + "\n" for line in lines)


class PartBuffer:
    """Collects bytes and hands them on in parts of at least `size` bytes. `close` sends what is left as the last
    part — unless nothing was sent yet: then it returns the bytes, for one plain PutObject (a small file, or an empty
    one, needs no multipart upload)."""

    def __init__(self, send, size=PART_BYTES):
        self._send = send
        self._size = size
        self._chunks = []
        self._length = 0
        self.total = 0
        self.parts = 0

    def write(self, data):
        if not data:
            return
        self._chunks.append(bytes(data))
        self._length += len(data)
        self.total += len(data)
        if self._length >= self._size:
            self._flush()

    def close(self):
        if self.parts == 0:
            whole = b"".join(self._chunks)
            self._chunks, self._length = [], 0
            return whole
        if self._length:
            self._flush()
        return None

    def _flush(self):
        self.parts += 1
        self._send(self.parts, b"".join(self._chunks))
        self._chunks = []
        self._length = 0


class MultipartSink:
    """A write-only file over an S3 multipart upload (`send(number, data)` uploads one part): what pyarrow's Parquet
    writer writes the output into, so nothing appears under the final key until `complete` is called."""

    def __init__(self, send, size=PART_BYTES):
        self._buffer = PartBuffer(send, size)
        self.closed = False

    def write(self, data):
        self._buffer.write(data)
        return len(data)

    def tell(self):
        return self._buffer.total

    def flush(self):
        pass

    def close(self):
        """Ends the file; returns its bytes when they were too few to be sent as a part (see PartBuffer.close)."""
        if self.closed:
            return None
        self.closed = True
        self.remainder = self._buffer.close()
        return self.remainder

    remainder = None

    @property
    def parts(self):
        return self._buffer.parts


class RowGroupBuffer:
    """Collects record batches and releases them as row groups of ~128 MiB uncompressed or 1,000,000 rows (the spec's
    writer defaults), whichever comes first."""

    MAX_ROWS = 1_000_000
    MAX_BYTES = 128 * 1024 * 1024

    def __init__(self, max_rows=MAX_ROWS, max_bytes=MAX_BYTES):
        self._max_rows, self._max_bytes = max_rows, max_bytes
        self._items, self._rows, self._bytes = [], 0, 0

    def add(self, item, rows, size):
        """Adds a batch; returns the batches of a full row group, or None."""
        self._items.append(item)
        self._rows += rows
        self._bytes += size
        if self._rows >= self._max_rows or self._bytes >= self._max_bytes:
            return self.take()
        return None

    def take(self):
        items, self._items, self._rows, self._bytes = self._items, [], 0, 0
        return items


class Upload:
    """One object written in parts through an S3 client (boto3's): a multipart upload, started at the first part and
    completed at the end — or, when the whole object was smaller than one part, a single PutObject. Nothing is visible
    under the key before `finish`; `abort` drops the parts of a failed run."""

    def __init__(self, s3, bucket, key):
        self.s3, self.bucket, self.key = s3, bucket, key
        self.upload_id = None
        self.etags = []

    def send(self, number, data):
        if self.upload_id is None:
            self.upload_id = self.s3.create_multipart_upload(Bucket=self.bucket, Key=self.key)["UploadId"]
        etag = self.s3.upload_part(Bucket=self.bucket, Key=self.key, UploadId=self.upload_id, PartNumber=number, Body=data)["ETag"]
        self.etags.append({"PartNumber": number, "ETag": etag})

    def finish(self, remainder):
        if self.upload_id is None:
            self.s3.put_object(Bucket=self.bucket, Key=self.key, Body=remainder or b"")
        else:
            self.s3.complete_multipart_upload(Bucket=self.bucket, Key=self.key, UploadId=self.upload_id,
                                              MultipartUpload={"Parts": self.etags})

    def abort(self):
        if self.upload_id is not None:
            self.s3.abort_multipart_upload(Bucket=self.bucket, Key=self.key, UploadId=self.upload_id)
