// NB501, NB201 and NB104 false positives found labelling holdout20.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { code, findingsOf, notebook, placesOf } from '../helpers/engine';

// A ridge-regression lesson checks its hand-written gradient against torch: tensors made from seeded numpy data with
// requires_grad=True, a `torch.nn.MSELoss()` criterion, one backward(). A loss module has no weights, nothing trains.
describe('NB501: a loss module is not a layer that starts at random (holdout20)', () => {
  const SETUP = 'import numpy as np\nimport torch\nnp.random.seed(12)\nX = np.random.randn(73, 4)\ny = X @ np.array([3.0, 2.0, 5.0, -3.4])\nw = np.random.randn(4)';
  const CHECK = 'tX = torch.tensor(X, requires_grad=True)\nty = torch.tensor(y)\ntw = torch.tensor(w, requires_grad=True)\ncriterion = torch.nn.MSELoss()\ntloss = criterion(torch.matmul(tX, tw), ty) + 0.3 * torch.dot(tw, tw)\ntloss.backward()';

  it('is silent on a gradient check with a loss criterion', async () => {
    assert.deepEqual(await findingsOf('NB501', [SETUP, CHECK]), []);
  });

  it('still reports a layer, or an optimiser stepping', async () => {
    assert.deepEqual(await findingsOf('NB501', [SETUP, CHECK.replace('criterion = torch.nn.MSELoss()', 'head = torch.nn.Linear(4, 1)\ncriterion = torch.nn.MSELoss()')]), ['2:7:1 tloss.backward']);
    assert.deepEqual(await findingsOf('NB501', [SETUP, `${CHECK}\nopt = torch.optim.SGD([tw], lr=0.1)\nopt.step()`]), []);
    assert.deepEqual(await findingsOf('NB501', [SETUP, `${CHECK}\nmodel = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU())\nopt = torch.optim.Adam(model.parameters())\nopt.step()`]), ['2:6:1 tloss.backward']);
  });
});

describe('NB201: torchvision downloads into a home-relative root it makes (holdout20)', () => {
  it('is silent on root="~/data" with download=True', async () => {
    assert.deepEqual(await placesOf('NB201', ['from torchvision import datasets, transforms\ntraining_data = datasets.EMNIST(\n    root="~/data",\n    split="byclass",\n    download=True,\n    transform=transforms.ToTensor(),\n)']), []);
  });

  it('still reports it without download=True (the files must be there)', async () => {
    assert.deepEqual(await placesOf('NB201', ['from torchvision import datasets\ntest_data = datasets.MNIST(root="~/data", train=False)']), ['1:2:33 "~/data"']);
  });
});

// A fine-tuning notebook saves the model locally, then copies it to Drive in `try: from google.colab import drive …
// except: print(...)`: outside Colab the import fails first, so the Drive path is only reached in Colab.
describe('NB201: a Drive copy in a try that imports google.colab (holdout20)', () => {
  const BACKUP = `trainer.save_model()
try:
    from google.colab import drive
    drive.mount("/content/drive")
    import shutil
    drive_path = f"/content/drive/MyDrive/Colab Notebooks/finetuned_{stamp}"
    shutil.copytree(training_args.output_dir, drive_path)
except:
    print("Google Drive not available, model saved locally only")`;

  it('is silent on the optional Drive copy', async () => {
    assert.deepEqual(await placesOf('NB201', [BACKUP]), []);
  });

  it('still reports a Drive path in a try that does not import google.colab first', async () => {
    const reads = BACKUP.replace('    from google.colab import drive\n    drive.mount("/content/drive")\n', '');
    assert.deepEqual(await placesOf('NB201', [reads]), ['1:4:18 f"/content/drive/MyDrive/Colab Notebooks/finetuned_{stamp}"']);
  });
});

// A peek cell `lim` that ran after the cell below set it: it only shows a value, nothing reads what it does.
describe('NB104: a cell that only shows a value (holdout20)', () => {
  it('is silent on a bare display', async () => {
    assert.deepEqual(await findingsOf('NB104', notebook(code('lim = 5\nfig, ax = plt.subplots()', 1), code('lim', 52), code('lim = np.abs(xs).max() * 1.1\nax.set_xlim(-lim, lim)', 51))), []);
  });

  it('still reports a cell that computes with the value', async () => {
    assert.deepEqual(await findingsOf('NB104', notebook(code('lim = 5\nfig, ax = plt.subplots()', 1), code('ax.set_ylim(-lim, lim)', 52), code('lim = np.abs(xs).max() * 1.1\nax.set_xlim(-lim, lim)', 51))), ['2:1:14 lim']);
  });
});

describe('NB104: the peek is excused only above the cell that sets the value again (holdout20)', () => {
  it('still reports a bare display when the setting cell is further down, or an attribute shown', async () => {
    assert.deepEqual(await findingsOf('NB104', notebook(code('lim = 5', 1), code('lim', 52), code('plt.show()', 53), code('lim = np.abs(xs).max() * 1.1', 51))), ['2:1:1 lim']);
    assert.deepEqual(await findingsOf('NB104', notebook(code('df = pd.read_csv("sales.csv")', 1), code('df.dtypes', 52), code('df = df.dropna()', 51))), ['2:1:1 df']);
  });
});
