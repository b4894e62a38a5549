/**
 * The training augmentation (training/data.py Augmenter) is batched so that it can run on a GPU: this runs its
 * self-check (training/check_augment.py, synthetic images, no dataset): views made in a batch equal the same views
 * made one at a time, the same seed repeats, values stay in the input range, every branch is drawn. Needs python3-torch.
 */
import { describe, it } from 'vitest';
import { expectCheckPasses, missingPython } from './python-check';

const reason = missingPython(['torch', 'PIL'], 'python3-torch python3-pil');
if (reason) console.log(`augmentation check skipped: ${reason}`);

describe.skipIf(Boolean(reason))('training augmentation', () => {
  it('batched views equal single views, repeat with the seed, stay in range', () => {
    expectCheckPasses('check_augment.py', /augmentation check passed/);
  }, 60_000);
});
