"""convert_job.py compiles, and the arguments it reads are exactly those glue-jobs/arguments.json declares (the file the
CDK app reads) and those the .NET GlueJobClient passes."""
import ast
import json
import os
import py_compile
import re
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
GLUE = os.path.dirname(HERE)
REPO = os.path.dirname(GLUE)
sys.path.insert(0, GLUE)

from etl_glue.arguments import load_declaration, parse_arguments  # noqa: E402


def script_tree():
    with open(os.path.join(GLUE, "convert_job.py"), encoding="utf-8") as f:
        return ast.parse(f.read())


class Script(unittest.TestCase):
    def test_the_script_compiles(self):
        with tempfile.TemporaryDirectory() as out:
            py_compile.compile(os.path.join(GLUE, "convert_job.py"), cfile=os.path.join(out, "c.pyc"), doraise=True)
        result = subprocess.run([sys.executable, "-m", "py_compile", os.path.join(GLUE, "convert_job.py")], capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_the_etl_glue_package_does_not_import_spark_arrow_or_boto3(self):
        for name in os.listdir(os.path.join(GLUE, "etl_glue")):
            if not name.endswith(".py"):
                continue
            with open(os.path.join(GLUE, "etl_glue", name), encoding="utf-8") as f:
                tree = ast.parse(f.read())
            for node in ast.walk(tree):
                modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                for module in modules:
                    self.assertFalse(module.split(".")[0] in ("pyspark", "pyarrow", "boto3", "awsglue"), "%s imports %s" % (name, module))

    def test_the_arguments_read_are_the_arguments_declared(self):
        declared = {a["name"][2:] for a in load_declaration()["arguments"]}
        used = set()
        for node in ast.walk(script_tree()):
            # args["name"] and args.get("name")
            if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "args" \
                    and isinstance(node.slice, ast.Constant):
                used.add(node.slice.value)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "args":
                used.add(node.args[0].value)
        self.assertEqual(used, declared)

    def test_the_dotnet_client_passes_the_per_run_arguments(self):
        with open(os.path.join(REPO, "functions", "Etl.Aws", "Glue", "GlueJobClient.cs"), encoding="utf-8") as f:
            client = f.read()
        passed = set(re.findall(r'\["(--[a-z-]+)"\]', client))
        declaration = load_declaration()
        per_run = {a["name"] for a in declaration["arguments"] if a["perRun"]}
        required_per_run = {a["name"] for a in declaration["arguments"] if a["perRun"] and a["required"]}
        self.assertEqual(passed, {"--job-id", "--input-key"})
        self.assertTrue(required_per_run <= passed <= per_run)

    def test_arguments_parse_in_both_glue_forms_and_missing_ones_are_named(self):
        declaration = load_declaration()
        argv = ["convert_job.py", "--JOB_ID", "jr_1", "--job-id", "j1", "--input-key=uploads/j1/a.json", "--input-bucket", "in",
                "--output-bucket", "out", "--jobs-table", "etl-pipeline-jobs"]
        args = parse_arguments(argv, declaration)
        self.assertEqual(args, {"job-id": "j1", "input-key": "uploads/j1/a.json", "input-bucket": "in", "output-bucket": "out",
                                "jobs-table": "etl-pipeline-jobs"})
        with self.assertRaises(ValueError) as e:
            parse_arguments(["convert_job.py", "--job-id", "j1"], declaration)
        self.assertIn("--input-bucket", str(e.exception))
        self.assertIn("--jobs-table", str(e.exception))
        self.assertNotIn("--input-key", str(e.exception))

    def test_the_declaration_is_well_formed(self):
        with open(os.path.join(GLUE, "arguments.json"), encoding="utf-8") as f:
            declaration = json.load(f)
        names = [a["name"] for a in declaration["arguments"]]
        self.assertEqual(len(names), len(set(names)))
        for argument in declaration["arguments"]:
            self.assertRegex(argument["name"], r"^--[a-z]+(-[a-z]+)*$")
            self.assertIsInstance(argument["required"], bool)
            self.assertTrue(argument["description"])


if __name__ == "__main__":
    unittest.main()
