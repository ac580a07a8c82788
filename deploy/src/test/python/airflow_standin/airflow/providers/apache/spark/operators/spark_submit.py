"""Stand-in for airflow.providers.apache.spark.operators.spark_submit (records arguments only)."""
from airflow import BaseOperator


class SparkSubmitOperator(BaseOperator):
    def __init__(self, *, task_id, application, java_class=None, conn_id="spark_default", conf=None,
                 application_args=None, name=None, retries=0, sla=None, doc_md=None):
        super().__init__(task_id, application=application, java_class=java_class, conn_id=conn_id, conf=conf,
                         application_args=application_args, name=name, retries=retries, sla=sla, doc_md=doc_md)
