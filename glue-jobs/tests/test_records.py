"""The job-record updates the Glue job makes, against the worker's (JobItem, JobLifecycle, StageRunner, StageTimeline)."""
import datetime
import os
import sys
import unittest

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..")))

from etl_glue import records  # noqa: E402

NOW = datetime.datetime(2026, 12, 7, 20, 30, 1, 123456, tzinfo=datetime.timezone.utc)
LATER = datetime.datetime(2026, 12, 7, 20, 45, 0, tzinfo=datetime.timezone.utc)


def item(**extra):
    base = {
        "jobId": {"S": "j1"}, "type": {"S": "convert"}, "fileName": {"S": "big.events.ndjson"}, "status": {"S": "RUNNING"},
        "progress": {"N": "0.25"}, "createdAt": {"S": "2026-12-07T20:00:00.0000000Z"},
        "updatedAt": {"S": "2026-12-07T20:29:00.0000000Z"}, "inputS3Key": {"S": "uploads/j1/big.events.ndjson"},
        "inputFormat": {"S": "ndjson"}, "outputFormat": {"S": "parquet"}, "stage": {"S": "validate"},
        "stages": {"L": [{"M": {"name": {"S": "validate"}, "status": {"S": "COMPLETED"}, "startedAt": {"S": "2026-12-07T20:28:00.0000000Z"},
                               "completedAt": {"S": "2026-12-07T20:29:00.0000000Z"}, "attempts": {"N": "1"}}}]},
    }
    base.update(extra)
    return base


def values(request):
    names = request["ExpressionAttributeNames"]
    vals = request["ExpressionAttributeValues"]
    out = {}
    for assignment in request["UpdateExpression"][len("SET "):].split(", "):
        name, _, value = assignment.partition(" = ")
        out[names[name]] = vals[value]
    return out


class JobRecordUpdates(unittest.TestCase):
    def test_timestamps_are_fixed_width_with_seven_fraction_digits(self):
        self.assertEqual(records.timestamp(NOW), "2026-12-07T20:30:01.1234560Z")
        self.assertEqual(records.timestamp(LATER), "2026-12-07T20:45:00.0000000Z")
        self.assertEqual(len(records.timestamp(NOW)), len("2026-12-07T20:29:00.0000000Z"))

    def test_numbers_are_written_as_the_worker_writes_them(self):
        self.assertEqual(records.number(0.25), "0.25")
        self.assertEqual(records.number(0.5), "0.5")
        self.assertEqual(records.number(1.0), "1")
        self.assertEqual(records.number(1234567890123), "1234567890123")
        self.assertEqual(records.overall_progress(0), 0.25)
        self.assertEqual(records.overall_progress(1), 0.5)
        self.assertEqual(records.overall_progress(7), 0.5)

    def test_entering_the_stage_appends_it_running_conditional_on_running(self):
        request, runs = records.enter_stage("etl-pipeline-jobs", item(), NOW)
        self.assertEqual(request["TableName"], "etl-pipeline-jobs")
        self.assertEqual(request["Key"], {"jobId": {"S": "j1"}})
        self.assertEqual(request["ConditionExpression"], "#status = :running")
        self.assertEqual(request["ExpressionAttributeNames"]["#status"], "status")
        self.assertEqual(request["ExpressionAttributeValues"][":running"], {"S": "RUNNING"})
        set_ = values(request)
        self.assertEqual(set_["stage"], {"S": "convert"})
        self.assertEqual(set_["progress"], {"N": "0.25"})
        self.assertEqual(set_["updatedAt"], {"S": "2026-12-07T20:30:01.1234560Z"})
        self.assertEqual([r["M"]["name"]["S"] for r in runs], ["validate", "convert"])
        self.assertEqual(runs[1]["M"], {"name": {"S": "convert"}, "status": {"S": "RUNNING"},
                                        "startedAt": {"S": "2026-12-07T20:30:01.1234560Z"}, "attempts": {"N": "1"}})
        self.assertNotIn("status", set_)  # the Glue job never moves the status: the state machine does

    def test_a_retried_stage_keeps_its_first_start_and_counts_the_attempt(self):
        _, first = records.enter_stage("t", item(), NOW)
        again = item(stages={"L": first})
        _, runs = records.enter_stage("t", again, LATER)
        self.assertEqual(len(runs), 2)
        self.assertEqual(runs[1]["M"]["attempts"], {"N": "2"})
        self.assertEqual(runs[1]["M"]["startedAt"], {"S": "2026-12-07T20:30:01.1234560Z"})

    def test_finishing_records_the_output_as_the_stage_runner_does(self):
        _, runs = records.enter_stage("t", item(), NOW)
        request = records.finish_stage("t", "j1", runs, LATER, 5_000_000, 123_456_789, "output/j1/big.events.parquet")
        set_ = values(request)
        self.assertEqual(request["ConditionExpression"], "#status = :running")
        self.assertEqual(set_["progress"], {"N": "0.5"})
        self.assertEqual(set_["rowCount"], {"N": "5000000"})
        self.assertEqual(set_["bytesOut"], {"N": "123456789"})
        self.assertEqual(set_["outputS3Key"], {"S": "output/j1/big.events.parquet"})
        convert = set_["stages"]["L"][1]["M"]
        self.assertEqual(convert["status"], {"S": "COMPLETED"})
        self.assertEqual(convert["completedAt"], {"S": "2026-12-07T20:45:00.0000000Z"})
        self.assertEqual(convert["startedAt"], {"S": "2026-12-07T20:30:01.1234560Z"})

    def test_progress_updates_touch_only_progress_and_time(self):
        set_ = values(records.report_progress("t", "j1", 0.4, NOW))
        self.assertEqual(set(set_), {"progress", "updatedAt"})
        self.assertEqual(set_["progress"], {"N": "0.35"})

    def test_the_output_key_follows_the_storage_layout(self):
        self.assertEqual(records.output_key("j1", "big.events.ndjson", "parquet"), "output/j1/big.events.parquet")
        self.assertEqual(records.output_key("j1", "data", "ndjson"), "output/j1/data.ndjson")
        self.assertEqual(records.output_key("j1", ".hidden", "json"), "output/j1/.hidden.json")
        self.assertEqual(records.default_output_format("parquet"), "ndjson")
        self.assertEqual(records.default_output_format("json"), "parquet")

    def test_the_job_is_read_from_its_item(self):
        job = records.job_of_item(item(normalize={"BOOL": False}, dataset={"S": "events"}))
        self.assertEqual(job["inputFormat"], "ndjson")
        self.assertEqual(job["normalize"], False)
        self.assertEqual(job["dataset"], "events")
        self.assertIsNone(records.job_of_item(None))

    def test_jobs_that_must_not_run_say_why(self):
        self.assertIsNone(records.check_runnable(records.job_of_item(item()), "j1"))
        self.assertIn("not in the jobs table", records.check_runnable(None, "j1"))
        self.assertIn("agent job", records.check_runnable(records.job_of_item(item(type={"S": "agent"})), "j1"))
        self.assertIn("COMPLETED", records.check_runnable(records.job_of_item(item(status={"S": "COMPLETED"})), "j1"))


if __name__ == "__main__":
    unittest.main()
