// SDK enums as the model id and parameter keys (IBM watsonx): each entry of SDK_ENUMS resolves to
// the SDK's value when the notebook imports it, and a chain's case records the model and parameters.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enumValue, importedEnums, SDK_ENUMS } from '../../server/src/engine/knowledge/llmEnums';
import { planLlmEvalCases } from '../../server/src/engine/evals/plan';
import type { CellInput } from '../../server/src/engine/types';
import { code, getEngine } from '../helpers/engine';

// The values as ibm_watsonx_ai 1.x defines them (foundation_models/utils/enums.py, metanames.py), written out here.
const EXPECTED: Record<string, Record<string, string>> = {
  ModelTypes: {
    FLAN_T5_XXL: 'google/flan-t5-xxl', FLAN_UL2: 'google/flan-ul2', FLAN_T5_XL: 'google/flan-t5-xl', MT0_XXL: 'bigscience/mt0-xxl',
    GPT_NEOX: 'eleutherai/gpt-neox-20b', MPT_7B_INSTRUCT2: 'ibm/mpt-7b-instruct2', STARCODER: 'bigcode/starcoder',
    LLAMA_2_70B_CHAT: 'meta-llama/llama-2-70b-chat', LLAMA_2_13B_CHAT: 'meta-llama/llama-2-13b-chat',
    GRANITE_13B_INSTRUCT: 'ibm/granite-13b-instruct-v1', GRANITE_13B_CHAT: 'ibm/granite-13b-chat-v1',
    GRANITE_13B_CHAT_V2: 'ibm/granite-13b-chat-v2', GRANITE_13B_INSTRUCT_V2: 'ibm/granite-13b-instruct-v2',
    MIXTRAL_8X7B_INSTRUCT_V01: 'mistralai/mixtral-8x7b-instruct-v01', MIXTRAL_8X7B_INSTRUCT_V01_Q: 'ibm-mistralai/mixtral-8x7b-instruct-v01-q',
    LLAMA_3_70B_INSTRUCT: 'meta-llama/llama-3-70b-instruct', LLAMA_3_8B_INSTRUCT: 'meta-llama/llama-3-8b-instruct',
  },
  DecodingMethods: { GREEDY: 'greedy', SAMPLE: 'sample' },
  GenTextParamsMetaNames: {
    DECODING_METHOD: 'decoding_method', TEMPERATURE: 'temperature', TOP_P: 'top_p', TOP_K: 'top_k', RANDOM_SEED: 'random_seed',
    REPETITION_PENALTY: 'repetition_penalty', MIN_NEW_TOKENS: 'min_new_tokens', MAX_NEW_TOKENS: 'max_new_tokens',
    STOP_SEQUENCES: 'stop_sequences', TRUNCATE_INPUT_TOKENS: 'truncate_input_tokens',
  },
};

const IMPORTS = [
  'from ibm_watsonx_ai.foundation_models.utils.enums import ModelTypes, DecodingMethods',
  'from ibm_watsonx_ai.metanames import GenTextParamsMetaNames as GenParams',
].join('\n');

describe('SDK_ENUMS: each member is the SDK\'s value', () => {
  it('lists exactly the enums and members written out here', () => {
    assert.deepEqual(Object.keys(SDK_ENUMS).sort(), Object.keys(EXPECTED).sort());
    for (const [name, e] of Object.entries(SDK_ENUMS)) assert.deepEqual(Object.keys(e.members).sort(), Object.keys(EXPECTED[name]).sort(), name);
  });
  const enums = importedEnums([IMPORTS]);
  for (const [name, members] of Object.entries(EXPECTED)) {
    const local = name === 'GenTextParamsMetaNames' ? 'GenParams' : name;
    for (const [member, value] of Object.entries(members)) {
      it(`${name}.${member} is ${JSON.stringify(value)}`, () => {
        assert.equal(enumValue(`${local}.${member}`, enums), value);
        assert.equal(enumValue(`${local}.${member}.value`, enums), value);
      });
    }
  }
  it('reads the models enum of the API client (`client.foundation_models.TextModels.FLAN_UL2`)', () => {
    const own = importedEnums(['from ibm_watsonx_ai import APIClient']);
    assert.equal(enumValue('client.foundation_models.TextModels.FLAN_UL2', own), 'google/flan-ul2');
    assert.equal(enumValue('client.foundation_models.TextModels.FLAN_UL2', importedEnums(['import os'])), undefined);
  });
  it('knows no enum the notebook does not import from the SDK, and no member it does not list', () => {
    assert.equal(enumValue('ModelTypes.FLAN_UL2', importedEnums(['from my_models import ModelTypes'])), undefined);
    assert.equal(enumValue('ModelTypes.GRANITE_99B_FUTURE', enums), undefined);
  });
});

const answered = (source: string, result: string): CellInput => ({ ...code(source, 1), result });
const plan = async (cells: CellInput[]) => {
  const engine = await getEngine();
  return planLlmEvalCases(cells, cells.length - 1, (s) => engine.statements(s), 'rag/watsonx_qa.ipynb', 'qa-cell');
};

describe('eval cases: a watsonx model named by the SDK\'s enums', () => {
  const setup = [
    code(`${IMPORTS}\nfrom langchain_ibm import WatsonxLLM\nfrom langchain_core.prompts import PromptTemplate`),
    code('model_id = ModelTypes.GRANITE_13B_CHAT_V2'),
    code('parameters = {\n    GenParams.DECODING_METHOD: DecodingMethods.GREEDY,\n    GenParams.MAX_NEW_TOKENS: 100,\n    GenParams.STOP_SEQUENCES: ["<|endoftext|>"],\n}'),
    code('granite = WatsonxLLM(\n    model_id=model_id.value,\n    url=credentials.get("url"),\n    project_id=project_id,\n    params=parameters,\n)'),
    code('prompt = PromptTemplate.from_template("Answer in one sentence: {question}")\nchain = prompt | granite'),
  ];
  it('records the model id and the parameters by their values', async () => {
    const p = await plan([...setup, answered('chain.invoke({"question": "What is a vector database?"})', "'A vector database stores embeddings and finds the nearest ones to a query.'")]);
    assert.ok('cases' in p, JSON.stringify(p));
    assert.equal(p.cases[0].model, 'ibm/granite-13b-chat-v2');
    // WatsonxLLM's `params=` as the SDK takes them.
    assert.deepEqual(p.cases[0].params, { params: { decoding_method: 'greedy', max_new_tokens: 100, stop_sequences: ['<|endoftext|>'] } });
  });
  it('still refuses a member the table does not list (no guessed id)', async () => {
    const p = await plan([...setup.slice(0, 1), code('model_id = ModelTypes.GRANITE_99B_FUTURE'), ...setup.slice(2), answered('chain.invoke({"question": "What is a vector database?"})', "'A vector database stores embeddings.'")]);
    assert.ok('refused' in p && /model_id/.test(p.refused), JSON.stringify(p));
  });
});
