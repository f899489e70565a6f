"""Glue 5.0 (Spark 3.5, Python 3.11) job: the `convert` stage of a convert job whose input is too large for a Lambda.

The state machine runs it in place of the worker's convert Task when the input is larger than
ETL_GLUE_THRESHOLD_BYTES; profile and catalog then run on the worker as usual. It does what ConvertStage does
(functions/Etl.Core/Pipeline/Stages/ConvertStage.cs): Parquet → NDJSON/JSON, or JSON/NDJSON → Parquet (or NDJSON/JSON
normalized by the same inference), one file at output/{jobId}/{name}.{format}, and records the stage on the job
(stage, progress, stages, rowCount, bytesOut, outputS3Key) conditionally on the job still being RUNNING.

Every value format, type mapping, the inference and the record updates live in the etl_glue package (plain Python,
tested by glue-jobs/tests under Debian's python3); this script only moves data with Spark, pyarrow and boto3.
A failure raises with a message saying what and where; the state machine's Catch then fails the job through the worker.
"""
import os
import sys
import tempfile
import uuid
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
if os.path.isdir(os.path.join(HERE, "etl_glue")):
    sys.path.insert(0, HERE)

from etl_glue import coerce, infer, publish, records, split, types, values  # noqa: E402
from etl_glue.arguments import load_declaration, parse_arguments  # noqa: E402


HEAD_BYTES = 1 << 20  # enough of the input to tell its layout

# Spark reads and distributes; pyarrow reads and writes the Parquet (types Spark cannot hold, REQUIRED fields, the
# schema metadata). Times in UTC.
SPARK_SQL = {"spark.sql.session.timeZone": "UTC"}


class ConvertError(Exception):
    """A conversion that cannot be done, with what to do about it."""


# ---- Arrow type descriptions (the plain form etl_glue.types maps) ----

def describe_arrow(t):
    import pyarrow as pa
    if isinstance(t, pa.ExtensionType):
        return {"type": "extension", "name": t.extension_name, "storage": describe_arrow(t.storage_type)}
    if pa.types.is_struct(t):
        return {"type": "struct", "fields": [{"name": t.field(i).name, "type": describe_arrow(t.field(i).type)} for i in range(t.num_fields)]}
    if pa.types.is_map(t):
        return {"type": "map", "key": describe_arrow(t.key_type), "value": describe_arrow(t.item_type)}
    if pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t):
        return {"type": "list", "element": describe_arrow(t.value_type)}
    if pa.types.is_dictionary(t):
        return describe_arrow(t.value_type)
    if pa.types.is_timestamp(t):
        return {"type": "timestamp", "unit": t.unit, "tz": t.tz}
    if pa.types.is_time(t):
        return {"type": "time", "unit": t.unit}
    if pa.types.is_decimal(t):
        return {"type": "decimal", "precision": t.precision, "scale": t.scale}
    if pa.types.is_fixed_size_binary(t):
        return {"type": "fixed_size_binary", "width": t.byte_width}
    return {"type": str(t)}


def arrow_type(desc):
    """The pyarrow type of a description (etl_glue.types: transport_of_arrow, arrow_type_of_inferred)."""
    import pyarrow as pa
    t = desc["type"]
    if t == "struct":
        return pa.struct([pa.field(f["name"], arrow_type(f["type"]), nullable=f.get("nullable", True)) for f in desc["fields"]])
    if t == "list":
        return pa.list_(pa.field("element", arrow_type(desc["element"]), nullable=desc.get("element_nullable", True)))
    if t == "map":
        return pa.map_(arrow_type(desc["key"]), arrow_type(desc["value"]))
    if t == "decimal":
        return (pa.decimal128 if desc["precision"] <= 38 else pa.decimal256)(desc["precision"], desc["scale"])
    if t == "fixed_size_binary":
        return pa.binary(desc["width"])
    if t == "timestamp":
        return pa.timestamp(desc["unit"], desc["tz"])
    if t == "time":
        return pa.time32(desc["unit"]) if desc["unit"] in ("s", "ms") else pa.time64(desc["unit"])
    if desc.get("json") and hasattr(pa, "json_"):
        return pa.json_()  # pyarrow ≥ 19 writes it with Parquet's JSON logical type
    return pa.type_for_alias(t.split("[")[0])


def arrow_schema(fields, metadata=None):
    import pyarrow as pa
    return pa.schema([pa.field(f["name"], arrow_type(f["type"]), nullable=f["nullable"]) for f in fields], metadata=metadata)


def s3_filesystem():
    """pyarrow's S3 client, in the job's region (as boto3 resolves it) and at AWS_ENDPOINT_URL_S3 when set."""
    import boto3
    from pyarrow import fs
    options = {"region": os.environ.get("AWS_REGION") or boto3.session.Session().region_name or "us-east-1"}
    if os.environ.get("AWS_ENDPOINT_URL_S3"):
        options["endpoint_override"] = os.environ["AWS_ENDPOINT_URL_S3"]
    return fs.S3FileSystem(**options)


def parquet_kinds(bucket, key):
    """(row groups, [(transport description or None, kind)] per top-level column, column names) of a Parquet input."""
    import pyarrow.parquet as pq
    with s3_filesystem().open_input_file("%s/%s" % (bucket, key)) as f:
        parquet = pq.ParquetFile(f)
        schema = parquet.schema_arrow
        # What pyarrow's Arrow types do not carry (JSON, UUID, ENUM, INTERVAL annotations, INT96 instants), leaf by leaf.
        annotations, paths = [], []
        for i in range(len(parquet.schema)):
            column = parquet.schema.column(i)
            logical = str(column.logical_type.type) if column.logical_type is not None else None
            annotations.append(types.parquet_annotation(column.physical_type, logical, column.converted_type))
            paths.append(column.path)
        descs = [describe_arrow(field.type) for field in schema]
        kinds = types.kinds_of_file(schema.names, descs, paths, annotations)
        columns = [(types.transport_of_arrow(d) if types.contains_transform(d) else None, k) for d, k in zip(descs, kinds)]
        return parquet.metadata.num_row_groups, columns, schema.names


def format_row_groups(bucket, key, columns, names, output_format, out_bucket, prefix):
    """A Spark task: formats its row groups and writes them as one temporary part per row group."""
    def run(indexes):
        import boto3
        import pyarrow as pa
        import pyarrow.parquet as pq
        s3 = boto3.client("s3")
        row_kind = {"kind": "struct", "fields": [{"name": n, "type": c[1]} for n, c in zip(names, columns)]}
        with s3_filesystem().open_input_file("%s/%s" % (bucket, key)) as f:
            parquet = pq.ParquetFile(f)
            for index in indexes:
                table = parquet.read_row_group(index)
                arrays = []
                for i, (transport, _) in enumerate(columns):
                    column = table.column(i)
                    if pa.types.is_dictionary(column.type):
                        column = column.cast(column.type.value_type)
                    arrays.append(column.cast(arrow_type(transport)) if transport is not None else column)
                table = pa.Table.from_arrays(arrays, names=[str(i) for i in range(len(arrays))])
                with tempfile.TemporaryFile() as spool:
                    rows = 0
                    for batch in table.to_batches(max_chunksize=65536):
                        data = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
                        lines = [values.format_row(row_kind, [c[r] for c in data]) for r in range(batch.num_rows)]
                        text = publish.part_text(lines, output_format)
                        if output_format == "json" and rows > 0 and lines:
                            text = ",\n" + text
                        spool.write(text.encode("utf-8"))
                        rows += batch.num_rows
                    spool.seek(0)
                    part = publish.part_key(prefix, index)
                    s3.upload_fileobj(spool, out_bucket, part)
                yield (index, part, rows)
    return run


def json_records(spark, bucket, key, s3):
    """The input's records as an RDD of JSON texts in input order, and its layout (etl_glue.split.layout)."""
    head = s3.get_object(Bucket=bucket, Key=key, Range="bytes=0-%d" % (HEAD_BYTES - 1))["Body"].read()
    shape = split.layout(head)
    if shape == "ndjson":
        # Spark splits the file at line ends across tasks; partitions keep the file's order.
        lines = spark.read.text("s3://%s/%s" % (bucket, key)).rdd.map(lambda r: r[0].lstrip("\ufeff").strip())
        return lines.filter(lambda line: line != ""), shape

    def stream(_):
        import boto3
        body = boto3.client("s3").get_object(Bucket=bucket, Key=key)["Body"]
        chunks = iter(lambda: body.read(1 << 20), b"")
        if shape == "array":
            return split.array_elements(chunks)
        if shape == "objects":
            return split.concatenated_objects(chunks)
        return [b"".join(chunks).decode("utf-8").lstrip("\ufeff").strip()]
    # A layout that cannot be split at line ends is streamed by one task, and stays one partition: repartitioning
    # would lose the records' order, which the output keeps.
    return spark.sparkContext.parallelize([0], 1).flatMap(stream), shape


def parse(texts):
    for number, text in enumerate(texts):
        try:
            yield infer.parse_record(text)
        except ValueError as e:
            raise ConvertError("Record %d of this slice of the input is not valid JSON (%s): %s… Fix the record; an input"
                               " whose first line is a whole object is read as NDJSON, one record per line." % (number + 1, e, text[:120]))


def infer_schema(texts, shape):
    def count(partition):
        node = infer.Node()
        for record in parse(partition):
            node.add(record)
        yield node
    nodes = texts.mapPartitions(count).collect()  # in partition order: columns keep their first appearance
    root = infer.Node()
    for node in nodes:
        root.merge(node)
    return infer.resolve(root, shape)


def main(argv):
    import boto3
    from awsglue.utils import getResolvedOptions
    from pyspark import StorageLevel
    from pyspark.sql import SparkSession

    declaration = load_declaration()
    # getResolvedOptions checks the required arguments the Glue way; parse_arguments reads them all, optional ones too.
    getResolvedOptions(argv, [a["name"][2:] for a in declaration["arguments"] if a["required"]])
    args = parse_arguments(argv, declaration)
    job_id = args["job-id"]
    input_bucket, output_bucket, table = args["input-bucket"], args["output-bucket"], args["jobs-table"]
    dynamo, s3 = boto3.client("dynamodb"), boto3.client("s3")

    item = dynamo.get_item(TableName=table, Key={"jobId": {"S": job_id}}, ConsistentRead=True).get("Item")
    job = records.job_of_item(item)
    if job is not None and job["status"] != records.RUNNING and job["type"] == "convert":
        print("Job %s is %s, not RUNNING: nothing to do (a late or repeated run)." % (job_id, job["status"]))
        return
    problem = records.check_runnable(job, job_id)
    if problem:
        raise ConvertError(problem)
    input_key = job["inputS3Key"]
    if args.get("input-key", input_key) != input_key:
        raise ConvertError("--input-key %s is not job %s's input (%s); pass the job's inputS3Key, or leave the argument out."
                           % (args["input-key"], job_id, input_key))
    output_format = job["outputFormat"] or args.get("output-format") or records.default_output_format(job["inputFormat"])
    final_key = records.output_key(job_id, job["fileName"], output_format)

    def update(request):
        try:
            dynamo.update_item(**request)
        except dynamo.exceptions.ConditionalCheckFailedException:
            raise ConvertError("Job %s is no longer RUNNING (it was failed or completed meanwhile): the Glue run stops."
                               % job_id) from None

    request, runs = records.enter_stage(table, item, datetime.now(timezone.utc))
    update(request)

    spark = SparkSession.builder.appName("etl-convert-%s" % job_id).getOrCreate()
    for name, value in SPARK_SQL.items():
        spark.conf.set(name, value)
    prefix = publish.temporary_prefix(job_id, uuid.uuid4().hex)
    try:
        if job["inputFormat"] == "parquet":
            if output_format == "parquet":
                raise ConvertError("The input is already Parquet; trigger with outputFormat \"ndjson\" (default) or \"json\".")
            groups, columns, names = parquet_kinds(input_bucket, input_key)
            parts = (spark.sparkContext.parallelize(range(groups), max(groups, 1))
                     .mapPartitions(format_row_groups(input_bucket, input_key, columns, names, output_format, output_bucket, prefix))
                     .collect())
            update(records.report_progress(table, job_id, 0.9, datetime.now(timezone.utc)))
            rows, size = concatenate(s3, output_bucket, sorted(parts), output_format, final_key)
        else:
            texts, layout = json_records(spark, input_bucket, input_key, s3)
            texts.persist(StorageLevel.MEMORY_AND_DISK)  # read twice: inference, then conversion
            schema = infer_schema(texts, infer.shape_of(layout))
            if infer.normalize_applies(job, schema):
                raise ConvertError(
                    "Splitting JSON into related tables (normalize) is not done by the Glue job that converts inputs over"
                    " ETL_GLUE_THRESHOLD_BYTES. Trigger the job with \"normalize\": false, or raise ETL_GLUE_THRESHOLD_BYTES"
                    " so the worker converts it.")
            update(records.report_progress(table, job_id, 0.4, datetime.now(timezone.utc)))
            rows = schema["records"]
            if output_format == "parquet":
                size = write_parquet(texts, schema, s3, output_bucket, final_key)
            else:
                row_kind = types.row_kind_of_schema(schema)

                def format_partition(index, partition):
                    import boto3 as b
                    rows_ = 0
                    with tempfile.TemporaryFile() as spool:
                        for record in parse(partition):
                            line = values.format_row(row_kind, coerce.row_values(schema, record))
                            separator = ",\n" if output_format == "json" and rows_ else ""
                            spool.write((separator + publish.part_text([line], output_format)).encode("utf-8"))
                            rows_ += 1
                        spool.seek(0)
                        part = publish.part_key(prefix, index)
                        b.client("s3").upload_fileobj(spool, output_bucket, part)
                    yield (index, part, rows_)
                parts = texts.mapPartitionsWithIndex(format_partition).collect()
                rows, size = concatenate(s3, output_bucket, sorted(parts), output_format, final_key)
    finally:
        delete_prefix(s3, output_bucket, prefix)

    update(records.finish_stage(table, job_id, runs, datetime.now(timezone.utc), rows, size, final_key))


def concatenate(s3, bucket, parts, output_format, final_key):
    """The temporary parts, in order, as one object at final_key (a multipart upload, completed only at the end)."""
    upload = publish.Upload(s3, bucket, final_key)
    try:
        buffer = publish.PartBuffer(upload.send)
        for what, value in publish.pieces([(key, rows) for _, key, rows in parts], output_format):
            if what == "bytes":
                buffer.write(value)
                continue
            body = s3.get_object(Bucket=bucket, Key=value)["Body"]
            for chunk in iter(lambda: body.read(1 << 20), b""):
                buffer.write(chunk)
        upload.finish(buffer.close())
    except BaseException:
        upload.abort()
        raise
    return sum(rows for _, _, rows in parts), buffer.total


BATCH_ROWS = 50_000  # divides the 1,000,000-row row groups


def write_parquet(texts, schema, s3, bucket, final_key):
    """JSON → Parquet: executors turn their records into Arrow record batches (in parallel, kept on disk); the driver
    then writes them, partition by partition in input order, with pyarrow into one multipart upload of final_key —
    the types, REQUIRED fields, writer defaults and schema metadata of the .NET writer. Returns the file's size."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from pyspark import StorageLevel
    fields = types.arrow_schema_of(schema)
    columns = schema["fields"]

    def encode(partition):
        import pyarrow as pa_
        target = arrow_schema(fields)
        rows = []

        def batch():
            arrays = [pa_.array([row[i] for row in rows], type=target.field(i).type) for i in range(len(columns))]
            sink = pa_.BufferOutputStream()
            table = pa_.Table.from_arrays(arrays, schema=target)
            with pa_.ipc.new_stream(sink, target) as writer:
                writer.write_table(table)
            return (len(rows), table.nbytes, sink.getvalue().to_pybytes())
        for record in parse(partition):
            rows.append(coerce.row_values(schema, record, arrow=True))
            if len(rows) == BATCH_ROWS:
                yield batch()
                rows = []
        if rows:
            yield batch()

    batches = texts.mapPartitions(encode)
    batches.persist(StorageLevel.MEMORY_AND_DISK)
    batches.count()  # every batch built, in parallel, before the one writer starts

    upload = publish.Upload(s3, bucket, final_key)
    try:
        sink = publish.MultipartSink(upload.send)
        target = arrow_schema(fields, metadata={infer.METADATA_KEY: infer.schema_json(schema)})
        writer = pq.ParquetWriter(pa.PythonFile(sink, mode="w"), target, compression="snappy", use_dictionary=True,
                                  dictionary_pagesize_limit=1024 * 1024, data_page_size=1024 * 1024,
                                  write_statistics=True, use_compliant_nested_type=True, version="2.6")
        groups = publish.RowGroupBuffer()

        def write(items):
            if items:
                writer.write_table(pa.concat_tables(items), row_group_size=publish.RowGroupBuffer.MAX_ROWS)
        for rows, size, blob in batches.toLocalIterator():
            table = pa.ipc.open_stream(blob).read_all().replace_schema_metadata(target.metadata)
            write(groups.add(table, rows, size))
        write(groups.take())
        writer.close()
        sink.close()
        upload.finish(sink.remainder)
        return sink.tell()
    except BaseException:
        upload.abort()
        raise
    finally:
        batches.unpersist()


def delete_prefix(s3, bucket, prefix):
    paginator = s3.get_paginator("list_objects_v2")
    for page in paginator.paginate(Bucket=bucket, Prefix=prefix):
        keys = [{"Key": o["Key"]} for o in page.get("Contents", [])]
        if keys:
            s3.delete_objects(Bucket=bucket, Delete={"Objects": keys, "Quiet": True})


if __name__ == "__main__":
    main(sys.argv)
