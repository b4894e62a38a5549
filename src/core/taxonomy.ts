/** Disease taxonomy and the paper's partition inference: a node's probability is the sum of its leaves'. */

/** One node of public/model/taxonomy.json. Leaves carry a model label as their id. */
export interface TaxonomyNode {
  id: string;
  name: string;
  description: string;
  children?: TaxonomyNode[];
}

/** The whole taxonomy file. */
export interface Taxonomy {
  version: number;
  root: TaxonomyNode;
}

/** A node with its aggregated probability, depth and leaf ids; what the sunburst and summary render. */
export interface AggregatedNode {
  id: string;
  name: string;
  description: string;
  depth: number;
  probability: number;
  leaves: string[];
  children: AggregatedNode[];
}

/** Leaf ids under a node, in depth-first order. */
export function leavesOf(node: TaxonomyNode): string[] {
  if (!node.children || node.children.length === 0) return [node.id];
  return node.children.flatMap(leavesOf);
}

/** Every node, depth first, root included. */
export function allNodes(node: TaxonomyNode): TaxonomyNode[] {
  return [node, ...(node.children ?? []).flatMap(allNodes)];
}

/** Display name of every node under (and including) `root` by id: diagnoses and groups. */
export function nodeNames(root: TaxonomyNode): Record<string, string> {
  return Object.fromEntries(allNodes(root).map((n) => [n.id, n.name]));
}

/**
 * Checks a parsed taxonomy.json against the model's labels: ids unique, every leaf is a label, every label is
 * exactly one leaf. Returns a list of problems (empty when valid).
 */
export function validateTaxonomy(value: unknown, labels: readonly string[]): string[] {
  const problems: string[] = [];
  const t = value as Partial<Taxonomy> | null;
  if (!t || typeof t !== 'object' || !t.root || typeof t.root !== 'object') return ['taxonomy has no root node'];
  const seen = new Set<string>();
  const walk = (n: TaxonomyNode, path: string): void => {
    if (typeof n.id !== 'string' || !n.id) problems.push(`node at ${path} has no id`);
    if (typeof n.name !== 'string' || !n.name) problems.push(`node ${n.id} has no display name`);
    if (typeof n.description !== 'string' || !n.description) problems.push(`node ${n.id} has no description`);
    if (seen.has(n.id)) problems.push(`node id ${n.id} is repeated`);
    seen.add(n.id);
    if (n.children !== undefined && !Array.isArray(n.children)) problems.push(`node ${n.id} children is not a list`);
    (n.children ?? []).forEach((c, i) => walk(c, `${path}/${i}`));
  };
  walk(t.root, 'root');
  if (problems.length) return problems;
  const leaves = leavesOf(t.root);
  for (const l of leaves) if (!labels.includes(l)) problems.push(`leaf ${l} is not a model label (labels: ${labels.join(', ')})`);
  for (const l of labels) {
    const n = leaves.filter((x) => x === l).length;
    if (n !== 1) problems.push(`label ${l} appears ${n} times as a leaf; it must appear exactly once`);
  }
  return problems;
}

/** Sums leaf probabilities up the tree. `probs[i]` belongs to `labels[i]`. */
export function aggregate(root: TaxonomyNode, labels: readonly string[], probs: ArrayLike<number>): AggregatedNode {
  if (probs.length !== labels.length) {
    throw new Error(`aggregate: ${probs.length} probabilities for ${labels.length} labels`);
  }
  const byLabel = new Map<string, number>();
  labels.forEach((l, i) => byLabel.set(l, probs[i] ?? 0));
  const build = (n: TaxonomyNode, depth: number): AggregatedNode => {
    const children = (n.children ?? []).map((c) => build(c, depth + 1));
    const probability = children.length
      ? children.reduce((s, c) => s + c.probability, 0)
      : (() => {
          const p = byLabel.get(n.id);
          if (p === undefined) throw new Error(`aggregate: leaf ${n.id} is not one of the labels ${labels.join(', ')}`);
          return p;
        })();
    return { id: n.id, name: n.name, description: n.description, depth, probability, leaves: leavesOf(n), children };
  };
  return build(root, 0);
}

/** Finds a node by id in an aggregated tree. */
export function findNode(root: AggregatedNode, id: string): AggregatedNode | undefined {
  if (root.id === id) return root;
  for (const c of root.children) {
    const f = findNode(c, id);
    if (f) return f;
  }
  return undefined;
}

/** Flattens an aggregated tree depth first. */
export function flatten(root: AggregatedNode): AggregatedNode[] {
  return [root, ...root.children.flatMap(flatten)];
}
