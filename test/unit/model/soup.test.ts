/**
 * training/soup.py's weight arithmetic (uniform average of checkpoints, blend with the starting checkpoint):
 * runs training/check_soup.py on small tensors, no dataset. Needs python3-torch.
 */
import { describePythonCheck } from './python-check';

describePythonCheck('checkpoint soups', 'average and blend weights as documented', 'check_soup.py', /soup check passed/, ['torch'], 'python3-torch');
