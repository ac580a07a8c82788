"""A minimal STAND-IN for the Airflow classes deploy/airflow/phenolip_rebuild.py imports.

Airflow cannot be installed on the test machines; this stand-in records what the DAG file builds
(tasks, their arguments, dependencies) so that a test can compare it with the pipeline spec.
It is not Airflow and runs nothing.
"""
__version__ = "2.9.3+standin"

_current = []


class DAG:
    def __init__(self, dag_id, schedule=None, start_date=None, catchup=True, max_active_runs=16,
                 default_args=None, tags=None):
        self.dag_id = dag_id
        self.schedule = schedule
        self.start_date = start_date
        self.catchup = catchup
        self.max_active_runs = max_active_runs
        self.default_args = default_args or {}
        self.tags = tags or []
        self.tasks = {}

    def __enter__(self):
        _current.append(self)
        return self

    def __exit__(self, *exc):
        _current.pop()
        return False


class BaseOperator:
    def __init__(self, task_id, **kwargs):
        if not _current:
            raise RuntimeError("stand-in: operator created outside a DAG context")
        self.task_id = task_id
        self.kwargs = kwargs
        self.upstream = set()
        self.downstream = set()
        self.dag = _current[-1]
        if task_id in self.dag.tasks:
            raise ValueError(f"stand-in: duplicate task id {task_id}")
        self.dag.tasks[task_id] = self

    def __rshift__(self, other):
        self.downstream.add(other.task_id)
        other.upstream.add(self.task_id)
        return other
