/**
 * The training augmentation (training/lib/data.py Augmenter) is batched so that it can run on a GPU: this runs its
 * self-check (training/checks/augment.py, synthetic images, no dataset): views made in a batch equal the same views
 * made one at a time, the same seed repeats, values stay in the input range, every branch is drawn. Needs python3-torch.
 */
import { describePythonCheck } from './python-check';

describePythonCheck(
  'training augmentation',
  'batched views equal single views, repeat with the seed, stay in range',
  'training.checks.augment',
  /augmentation check passed/,
  ['torch', 'PIL'],
  'python3-torch python3-pil',
);
