#!/usr/bin/env python3
"""
Checks the Airflow DAG without Airflow: stubs the airflow modules the DAG imports, imports the DAG
file (which builds its DAG at import), checks schedule, retries and the exit-code policy, renders
the task's templated fields for one logical date and prints them as JSON (the last line on stdout).

    python3 check_dag.py --dag src/main/airflow/customer_segmentation_dag.py --ds 2011-12-10 \
        --var segmentation_jar=app.jar --var segmentation_config=conf/local.conf ...

Run by io.segmentation.ops.AirflowDagTest, which then runs the rendered command line (as validate)
against the job. Exit 0 when every check passes; a failed check ends with a traceback on stderr.
"""

from __future__ import annotations

import argparse
import copy
import importlib.util
import json
import os
import re
import sys
import tempfile
import types
from datetime import datetime, timedelta


# ---------------------------------------------------------------- airflow stubs


class AirflowException(Exception):
    pass


class AirflowFailException(AirflowException):
    pass


_current_dag: list = []


class DAG:
    """The DAG constructor arguments the DAG file may use (an unknown one is a TypeError)."""

    def __init__(self, dag_id, *, description=None, schedule=None, start_date=None, catchup=None,
                 max_active_runs=None, default_args=None, doc_md=None, tags=None):
        self.dag_id = dag_id
        self.description = description
        self.schedule = schedule
        self.start_date = start_date
        self.catchup = catchup
        self.max_active_runs = max_active_runs
        self.default_args = default_args or {}
        self.doc_md = doc_md
        self.tags = tags or []
        self.tasks = []

    def __enter__(self):
        _current_dag.append(self)
        return self

    def __exit__(self, *exc):
        _current_dag.pop()
        return False


class BaseOperator:
    """Applies the DAG's default_args like Airflow does; accepts only BaseOperator arguments."""

    template_fields: tuple = ()
    _BASE_ARGS = {"owner", "retries", "retry_delay", "execution_timeout", "retry_exponential_backoff",
                  "email_on_failure", "email", "depends_on_past", "pool", "queue", "do_xcom_push"}

    def __init__(self, *, task_id, **kwargs):
        self.task_id = task_id
        self.dag = _current_dag[-1] if _current_dag else None
        merged = dict(self.dag.default_args if self.dag else {})
        merged.update(kwargs)
        unknown = set(merged) - self._BASE_ARGS
        if unknown:
            raise TypeError("unexpected BaseOperator arguments: %s" % sorted(unknown))
        self.retries = merged.get("retries", 0)
        self.retry_delay = merged.get("retry_delay", timedelta(seconds=300))
        self.execution_timeout = merged.get("execution_timeout")
        self.owner = merged.get("owner")
        if self.dag:
            self.dag.tasks.append(self)


# What the stub's spark-submit does in execute: None = succeed, else raise with this message.
SUBMIT_FAILURE: list = [None]
SUBMITTED_CONN_IDS: list = []


class SparkSubmitOperator(BaseOperator):
    """The constructor of apache-airflow-providers-apache-spark's operator (the arguments used here)."""

    template_fields = ("application", "conf", "files", "py_files", "jars", "driver_class_path", "packages",
                       "exclude_packages", "keytab", "principal", "proxy_user", "name", "application_args",
                       "env_vars", "post_submit_commands", "properties_file")

    def __init__(self, *, application="", conf=None, conn_id="spark_default", files=None, py_files=None,
                 jars=None, driver_class_path=None, java_class=None, packages=None, exclude_packages=None,
                 keytab=None, principal=None, proxy_user=None, name="arrow-spark", application_args=None,
                 env_vars=None, post_submit_commands=None, properties_file=None, verbose=False,
                 driver_memory=None, executor_memory=None, executor_cores=None, num_executors=None,
                 deploy_mode=None, **kwargs):
        super().__init__(**kwargs)
        self.application = application
        self.conf = conf
        self._conn_id = conn_id
        self.files, self.py_files, self.jars = files, py_files, jars
        self.driver_class_path, self.packages, self.exclude_packages = driver_class_path, packages, exclude_packages
        self.keytab, self.principal, self.proxy_user = keytab, principal, proxy_user
        self._java_class = java_class
        self.name = name
        self.application_args = application_args
        self.env_vars, self.post_submit_commands, self.properties_file = env_vars, post_submit_commands, properties_file

    def execute(self, context):
        SUBMITTED_CONN_IDS.append(self._conn_id)
        if SUBMIT_FAILURE[0] is not None:
            raise AirflowException(SUBMIT_FAILURE[0])


def install_stubs() -> None:
    def module(name, **attrs):
        m = types.ModuleType(name)
        m.__dict__.update(attrs)
        sys.modules[name] = m
        return m

    module("airflow", DAG=DAG, __path__=[])
    module("airflow.sdk", DAG=DAG, BaseOperator=BaseOperator)
    module("airflow.exceptions", AirflowException=AirflowException, AirflowFailException=AirflowFailException)
    for pkg in ("airflow.providers", "airflow.providers.apache", "airflow.providers.apache.spark",
                "airflow.providers.apache.spark.operators"):
        module(pkg, __path__=[])
    module("airflow.providers.apache.spark.operators.spark_submit", SparkSubmitOperator=SparkSubmitOperator)


# ---------------------------------------------------------------- rendering like Airflow


class VariableAccessor:
    """Airflow's `var.value`: attribute access for required Variables, get(key, default)."""

    def __init__(self, values):
        self._values = values

    def __getattr__(self, key):
        if key.startswith("_"):
            raise AttributeError(key)
        if key not in self._values:
            raise KeyError("Variable %s does not exist" % key)
        return self._values[key]

    def get(self, key, default=None):
        return self._values.get(key, default)


_EXPRESSION = re.compile(r"\{\{\s*(.*?)\s*\}\}")
_VAR_ATTR = re.compile(r"^var\.value\.(\w+)$")
_VAR_GET = re.compile(r"^var\.value\.get\(\s*'([^']*)'\s*(?:,\s*'([^']*)'\s*)?\)$")


def render_builtin(template: str, context: dict) -> str:
    """Fallback when jinja2 is missing: the template forms the DAG uses, nothing else."""
    def value(match):
        expr = match.group(1)
        if expr == "ds":
            return context["ds"]
        if _VAR_ATTR.match(expr):
            return getattr(context["var"]["value"], _VAR_ATTR.match(expr).group(1))
        if _VAR_GET.match(expr):
            m = _VAR_GET.match(expr)
            return context["var"]["value"].get(m.group(1), m.group(2))
        raise ValueError("template expression {{ %s }} needs jinja2 to be checked" % expr)
    return _EXPRESSION.sub(value, template)


def renderer():
    try:
        import jinja2
    except ImportError:
        return "builtin", render_builtin
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    return "jinja2", lambda template, context: env.from_string(template).render(**context)


def render(value, render_one, context):
    if isinstance(value, str):
        return render_one(value, context)
    if isinstance(value, list):
        return [render(v, render_one, context) for v in value]
    if isinstance(value, dict):
        return {k: render(v, render_one, context) for k, v in value.items()}
    return value


def rendered_copy(task, variables, ds, render_one):
    """A copy of the task with every template field rendered (what Airflow executes)."""
    context = {"ds": ds, "var": {"value": VariableAccessor(variables)}}
    task = copy.copy(task)
    for field in task.template_fields:
        setattr(task, field, render(getattr(task, field), render_one, context))
    return task


# ---------------------------------------------------------------- checks


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def load_dag_module(path):
    spec = importlib.util.spec_from_file_location("customer_segmentation_dag", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def expect_raises(kind, call, what):
    try:
        call()
    except kind as e:
        return e
    except Exception as e:  # noqa: BLE001 - the wrong kind is the failure reported
        raise AssertionError("%s: expected %s, got %r" % (what, kind.__name__, e)) from e
    raise AssertionError("%s: expected %s, nothing raised" % (what, kind.__name__))


def check_exit_codes(dag_module):
    cmd = "spark-submit --master yarn --name customer-segmentation-2011-12-10 --class io.segmentation.cli.Main app.jar run"
    samples = {
        "Cannot execute: %s. Error code is: 1." % cmd: 1,
        "Cannot execute: %s. Error code is: 3." % cmd: 3,
        # Recent provider versions append the tail of the spark-submit log.
        "Cannot execute: %s. Error code is: 2.\nLast spark-submit output:\nerror: Unknown configuration key 'model.kk'" % cmd: 2,
        "Cannot execute: %s. Error code is: 0. Kubernetes spark exit code is: 4" % cmd: 4,
        "Cannot execute: %s. Error code is: -9." % cmd: -9,
        "No driver id is known: something went wrong when executing the spark submit command": None,
    }
    for message, code in samples.items():
        check(dag_module.exit_code_of(AirflowException(message)) == code, "exit_code_of(%r) != %r" % (message, code))
    retry = {code: dag_module.should_retry(code) for code in (1, 2, 3, 4, -9, 137, None)}
    check(retry == {1: True, 2: False, 3: False, 4: False, -9: True, 137: True, None: True},
          "retry policy: %r" % retry)


def check_execute(task, render_one, ds):
    """execute: summary to XCom on success, AirflowFailException on 2-4, a retryable error on 1."""
    summary_dir = tempfile.mkdtemp(prefix="dag-check-")
    variables = {"segmentation_jar": "app.jar", "segmentation_config": "c.conf", "segmentation_input": "in",
                 "segmentation_output": "out", "segmentation_summary_dir": summary_dir,
                 "segmentation_spark_conn_id": "spark_yarn"}
    op = rendered_copy(task, variables, ds, render_one)
    summary = {"runId": ds, "status": "succeeded", "segments": [{"key": 1, "customers": 10}]}
    os.makedirs(os.path.dirname(op.summary_json), exist_ok=True)
    with open(op.summary_json, "w", encoding="utf-8") as f:
        json.dump(summary, f)
    SUBMIT_FAILURE[0] = None
    check(op.execute({}) == summary, "execute returns the parsed summary JSON (XCom return_value)")
    check(SUBMITTED_CONN_IDS[-1] == "spark_yarn", "the submit used the Variable's connection id, not %r" % SUBMITTED_CONN_IDS[-1])
    for code in (2, 3, 4):
        SUBMIT_FAILURE[0] = "Cannot execute: spark-submit app.jar run. Error code is: %d." % code
        e = expect_raises(AirflowFailException, lambda: op.execute({}), "exit code %d" % code)
        check("exited with code %d" % code in str(e), "message names the code: %s" % e)
    SUBMIT_FAILURE[0] = "Cannot execute: spark-submit app.jar run. Error code is: 1."
    e = expect_raises(AirflowException, lambda: op.execute({}), "exit code 1")
    check(not isinstance(e, AirflowFailException), "exit code 1 must stay retryable")
    SUBMIT_FAILURE[0] = None
    os.remove(op.summary_json)
    check(op.execute({}) is None, "a missing summary pushes None, the run still succeeds")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dag", required=True)
    parser.add_argument("--ds", required=True, help="logical date yyyy-MM-dd")
    parser.add_argument("--var", action="append", default=[], help="Airflow Variable NAME=VALUE")
    args = parser.parse_args()
    variables = dict(v.split("=", 1) for v in args.var)
    datetime.strptime(args.ds, "%Y-%m-%d")

    install_stubs()
    dag_module = load_dag_module(args.dag)
    dags = [v for v in vars(dag_module).values() if isinstance(v, DAG)]
    check(len(dags) == 1, "one DAG at import, found %d" % len(dags))
    dag = dags[0]
    check(dag.dag_id == "customer_segmentation", "dag_id %r" % dag.dag_id)
    check(dag.schedule == "@daily", "schedule %r" % dag.schedule)
    check(dag.catchup is False, "catchup must be off")
    check(dag.max_active_runs == 1, "runs replace the star schema: max_active_runs must be 1")
    check(dag.start_date is not None and dag.start_date.tzinfo is not None, "start_date must be time-zone aware")
    check(len(dag.tasks) == 1, "one task, found %d" % len(dag.tasks))
    task = dag.tasks[0]
    check(isinstance(task, SparkSubmitOperator), "the task is a SparkSubmitOperator")
    check(task._java_class == "io.segmentation.cli.Main", "java_class %r" % task._java_class)
    check(task.retries >= 1, "retries %r" % task.retries)
    for field in ("application", "application_args", "name", "summary_json", "spark_conn_id"):
        check(field in task.template_fields, "%s must be templated" % field)

    check_exit_codes(dag_module)
    renderer_name, render_one = renderer()
    check_execute(task, render_one, args.ds)

    required = ("segmentation_jar", "segmentation_config", "segmentation_input", "segmentation_output")
    for name in required:
        without = {k: v for k, v in variables.items() if k != name}
        expect_raises(Exception, lambda: rendered_copy(task, without, args.ds, render_one), "rendering without %s" % name)

    op = rendered_copy(task, variables, args.ds, render_one)
    if renderer_name != "builtin":
        plain = rendered_copy(task, variables, args.ds, render_builtin)
        check(plain.application_args == op.application_args, "the builtin renderer agrees with jinja2")
    print("rendered with %s" % renderer_name, file=sys.stderr)
    print(json.dumps({
        "renderer": renderer_name,
        "dag_id": dag.dag_id,
        "schedule": dag.schedule,
        "retries": task.retries,
        "java_class": task._java_class,
        "application": op.application,
        "name": op.name,
        "conn_id": op.spark_conn_id,
        "summary_json": op.summary_json,
        "application_args": op.application_args,
    }))


if __name__ == "__main__":
    main()
