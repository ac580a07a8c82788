"""Loads deploy/airflow/phenolip_rebuild.py against the airflow stand-in and checks it equals the
plan that `phenolip rebuild --print-plan` resolved from the same spec (task ids, dependencies,
spark-submit arguments, retries). Run by AirflowDagTest; prints OK and exits 0 when they agree."""
import importlib.util
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "airflow_standin"))
dag_file, plan_file = sys.argv[1], sys.argv[2]
plan = json.load(open(plan_file, encoding="utf-8"))

spec = importlib.util.spec_from_file_location("phenolip_rebuild", dag_file)
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
dag = mod.dag

problems = []
def check(cond, msg):
    if not cond:
        problems.append(msg)

check(dag.dag_id == plan["name"], f"dag_id {dag.dag_id} != {plan['name']}")
check(dag.max_active_runs == 1, "one rebuild at a time")
steps = plan["steps"]
check(list(dag.tasks) == ["pmc_inventory_ready"] + [s["id"] for s in steps],
      f"task ids {list(dag.tasks)} != sensor + {[s['id'] for s in steps]}")
sensor = dag.tasks.get("pmc_inventory_ready")
check(sensor is not None and sensor.kwargs["wildcard_match"] and "{{ ds }}" in sensor.kwargs["bucket_key"],
      "sensor waits for the day's inventory manifest")
for s in steps:
    t = dag.tasks.get(s["id"])
    if t is None:
        continue
    check(t.kwargs["application_args"] == s["command"], f"{s['id']}: args {t.kwargs['application_args']} != {s['command']}")
    want_up = set(s.get("after") or []) or {"pmc_inventory_ready"}
    check(t.upstream == want_up, f"{s['id']}: upstream {sorted(t.upstream)} != {sorted(want_up)}")
    check(t.kwargs["retries"] == (s.get("retries") or 0), f"{s['id']}: retries {t.kwargs['retries']}")
    check(t.kwargs["java_class"] == "org.phenolip.core.cli.Phenolip", f"{s['id']}: main class")
    check(t.kwargs["conf"].get("spark.dynamicAllocation.enabled") == "false", f"{s['id']}: barrier stages need fixed executors")

if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"OK {len(steps)} steps + sensor")
