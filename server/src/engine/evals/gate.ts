// The pytest gate written once per project as tests/test_evals.py: function cases as plain
// checks, language-model cases under the `eval` marker with key checks, graders, a pass rate
// written to evals/report.json and the [tool.nb2prod.evals] threshold. Python source, kept raw
// (no backquote may appear in it).

import { OPENAI_COMPATIBLE_SDKS } from './llmCalls';

/** Where the gate writes its last run's pass rate (read back by the readiness checklist). */
export const EVAL_REPORT_FILE = 'evals/report.json';

export const EVAL_GATE_SOURCE = String.raw`"""Eval cases as tests: every line of evals/*.jsonl is one case. Written by nb2prod (see docs/evals.md).

Language-model cases ({"input": {...}, "reference": ..., "grader": {...}}) run under the "eval" marker:

    pytest -m eval          # the eval gate
    pytest -m "not eval"    # unit tests only

Each case asks the function named by its "target" ("package.module:function", called with the
case's prompt, messages or variables; and its "system" and "tools" when the function takes them)
or, without one, the model it records through the vendor's SDK, with the case's system instruction
and tool definitions, and the files it sends ("attachments": a path from the project root or a URL),
in the vendor's shape (an image_url block, an image or document block, a Gemini part). A "tool_call" case passes when the model calls the named tool with arguments
that fit the case's schema. A case skips with the reason when the API key its model needs is absent. The "judge" grader
asks the model set in [tool.nb2prod.evals] judge = "openai:gpt-4o-mini" (or $NB2PROD_EVAL_JUDGE);
without one the case is reported as "needs a judge" and counts as not passed.

The last eval test writes evals/report.json (pass rate, per prompt version) and fails when the pass
rate is under [tool.nb2prod.evals] threshold in pyproject.toml (0.9 when not set).
Function cases ({"function": "module.name", "expected": ...}) are plain checks, run always.
"""
import base64
import importlib
import inspect
import json
import math
import os
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if (ROOT / "src").is_dir() and str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

# Register the marker (as [tool.pytest.ini_options] markers would) so --strict-markers accepts it.
_config = getattr(pytest.mark, "_config", None)
if _config is not None:
    _config.addinivalue_line("markers", "eval: language-model eval cases from evals/*.jsonl (need API keys)")

KEYS = {
    "openai": ["OPENAI_API_KEY"],
    "anthropic": ["ANTHROPIC_API_KEY"],
    "gemini": ["GOOGLE_API_KEY", "GEMINI_API_KEY", "GOOGLE_CLOUD_PROJECT"],
    "huggingface": ["HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HUGGINGFACEHUB_API_TOKEN"],
    "bedrock": ["AWS_ACCESS_KEY_ID", "AWS_PROFILE"],
    "mistral": ["MISTRAL_API_KEY"],
${OPENAI_COMPATIBLE_SDKS.map((sdk) => `    "${sdk.vendor}": ["${sdk.key}"],\n`).join('')}}
# SDKs that copy OpenAI's client: (module, client class), asked like OpenAI's.
OPENAI_COMPATIBLE = {
${OPENAI_COMPATIBLE_SDKS.map((sdk) => `    "${sdk.vendor}": ("${sdk.module}", "${sdk.client}"),\n`).join('')}}
# An Azure OpenAI client reads its endpoint (AZURE_OPENAI_ENDPOINT) and API version (OPENAI_API_VERSION) from the environment too.
AZURE_KEYS = ["AZURE_OPENAI_API_KEY", "AZURE_OPENAI_AD_TOKEN"]
RESULTS = []


def _settings():
    try:
        import tomllib
    except ImportError:  # Python < 3.11
        try:
            import tomli as tomllib
        except ImportError:
            return {}
    path = ROOT / "pyproject.toml"
    if not path.exists():
        return {}
    with path.open("rb") as f:
        return tomllib.load(f).get("tool", {}).get("nb2prod", {}).get("evals", {})


def _cases():
    for path in sorted((ROOT / "evals").glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                case = json.loads(line)
                yield case, case.get("id", f"{path.name}:{number}")


def _vendor(case):
    return (case.get("tags") or [""])[0]


def _azure(case):
    return "azure" in (case.get("tags") or [])


def _need_key(case):
    vendor = _vendor(case)
    endpoint = case.get("endpoint")
    if endpoint:
        # Another server (Ollama, OpenRouter, ...): the key the notebook read for it; none for a placeholder key.
        keys = case.get("env") or ([endpoint["api_key_env"]] if endpoint.get("api_key_env") else [])
    else:
        keys = case.get("env") or (AZURE_KEYS if _azure(case) else KEYS.get(vendor, []))
    if keys and not any(os.environ.get(k) for k in keys):
        pytest.skip(f"{case['id']}: set {' or '.join(keys)} to run this {vendor} case")


def _text(result):
    """The answer text in what a model or a function returned."""
    if isinstance(result, str):
        return result
    if isinstance(result, dict):
        for key in ("result", "output", "answer", "output_text", "text", "content", "generated_text"):
            if isinstance(result.get(key), str):
                return result[key]
    for attr in ("output_text", "text", "content"):
        value = getattr(result, attr, None)
        if isinstance(value, str):
            return value
        if isinstance(value, list) and value and isinstance(getattr(value[0], "text", None), str):
            return value[0].text
    choices = getattr(result, "choices", None)
    if choices:
        message = getattr(choices[0], "message", None)
        return getattr(message, "content", None) or getattr(choices[0], "text", "")
    return str(result)


def _arguments(value):
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return dict(value) if value is not None and not isinstance(value, dict) else (value or {})


def _tool_calls(result):
    """The tool calls in a response, whichever SDK shape: [{"name", "arguments"}]."""
    calls = []
    if isinstance(result, dict):  # Bedrock converse
        blocks = ((result.get("output") or {}).get("message") or {}).get("content") or []
        calls += [{"name": b["toolUse"]["name"], "arguments": b["toolUse"].get("input") or {}} for b in blocks if isinstance(b, dict) and "toolUse" in b]
        return calls
    choices = getattr(result, "choices", None)
    if choices:  # OpenAI, Mistral, Hugging Face chat
        for call in getattr(getattr(choices[0], "message", None), "tool_calls", None) or []:
            calls.append({"name": call.function.name, "arguments": _arguments(call.function.arguments)})
    content = getattr(result, "content", None)
    if isinstance(content, list):  # Anthropic
        calls += [{"name": b.name, "arguments": _arguments(b.input)} for b in content if getattr(b, "type", None) == "tool_use"]
    for call in getattr(result, "function_calls", None) or []:  # Gemini
        calls.append({"name": call.name, "arguments": _arguments(call.args)})
    for call in getattr(result, "tool_calls", None) or []:  # LangChain
        if isinstance(call, dict) and "name" in call:
            calls.append({"name": call["name"], "arguments": _arguments(call.get("args"))})
    return calls


def _reply(result):
    """What the model answered: its tool calls as JSON when it made any, else the answer text."""
    calls = _tool_calls(result)
    return json.dumps(calls) if calls else _text(result)


def _file(attachment):
    """The bytes of an attached file: a path from the project root, or a URL the gate downloads."""
    if "path" in attachment:
        path = ROOT / attachment["path"]
        if not path.is_file():
            pytest.skip(f"the case sends {attachment['path']}, which is missing: put the file there (the notebook read it next to itself)")
        return path.read_bytes()
    if not attachment["url"].startswith(("http://", "https://")):
        pytest.skip(f"the case sends {attachment['url']}, which only the vendor's own storage can read")
    from urllib.request import urlopen

    with urlopen(attachment["url"], timeout=60) as reply:
        return reply.read()


def _mime(attachment):
    return attachment.get("mime") or {"image": "image/png", "pdf": "application/pdf"}.get(attachment["kind"], "application/octet-stream")


def _data_url(attachment):
    return f"data:{_mime(attachment)};base64,{base64.b64encode(_file(attachment)).decode()}"


def _block(vendor, attachment):
    """One attached file in the vendor's own shape (a content block, a Gemini part); skips when the vendor takes no such file."""
    kind, url = attachment["kind"], attachment.get("url", "")
    web = url.startswith(("http://", "https://"))
    if vendor in ("openai", "mistral", "huggingface") or vendor in OPENAI_COMPATIBLE:
        if kind == "image":
            return {"type": "image_url", "image_url": {"url": url if web else _data_url(attachment)}}
        if kind == "pdf" and vendor == "openai":
            return {"type": "file", "file": {"filename": (attachment.get("path") or url).rsplit("/", 1)[-1], "file_data": _data_url(attachment)}}
        if kind == "audio" and vendor == "openai":
            return {"type": "input_audio", "input_audio": {"data": base64.b64encode(_file(attachment)).decode(), "format": _mime(attachment).split("/")[-1].replace("mpeg", "mp3")}}
    if vendor == "anthropic" and kind in ("image", "pdf"):
        source = {"type": "url", "url": url} if web else {"type": "base64", "media_type": _mime(attachment), "data": base64.b64encode(_file(attachment)).decode()}
        return {"type": "image" if kind == "image" else "document", "source": source}
    if vendor == "anthropic" and _mime(attachment).startswith("text/"):
        return {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": _file(attachment).decode("utf-8")}}
    if vendor == "gemini":
        from google.genai import types

        if url and not web or "youtube.com/" in url or "youtu.be/" in url:
            return types.Part.from_uri(file_uri=url, mime_type=_mime(attachment))
        return types.Part.from_bytes(data=_file(attachment), mime_type=_mime(attachment))
    if vendor == "bedrock" and kind in ("image", "pdf"):
        fmt = _mime(attachment).split("/")[-1]
        return {"image": {"format": fmt, "source": {"bytes": _file(attachment)}}} if kind == "image" else {"document": {"format": "pdf", "name": "document", "source": {"bytes": _file(attachment)}}}
    pytest.skip(f"the gate cannot send a {kind} ({_mime(attachment)}) to {vendor}: extract the call to a function that sends it and set the case's target")


def _messages(inp, vendor=None):
    messages = list(inp.get("messages") or [{"role": "user", "content": inp.get("prompt", "")}])
    if inp.get("system") and not (messages and isinstance(messages[0], dict) and messages[0].get("role") == "system"):
        messages.insert(0, {"role": "system", "content": inp["system"]})
    if inp.get("attachments"):
        # The files go with the last user message, before its text.
        last = dict(messages[-1])
        text = last.get("content") or ""
        texts = ([{"text": text} if vendor == "bedrock" else {"type": "text", "text": text}] if text else []) if isinstance(text, str) else list(text)
        last["content"] = [_block(vendor, a) for a in inp["attachments"]] + texts
        messages[-1] = last
    return messages


def _with_tools(params, inp, key="tools"):
    return {**params, key: inp["tools"]} if inp.get("tools") else params


def _endpoint(case):
    """The client options for the server the case was asked on (base_url, api_key), or {} for the vendor's own API."""
    endpoint = case.get("endpoint")
    if not endpoint:
        return {}
    url = endpoint["base_url"]
    if isinstance(url, dict):
        url = os.environ.get(url["env"]) or url.get("default")
        if not url:
            pytest.skip(f"{case['id']}: set {endpoint['base_url']['env']} to the server's URL to run this case")
    key = os.environ.get(endpoint["api_key_env"]) if endpoint.get("api_key_env") else endpoint.get("api_key")
    return {"base_url": url, **({"api_key": key} if key else {})}


def _ask(vendor, callee, model, inp, params, azure=False, endpoint=None):
    """Asks the recorded model through its vendor's SDK, the way the notebook did (on the notebook's server); None when it cannot."""
    params = {k: v for k, v in params.items() if k not in ("stream", "seed")}
    system = inp.get("system")
    if endpoint and not (vendor == "openai" or vendor in OPENAI_COMPATIBLE):
        return None
    if vendor == "openai" or vendor in OPENAI_COMPATIBLE:
        if endpoint:
            if vendor == "openai":
                from openai import OpenAI

                client = OpenAI(**endpoint)
            else:
                module, maker = OPENAI_COMPATIBLE[vendor]
                client = getattr(importlib.import_module(module), maker)(**endpoint)
        elif vendor == "openai" and azure:
            from openai import AzureOpenAI

            client = AzureOpenAI()
        elif vendor == "openai":
            from openai import OpenAI

            client = OpenAI()
        else:
            module, maker = OPENAI_COMPATIBLE[vendor]
            client = getattr(importlib.import_module(module), maker)()
        if callee.endswith("responses.create"):
            extra = {"instructions": system} if system else {}
            return _reply(client.responses.create(model=model, input=inp.get("prompt") or inp.get("messages"), **_with_tools(params, inp), **extra))
        if callee.endswith(".completions.create") and not callee.endswith("chat.completions.create") and not inp.get("attachments"):
            return client.completions.create(model=model, prompt=inp.get("prompt"), **params).choices[0].text
        if inp.get("attachments") and callee.endswith("responses.create"):
            pytest.skip("the gate sends files through chat.completions only: set the case's target")
        return _reply(client.chat.completions.create(model=model, messages=_messages(inp, vendor), **_with_tools(params, inp)))
    if vendor == "mistral":
        from mistralai import Mistral

        client = Mistral(api_key=os.environ["MISTRAL_API_KEY"])
        return _reply(client.chat.complete(model=model, messages=_messages(inp, vendor), **_with_tools(params, inp)))
    if vendor == "anthropic":
        from anthropic import Anthropic

        params.setdefault("max_tokens", 1024)
        if system:
            params["system"] = system
        return _reply(Anthropic().messages.create(model=model, messages=_messages({**inp, "system": None}, vendor), **_with_tools(params, inp)))
    if vendor == "gemini":
        contents = inp.get("prompt") or inp.get("messages")
        if isinstance(contents, list) and all(isinstance(m, dict) and "role" in m and "content" in m for m in contents):
            # A chat's turns as Gemini takes them: the model's answers are its own turns, a system message the instruction.
            system = system or next((m["content"] for m in contents if m["role"] == "system"), None)
            contents = [{"role": "model" if m["role"] == "assistant" else "user", "parts": [{"text": m["content"]}]} for m in contents if m["role"] != "system"]
        if inp.get("attachments"):
            if not isinstance(contents, str):
                pytest.skip("the gate sends files with a Gemini prompt, not with a chat: set the case's target")
            contents = [_block(vendor, a) for a in inp["attachments"]] + ([contents] if contents else [])
        config = dict(params.get("config") or {})
        if system:
            config["system_instruction"] = system
        try:
            from google import genai

            return _reply(genai.Client().models.generate_content(model=model, contents=contents, config=_with_tools(config, inp) or None))
        except ImportError:
            if inp.get("attachments"):
                raise
            import google.generativeai as legacy

            made = {k: v for k, v in (("system_instruction", system), ("tools", inp.get("tools"))) if v}
            return _reply(legacy.GenerativeModel(model, **made).generate_content(contents, generation_config=params.get("generation_config")))
    if vendor == "huggingface" and callee.endswith(("text_generation", "chat_completion")):
        from huggingface_hub import InferenceClient

        client = InferenceClient(model=model)
        if inp.get("messages") or system or inp.get("attachments"):
            return _reply(client.chat_completion(_messages(inp, vendor), **_with_tools(params, inp)))
        return client.text_generation(inp.get("prompt", ""), **params)
    if vendor == "bedrock" and callee.endswith("converse"):
        import boto3

        if system:
            params["system"] = [{"text": system}]
        if inp.get("tools"):
            params["toolConfig"] = {**params.get("toolConfig", {}), "tools": inp["tools"]}
        reply = boto3.client("bedrock-runtime").converse(modelId=model, messages=_messages({**inp, "system": None}, vendor) if inp.get("attachments") else inp["messages"], **params)
        calls = _tool_calls(reply)
        return json.dumps(calls) if calls else reply["output"]["message"]["content"][0]["text"]
    return None


def _model(case):
    """The case's model id; one read from the environment ({"env": "AZURE_OPENAI_DEPLOYMENT_NAME"}) is read now, or the case skips."""
    model = case["model"]
    if not isinstance(model, dict):
        return model
    value = os.environ.get(model["env"]) or model.get("default")
    if not value:
        pytest.skip(f"{case['id']}: set {model['env']} to the model (deployment) name to run this case")
    return value


def _target(dotted):
    module, _, name = dotted.replace(":", ".").rpartition(".")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError, ValueError) as error:
        pytest.fail(f"cannot import {dotted!r}: {error}. Extract the code to a module under src/ (or install the package) first.")


def _answer(case):
    inp = case.get("input", {})
    callee = case.get("source", {}).get("callee", "")
    if case.get("target"):
        function = _target(case["target"])
        # The system instruction and the tools go to a function that takes them; one that does not holds its own.
        try:
            accepts = inspect.signature(function).parameters
        except (TypeError, ValueError):
            accepts = {}
        extra = {k: inp[k] for k in ("system", "tools") if k in inp and k in accepts}
        if inp.get("attachments"):
            # Files go to a function that takes them (paths made absolute); one that does not would be asked without them.
            if "attachments" not in accepts:
                pytest.skip(f"{case['id']}: the case sends files: give {case['target']} an attachments parameter")
            extra["attachments"] = [{**a, "path": str(ROOT / a["path"])} if "path" in a else a for a in inp["attachments"]]
        if "variables" in inp:
            return _reply(function(**inp["variables"], **extra))
        return _reply(function(inp["messages"] if "messages" in inp else inp.get("prompt", inp.get("request")), **extra))
    answer = _ask(_vendor(case), callee, _model(case), inp, case.get("params") or {}, _azure(case), _endpoint(case)) if case.get("model") else None
    if answer is None:
        pytest.skip(f"{case['id']}: {callee or 'this call'} cannot be rebuilt from the case alone: extract it to a "
                    "function and set \"target\": \"package.module:function\" in the case")
    return answer


def _number(text):
    found = re.search(r"[-+]?\d[\d,]*(?:\.\d+)?", text)
    return float(found.group(0).replace(",", "")) if found else None


def _same(value, want):
    if isinstance(want, str) and isinstance(value, str):
        return value.strip().lower() == want.strip().lower()
    return value == want


def _fits(value, schema):
    if "const" in schema:
        return _same(value, schema["const"])
    kind = schema.get("type")
    types = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind in types and not isinstance(value, types[kind]):
        return False
    if kind == "object":
        return all(k in value for k in schema.get("required", [])) and all(
            _fits(value[k], s) for k, s in schema.get("properties", {}).items() if k in value)
    if kind == "array":
        prefix = schema.get("prefixItems", [])
        return (len(value) >= schema.get("minItems", 0) and all(_fits(v, s) for v, s in zip(value, prefix))
                and all(_fits(v, schema["items"]) for v in value[len(prefix):] if "items" in schema))
    return True


def _called(answer):
    try:
        calls = json.loads(answer)
    except ValueError:
        return []
    calls = calls if isinstance(calls, list) else [calls]
    return [c for c in calls if isinstance(c, dict) and "name" in c]


def _judge(case, answer):
    judge = os.environ.get("NB2PROD_EVAL_JUDGE") or _settings().get("judge")
    if not judge:
        return None, "needs a judge: set [tool.nb2prod.evals] judge = \"openai:gpt-4o-mini\" in pyproject.toml"
    vendor, _, model = judge.partition(":")
    keys = KEYS.get(vendor, [])
    if keys and not any(os.environ.get(k) for k in keys):
        return None, f"needs a judge: set {' or '.join(keys)} for the judge {judge}"
    prompt = (f"Rubric: {case['grader']['rubric']}\n\nReference answer:\n{case['reference']}\n\n"
              f"Answer to grade:\n{answer}\n\nDoes the answer meet the rubric? Reply PASS or FAIL, then one sentence.")
    callee = {"openai": "chat.completions.create", "huggingface": "chat_completion", "bedrock": "converse"}.get(vendor, "")
    verdict = _ask(vendor, callee, model, {"prompt": prompt}, {})
    if verdict is None:
        return None, f"needs a judge: {judge} is not a vendor the gate can call"
    return str(verdict).strip().upper().startswith("PASS"), f"judge {judge}: {str(verdict).strip()[:200]}"


def grade(case, answer):
    """(passed, note); passed is None when the case cannot be graded here."""
    grader, reference, text = case["grader"], case["reference"], answer.strip()
    kind = grader["kind"]
    if kind == "exact":
        return text == reference.strip(), "exact"
    if kind == "contains":
        return grader["text"].lower() in text.lower(), f"contains {grader['text']!r}"
    if kind == "regex":
        return re.search(grader["pattern"], text) is not None, f"regex {grader['pattern']!r}"
    if kind == "numeric":
        got, want = _number(text), _number(reference)
        return got is not None and want is not None and math.isclose(got, want, abs_tol=grader["tolerance"]), f"numeric within {grader['tolerance']}"
    if kind == "label":
        norm = lambda s: re.sub(r"[^\w ]+", "", s).strip().lower()
        return norm(text) == norm(reference), f"label (one of {grader['labels']})"
    if kind == "json_schema":
        body = re.sub(r"^\x60{3}(?:json)?\s*\n|\n\x60{3}$", "", text)
        try:
            return _fits(json.loads(body), grader["schema"]), "json_schema"
        except ValueError:
            return False, "json_schema: the answer is not JSON"
    if kind == "judge":
        return _judge(case, answer)
    if kind == "tool_call":
        calls = _called(text)
        if not calls:
            return False, f"tool_call {grader['name']}: the model answered in text, not with a tool call"
        named = [c for c in calls if c["name"] == grader["name"]]
        if not named:
            return False, f"tool_call {grader['name']}: the model called {', '.join(c['name'] for c in calls)}"
        return any(_fits(c.get("arguments") or {}, grader["arguments"]) for c in named), f"tool_call {grader['name']} with arguments that fit"
    return None, f"unknown grader {kind!r}"


ALL = list(_cases())
LLM = [pytest.param(c, id=i) for c, i in ALL if "function" not in c]
FUNCTIONS = [pytest.param(c, id=i) for c, i in ALL if "function" in c]


@pytest.mark.eval
@pytest.mark.parametrize("case", LLM)
def test_llm_case(case):
    _need_key(case)
    answer = _answer(case)
    passed, note = grade(case, answer)
    RESULTS.append({"id": case["id"], "prompt_version": case.get("prompt_version"), "passed": passed, "note": note, "answer": answer[:2000]})
    if passed is None:
        pytest.skip(f"{case['id']}: {note}")
    assert passed, f"{case['id']}: {note} failed.\nreference: {case['reference'][:300]!r}\nanswer:    {answer[:300]!r}"


@pytest.mark.eval
def test_eval_pass_rate(capsys):
    if not RESULTS:
        pytest.skip("no eval case ran (API keys absent, or no cases in evals/)")
    threshold = float(_settings().get("threshold", 0.9))
    passed = sum(1 for r in RESULTS if r["passed"])
    needs_judge = sum(1 for r in RESULTS if r["passed"] is None)
    rate = passed / len(RESULTS)
    versions = {}
    for r in RESULTS:
        v = versions.setdefault(r["prompt_version"] or "-", {"cases": 0, "passed": 0})
        v["cases"] += 1
        v["passed"] += 1 if r["passed"] else 0
    report = {"pass_rate": round(rate, 4), "passed": passed, "failed": len(RESULTS) - passed - needs_judge,
              "needs_judge": needs_judge, "ran": len(RESULTS), "threshold": threshold,
              "prompt_versions": versions, "cases": RESULTS}
    (ROOT / "evals" / "report.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    line = (f"eval pass rate {rate:.0%} ({passed} of {len(RESULTS)} passed"
            f"{f', {needs_judge} need a judge' if needs_judge else ''}); threshold {threshold:.0%}; report in evals/report.json")
    with capsys.disabled():
        print(f"\n{line}")
    assert rate >= threshold, line


@pytest.mark.parametrize("case", FUNCTIONS)
def test_eval_case(case):
    function = _target(case["function"])
    inputs = case.get("input", {})
    result = function(*inputs.get("args", []), **inputs.get("kwargs", {}))
    expected = case["expected"]
    if "tolerance" in case:
        assert math.isclose(result, expected, abs_tol=case["tolerance"]), f"{case['id']}: {result!r} != {expected!r}"
    elif case.get("compare") == "repr":
        assert repr(result) == expected, f"{case['id']}: {result!r}"
    else:
        assert json.loads(json.dumps(result, default=list)) == expected, f"{case['id']}: {result!r} != {expected!r}"
`;
