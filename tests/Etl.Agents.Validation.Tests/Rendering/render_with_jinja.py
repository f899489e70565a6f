"""Renders dbt model files with real Jinja (Debian's python3-jinja2): the independent check of the C# renderer.

Reads {"targetSchema": "main", "vars": {...}, "models": [{"name", "template", "incremental"}]} on stdin and writes
the rendered SQL of each model, in order, as a JSON list on stdout. ref/source/config/var/is_incremental/this are
defined the way the validator defines them: relations print as "schema"."name", config() prints nothing.
"""
import json
import sys

try:
    import jinja2
except ImportError:
    sys.stderr.write("python3-jinja2 is not installed: install it (apt-get install python3-jinja2) to run this check\n")
    sys.exit(3)


def quote(identifier):
    return '"' + identifier.replace('"', '""') + '"'


def relation(schema, name):
    return quote(schema) + "." + quote(name)


def render(environment, request, model):
    target = request["targetSchema"]
    variables = request.get("vars", {})
    missing = object()

    def ref(*args, **kwargs):
        return relation(target, args[-1])

    def source(source_name, table_name):
        return relation(source_name, table_name)

    def config(*args, **kwargs):
        return ""

    def var(name, default=missing):
        if name in variables:
            return variables[name]
        if default is missing:
            raise KeyError("var('%s') is not set" % name)
        return default

    def is_incremental():
        return model["incremental"]

    template = environment.from_string(model["template"])
    return template.render(ref=ref, source=source, config=config, var=var, is_incremental=is_incremental,
                           this=relation(target, model["name"]))


def main():
    request = json.load(sys.stdin)
    # dbt's settings: jinja2's defaults for whitespace (no trim_blocks, no lstrip_blocks, keep_trailing_newline off).
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined)
    json.dump([render(environment, request, model) for model in request["models"]], sys.stdout)


main()
