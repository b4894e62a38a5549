#!/usr/bin/env bash
# Regenerates docs/model-card.md and README.md's results table from public/model/metrics.json.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m training.model_card --markdown > docs/model-card.md
python3 - "$(python3 -m training.model_card --summary)" "$(python3 -m training.model_card --photo-kinds)" <<'PY'
import sys
readme = open("README.md").read()
for flag, table in (("--summary", sys.argv[1]), ("--photo-kinds", sys.argv[2])):
    start, end = f"<!-- results: python3 -m training.model_card {flag} -->\n", "<!-- end results -->"
    i = readme.index(start) + len(start)
    j = readme.index(end, i)
    readme = readme[:i] + table + "\n" + readme[j:]
open("README.md", "w").write(readme)
PY
