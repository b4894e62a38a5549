#!/usr/bin/env bash
# Regenerates docs/model-card.md and README.md's results table from public/model/metrics.json.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m training.model_card --markdown > docs/model-card.md
table=$(python3 -m training.model_card --summary)
python3 - "$table" <<'PY'
import re, sys
readme = open("README.md").read()
start, end = "<!-- results: python3 -m training.model_card --summary -->\n", "<!-- end results -->"
i, j = readme.index(start) + len(start), readme.index(end)
open("README.md", "w").write(readme[:i] + sys.argv[1] + "\n" + readme[j:])
PY
