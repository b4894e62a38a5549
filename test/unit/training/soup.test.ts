/**
 * training/soup.py's weight arithmetic (the uniform average of checkpoints): runs training/checks/soup.py on small
 * tensors, no dataset. Needs python3-torch.
 */
import { describePythonCheck } from './python-check';

describePythonCheck('checkpoint soups', 'averages weights as documented', 'training.checks.soup', /soup check passed/, ['torch'], 'python3-torch');
