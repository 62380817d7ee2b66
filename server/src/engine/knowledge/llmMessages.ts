// Message objects the LLM client libraries build a chat from, as data: calling
// one with literal arguments is a literal message (`HumanMessage(content="Hi")`
// is `{"role": "user", "content": "Hi"}`), so a prompt written with them is
// still written out. Positional arguments fill `fields` in order; a keyword
// outside `fields` (an image, a tool call id) leaves the message computed.
// One test per entry in test/engine/evalClients.test.ts.

export interface MessageConstructor {
  /** The role the message stands for; absent when the call names it (`ChatMessage(role=…)`). */
  role?: string;
  /** The arguments that make up the message, positional ones in this order. */
  fields: readonly string[];
}

/** Callee as written (its last dotted parts are matched: `types.Part.from_text`) → the message it builds. */
export const MESSAGE_CONSTRUCTORS: Readonly<Record<string, MessageConstructor>> = {
  // LangChain (langchain_core.messages / langchain.schema)
  HumanMessage: { role: 'user', fields: ['content'] },
  SystemMessage: { role: 'system', fields: ['content'] },
  AIMessage: { role: 'assistant', fields: ['content'] },
  // LlamaIndex (llama_index.core.llms.ChatMessage) and LangChain's generic message
  ChatMessage: { fields: ['role', 'content'] },
  // Mistral (mistralai.models)
  UserMessage: { role: 'user', fields: ['content'] },
  AssistantMessage: { role: 'assistant', fields: ['content'] },
  // Gemini (google.genai.types): a text part and a turn made of parts
  'types.Part.from_text': { fields: ['text'] },
  'types.Part': { fields: ['text'] },
  'types.Content': { fields: ['role', 'parts'] },
};

/** Chat roles as LangChain's tuple shorthand writes them (`("human", "Hi")`) → the role a messages list uses. */
export const CHAT_ROLES: Readonly<Record<string, string>> = {
  system: 'system',
  human: 'user',
  user: 'user',
  ai: 'assistant',
  assistant: 'assistant',
};
