// Eval cases the holdout15 read left refused that could be cases (issue 14): a Hugging Face zero-shot classifier's top
// label over the candidate labels it was given; a prompt rendered above the call from a literal template; a few-shot
// template's examples; an LCEL chain whose output is a dict holding the answer under one key.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planLlmEvalCases } from '../../server/src/engine/evals/plan';
import type { CellInput } from '../../server/src/engine/types';
import { code, getEngine } from '../helpers/engine';

const returned = (source: string, result: string, ...streams: string[]): CellInput => ({ ...code(source, 2), result, outputs: streams, stdout: streams.join('') });
const printed = (source: string, ...streams: string[]): CellInput => ({ ...code(source, 2), outputs: streams, stdout: streams.join('') });
const plan = async (cells: CellInput[]) => {
  const engine = await getEngine();
  return planLlmEvalCases(cells, cells.length - 1, (s) => engine.statements(s), 'notebooks/rendered.ipynb', 'r4');
};
const one = (p: Awaited<ReturnType<typeof plan>>) => {
  assert.ok('cases' in p && p.cases.length === 1, JSON.stringify(p));
  return p.cases[0];
};
const refused = (p: Awaited<ReturnType<typeof plan>>, reason: RegExp) => assert.ok('refused' in p && p.modelCall && reason.test(p.refused), JSON.stringify(p));

describe('eval cases: a zero-shot classifier answers with the top candidate label', () => {
  const maker = code('from transformers import pipeline\nzsc = pipeline("zero-shot-classification", model="facebook/bart-large-mnli")');
  const result = (sequence: string, labels: string[], scores: number[]) => `{'sequence': '${sequence}',\n 'labels': [${labels.map((l) => `'${l}'`).join(', ')}],\n 'scores': [${scores.join(', ')}]}`;

  it('takes labels[0] of the returned dict, records the candidate labels and grades by label over them', async () => {
    const c = one(await plan([maker, returned('zsc("The parcel arrived two weeks late", candidate_labels=["billing", "shipping", "returns"])', result('The parcel arrived two weeks late', ['shipping', 'returns', 'billing'], [0.91, 0.06, 0.03]))]));
    assert.equal(c.reference, 'shipping');
    assert.equal(c.input.prompt, 'The parcel arrived two weeks late');
    assert.deepEqual(c.grader, { kind: 'label', labels: ['billing', 'shipping', 'returns'] });
    assert.deepEqual(c.params, { candidate_labels: ['billing', 'shipping', 'returns'] });
    assert.equal(c.model, 'facebook/bart-large-mnli');
  });

  it('reads the labels given second (`zsc(text, labels)`) from a name bound above, and other labels change the version', async () => {
    const cells = [maker, code('text = "My card was charged twice"\nlabels = ["billing", "shipping"]'), returned('zsc(text, labels)', result('My card was charged twice', ['billing', 'shipping'], [0.97, 0.03]))];
    const c = one(await plan(cells));
    assert.equal(c.reference, 'billing');
    assert.deepEqual(c.grader, { kind: 'label', labels: ['billing', 'shipping'] });
    const other = one(await plan([maker, code('text = "My card was charged twice"\nlabels = ["billing", "fraud"]'), returned('zsc(text, labels)', result('My card was charged twice', ['billing', 'fraud'], [0.6, 0.4]))]));
    assert.notEqual(other.prompt_version, c.prompt_version);
  });

  it('makes a case per text of a list, each graded over all the candidate labels, not only those answered', async () => {
    const p = await plan([maker, returned('zsc(["Refund my order", "Where is my parcel?"], candidate_labels=["billing", "shipping", "returns"])', `[${result('Refund my order', ['returns', 'billing', 'shipping'], [0.8, 0.15, 0.05])}, ${result('Where is my parcel?', ['shipping', 'returns', 'billing'], [0.9, 0.06, 0.04])}]`)]);
    assert.ok('cases' in p && p.cases.length === 2, JSON.stringify(p));
    assert.deepEqual(p.cases.map((c) => c.reference), ['returns', 'shipping']);
    for (const c of p.cases) assert.deepEqual(c.grader, { kind: 'label', labels: ['billing', 'shipping', 'returns'] });
  });

  it('refuses multi_label (every label over a threshold), labels not written out, and a top label not among them', async () => {
    refused(await plan([maker, returned('zsc("I want to travel and cook", ["travel", "cooking"], multi_label=True)', result('I want to travel and cook', ['travel', 'cooking'], [0.98, 0.95]))]), /multi_label=True/);
    refused(await plan([maker, code('import json\nlabels = json.load(open("labels.json"))'), returned('zsc("The parcel arrived late", candidate_labels=labels)', result('The parcel arrived late', ['shipping'], [0.9]))]), /candidate labels .* not written out|computed/);
    refused(await plan([maker, returned('zsc("The parcel arrived late", candidate_labels=["billing", "shipping"])', result('The parcel arrived late', ['delivery', 'billing'], [0.9, 0.1]))]), /not one of the candidate labels/);
  });
});

describe('eval cases: a prompt rendered from a template above the call', () => {
  const setup = code('from langchain_openai import ChatOpenAI\nfrom langchain_core.prompts import ChatPromptTemplate, PromptTemplate\nchat = ChatOpenAI(model="gpt-4o-mini", temperature=0)');
  const answer = "AIMessage(content='Bonjour, je m\\'appelle Lea.', response_metadata={'model_name': 'gpt-4o-mini'}, id='run-1a2b3c4d5e6f7a8b')";

  it('sends the messages `prompt.invoke({…})` rendered in an earlier cell (`.to_messages()` or the value itself)', async () => {
    const cells = [
      setup,
      code('greeter = ChatPromptTemplate.from_messages([("system", "You answer in {language}."), ("human", "Introduce yourself as {name}.")])'),
      code('rendered = greeter.invoke({"language": "French", "name": "Lea"})\nrendered'),
    ];
    const messages = [{ role: 'system', content: 'You answer in French.' }, { role: 'user', content: 'Introduce yourself as Lea.' }];
    const viaMessages = one(await plan([...cells, returned('chat.invoke(rendered.to_messages())', answer)]));
    assert.deepEqual(viaMessages.input.messages, messages);
    assert.equal(viaMessages.reference, "Bonjour, je m'appelle Lea.");
    assert.equal(viaMessages.model, 'gpt-4o-mini');
    const direct = one(await plan([...cells, returned('chat.invoke(rendered)', answer)]));
    assert.deepEqual(direct.input.messages, messages);
  });

  it('renders `format_messages(…)` in the same cell, and a text template\'s `.format(…)`', async () => {
    const c = one(await plan([setup, returned('tpl = ChatPromptTemplate.from_template("Spell {word} backwards.")\nmsgs = tpl.format_messages(word="stressed")\nchat.invoke(msgs).content', "'desserts'")]));
    assert.deepEqual(c.input.messages, [{ role: 'user', content: 'Spell stressed backwards.' }]);
    const t = one(await plan([setup, code('tpl = PromptTemplate.from_template("Name the capital of {country}.")'), returned('chat.invoke(tpl.format(country="Peru")).content', "'Lima'")]));
    assert.equal(t.input.prompt, 'Name the capital of Peru.');
    // The template is part of the prompt's version: another template, same variables, another version.
    const u = one(await plan([setup, code('tpl = PromptTemplate.from_template("What is the capital of {country}?")'), returned('chat.invoke(tpl.format(country="Peru")).content', "'Lima'")]));
    assert.notEqual(u.prompt_version, t.prompt_version);
  });

  it('leaves a rendering with a computed variable, or a chat template flattened by `.format`, computed', async () => {
    refused(await plan([setup, code('import pathlib\nnotes = pathlib.Path("notes.txt").read_text()\ntpl = ChatPromptTemplate.from_template("Summarise: {notes}")\nrendered = tpl.invoke({"notes": notes})'), returned('chat.invoke(rendered)', answer)]), /`rendered` is computed/);
    refused(await plan([setup, code('tpl = ChatPromptTemplate.from_template("Spell {word} backwards.")\nflat = tpl.format(word="stressed")'), returned('chat.invoke(flat).content', "'desserts'")]), /`flat` is computed/);
    // A chain's answer is no rendered prompt, even when the chain starts with a template written out.
    refused(await plan([setup, code('joker = ChatPromptTemplate.from_template("Tell a joke about {topic}.") | chat\njoke = joker.invoke({"topic": "owls"})'), returned('chat.invoke(joke).content', "'Ha.'")]), /`joke` is computed/);
  });
});

describe('eval cases: few-shot templates rendered as LangChain renders them', () => {
  const setup = code('from langchain_openai import ChatOpenAI, OpenAI\nfrom langchain_core.prompts import ChatPromptTemplate, PromptTemplate, FewShotPromptTemplate, FewShotChatMessagePromptTemplate\nfrom langchain.chains import LLMChain\nchat = ChatOpenAI(model="gpt-4o-mini", temperature=0)\ncompleter = OpenAI(model="gpt-3.5-turbo-instruct", temperature=0)');
  const shots = code('shots = [\n    {"city": "Lyon", "country": "France"},\n    {"city": "Osaka", "country": "Japan"},\n]');

  it('joins a FewShotPromptTemplate\'s prefix, examples and suffix with its separator, then fills the call\'s variables', async () => {
    const c = one(await plan([
      setup, shots,
      code('shot_prompt = PromptTemplate(input_variables=["city", "country"], template="City: {city}\\nCountry: {country}")\nfew = FewShotPromptTemplate(examples=shots, example_prompt=shot_prompt, prefix="Name the country of each city.", suffix="City: {place}\\nCountry:", input_variables=["place"], example_separator="\\n---\\n")\nchain = LLMChain(llm=completer, prompt=few)'),
      printed('print(chain.run("Porto"))', ' Portugal\n'),
    ]));
    assert.equal(c.input.prompt, 'Name the country of each city.\n---\nCity: Lyon\nCountry: France\n---\nCity: Osaka\nCountry: Japan\n---\nCity: Porto\nCountry:');
    assert.deepEqual(c.input.variables, { place: 'Porto' });
    assert.equal(c.reference, 'Portugal');
    assert.equal(c.model, 'gpt-3.5-turbo-instruct');
  });

  it('puts a FewShotChatMessagePromptTemplate\'s examples in place among the chat messages, their braces kept as text', async () => {
    const c = one(await plan([
      setup,
      code('pairs = [{"q": "2 + 2", "a": "{4}"}, {"q": "3 + 5", "a": "{8}"}]\nshot = ChatPromptTemplate.from_messages([("human", "Sum: {q}"), ("ai", "{a}")])\nfew = FewShotChatMessagePromptTemplate(example_prompt=shot, examples=pairs)\nprompt = ChatPromptTemplate.from_messages([("system", "Answer in braces, in {style}."), few, ("human", "Sum: {q}")])\nchain = prompt | chat'),
      returned('chain.invoke({"style": "digits", "q": "7 + 6"}).content', "'{13}'"),
    ]));
    assert.deepEqual(c.input.messages, [
      { role: 'system', content: 'Answer in braces, in digits.' },
      { role: 'user', content: 'Sum: 2 + 2' }, { role: 'assistant', content: '{4}' },
      { role: 'user', content: 'Sum: 3 + 5' }, { role: 'assistant', content: '{8}' },
      { role: 'user', content: 'Sum: 7 + 6' },
    ]);
    assert.equal(c.reference, '{13}');
  });

  it('refuses examples picked by an example selector, or not written out', async () => {
    refused(await plan([
      setup, shots,
      code('from langchain_core.example_selectors import SemanticSimilarityExampleSelector\nselector = SemanticSimilarityExampleSelector.from_examples(shots, embeddings, store, k=1)\nshot_prompt = PromptTemplate.from_template("City: {city}\\nCountry: {country}")\nfew = FewShotPromptTemplate(example_selector=selector, example_prompt=shot_prompt, suffix="City: {place}\\nCountry:", input_variables=["place"])\nchain = LLMChain(llm=completer, prompt=few)'),
      printed('print(chain.run("Porto"))', ' Portugal\n'),
    ]), /example_selector/);
    refused(await plan([
      setup,
      code('import json\nshots = json.load(open("shots.json"))\nshot = ChatPromptTemplate.from_messages([("human", "{city}"), ("ai", "{country}")])\nfew = FewShotChatMessagePromptTemplate(example_prompt=shot, examples=shots)\nprompt = ChatPromptTemplate.from_messages([few, ("human", "{city}")])\nchain = prompt | chat'),
      returned('chain.invoke({"city": "Porto"}).content', "'Portugal'"),
    ]), /examples .* not written out/);
  });
});

describe('eval cases: an LCEL chain whose output is a dict', () => {
  const setup = code('from langchain_openai import ChatOpenAI\nfrom langchain_core.prompts import ChatPromptTemplate\nfrom langchain_core.output_parsers import StrOutputParser\nfrom langchain_core.runnables import RunnableParallel, RunnablePassthrough\nchat = ChatOpenAI(model="gpt-4o-mini", temperature=0)\nnamer = ChatPromptTemplate.from_messages([("system", "You name bakeries."), ("human", "Name a bakery in {town}.")])');

  it('takes the text a last dict step puts under its one key (`{"name": lambda x: x.content}`, after a parser too)', async () => {
    const c = one(await plan([setup, code('chain = namer | chat | {"name": lambda m: m.content}'), returned('chain.invoke({"town": "Ghent"})', "{'name': 'The Rising Loaf'}")]));
    assert.equal(c.reference, 'The Rising Loaf');
    assert.deepEqual(c.input.messages, [{ role: 'system', content: 'You name bakeries.' }, { role: 'user', content: 'Name a bakery in Ghent.' }]);
    const parsed = one(await plan([setup, code('chain = namer | chat | StrOutputParser() | {"name": RunnablePassthrough()}'), returned('chain.invoke({"town": "Ghent"})', "{'name': 'Crumb & Co.'}")]));
    assert.equal(parsed.reference, 'Crumb & Co.');
  });

  it('refuses a dict of several results, side by side or after the model, naming the keys', async () => {
    refused(await plan([setup, code('slogan = ChatPromptTemplate.from_template("A slogan for a bakery in {town}.") | chat | StrOutputParser()\nnames = namer | chat | StrOutputParser()\nboth = RunnableParallel(name=names, slogan=slogan)'), returned('both.invoke({"town": "Ghent"})', "{'name': 'The Rising Loaf', 'slogan': 'Fresh every dawn.'}")]), /side by side .*`name`, `slogan`/);
    refused(await plan([setup, code('chain = namer | chat | {"name": lambda m: m.content, "length": lambda m: len(m.content)}'), returned('chain.invoke({"town": "Ghent"})', "{'name': 'The Rising Loaf', 'length': 15}")]), /last step returns a dict \(`name`, `length`\)/);
  });
});
