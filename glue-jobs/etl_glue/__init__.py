"""Plain-Python parts of the Glue convert job: value formats, type mapping, inference, job-record updates.

Nothing here imports pyspark, pyarrow or boto3, so Debian's python3 tests exactly the code the job runs.
"""
