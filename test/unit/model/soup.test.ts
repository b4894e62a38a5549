/**
 * training/soup.py's weight arithmetic (uniform average of checkpoints, blend with the starting checkpoint):
 * runs training/check_soup.py on small tensors, no dataset. Needs python3-torch.
 */
import { describe, it } from 'vitest';
import { expectCheckPasses, missingPython } from './python-check';

const reason = missingPython(['torch'], 'python3-torch');
if (reason) console.log(`soup check skipped: ${reason}`);

describe.skipIf(Boolean(reason))('checkpoint soups', () => {
  it('average and blend weights as documented', () => {
    expectCheckPasses('check_soup.py', /soup check passed/);
  }, 60_000);
});
