/**
 * training/lib/data.py's sampler weights (class shares ~ n^(1/2); with several sources, each source's share of a
 * class ~ its count^(1/2)): runs training/checks/sampling.py on a toy label list, no dataset. Needs python3-torch
 * and python3-numpy (lib/data.py imports both).
 */
import { describePythonCheck } from './python-check';

describePythonCheck(
  'training sampler',
  'keeps class shares n^(1/2), and within a class each source ~ its count^(1/2)',
  'training.checks.sampling',
  /sampling check passed/,
  ['torch', 'numpy'],
  'python3-torch python3-numpy',
);
