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
  // `!curl -X DELETE "$ENDPOINT/agents/$AGENT_ID"`, `!gcloud run services delete app`, `!gsutil rm -r gs://…`.
  'delete a cloud resource from the shell': {
    line: /^\s*!.*(?:-X\s*DELETE|--request\s+DELETE)\b|^\s*!\s*(?:gcloud|gsutil|az|aws|kubectl|bq)\b.*\s(?:delete|rm|rb)\b/,
    example: 'print(f"Deleting agent {AGENT_ID}...")\n!curl -X DELETE "https://example.googleapis.com/v1/agents/$AGENT_ID" -H "Authorization: Bearer $TOKEN"',
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
    line: /\binput\s*\(|\bgetpass\s*\(/,
    example: 'while True:\n    question = input("Ask: ")\n    if question == "exit":\n        break\n    print(chat(question))',
  },
  // `widgets.Dropdown(options=regions)` and `display(dropdown)`: an optional control for a person to pick
  // a value; the notebook's default comes from a cell that ran.
  'ask a person through a widget': {
    line: /\b(?:ipy)?widgets\.(?:Dropdown|Select|SelectMultiple|SelectionSlider|RadioButtons|ToggleButtons?|Combobox|Text|Textarea|Password|Checkbox|Button|FileUpload|DatePicker|ColorPicker|\w*Slider|(?:Bounded)?(?:Int|Float)Text)\s*\(|^\s*@?interact(?:_manual)?\b/,
    example: 'import ipywidgets as widgets\nfrom IPython.display import display\nregion = widgets.Dropdown(options=["us-east5", "europe-west1"], description="Region:")\ndisplay(region)',
  },
  // `notebook_login()`, Colab's `auth.authenticate_user()`: a prompt for a person's token; the author's
  // session was logged in another way.
  'log in interactively': {
    line: /\b(?:notebook_login|interpreter_login)\s*\(|\bauth\.authenticate_user\s*\(/,
    example: 'from huggingface_hub import notebook_login\n\nnotebook_login()',
  },
  // `model.push_to_hub("your_model_name")`: an optional publishing step; nothing saved depends on it.
  'publish the model': {
    line: /\.push_to_hub\s*\(/,
    example: 'model.push_to_hub("your_model_name")',
  },
  // `os.environ["VOYAGE_API_KEY"] = "VOYAGE KEY HERE"`: for a reader without the key in the environment;
  // the author's own run takes it from there, and running the cell would overwrite it.
  'set a secret in the environment by hand': {
    line: /\bos\.environ\s*\[\s*["'][^"'\n]*(?:KEY|TOKEN|SECRET|PASSWORD)[^"'\n]*["']\s*\]\s*=\s*[rRuU]?["']|^\s*%env\s+\w*(?:KEY|TOKEN|SECRET|PASSWORD)\w*\s*[= ]/i,
    example: 'import os\nos.environ["SEARCH_API_KEY"] = "SEARCH KEY HERE"\nos.environ["ANTHROPIC_API_KEY"] = "ANTHROPIC KEY HERE"',
  },
  // `ANTHROPIC_API_KEY = "<YOUR_ANTHROPIC_API_KEY>"`, `PROJECT_ID = "[your-project-id]"`, `api_key = "API_KEY"`,
  // `"api_key": "<value>"`, `account_name = '' # fill in your account`: values for a reader to fill in; the
  // author ran with their own, and running the cell as saved would put the placeholder in.
  'fill in placeholder values': {
    line: new RegExp([
      /^\s*(?:os\.environ\s*\[\s*["'][^"'\n]+["']\s*\]|[A-Za-z_]\w*)\s*=\s*["'](?:<\s*(?:your|my|insert|enter)[-_ ][^>"'\n]*>|\[\s*(?:your|my|insert|enter)[-_ ][^\]"'\n]*\]|(?:your|my)[-_ ][^"'\n]*|[^"'\n]*\b(?:key|token|id) here)["']/.source,
      /["']<[^<>"'\n]*\b(?:your|my|value|name|id|key|token|here|path|project|bucket|region|subscription|resource|workspace|account|endpoint|url)\b[^<>"'\n]*>["']/.source,
      /^\s*\w*(?:key|token)\w*\s*=\s*["'][A-Z_]*(?:KEY|TOKEN)["']/.source,
      /=\s*[rRuU]?(["'])\1\s*#.*\b(?:fill in|replace|enter|insert|put|set)\b.*\byour\b/.source,
    ].join('|'), 'i'),
    example: '# Insert your API keys here\nANTHROPIC_API_KEY = "<YOUR_ANTHROPIC_API_KEY>"\nPROJECT_ID = "[your-project-id]"\nmistral_key = "API_KEY"\naccount_name = ""  # fill in your storage account name',
  },
  // `!pip freeze | grep scikit-learn`, `!nvidia-smi`: a look at the machine, which changes nothing.
  'look at the environment': {
    line: /^\s*[!%]\s*(?:pip3?|conda)\s+(?:freeze|list|show)\b|^\s*!\s*(?:nvidia-smi|python3?\s+(?:-V|--version))\b/,
    example: '!pip freeze | grep scikit-learn',
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
