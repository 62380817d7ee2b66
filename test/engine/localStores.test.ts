// NB201 and the calls that create the folder they are given (knowledge/localStores.ts):
// holdout6b's `~/lancedb` stores. Each entry's example is silent; reads stay reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STORE_CALLS } from '../../server/src/engine/knowledge/localStores';
import { placesOf } from '../helpers/engine';

describe('knowledge/localStores.ts', () => {
  for (const entry of STORE_CALLS) {
    it(`a home-relative folder given to ${entry.callee.source} is created in any home: ${entry.example.split('\n').pop()}`, async () => {
      assert.deepEqual(await placesOf('NB201', [entry.example]), []);
      // The same path read by pandas is data the user must have put there.
      const read = entry.example.replace(/^.*?(["'])(~\/[^"']+)\1.*$/ms, 'frame = pd.read_csv("$2/table.csv")');
      assert.equal((await placesOf('NB201', [read])).length, 1, read);
    });
  }
});

describe('NB201: home-relative stores the notebook creates', () => {
  it('a variable or a parameter default that the same cell gives to such a call', async () => {
    assert.deepEqual(await placesOf('NB201', ['db_uri = "~/lancedb"\ndb = lancedb.connect(db_uri)']), []);
    const builder = 'def build_index(docs, uri="~/tmp/lancedb"):\n    store = LanceDBVectorStore(uri=uri)\n    return VectorStoreIndex.from_documents(docs, vector_store=store)';
    assert.deepEqual(await placesOf('NB201', [builder]), []);
    assert.deepEqual(await placesOf('NB201', ['data_dir = "~/datasets/demo"\nos.makedirs(os.path.expanduser(data_dir), exist_ok=True)']), []);
  });

  it('still reports a path with a user name, and a home path only read', async () => {
    assert.deepEqual(await placesOf('NB201', ['db = lancedb.connect("/home/alice/lancedb")']), ['1:1:22 "/home/alice/lancedb"']);
    assert.deepEqual(await placesOf('NB201', ['data_dir = "~/datasets/demo"\nframe = pd.read_parquet(data_dir)']), ['1:1:12 "~/datasets/demo"']);
    // A variable given to a store call in another cell: this cell alone does not show it is created.
    assert.deepEqual(await placesOf('NB201', ['db_uri = "~/lancedb"', 'db = lancedb.connect(db_uri)']), ['1:1:10 "~/lancedb"']);
  });
});
