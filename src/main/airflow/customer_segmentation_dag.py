"""
### customer_segmentation

Runs the customer-segmentation Spark job once a day with `spark-submit` (provider
`apache-airflow-providers-apache-spark`), then pushes the run summary JSON to XCom.

The job runs as

    spark-submit --class io.segmentation.cli.Main <segmentation_jar>
      run --config <segmentation_config> --input <segmentation_input> --output <segmentation_output>
          --run-id {{ ds }} --set features.reference-date={{ ds }}
          --summary-json <segmentation_summary_dir>/{{ ds }}/summary.json

so the logical date is both the run id (rerunning a date is idempotent: no duplicate rows) and the
date recency is counted to.

Airflow Variables (read when the task runs, not when the DAG is parsed):

| Variable | required | meaning |
|---|---|---|
| `segmentation_jar` | yes | the application jar (`target/customer-segmentation-*.jar`), a path or URI spark-submit can read |
| `segmentation_config` | yes | the HOCON configuration file, e.g. a copy of `conf/cluster-example.conf` |
| `segmentation_input` | yes | the invoices: file, folder or glob (local, `hdfs://`, `s3a://`) |
| `segmentation_output` | yes | the warehouse folder of the Delta tables |
| `segmentation_summary_dir` | no (`/tmp/customer-segmentation`) | where each run's `summary.json` lands: `<dir>/<ds>/summary.json`; it must be readable by the Airflow worker |
| `segmentation_spark_conn_id` | no (`spark_default`) | the Spark connection (master, deploy mode, spark binary) |

Retries: the job exits 0 on success, 2 on a usage or configuration error, 3 on an input error,
4 on a modelling error and 1 on an unexpected failure. Codes 2-4 fail the task at once
(`AirflowFailException`, no retry: rerunning cannot fix them). Code 1, and any failure that is not
the job's own verdict (spark-submit killed by a signal, the cluster unreachable), is retried
(`retries` below).
"""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlparse

from airflow.exceptions import AirflowFailException
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

try:  # Airflow 3
    from airflow.sdk import DAG
except ImportError:  # Airflow 2
    from airflow import DAG

log = logging.getLogger(__name__)

DAG_ID = "customer_segmentation"
MAIN_CLASS = "io.segmentation.cli.Main"

VAR_JAR = "segmentation_jar"
VAR_CONFIG = "segmentation_config"
VAR_INPUT = "segmentation_input"
VAR_OUTPUT = "segmentation_output"
VAR_SUMMARY_DIR = "segmentation_summary_dir"
VAR_CONN_ID = "segmentation_spark_conn_id"
DEFAULT_SUMMARY_DIR = "/tmp/customer-segmentation"
DEFAULT_CONN_ID = "spark_default"

LOGICAL_DATE = "{{ ds }}"

# The job's exit codes (docs/operations.md, "Exit codes") that a retry cannot fix.
NON_RETRYABLE_EXIT_CODES = {
    2: "usage or configuration error",
    3: "input error",
    4: "modelling error",
}

# SparkSubmitHook.submit raises "Cannot execute: <command>. Error code is: <N>." (followed, in recent
# provider versions, by the tail of the spark-submit log); on Kubernetes it adds
# "Kubernetes spark exit code is: <N>", the driver's own exit code.
_ERROR_CODE = re.compile(r"Error code is: (-?\d+)")
_K8S_EXIT_CODE = re.compile(r"Kubernetes spark exit code is: (-?\d+)")


def var_template(name: str, default: str | None = None) -> str:
    """Jinja template of an Airflow Variable; without a default the Variable is required."""
    if default is None:
        return "{{ var.value.%s }}" % name
    return "{{ var.value.get('%s', '%s') }}" % (name, default)


def summary_json_path(summary_dir: str, run_id: str) -> str:
    """Where the run with this id writes its summary: <summary_dir>/<run_id>/summary.json."""
    return "%s/%s/summary.json" % (summary_dir.rstrip("/"), run_id)


def build_application_args(
    config: str, input_path: str, output_path: str, summary_json: str, logical_date: str
) -> list[str]:
    """The job's command line for one logical date (values or Jinja templates)."""
    return [
        "run",
        "--config", config,
        "--input", input_path,
        "--output", output_path,
        "--run-id", logical_date,
        "--set", "features.reference-date=%s" % logical_date,
        "--summary-json", summary_json,
    ]


def exit_code_of(error: BaseException | str) -> int | None:
    """The job's exit code from a SparkSubmitHook failure message; None when it names none."""
    message = str(error)
    k8s = _K8S_EXIT_CODE.search(message)
    if k8s and int(k8s.group(1)) != 0:
        return int(k8s.group(1))
    code = _ERROR_CODE.search(message)
    return int(code.group(1)) if code else None


def should_retry(exit_code: int | None) -> bool:
    """False for the job's user errors (2-4); True for 1 and failures that are not the job's."""
    return exit_code not in NON_RETRYABLE_EXIT_CODES


def load_summary(path: str) -> Any:
    """The parsed run summary, or None (with a warning) when the worker cannot read it."""
    parsed = urlparse(path)
    if parsed.scheme not in ("", "file"):
        log.warning("run summary %s is not on a local file system; nothing pushed to XCom", path)
        return None
    local = parsed.path if parsed.scheme == "file" else path
    try:
        with open(local, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        log.warning(
            "run summary %s is missing (with deploy-mode cluster the driver writes it on its own "
            "node: point %s at storage the worker shares); nothing pushed to XCom", path, VAR_SUMMARY_DIR)
        return None


class SegmentationSubmitOperator(SparkSubmitOperator):
    """
    SparkSubmitOperator for the segmentation job: fails without retry on the job's user errors
    (exit codes 2-4) and returns the run summary JSON (pushed to XCom as return_value).

    :param summary_json: where the job writes the run summary (templated)
    :param spark_conn_id: the Spark connection id (templated, unlike the operator's conn_id)
    """

    template_fields = (*SparkSubmitOperator.template_fields, "summary_json", "spark_conn_id")

    def __init__(self, *, summary_json: str, spark_conn_id: str = DEFAULT_CONN_ID, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.summary_json = summary_json
        self.spark_conn_id = spark_conn_id

    def execute(self, context: Any) -> Any:
        # conn_id is not a template field of SparkSubmitOperator; the hook is built in execute.
        self._conn_id = self.spark_conn_id
        try:
            super().execute(context)
        except Exception as e:
            code = exit_code_of(e)
            if not should_retry(code):
                raise AirflowFailException(
                    "customer-segmentation exited with code %d (%s); not retrying: the last line of the "
                    "job's log says what to fix. %s" % (code, NON_RETRYABLE_EXIT_CODES[code], e)
                ) from e
            raise
        return load_summary(self.summary_json)


default_args = {
    "owner": "data-engineering",
    "retries": 2,
    "retry_delay": timedelta(minutes=15),
}

with DAG(
    dag_id=DAG_ID,
    description="Daily customer segmentation: invoices -> KMeans segments -> Delta star schema",
    schedule="@daily",
    start_date=datetime(2024, 1, 1, tzinfo=timezone.utc),
    catchup=False,
    # Each run replaces the star schema: never two at once.
    max_active_runs=1,
    default_args=default_args,
    doc_md=__doc__,
    tags=["customer-segmentation", "spark"],
) as dag:
    summary_json = summary_json_path(var_template(VAR_SUMMARY_DIR, DEFAULT_SUMMARY_DIR), LOGICAL_DATE)
    segment_customers = SegmentationSubmitOperator(
        task_id="segment_customers",
        application=var_template(VAR_JAR),
        java_class=MAIN_CLASS,
        name="customer-segmentation-" + LOGICAL_DATE,
        application_args=build_application_args(
            config=var_template(VAR_CONFIG),
            input_path=var_template(VAR_INPUT),
            output_path=var_template(VAR_OUTPUT),
            summary_json=summary_json,
            logical_date=LOGICAL_DATE,
        ),
        summary_json=summary_json,
        spark_conn_id=var_template(VAR_CONN_ID, DEFAULT_CONN_ID),
        execution_timeout=timedelta(hours=4),
    )
