"""The job's arguments, declared once in glue-jobs/arguments.json (which the CDK app reads too), and read from argv."""
import json
import os
import zipfile


def load_declaration():
    """glue-jobs/arguments.json: beside this package, or at the root of the zip Glue loaded the package from."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = os.path.join(root, "arguments.json")
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    if zipfile.is_zipfile(root):
        with zipfile.ZipFile(root) as z:
            return json.loads(z.read("arguments.json").decode("utf-8"))
    raise FileNotFoundError("arguments.json is neither at %s nor in a zip there; ship glue-jobs/ whole." % path)


def parse_arguments(argv, declaration):
    """{name without "--": value} of the declared arguments in argv (`--name value` or `--name=value`, Glue's forms);
    raises ValueError naming every missing required argument. Undeclared arguments (Glue's own) are ignored."""
    declared = {a["name"]: a for a in declaration["arguments"]}
    found = {}
    i = 1
    while i < len(argv):
        token = argv[i]
        name, eq, value = token.partition("=")
        if name in declared:
            if not eq:
                if i + 1 >= len(argv):
                    raise ValueError("%s has no value" % name)
                value = argv[i + 1]
                i += 1
            found[name[2:]] = value
        i += 1
    missing = [a["name"] for a in declaration["arguments"] if a["required"] and a["name"][2:] not in found]
    if missing:
        raise ValueError("missing job argument(s) %s (declared in glue-jobs/arguments.json)" % ", ".join(missing))
    return found
