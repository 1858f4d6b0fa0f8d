#!/usr/bin/env python3
"""
Runs the Python cells of a notebook (everything but the %%sql cells) against a recording stand-in
for the Spark session, and prints what they asked Spark to do as JSON, per cell, so that
io.segmentation.ops.NotebookTest replays it on a real session in notebook order.

    python3 run_notebook_python.py NOTEBOOK.ipynb PARAMETERS_JSON RESPONSES_JSON

PARAMETERS_JSON: values that replace the parameter cell's (as papermill injects them), e.g.
{"DATABASE": "db", "WAREHOUSE_PATH": "/tmp/warehouse"}.
RESPONSES_JSON: [[substring, value], ...]: what `.first()` returns for a query containing the
substring (value null = no row); the Java test checks each answer against the real tables.

Output (last line): {"cells": {"<cell index>": [call, ...]}, "magic": "sql"} where a call is
{"sql": text, "where": expr|null, "agg": {col: fn}|null, "first": bool, "value": answer}.
Also checks the %%sql magic the setup cell defines for plain Jupyter.
"""

from __future__ import annotations

import json
import sys


class Recorder:
    def __init__(self, responses):
        self.responses = responses
        self.calls = []

    def answer(self, text):
        for substring, value in self.responses:
            if substring in text:
                return value
        raise AssertionError("no scripted answer for a query containing: %s" % text)


class FakeFrame:
    """The DataFrame methods the notebooks call: where, agg, first, limit, toPandas, show."""

    def __init__(self, recorder, call):
        self.recorder = recorder
        self.call = call

    def where(self, condition):
        if not isinstance(condition, str):
            raise AssertionError("where() takes a SQL string in the notebooks (replayable): %r" % (condition,))
        self.call["where"] = condition
        return self

    def agg(self, exprs):
        if not isinstance(exprs, dict):
            raise AssertionError("agg() takes a {column: function} dict in the notebooks: %r" % (exprs,))
        self.call["agg"] = exprs
        return self

    def first(self):
        self.call["first"] = True
        value = self.recorder.answer(self.call["sql"] + " " + (self.call["where"] or ""))
        self.call["value"] = value
        return None if value is None else (value,)

    def limit(self, n):
        return self

    def toPandas(self):
        return "pandas frame of: " + self.call["sql"]

    def show(self, *args, **kwargs):
        return None


class FakeSpark:
    def __init__(self, recorder):
        self.recorder = recorder

    def sql(self, text):
        call = {"sql": text, "where": None, "agg": None, "first": False, "value": None}
        self.recorder.calls.append(call)
        return FakeFrame(self.recorder, call)


class FakeMagics:
    def __init__(self):
        self.magics = {"cell": {}, "line": {}}


class FakeIPython:
    def __init__(self):
        self.magics_manager = FakeMagics()

    def register_magic_function(self, func, magic_kind="line", magic_name=None):
        self.magics_manager.magics[magic_kind][magic_name or func.__name__] = func


def source(cell):
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def main():
    notebook_path, parameters, responses = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
    with open(notebook_path, encoding="utf-8") as f:
        notebook = json.load(f)
    recorder = Recorder(responses)
    ipython = FakeIPython()
    namespace = {"spark": FakeSpark(recorder), "get_ipython": lambda: ipython, "__name__": "__main__"}
    cells = {}
    for index, cell in enumerate(notebook["cells"]):
        text = source(cell)
        if cell["cell_type"] != "code" or text.startswith("%%"):
            continue
        recorder.calls = []
        exec(compile(text, "%s cell %d" % (notebook_path, index), "exec"), namespace)
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            namespace.update(parameters)
        cells[str(index)] = recorder.calls

    magic = ipython.magics_manager.magics["cell"].get("sql")
    if magic is None:
        raise AssertionError("the setup cell defines no %%sql cell magic for plain Jupyter")
    recorder.calls = []
    shown = magic("", "SELECT 1 AS one")
    if [c["sql"] for c in recorder.calls] != ["SELECT 1 AS one"] or not str(shown).startswith("pandas frame"):
        raise AssertionError("the %%sql magic must run the cell with spark.sql and show it: %r" % recorder.calls)
    print(json.dumps({"cells": cells, "magic": "sql"}))


if __name__ == "__main__":
    main()
