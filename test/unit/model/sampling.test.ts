/**
 * training/data.py's sampler weights (class shares ~ n^(1/2), biopsy-proven images up-weighted within a class by
 * train.py --biopsied): runs training/check_sampling.py on a toy label list, no dataset. Needs python3-torch and
 * python3-numpy (data.py imports both).
 */
import { describePythonCheck } from './python-check';

describePythonCheck(
  'training sampler',
  'keeps class shares and up-weights biopsy-proven images within a class',
  'check_sampling.py',
  /sampling check passed/,
  ['torch', 'numpy'],
  'python3-torch python3-numpy',
);
