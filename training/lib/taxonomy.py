"""The diagnoses and their groups, read from public/model/taxonomy.json: the one file that names them (the app reads it
too). Everything else in training/ takes labels, the malignant set and the taxonomy's levels from here.

The model's outputs are the taxonomy's leaves in alphabetical order of their codes (metadata.json "labels"), so a new
diagnosis is one more leaf, and its output finds its place by its code. Standard library only.
"""

from __future__ import annotations

import json

from training.lib.paths import MODEL

TAXONOMY = MODEL / "taxonomy.json"


def leaves(node: dict) -> list[str]:
    """Leaf ids under a node, depth first (as src/core/taxonomy.ts leavesOf)."""
    children = node.get("children") or []
    return [leaf for c in children for leaf in leaves(c)] if children else [node["id"]]


def find(node: dict, node_id: str) -> dict:
    """The node with this id under (and including) `node`; KeyError if there is none."""
    if node["id"] == node_id:
        return node
    for c in node.get("children") or []:
        try:
            return find(c, node_id)
        except KeyError:
            pass
    raise KeyError(f"{TAXONOMY} has no node {node_id!r}")


def names(node: dict) -> dict[str, str]:
    """Display name of every node under (and including) `node` by id: diagnoses and groups."""
    return {node["id"]: node["name"]} | {k: v for c in node.get("children") or [] for k, v in names(c).items()}


TREE = json.loads(TAXONOMY.read_text())["root"]
LABELS = sorted(leaves(TREE))
# The top level's malignant branch (premalignant and in-situ diagnoses are grouped with the carcinomas there).
MALIGNANT = [LABELS.index(c) for c in leaves(find(TREE, "malignant"))]


def level(depth: int) -> tuple[list[str], list[int]]:
    """The taxonomy's groups at `depth` (1: benign / malignant; 2: the groups below them), in the file's order, and the
    group index of each label."""
    nodes = [TREE]
    for _ in range(depth):
        nodes = [c for n in nodes for c in (n.get("children") or [n])]
    group = {leaf: i for i, n in enumerate(nodes) for leaf in leaves(n)}
    return [n["id"] for n in nodes], [group[c] for c in LABELS]


# The two diagnoses of the paper's melanoma-vs-nevus task (Esteva et al. 2017, Figure 3): every report scores it.
MEL, NV = LABELS.index("mel"), LABELS.index("nv")
# The paper's Figure 3 tasks as ROC curves on the internal test: positive and negative labels of each.
ROC_TASKS = {
    "melanoma vs nevus": ([LABELS[MEL]], [LABELS[NV]]),
    "carcinoma vs benign keratosis": (leaves(find(TREE, "malignant-epidermal")), leaves(find(TREE, "benign-epidermal"))),
}
