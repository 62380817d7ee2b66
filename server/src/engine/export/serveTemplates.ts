// The text of app/main.py and tests/test_app.py for a served function (see serve.ts
// for what goes in them and why). Plain templates: every name in them comes from
// the function's signature, already checked there.
import { createHash } from 'node:crypto';

export const TYPING_NAMES = ['Any', 'Optional', 'Union', 'List', 'Dict', 'Tuple', 'Set', 'FrozenSet', 'Literal', 'Sequence', 'Mapping'];
const DIGEST_LINE = /^# nb2prod-digest: ([0-9a-f]{16})\n/m;
const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** A generated file stamped with the digest of its text, so nb2prod can tell later whether it was edited. */
export function stamp(header: string, body: string): string {
  return `${header}# nb2prod-digest: ${digest(body)}\n${body}`;
}

/** Was `text` written by nb2prod and left as written? */
export function writtenByUs(text: string): boolean {
  const m = DIGEST_LINE.exec(text);
  return m !== null && digest(text.slice(m.index + m[0].length)) === m[1];
}


export interface Field {
  name: string;
  /** The type on the wire, as written in the app (`List[Dict[str, Any]]` for a DataFrame). */
  type: string;
  kind: 'plain' | 'frame' | 'series' | 'array' | 'none';
  required: boolean;
  /** A literal default, written into the request model. */
  defaultSource?: string;
  /** Python source of an example value, for the test. */
  example?: string;
  /** The name shadows a BaseModel attribute: the field is `<name>_`, its JSON key (alias) the name. */
  aliased?: boolean;
}

export interface Served {
  functionName: string;
  isAsync: boolean;
  /** Dotted module to import it from. */
  module: string;
  modulePath: string;
  fields: Field[];
  resultType: string;
  className: string;
  /** A model id the module states, the default model version. */
  modelId?: string;
  packageName: string;
  notes: string[];
}

/** Names app/main.py defines or imports: a served function with one of these names is imported under another. */
const APP_NAMES = new Set(['app', 'log', 'json', 'os', 'time', 'uuid', 'asyncio', 'hashlib', 'importlib', 'logging', 'Path', 'FastAPI', 'HTTPException', 'BaseModel', 'ConfigDict', 'pandas', 'numpy', 'health', 'VERSIONS', 'PROJECT_ROOT', 'TIMEOUT_SECONDS', 'ENDPOINT', ...TYPING_NAMES]);

const HEADER = (s: Served) => `# Written by nb2prod serve-function for ${s.functionName} (${s.modulePath}). nb2prod rewrites this file only
# while the digest below matches its text: once you edit it, it is yours and nb2prod leaves it alone.
`;

function callee(s: Served): string {
  return APP_NAMES.has(s.functionName) || /^_/.test(s.functionName) ? `served_${s.functionName}` : s.functionName;
}

function typingImports(texts: string[]): string {
  const used = TYPING_NAMES.filter((n) => texts.some((t) => new RegExp(`\\b${n}\\b`).test(t)));
  return `from typing import ${[...new Set(['Any', 'Dict', ...used])].sort().join(', ')}`;
}

export function appSource(s: Served): string {
  const fn = callee(s);
  const importLine = fn === s.functionName ? `from ${s.module} import ${s.functionName}` : `from ${s.module} import ${s.functionName} as ${fn}`;
  const conversions: string[] = [];
  for (const f of s.fields) {
    const convert = f.kind === 'frame' ? 'pandas.DataFrame.from_records' : f.kind === 'series' ? 'pandas.Series' : f.kind === 'array' ? 'numpy.asarray' : undefined;
    if (convert) conversions.push(`    if ${JSON.stringify(f.name)} in kwargs:\n        kwargs[${JSON.stringify(f.name)}] = ${convert}(kwargs[${JSON.stringify(f.name)}])`);
  }
  const needs = (kind: Field['kind'][]) => s.fields.some((f) => kind.includes(f.kind));
  const fieldLines = s.fields.map((f) => {
    const name = f.aliased ? `${f.name}_` : f.name;
    const value = (v?: string) => (f.aliased ? ` = Field(${v !== undefined ? `${v}, ` : ''}alias=${JSON.stringify(f.name)})` : v !== undefined ? ` = ${v}` : '');
    if (f.required) return `    ${name}: ${f.type}${value()}`;
    if (f.defaultSource !== undefined) return `    ${name}: ${f.type}${value(f.defaultSource)}`;
    return `    ${name}: Optional[${f.type}]${value('None')}  # left out: the function's own default`;
  });
  const types = [...s.fields.map((f) => f.type), s.resultType, ...fieldLines];
  const notes = s.notes.length ? `\nWhat crosses JSON and how:\n${s.notes.map((n) => `- ${n}`).join('\n')}\n` : '';
  const modelDefault = s.modelId ? JSON.stringify(s.modelId) : '(_digest("models") if (PROJECT_ROOT / "models").is_dir() else _package_version())';
  const call = s.isAsync ? `${fn}(**kwargs)` : `asyncio.to_thread(${fn}, **kwargs)`;
  const body = `"""HTTP endpoint serving \`${s.functionName}\` from ${s.modulePath}.

Run it:   uvicorn app.main:app --port 8000     (or: python -m app.main)
Call it:  POST /${s.functionName} with the function's arguments as a JSON object; GET /health.

Every response carries the model, prompt, config and code versions, and every request is
logged as one JSON line with them, its status and duration. Environment: MODEL_VERSION,
PROMPT_VERSION and CONFIG_VERSION override the versions (by default: the model id the module
states or a hash of models/, hashes of prompts/ and configs/); NB2PROD_TIMEOUT_SECONDS bounds
one call (default 30; a call that times out answers 504, its thread finishes in the background).
${notes}"""
from __future__ import annotations

import asyncio
import hashlib
import importlib.metadata
import json
import logging
import os
import time
import uuid
from pathlib import Path
${typingImports(types)}

${needs(['array']) ? 'import numpy\n' : ''}${needs(['frame', 'series']) ? 'import pandas\n' : ''}from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, ConfigDict${s.fields.some((f) => f.aliased) ? ', Field' : ''}

${importLine}

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_SECONDS = float(os.environ.get("NB2PROD_TIMEOUT_SECONDS", "30"))
ENDPOINT = "/${s.functionName}"


class _JsonLines(logging.Formatter):
    """One JSON object per log record: time, level, message and the record's fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": self.formatTime(record), "level": record.levelname, "logger": record.name, "message": record.getMessage()}
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


log = logging.getLogger("app")
if not log.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(_JsonLines())
    log.addHandler(_handler)
    log.setLevel(os.environ.get("LOG_LEVEL", "INFO"))
    log.propagate = False


def _digest(folder: str) -> str:
    """A short hash of the files under a project folder (paths and bytes), or "none" when it has none."""
    root = PROJECT_ROOT / folder
    files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []
    if not files:
        return "none"
    h = hashlib.sha256()
    for p in files:
        h.update(p.relative_to(root).as_posix().encode() + b"\\0" + p.read_bytes())
    return h.hexdigest()[:12]


def _package_version() -> str:
    try:
        return importlib.metadata.version(${JSON.stringify(s.packageName)})
    except importlib.metadata.PackageNotFoundError:
        return "unversioned"


VERSIONS: Dict[str, str] = {
    "model_version": os.environ.get("MODEL_VERSION") or ${modelDefault},
    "prompt_version": os.environ.get("PROMPT_VERSION") or _digest("prompts"),
    "config_version": os.environ.get("CONFIG_VERSION") or _digest("configs"),
    "code_version": _package_version(),
}


def _to_json(value: Any) -> Any:
    """The result as JSON values: a DataFrame as records, a Series or array as a list, numpy numbers as numbers."""
    if hasattr(value, "to_json") and hasattr(value, "to_dict"):
        return json.loads(value.to_json(orient="records", date_format="iso"))
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, dict):
        return {str(k): _to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_to_json(v) for v in value]
    return value


class ${s.className}Request(BaseModel):
    """The arguments of \`${s.functionName}\`."""

    model_config = ConfigDict(protected_namespaces=(), extra="forbid")
${fieldLines.length ? fieldLines.join('\n') : '    pass'}


class ${s.className}Response(BaseModel):
    """What \`${s.functionName}\` returned, with the versions that produced it."""

    model_config = ConfigDict(protected_namespaces=())
    result: ${s.resultType}
    model_version: str
    prompt_version: str
    config_version: str
    code_version: str
    request_id: str


def _arguments(request: ${s.className}Request) -> Dict[str, Any]:
    """Keyword arguments for the function: the fields sent (left out: its defaults), converted where the wire type differs."""
    kwargs = request.model_dump(exclude_unset=True, by_alias=True)
${conversions.length ? `${conversions.join('\n')}\n` : ''}    return kwargs


def _log_request(request_id: str, status: int, started: float) -> None:
    log.info("${s.functionName}", extra={"fields": {"model_version": VERSIONS["model_version"], "prompt_version": VERSIONS["prompt_version"], "config_version": VERSIONS["config_version"], "code_version": VERSIONS["code_version"], "endpoint": ENDPOINT, "status": status, "request_id": request_id, "duration_ms": round(1000 * (time.perf_counter() - started), 1)}})


app = FastAPI(title="${s.functionName}", version=VERSIONS["code_version"])


@app.get("/health")
def health() -> Dict[str, Any]:
    return {"status": "ok", "versions": VERSIONS}


@app.post(ENDPOINT, response_model=${s.className}Response)
async def ${s.functionName}_endpoint(request: ${s.className}Request) -> ${s.className}Response:
    """Call \`${s.functionName}\` with the request's arguments; 504 when it takes longer than TIMEOUT_SECONDS."""
    request_id = uuid.uuid4().hex
    started = time.perf_counter()
    try:
        kwargs = _arguments(request)
    except (TypeError, ValueError) as error:
        _log_request(request_id, 422, started)
        raise HTTPException(status_code=422, detail=str(error)) from None
    try:
        result = await asyncio.wait_for(${call}, timeout=TIMEOUT_SECONDS)
    except asyncio.TimeoutError:
        _log_request(request_id, 504, started)
        raise HTTPException(status_code=504, detail=f"${s.functionName} did not finish within {TIMEOUT_SECONDS} seconds") from None
    except Exception:
        log.exception("${s.functionName} failed", extra={"fields": {"request_id": request_id}})
        _log_request(request_id, 500, started)
        raise HTTPException(status_code=500, detail=f"${s.functionName} failed; the log has request {request_id}") from None
    _log_request(request_id, 200, started)
    return ${s.className}Response(result=_to_json(result), request_id=request_id, **VERSIONS)


if __name__ == "__main__":  # python -m app.main
    import uvicorn

    uvicorn.run(app, host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ.get("PORT", "8000")))
`;
  return stamp(HEADER(s), body);
}

export function testSource(s: Served, missingExamples: string[]): string {
  const c = s.className;
  const fn = callee(s);
  const importLine = fn === s.functionName ? `from ${s.module} import ${s.functionName}` : `from ${s.module} import ${s.functionName} as ${fn}`;
  const given = s.fields.filter((f) => f.example !== undefined);
  const example = missingExamples.length
    ? `# nb2prod found no example values for ${missingExamples.map((m) => `\`${m}\``).join(', ')}: write a request here.\nEXAMPLE = None`
    : `EXAMPLE = {${given.map((f) => `${JSON.stringify(f.name)}: ${f.example}`).join(', ')}}`;
  const call = s.isAsync ? `asyncio.run(${fn}(**_arguments(${c}Request(**EXAMPLE))))` : `${fn}(**_arguments(${c}Request(**EXAMPLE)))`;
  const required = s.fields.filter((f) => f.required);
  const body = `"""Tests of app/main.py, the endpoint serving \`${s.functionName}\` (written by nb2prod serve-function)."""
${s.isAsync ? 'import asyncio\n' : ''}import logging

import pytest
from fastapi.testclient import TestClient

from app.main import VERSIONS, ${c}Request, ${c}Response, ${s.functionName}_endpoint, _arguments, _to_json, app
${importLine}

client = TestClient(app)
${example}


def test_health_reports_the_versions():
    assert app.url_path_for("${s.functionName}_endpoint") == "/${s.functionName}"
    assert ${s.functionName}_endpoint.__name__ == "${s.functionName}_endpoint"
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "versions": VERSIONS}


def test_${s.functionName}_answers_with_the_versions(caplog):
    if EXAMPLE is None:
        pytest.fail("write an EXAMPLE request in tests/test_app.py (nb2prod found no example values)")
    logger = logging.getLogger("app")
    logger.addHandler(caplog.handler)
    try:
        response = client.post("/${s.functionName}", json=EXAMPLE)
    finally:
        logger.removeHandler(caplog.handler)
    assert response.status_code == 200, response.text
    body = response.json()
    assert {key: body[key] for key in VERSIONS} == VERSIONS
    assert ${c}Response(**body).request_id == body["request_id"]
    # The endpoint answers what the function returns, as JSON.
    assert body["result"] == _to_json(${call})
    logged = [r.fields for r in caplog.records if getattr(r, "fields", {}).get("status") == 200]
    assert logged and logged[-1]["model_version"] == VERSIONS["model_version"]
${required.length ? `

def test_${s.functionName}_refuses_a_request_without_its_arguments():
    assert client.post("/${s.functionName}", json={}).status_code == 422
` : ''}`;
  return stamp(`# Written by nb2prod serve-function for ${s.functionName}; nb2prod rewrites it only while the digest below matches.\n`, body);
}
