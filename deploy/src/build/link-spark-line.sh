#!/usr/bin/env bash
# Run by deploy's package phase in deploy/target: point the stable names at the Spark line just built.
#   phenolip.jar -> phenolip-spark-X.Y_S.jar      spark-jars -> spark-jars-X.Y_S
# Usage: link-spark-line.sh JAR_NAME SPARK_JARS_DIR (both relative to the current folder).
set -euo pipefail
jar="$1" jars="$2"
[ -f "$jar" ] || { echo "link-spark-line: $jar was not built" >&2; exit 1; }
[ -d "$jars" ] || { echo "link-spark-line: $jars was not made" >&2; exit 1; }
for pair in "phenolip.jar=$jar" "spark-jars=$jars"; do
  link="${pair%%=*}" to="${pair#*=}"
  # a real file or folder of that name is left from a build before the names carried the Spark line
  if [ -e "$link" ] && [ ! -L "$link" ]; then rm -rf -- "$link"; fi
  ln -sfn -- "$to" "$link"
done
