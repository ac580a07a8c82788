"""Stand-in for airflow.providers.amazon.aws.sensors.s3 (records arguments only)."""
from airflow import BaseOperator


class S3KeySensor(BaseOperator):
    def __init__(self, *, task_id, bucket_key, bucket_name=None, wildcard_match=False, aws_conn_id="aws_default",
                 mode="poke", poke_interval=60, timeout=604800):
        super().__init__(task_id, bucket_key=bucket_key, bucket_name=bucket_name, wildcard_match=wildcard_match,
                         aws_conn_id=aws_conn_id, mode=mode, poke_interval=poke_interval, timeout=timeout)
