"""The job record in DynamoDB as the Glue job reads and updates it — the attribute names and formats of
functions/Etl.Aws/Jobs/JobItem.cs, the moves of functions/Etl.Core/Jobs/JobLifecycle.cs and StageRunner.cs.

Every function returns plain dicts in DynamoDB's low-level attribute-value format, ready for boto3's client
(`update_item(**request)`); every update is conditional on the job still being RUNNING, as the worker's are, so a
job that was failed or completed meanwhile is never moved backwards (the update then fails with
ConditionalCheckFailedException and the Glue job stops).
"""
import datetime

CONVERT_STAGE = "convert"
CONVERT_STAGE_INDEX = 1  # validate → convert → profile → catalog (PipelineDeclaration.Convert)
CONVERT_STAGE_COUNT = 4
RUNNING = "RUNNING"
STAGE_RUNNING = "RUNNING"
STAGE_COMPLETED = "COMPLETED"


def timestamp(moment):
    """Timestamps.Format: fixed-width ISO-8601 UTC with 7 fraction digits (the text sorts like the time)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + "%06d0Z" % moment.microsecond


def number(value):
    """A DynamoDB number as JobItem writes it: integers plainly, doubles in their shortest round-trip form."""
    if isinstance(value, bool):
        raise TypeError("not a number: %r" % value)
    if isinstance(value, int):
        return str(value)
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def overall_progress(stage_progress):
    """PipelineDeclaration.OverallProgress of the convert stage."""
    return (CONVERT_STAGE_INDEX + min(max(stage_progress, 0.0), 1.0)) / CONVERT_STAGE_COUNT


def _text(item, name):
    value = item.get(name)
    return value.get("S") if value else None


def job_of_item(item):
    """The fields of a job record the convert stage needs, from a GetItem's Item."""
    if not item:
        return None
    normalize = item.get("normalize")
    return {
        "jobId": _text(item, "jobId"),
        "type": _text(item, "type") or "convert",
        "status": _text(item, "status"),
        "fileName": _text(item, "fileName"),
        "inputS3Key": _text(item, "inputS3Key"),
        "inputFormat": _text(item, "inputFormat"),
        "outputFormat": _text(item, "outputFormat"),
        "dataset": _text(item, "dataset"),
        "normalize": normalize.get("BOOL") if normalize else None,
        "options": _text(item, "options"),
    }


def default_output_format(input_format):
    """OutputFormats.DefaultFor: Parquet converts to NDJSON, JSON and NDJSON to Parquet."""
    return "ndjson" if input_format == "parquet" else "parquet"


def output_key(job_id, file_name, output_format):
    """StorageKeys.Output: output/{jobId}/{fileName without its extension}.{outputFormat}."""
    dot = file_name.rfind(".")
    stem = file_name[:dot] if dot > 0 else file_name
    return "output/%s/%s.%s" % (job_id, stem, output_format)


def _stage_map(name, status, started, completed=None, attempts=1):
    m = {"name": {"S": name}, "status": {"S": status}, "startedAt": {"S": started}, "attempts": {"N": str(attempts)}}
    if completed is not None:
        m["completedAt"] = {"S": completed}
    return {"M": m}


def entered_stages(item, stage, now_text):
    """StageTimeline.Enter: the stage appended as RUNNING, or, when listed already, RUNNING again with one more attempt."""
    runs = list((item.get("stages") or {}).get("L") or [])
    for i, run in enumerate(runs):
        m = run["M"]
        if m["name"]["S"] == stage:
            attempts = int(m.get("attempts", {}).get("N", "1")) + 1
            runs[i] = _stage_map(stage, STAGE_RUNNING, m["startedAt"]["S"], None, attempts)
            return runs
    runs.append(_stage_map(stage, STAGE_RUNNING, now_text))
    return runs


def completed_stages(runs, stage, now_text):
    """StageTimeline.Complete."""
    runs = list(runs)
    for i, run in enumerate(runs):
        m = run["M"]
        if m["name"]["S"] == stage:
            runs[i] = _stage_map(stage, STAGE_COMPLETED, m["startedAt"]["S"], now_text, int(m.get("attempts", {}).get("N", "1")))
            return runs
    runs.append(_stage_map(stage, STAGE_COMPLETED, now_text, now_text))
    return runs


def _update(table, job_id, sets):
    names = {"#status": "status"}
    values = {":running": {"S": RUNNING}}
    parts = []
    for i, (name, value) in enumerate(sets):
        names["#a%d" % i] = name
        values[":v%d" % i] = value
        parts.append("#a%d = :v%d" % (i, i))
    return {
        "TableName": table,
        "Key": {"jobId": {"S": job_id}},
        "UpdateExpression": "SET " + ", ".join(parts),
        "ConditionExpression": "#status = :running",
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": values,
    }


def enter_stage(table, item, now):
    """JobLifecycle.EnterStage(convert): stage, progress 0.25, updatedAt and the timeline. Returns (request, stages)."""
    now_text = timestamp(now)
    runs = entered_stages(item, CONVERT_STAGE, now_text)
    request = _update(table, _text(item, "jobId"), [
        ("stage", {"S": CONVERT_STAGE}),
        ("progress", {"N": number(overall_progress(0))}),
        ("updatedAt", {"S": now_text}),
        ("stages", {"L": runs}),
    ])
    return request, runs


def report_progress(table, job_id, stage_progress, now):
    """The stage's progress (0–1) as the job's overall progress."""
    return _update(table, job_id, [
        ("progress", {"N": number(overall_progress(stage_progress))}),
        ("updatedAt", {"S": timestamp(now)}),
    ])


def finish_stage(table, job_id, runs, now, row_count, bytes_out, output_key_):
    """JobLifecycle.FinishStage(convert) with the stage's output: rowCount, bytesOut, outputS3Key."""
    now_text = timestamp(now)
    return _update(table, job_id, [
        ("stage", {"S": CONVERT_STAGE}),
        ("progress", {"N": number(overall_progress(1))}),
        ("updatedAt", {"S": now_text}),
        ("stages", {"L": completed_stages(runs, CONVERT_STAGE, now_text)}),
        ("rowCount", {"N": number(int(row_count))}),
        ("bytesOut", {"N": number(int(bytes_out))}),
        ("outputS3Key", {"S": output_key_}),
    ])


def check_runnable(job, job_id):
    """Why the Glue job must not convert this job (a message naming what to do), or None."""
    if job is None:
        return "Job %s is not in the jobs table; check --job-id and --jobs-table." % job_id
    if job["type"] != "convert":
        return "Job %s is a %s job, not a convert job; only convert jobs run on Glue." % (job_id, job["type"])
    if job["status"] != RUNNING:
        return "Job %s is %s, not RUNNING: it was not triggered, or it already ended." % (job_id, job["status"])
    return None
