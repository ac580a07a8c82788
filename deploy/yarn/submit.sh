#!/usr/bin/env bash
# Submit a PhenoLIP job to YARN in cluster mode with deploy/yarn/spark-defaults.conf.
#
#   deploy/yarn/submit.sh [--conf k=v ...] JOB ARGS...
#     JOB: kg | train | eval | curate | phenolip (any CLI command line: phenolip rebuild ...)
#   e.g. deploy/yarn/submit.sh kg build --hpo /shared/phenolip/hp.json --pmc hdfs:///phenolip/mirror --out hdfs:///phenolip/kg
#        deploy/yarn/submit.sh train stage2 --kg hdfs:///phenolip/kg --teacher hdfs:///phenolip/teacher \
#          --out hdfs:///phenolip/model --workers 4
#        deploy/yarn/submit.sh eval --model hdfs:///phenolip/model --bench hdfs:///phenolip/bench/bench.jsonl --out hdfs:///phenolip/report
#   (every argument naming job data takes a Hadoop URI; a local path must exist on every node, since the driver
#    runs in a container on any of them; see deploy/README.md)
#
# Environment: SPARK_SUBMIT (default: spark-submit on PATH, or $SPARK_HOME/bin/spark-submit),
# HADOOP_CONF_DIR / YARN_CONF_DIR (the cluster; spark-submit needs one of them), PHENOLIP_JAR (default:
# deploy/target/phenolip-spark-X.Y_S.jar for the Spark and Scala versions spark-submit reports),
# PHENOLIP_CONF (default deploy/yarn/spark-defaults.conf), QUEUE (YARN queue, default "default").
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

if [ -n "${SPARK_SUBMIT:-}" ]; then submit="$SPARK_SUBMIT"
elif [ -n "${SPARK_HOME:-}" ]; then submit="$SPARK_HOME/bin/spark-submit"
else submit="$(command -v spark-submit || true)"; fi
[ -n "$submit" ] || { echo "submit.sh: no spark-submit (set SPARK_HOME or SPARK_SUBMIT)" >&2; exit 2; }
[ -n "${HADOOP_CONF_DIR:-}${YARN_CONF_DIR:-}" ] || { echo "submit.sh: set HADOOP_CONF_DIR (or YARN_CONF_DIR) to the cluster's configuration" >&2; exit 2; }

confs=()
while [ $# -gt 0 ] && [ "$1" = "--conf" ]; do confs+=(--conf "$2"); shift 2; done
[ $# -ge 1 ] || { sed -n '2,14p' "${BASH_SOURCE[0]}" >&2; exit 2; }
job="$1"; shift
case "$job" in
  kg) class=org.phenolip.kg.KgEtlJob ;;
  train) class=org.phenolip.train.TrainingJob ;;
  eval) class=org.phenolip.eval.EvaluationJob ;;
  curate) class=org.phenolip.curate.CaptionCurationJob ;;
  phenolip) class=org.phenolip.core.cli.Phenolip ;;
  *) echo "submit.sh: unknown job '$job' (kg, train, eval, curate, phenolip)" >&2; exit 2 ;;
esac

jar="${PHENOLIP_JAR:-}"
if [ -z "$jar" ]; then
  # The jar must match the cluster's Spark line and Scala version ("version 3.5.1", "Using Scala version 2.12.18").
  v="$("$submit" --version 2>&1 || true)"
  spark="$(sed -n 's/.*version \([0-9]\+\.[0-9]\+\)\.[0-9].*/\1/p' <<<"$v" | head -1)"
  scala="$(sed -n 's/.*Using Scala version \([0-9]\+\.[0-9]\+\).*/\1/p' <<<"$v" | head -1)"
  [ -n "$spark" ] && [ -n "$scala" ] || { echo "submit.sh: cannot read the Spark/Scala version from '$submit --version'; set PHENOLIP_JAR" >&2; exit 2; }
  case "$spark" in 3.5) line=3.5 ;; 4.*) line=4.1 ;; *) echo "submit.sh: Spark $spark is neither the 3.5 nor the 4.x line PhenoLIP builds for" >&2; exit 2 ;; esac
  jar="$repo/deploy/target/phenolip-spark-${line}_${scala}.jar"
  [ -f "$jar" ] || { echo "submit.sh: $jar is missing: build it with mvn -B -DskipTests package$([ "$line" = 3.5 ] && echo ' -Pspark-3.5')" >&2; exit 2; }
fi

exec "$submit" --master yarn --deploy-mode cluster --queue "${QUEUE:-default}" \
  --properties-file "${PHENOLIP_CONF:-$here/spark-defaults.conf}" \
  --name "phenolip-$job" "${confs[@]}" --class "$class" "$jar" "$@"
