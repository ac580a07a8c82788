"""Airflow DAG: the scheduled PhenoLIP rebuild, generated from deploy/pipeline.yaml.

One SparkSubmitOperator per spec step (task id = step id, upstream tasks = the step's `after`,
application arguments = the step's phenolip command with the spec's variables filled in), all
behind a sensor that waits for the PMC bucket's newest inventory report. `phenolip rebuild`
runs the same spec without Airflow; the commands themselves are incremental (fetch diffs the
inventory, kg build skips unchanged sources), so a scheduled run with nothing new is cheap.

Settings (Airflow worker environment):
  PHENOLIP_SPEC   path of pipeline.yaml as the worker sees it (default: ../pipeline.yaml)
  PHENOLIP_VARS   JSON object overriding spec variables, e.g. {"root": "hdfs:///phenolip"}
Works with Airflow 2.9+ and 3 (apache-airflow-providers-apache-spark, -amazon).
"""
import json
import os
import re
from datetime import datetime, timedelta

import yaml
import airflow
from airflow import DAG
from airflow.providers.amazon.aws.sensors.s3 import S3KeySensor
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

_VAR = re.compile(r"\$\{([A-Za-z0-9_.-]+)}")


def substitute(text, variables, where):
    """${name} -> value; an unknown name is an error, as in RebuildSpec.substitute."""
    def repl(m):
        if m.group(1) not in variables:
            raise ValueError(f"spec: {where} uses ${{{m.group(1)}}}, which is not defined")
        return variables[m.group(1)]
    return _VAR.sub(repl, text)


def resolve_vars(spec, overrides):
    raw = dict(spec.get("vars") or {})
    unknown = set(overrides) - set(raw)
    if unknown:
        raise ValueError(f"PHENOLIP_VARS: the spec has no variable(s) {sorted(unknown)}")
    raw.update(overrides)
    resolved = {}
    for k, v in raw.items():  # values may use earlier variables
        resolved[k] = substitute(str(v), resolved, f"vars.{k}")
    return resolved


def load_spec(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def build_dag(spec_path, overrides=None):
    spec = load_spec(spec_path)
    variables = resolve_vars(spec, overrides or {})
    spark = spec["spark"]
    af = spec.get("airflow") or {}
    default_args = {
        "owner": "phenolip",
        "retry_delay": timedelta(minutes=af.get("retry_delay_minutes", 15)),
    }
    # SLAs exist up to Airflow 2; Airflow 3 replaced them with deadline alerts.
    sla = timedelta(minutes=af["sla_minutes"]) if af.get("sla_minutes") and airflow.__version__.startswith("2") else None

    dag = DAG(
        dag_id=spec["name"],
        schedule=spec.get("schedule"),
        start_date=datetime.fromisoformat(af.get("start_date", "2026-01-01")),
        catchup=False,
        max_active_runs=1,  # one rebuild at a time, as phenolip rebuild's lock ensures
        default_args=default_args,
        tags=["phenolip"],
    )
    with dag:
        sensor = None
        inv = af.get("inventory_sensor")
        if inv:
            sensor = S3KeySensor(
                task_id="pmc_inventory_ready",
                bucket_name=inv["bucket"],
                bucket_key=inv["key"],
                wildcard_match=True,
                aws_conn_id=None,  # the PMC bucket is public: anonymous reads
                mode="reschedule",
                poke_interval=60 * inv.get("poke_minutes", 30),
                timeout=3600 * inv.get("timeout_hours", 20),
            )
        tasks = {}
        for step in spec["steps"]:
            sid = step["id"]
            args = [substitute(str(a), variables, f"step '{sid}'") for a in step["command"]]
            extra = {"sla": sla} if sla else {}
            task = SparkSubmitOperator(
                task_id=sid,
                name=f"phenolip-{sid}",
                conn_id=spark.get("conn_id", "spark_default"),
                application=substitute(spark["jar"], variables, "spark.jar"),
                java_class=spark["main_class"],
                conf=dict(spark.get("conf") or {}),
                application_args=args,
                retries=int(step.get("retries", 0)),
                doc_md=step.get("description"),
                **extra,
            )
            tasks[sid] = task
            after = step.get("after") or []
            for up in after:
                tasks[up] >> task
            if not after and sensor is not None:
                sensor >> task
    return dag


dag = build_dag(
    os.environ.get("PHENOLIP_SPEC", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pipeline.yaml")),
    json.loads(os.environ.get("PHENOLIP_VARS", "{}")),
)
