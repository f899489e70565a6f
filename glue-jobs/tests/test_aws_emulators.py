"""The boto3 calls of the Glue job against the S3 and DynamoDB emulators the .NET AWS tests use (tests/emulators:
s3rver, dynalite on 127.0.0.1): the job-record updates as real conditional UpdateItems on an item shaped like the
worker's, and convert_job's own publishing functions (concatenate, delete_prefix) on real multipart uploads.
Runs where boto3 is importable (Glue has it; Debian's python3 does not, so test.sh skips it) and node and the
emulators' packages are installed (`npm ci` in tests/emulators)."""
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
GLUE = os.path.dirname(HERE)
REPO = os.path.dirname(GLUE)
EMULATORS = os.path.join(REPO, "tests", "emulators")
sys.path.insert(0, GLUE)

from etl_glue import publish, records  # noqa: E402

try:
    import boto3
    from botocore.config import Config
except ImportError:  # Debian's python3
    boto3 = None


def start(args):
    process = subprocess.Popen(["node"] + args, cwd=EMULATORS, stdout=subprocess.PIPE, text=True)
    port = json.loads(process.stdout.readline())["port"]
    return process, "http://127.0.0.1:%d" % port


@unittest.skipIf(boto3 is None, "boto3 is not installed for this python (Glue has it; Debian's python3 does not)")
@unittest.skipIf(shutil.which("node") is None or not os.path.isdir(os.path.join(EMULATORS, "node_modules")),
                 "node or tests/emulators/node_modules missing (npm ci in tests/emulators)")
class AgainstEmulators(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.mkdtemp()
        cls.dynalite, dynamo_url = start(["dynamodb.js", "0"])
        cls.s3rver, s3_url = start(["s3.js", cls.scratch, "0", "out"])
        cls.dynamo = boto3.client("dynamodb", endpoint_url=dynamo_url, region_name="us-east-1",
                                  aws_access_key_id="test", aws_secret_access_key="test")
        # s3rver's fixed credentials; checksums only when required, or newer botocore sends aws-chunked bodies with
        # trailing checksums, which s3rver stores as they are (real S3 decodes them).
        cls.s3 = boto3.client("s3", endpoint_url=s3_url, region_name="us-east-1", aws_access_key_id="S3RVER",
                              aws_secret_access_key="S3RVER",
                              config=Config(s3={"addressing_style": "path"}, request_checksum_calculation="when_required",
                                            response_checksum_validation="when_required"))
        cls.dynamo.create_table(TableName="jobs", BillingMode="PAY_PER_REQUEST",
                                AttributeDefinitions=[{"AttributeName": "jobId", "AttributeType": "S"}],
                                KeySchema=[{"AttributeName": "jobId", "KeyType": "HASH"}])

    @classmethod
    def tearDownClass(cls):
        for process in (cls.dynalite, cls.s3rver):
            process.terminate()
            process.wait()
        shutil.rmtree(cls.scratch, ignore_errors=True)

    def item(self, job_id, status="RUNNING"):
        # The attributes JobItem.ToItem writes for a RUNNING convert job after its validate stage.
        return {
            "jobId": {"S": job_id}, "type": {"S": "convert"}, "fileName": {"S": "big.ndjson"}, "status": {"S": status},
            "progress": {"N": "0.25"}, "createdAt": {"S": "2026-12-07T20:00:00.0000000Z"},
            "updatedAt": {"S": "2026-12-07T20:01:00.0000000Z"}, "inputS3Key": {"S": "uploads/%s/big.ndjson" % job_id},
            "inputFormat": {"S": "ndjson"}, "outputFormat": {"S": "parquet"}, "stage": {"S": "validate"},
            "listing": {"S": "jobs"}, "createdAtJobId": {"S": "2026-12-07T20:00:00.0000000Z#%s" % job_id},
            "stages": {"L": [{"M": {"name": {"S": "validate"}, "status": {"S": "COMPLETED"},
                                    "startedAt": {"S": "2026-12-07T20:00:30.0000000Z"},
                                    "completedAt": {"S": "2026-12-07T20:01:00.0000000Z"}, "attempts": {"N": "1"}}}]},
        }

    def test_the_stage_is_recorded_as_the_worker_records_it(self):
        self.dynamo.put_item(TableName="jobs", Item=self.item("j1"))
        item = self.dynamo.get_item(TableName="jobs", Key={"jobId": {"S": "j1"}}, ConsistentRead=True)["Item"]
        now = datetime.datetime(2026, 12, 7, 20, 2, tzinfo=datetime.timezone.utc)
        request, runs = records.enter_stage("jobs", item, now)
        self.dynamo.update_item(**request)
        self.dynamo.update_item(**records.report_progress("jobs", "j1", 0.5, now))
        self.dynamo.update_item(**records.finish_stage("jobs", "j1", runs, now + datetime.timedelta(minutes=3), 42, 1234,
                                                       "output/j1/big.parquet"))
        stored = self.dynamo.get_item(TableName="jobs", Key={"jobId": {"S": "j1"}}, ConsistentRead=True)["Item"]
        self.assertEqual(stored["status"], {"S": "RUNNING"})
        self.assertEqual(stored["stage"], {"S": "convert"})
        self.assertEqual(stored["progress"], {"N": "0.5"})
        self.assertEqual(stored["rowCount"], {"N": "42"})
        self.assertEqual(stored["bytesOut"], {"N": "1234"})
        self.assertEqual(stored["outputS3Key"], {"S": "output/j1/big.parquet"})
        self.assertEqual(stored["updatedAt"], {"S": "2026-12-07T20:05:00.0000000Z"})
        self.assertEqual([r["M"]["name"]["S"] for r in stored["stages"]["L"]], ["validate", "convert"])
        self.assertEqual(stored["stages"]["L"][1]["M"]["status"], {"S": "COMPLETED"})
        self.assertEqual(stored["listing"], {"S": "jobs"})  # attributes the job does not touch stay as they were

    def test_a_job_that_is_no_longer_running_is_never_moved(self):
        self.dynamo.put_item(TableName="jobs", Item=self.item("j2", status="FAILED"))
        item = self.dynamo.get_item(TableName="jobs", Key={"jobId": {"S": "j2"}}, ConsistentRead=True)["Item"]
        request, _ = records.enter_stage("jobs", item, datetime.datetime.now(datetime.timezone.utc))
        with self.assertRaises(self.dynamo.exceptions.ConditionalCheckFailedException):
            self.dynamo.update_item(**request)
        stored = self.dynamo.get_item(TableName="jobs", Key={"jobId": {"S": "j2"}}, ConsistentRead=True)["Item"]
        self.assertEqual(stored["stage"], {"S": "validate"})

    def test_parts_become_one_output_only_when_complete(self):
        import convert_job
        prefix = publish.temporary_prefix("j3", "run1")
        line = '{"a":"%s"}' % ("x" * 3000)
        parts = []
        for index, count in enumerate((4000, 0, 3000, 1)):
            key = publish.part_key(prefix, index)
            self.s3.put_object(Bucket="out", Key=key, Body=publish.part_text([line] * count, "json").encode())
            parts.append((index, key, count))
        rows, size = convert_job.concatenate(self.s3, "out", parts, "json", "output/j3/big.json")
        body = self.s3.get_object(Bucket="out", Key="output/j3/big.json")["Body"].read()
        self.assertEqual(rows, 7001)
        self.assertEqual(size, len(body))
        self.assertGreater(size, publish.PART_BYTES)  # a real multipart upload
        self.assertEqual(len(json.loads(body)), 7001)
        self.assertTrue(body.startswith(b"[\n{") and body.endswith(b"}\n]\n"))
        convert_job.delete_prefix(self.s3, "out", prefix)
        self.assertNotIn("Contents", self.s3.list_objects_v2(Bucket="out", Prefix=prefix))

    def test_a_small_output_and_a_failed_one(self):
        import convert_job
        key = publish.part_key(publish.temporary_prefix("j4", "r"), 0)
        self.s3.put_object(Bucket="out", Key=key, Body=b'{"a":1}\n')
        convert_job.concatenate(self.s3, "out", [(0, key, 1)], "ndjson", "output/j4/small.ndjson")
        self.assertEqual(self.s3.get_object(Bucket="out", Key="output/j4/small.ndjson")["Body"].read(), b'{"a":1}\n')
        with self.assertRaises(Exception):
            convert_job.concatenate(self.s3, "out", [(0, key, 1), (1, "_tmp/glue/j4/r/missing", 1)], "ndjson",
                                    "output/j4/failed.ndjson")
        self.assertNotIn("Contents", self.s3.list_objects_v2(Bucket="out", Prefix="output/j4/failed"))


if __name__ == "__main__":
    unittest.main()
