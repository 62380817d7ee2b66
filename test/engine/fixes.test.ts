import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StringLiteral } from '../../server/src/engine/cellSummary';
import { pipInstallRequirements, pyprojectInsertion, requirementsAddition } from '../../server/src/engine/fixes/declareDependency';
import { planMoveToConfig } from '../../server/src/engine/fixes/moveToConfig';
import { configKey, decodeStringLiteral, numberToToml } from '../../server/src/engine/fixes/pythonLiteral';
import { envExampleAddition, planSecretToEnv } from '../../server/src/engine/fixes/secretToEnv';
import { maskIPython } from '../../server/src/engine/magics';
import { code } from '../helpers/engine';

const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
const literal = (value: string, context: StringLiteral['context'] = {}): StringLiteral => ({ range, value, context });

describe('Python literals to TOML', () => {
  it('decodes string literals as Python does', () => {
    assert.equal(decodeStringLiteral(String.raw`"a\tb\n\\c\"d\x41\u00e9"`), 'a\tb\n\\c"dAé');
    assert.equal(decodeStringLiteral(String.raw`r"C:\Users\x"`), String.raw`C:\Users\x`);
    assert.equal(decodeStringLiteral(`'''multi\nline'''`), 'multi\nline');
    assert.equal(decodeStringLiteral(`f"{x}"`), undefined);
    assert.equal(decodeStringLiteral(`b"bytes"`), undefined);
  });

  it('keeps ints ints and floats floats', () => {
    assert.deepEqual(['42', '1_000', '0x1F', '0.25', '1.', '.5', '1e-3', '2.0'].map(numberToToml), ['42', '1000', '31', '0.25', '1.0', '0.5', '0.001', '2.0']);
  });

  it('makes keys from names', () => {
    assert.equal(configKey('DATA_PATH', 'x'), 'data_path');
    assert.equal(configKey('model.name', 'x'), 'model_name');
    assert.equal(configKey('9lives', 'x'), 'x');
    assert.equal(configKey(undefined, 'setting'), 'setting');
  });
});

describe('planMoveToConfig', () => {
  it('reuses a key with the same value and never reuses one with another value', () => {
    const cells = [code('a = "x"\nb = "y"')];
    const plan = planMoveToConfig(cells, 'nb', [
      { cell: 0, range, source: '"x"', kind: 'string', keyHint: 'a' },
      { cell: 0, range, source: '"y"', kind: 'string', keyHint: 'b' },
    ], { a: 'x', b: 'other' })!;
    assert.deepEqual(plan.entries, [{ key: 'b_2', toml: '"y"' }]);
    assert.deepEqual(plan.cellEdits.map((e) => e.newText), ['CONFIG["a"]', 'CONFIG["b_2"]', 'from nb_config import load_config\nCONFIG = load_config("nb")\n']);
  });

  it('refuses f-strings, which hold code', () => {
    assert.equal(planMoveToConfig([code('p = f"/home/{u}"')], 'nb', [{ cell: 0, range, source: 'f"/home/{u}"', kind: 'string' }], undefined), undefined);
  });
});

describe('planSecretToEnv', () => {
  it('names the variable after the provider, the target, or the getenv call', () => {
    assert.deepEqual(planSecretToEnv(literal('sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z', { keyword: 'api_key' }), '"sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z"'), { variable: 'OPENAI_API_KEY', replacement: 'os.environ["OPENAI_API_KEY"]' });
    assert.deepEqual(planSecretToEnv(literal('hunter22', { target: 'db_password' }), '"hunter22"'), { variable: 'DB_PASSWORD', replacement: 'os.environ["DB_PASSWORD"]' });
    assert.deepEqual(planSecretToEnv(literal('x-default', { callee: 'os.getenv', argIndex: 1, firstArg: 'SERVICE_TOKEN' }), '"x-default"'), { variable: 'SERVICE_TOKEN', replacement: 'None' });
  });

  it('moves only the password out of a connection URI', () => {
    assert.deepEqual(planSecretToEnv(literal('postgresql://app:Sup3rS3cret@db:5432/x', { target: 'DATABASE_URL' }), '"postgresql://app:Sup3rS3cret@db:5432/x"'), {
      variable: 'DATABASE_PASSWORD',
      replacement: `f"postgresql://app:{os.environ['DATABASE_PASSWORD']}@db:5432/x"`,
    });
  });

  it('adds the variable to .env.example once', () => {
    assert.equal(envExampleAddition(undefined, 'A'), 'A=\n');
    assert.equal(envExampleAddition('B=1', 'A'), '\nA=\n');
    assert.equal(envExampleAddition('A=\n', 'A'), '');
  });
});

describe('declaring a pip-installed dependency', () => {
  const magic = (line: string) => maskIPython(line).magics[0];

  it('reads the requirement specs of pip install commands', () => {
    assert.deepEqual(pipInstallRequirements(magic('!pip install -q pandas==2.1.0 "numpy>=1.26" scikit-learn')), ['pandas==2.1.0', 'numpy>=1.26', 'scikit-learn']);
    assert.deepEqual(pipInstallRequirements(magic('%pip install --upgrade xgboost')), ['xgboost']);
    assert.deepEqual(pipInstallRequirements(magic('!python -m pip install torch[cuda]')), ['torch[cuda]']);
    assert.equal(pipInstallRequirements(magic('!pip install -r requirements.txt')), undefined);
    assert.equal(pipInstallRequirements(magic('!pip install git+https://github.com/x/y')), undefined);
    assert.equal(pipInstallRequirements(magic('!pip list')), undefined);
  });

  it('appends only what requirements.txt does not list', () => {
    assert.equal(requirementsAddition('pandas==2.0\n# note\nScikit_Learn\n', ['pandas==2.1', 'scikit-learn', 'xgboost>=2']), 'xgboost>=2\n');
    assert.equal(requirementsAddition(undefined, ['a']), 'a\n');
  });

  it('inserts into [project] dependencies, inline or multi-line', () => {
    const apply = (text: string, specs: string[]) => {
      const ins = pyprojectInsertion(text, specs);
      return ins && text.slice(0, ins.offset) + ins.text + text.slice(ins.offset);
    };
    assert.equal(apply('[project]\nname = "x"\ndependencies = ["pandas"]\n', ['numpy']), '[project]\nname = "x"\ndependencies = ["pandas", "numpy"]\n');
    assert.equal(apply('[project]\ndependencies = []\n', ['numpy']), '[project]\ndependencies = ["numpy"]\n');
    assert.equal(apply('[project]\ndependencies = [\n  "a",\n]\n[tool.x]\ndependencies = []\n', ['b']), '[project]\ndependencies = [\n  "a",\n    "b",\n]\n[tool.x]\ndependencies = []\n');
    assert.equal(pyprojectInsertion('[tool.poetry]\nname = "x"\n', ['b']), undefined);
  });
});
