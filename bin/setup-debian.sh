#!/usr/bin/env bash
# Installs the Debian packages a feature needs, once, on Debian/Ubuntu machines where we are root;
# elsewhere it names what is missing and exits 0 so that the caller can fall back (the feature says it is off).
# Usage: bin/setup-debian.sh FEATURE...   (features listed in PACKAGES below)
set -uo pipefail

declare -A PACKAGES=(
  # feature      Debian packages (space-separated)
  [airflow-test]="python3 python3-yaml"
  [curation]="tesseract-ocr tesseract-ocr-eng"   # caption-curation: OCR of panel letters (Tess4J)
  [notebooks]="jupyter-nbconvert python3-nbclient python3-ipykernel python3-pandas python3-matplotlib python3-rdflib python3-sparqlwrapper python3-networkx python3-pil"
  # MLlib's dev.ludovic.netlib loads libblas.so.3; this makes it OpenBLAS (Debian's alternatives)
  [blas]="libopenblas0-pthread"
  # peers that benchmarks/run.sh measures side by side (numpy/OpenBLAS, scikit-learn, Pillow)
  [bench-peers]="python3-numpy python3-threadpoolctl python3-sklearn python3-pil"
)

want=()
for f in "$@"; do
  [ -n "${PACKAGES[$f]+x}" ] || { echo "setup-debian: unknown feature '$f' (known: ${!PACKAGES[*]})" >&2; exit 2; }
  for p in ${PACKAGES[$f]}; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || want+=("$p")
  done
done
[ ${#want[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "setup-debian: installing ${want[*]}" >&2
  # A lock held by another apt run is waited for; failure leaves the feature off, never fails the caller.
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${want[@]}") \
    >/tmp/phenolip-setup-debian.log 2>&1 \
    || echo "setup-debian: could not install ${want[*]} (see /tmp/phenolip-setup-debian.log)" >&2
else
  echo "setup-debian: missing Debian packages: ${want[*]} (install them to turn the feature on)" >&2
fi
exit 0
