/**
 * training/data.py's sampler weights (class shares ~ n^(1/2), biopsy-proven images up-weighted within a class by
 * train.py --biopsied): runs training/check_sampling.py on a toy label list, no dataset. Needs python3-torch and
 * python3-numpy (data.py imports both).
 */
import { describe, it } from 'vitest';
import { expectCheckPasses, missingPython } from './python-check';

const reason = missingPython(['torch', 'numpy'], 'python3-torch python3-numpy');
if (reason) console.log(`sampling check skipped: ${reason}`);

describe.skipIf(Boolean(reason))('training sampler', () => {
  it('keeps class shares and up-weights biopsy-proven images within a class', () => {
    expectCheckPasses('check_sampling.py', /sampling check passed/);
  }, 60_000);
});
