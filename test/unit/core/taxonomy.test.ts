import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LABELS } from '../../fixtures/labels';
import {
  aggregate,
  allNodes,
  findNode,
  flatten,
  leavesOf,
  nodeNames,
  validateTaxonomy,
  type AggregatedNode,
  type Taxonomy,
  type TaxonomyNode,
} from '../../../src/core/taxonomy';

const taxonomy = JSON.parse(readFileSync(new URL('../../../public/model/taxonomy.json', import.meta.url), 'utf8')) as Taxonomy;

/** A node named after its id ('root' -> 'Root'). */
const node = (id: string, children?: TaxonomyNode[]): TaxonomyNode => ({
  id,
  name: id.charAt(0).toUpperCase() + id.slice(1),
  description: 'd',
  ...(children ? { children } : {}),
});
const small = node('root', [node('g', [node('a'), node('b')]), node('c')]);

describe('public/model/taxonomy.json', () => {
  it('is valid against the model labels', () => {
    expect(validateTaxonomy(taxonomy, LABELS)).toEqual([]);
  });
  it("is the shipped model's labels: its leaves in alphabetical order (training/lib/taxonomy.py's output order)", () => {
    const metadata = JSON.parse(readFileSync(new URL('../../../public/model/metadata.json', import.meta.url), 'utf8')) as { labels: string[] };
    expect(metadata.labels).toEqual([...leavesOf(taxonomy.root)].sort());
    expect(validateTaxonomy(taxonomy, metadata.labels)).toEqual([]);
  });
  it('has unique ids', () => {
    const ids = allNodes(taxonomy.root).map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('aggregate', () => {
  const probs = [0.05, 0.1, 0.15, 0.02, 0.12, 0.5, 0.06];
  const tree = aggregate(taxonomy.root, LABELS, probs);

  it('gives the root probability 1 when the leaves sum to 1', () => {
    expect(tree.probability).toBeCloseTo(1, 12);
  });
  it('makes every inner node the sum of its children', () => {
    for (const n of flatten(tree)) {
      if (n.children.length)
        expect(n.probability).toBeCloseTo(
          n.children.reduce((s, c) => s + c.probability, 0),
          12,
        );
    }
  });
  it('puts each label probability on its leaf, with depth and leaves', () => {
    LABELS.forEach((l, i) => expect(findNode(tree, l)?.probability).toBe(probs[i]));
    expect(tree.depth).toBe(0);
    const mel = findNode(tree, 'mel') as AggregatedNode;
    expect(mel.depth).toBe(3);
    expect(findNode(tree, 'malignant')?.leaves.sort()).toEqual(['akiec', 'bcc', 'mel']);
    expect(findNode(tree, 'malignant')?.probability).toBeCloseTo(0.05 + 0.1 + 0.12, 12);
    expect(findNode(tree, 'nope')).toBeUndefined();
  });
  it('rejects a wrong number of probabilities and unknown leaves', () => {
    expect(() => aggregate(taxonomy.root, LABELS, [1, 0])).toThrow(/2 probabilities for 7 labels/);
    expect(() => aggregate(small, ['a', 'b', 'x'], [0.2, 0.3, 0.5])).toThrow(/leaf c is not one of the labels/);
  });
});

describe('validateTaxonomy', () => {
  it('accepts a good tree', () => {
    expect(validateTaxonomy({ version: 1, root: small }, ['a', 'b', 'c'])).toEqual([]);
  });
  it('catches a missing leaf', () => {
    const p = validateTaxonomy({ version: 1, root: small }, ['a', 'b', 'c', 'd']);
    expect(p.join('\n')).toMatch(/label d appears 0 times/);
  });
  it('catches a leaf that is not a label', () => {
    expect(validateTaxonomy({ version: 1, root: small }, ['a', 'b']).join('\n')).toMatch(/leaf c is not a model label/);
  });
  it('catches duplicate ids and leaves', () => {
    const dup: TaxonomyNode = { ...small, children: [...(small.children ?? []), { id: 'a', name: 'A2', description: 'd' }] };
    expect(validateTaxonomy({ version: 1, root: dup }, ['a', 'b', 'c']).join('\n')).toMatch(/node id a is repeated/);
  });
  it('catches missing names and a missing root', () => {
    const bad: TaxonomyNode = { id: 'root', name: '', description: 'd', children: [{ id: 'a', name: 'A', description: 'd' }] };
    expect(validateTaxonomy({ root: bad }, ['a']).join('\n')).toMatch(/no display name/);
    expect(validateTaxonomy(null, ['a'])).toEqual(['taxonomy has no root node']);
    expect(validateTaxonomy({}, ['a'])).toEqual(['taxonomy has no root node']);
  });
});

describe('nodeNames', () => {
  it('names every node, groups and diagnoses, by id', () => {
    expect(nodeNames(small)).toEqual({ root: 'Root', g: 'G', a: 'A', b: 'B', c: 'C' });
  });
});
