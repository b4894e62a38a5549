/**
 * training/similar_cases.py's neighbour search, majority vote and teaching-set choice on toy data (the same order
 * and tie rules as src/core/embedding.ts): runs python3 -m training.checks.similar, no dataset. Needs python3-torch,
 * python3-numpy and python3-pil (similar_cases.py imports all three).
 */
import { describePythonCheck } from './python-check';

describePythonCheck(
  'similar-cases pack builder',
  'orders neighbours and votes as the app does, and picks one image per lesion, biopsy-proven first',
  'training.checks.similar',
  /similar cases check passed/,
  ['torch', 'numpy', 'PIL'],
  'python3-torch python3-numpy python3-pil',
);
