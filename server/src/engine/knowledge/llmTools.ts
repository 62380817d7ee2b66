// Tool (function-calling) knowledge of the LLM client libraries, as data:
// - TOOL_CONSTRUCTORS: classes a tool definition is written with; called with
//   literal keywords they are the same definition as a dict (Gemini's
//   `FunctionDeclaration(name=…, parameters={…})`), so the tools stay written out;
// - TOOL_CALL_SHAPES: how a saved output shows the model's tool call, per SDK
//   (a repr's class or a dict's keys), so a case can hold that call as its reference.
// One test per entry in test/engine/evalTools.test.ts.

export interface ToolConstructor {
  /** The keywords the definition is made of; any other keyword (a Python callable, a schema class) leaves it computed. */
  fields: readonly string[];
}

/** Callee as written (its last dotted parts are matched: `types.Tool`) → the definition it builds. */
export const TOOL_CONSTRUCTORS: Readonly<Record<string, ToolConstructor>> = {
  // Gemini (google.genai.types, vertexai.generative_models)
  FunctionDeclaration: { fields: ['name', 'description', 'parameters', 'parameters_json_schema'] },
  Tool: { fields: ['function_declarations'] },
};

export interface ToolCallShape {
  sdk: string;
  /** A repr's class name (`FunctionCall(`); absent for a plain dict. */
  type?: string;
  /** For a plain dict (a JSON dump or a dict repr): keys it must have, and values they must hold. */
  marker?: Readonly<Record<string, string | true>>;
  name: string;
  /** The key holding the arguments: a dict, or a JSON text (`Function(arguments='{"a": 1}')`). */
  arguments: string;
}

export const TOOL_CALL_SHAPES: readonly ToolCallShape[] = [
  // Gemini: `response.function_calls` → [FunctionCall(args={...}, name='...')]
  { sdk: 'gemini', type: 'FunctionCall', name: 'name', arguments: 'args' },
  // Mistral: ToolCall(function=FunctionCall(name='...', arguments='{...}'))
  { sdk: 'mistral', type: 'FunctionCall', name: 'name', arguments: 'arguments' },
  // OpenAI: ChatCompletionMessageToolCall(function=Function(arguments='{...}', name='...'))
  { sdk: 'openai', type: 'Function', name: 'name', arguments: 'arguments' },
  // Anthropic: ToolUseBlock(id='toolu_…', input={...}, name='...', type='tool_use')
  { sdk: 'anthropic', type: 'ToolUseBlock', name: 'name', arguments: 'input' },
  // Anthropic's block as a dict (`model_dump()`, a JSON dump)
  { sdk: 'anthropic', marker: { type: 'tool_use' }, name: 'name', arguments: 'input' },
  // OpenAI's tool call as a dict: {"function": {"arguments": "...", "name": "..."}, "type": "function"}
  { sdk: 'openai', marker: { arguments: true, name: true }, name: 'name', arguments: 'arguments' },
  // LangChain: AIMessage(tool_calls=[{'name': '...', 'args': {...}, 'id': '...', 'type': 'tool_call'}])
  { sdk: 'langchain', marker: { type: 'tool_call' }, name: 'name', arguments: 'args' },
];
