// Cells a notebook's author leaves unrun on purpose (NB106): tearing down what the
// notebook created, a server that blocks the kernel, an interactive loop. A saved
// notebook without their effects is the notebook as meant, not one with missing steps.
// Each entry carries an example cell the tests run through the engine.

export interface UnrunOnPurpose {
  /** Matched against each line of the cell, shell escapes included. */
  line: RegExp;
  /** A cell that shows the pattern, for the tests. */
  example: string;
}

export const UNRUN_ON_PURPOSE: Readonly<Record<string, UnrunOnPurpose>> = {
  // `ml_client.online_endpoints.begin_delete(name=endpoint_name)`, `client.delete_index("docs")`.
  'delete a cloud resource': {
    line: /\b(?:begin_)?delete\w*\s*\(|\.delete\s*\(\s*\)|\.drop_collection\s*\(|\.delete_collection\s*\(/,
    example: 'ml_client.online_endpoints.begin_delete(name=endpoint_name).result()',
  },
  'remove files the notebook made': {
    line: /\bshutil\.rmtree\s*\(|^\s*!\s*rm\s+-r/,
    example: 'import shutil\nshutil.rmtree(output_dir, ignore_errors=True)',
  },
  // `!docker run -p 7474:7474 neo4j`: a server meant for a terminal, it never returns in a cell.
  'start a container': {
    line: /^\s*!\s*(?:sudo\s+)?docker\s/,
    example: '!docker run -p 7474:7474 -p 7687:7687 -e NEO4J_AUTH=neo4j/password neo4j:latest',
  },
  // `while True: q = input("> ")`: a chat loop waiting for a person.
  'wait for a person typing': {
    line: /\binput\s*\(/,
    example: 'while True:\n    question = input("Ask: ")\n    if question == "exit":\n        break\n    print(chat(question))',
  },
  // `%pip install …` then `clear_output()` or a kernel restart: setup, run once and hidden.
  'hide install output or restart the kernel': {
    line: /\bclear_output\s*\(|\bdo_shutdown\s*\(|\bos\._exit\s*\(/,
    example: '%pip install -q mistralai datasets\nfrom IPython.display import clear_output\nclear_output()',
  },
};

/** True when some line of the cell is one of the patterns above. */
export function unrunOnPurpose(source: string): boolean {
  const entries = Object.values(UNRUN_ON_PURPOSE);
  return source.split('\n').some((text) => !text.trimStart().startsWith('#') && entries.some((e) => e.line.test(text)));
}
