/**
 * training/select.py's cross-fitted prior correction (HAM10000 validation judged as the app corrects it, with no
 * image scored by an alpha fitted on itself): runs training/checks/select.py on synthetic logits. Needs python3-numpy.
 */
import { describePythonCheck } from './python-check';

describePythonCheck(
  'model selection',
  'cross-fits the prior correction by lesion',
  'training.checks.select',
  /select check passed/,
  ['numpy', 'torch'],
  'python3-numpy python3-torch',
);
