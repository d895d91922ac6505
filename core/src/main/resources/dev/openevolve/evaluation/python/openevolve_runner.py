"""Runs one function of an OpenEvolve-style evaluator file in a sandboxed process and prints the outcome as one
line "OPENEVOLVE-RESULT <nonce> <json>" on stdout. Shipped by OpenEvolve for Java; standard library only.

usage: openevolve_runner.py <evaluator.py> <program_path> <function> <nonce>
"""
import importlib.util
import json
import math
import os
import sys
import traceback

MARKER = "OPENEVOLVE-RESULT"


def _number(value):
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str) or isinstance(value, bytes):
        return None
    try:
        return float(value)  # numpy scalars and other numbers
    except (TypeError, ValueError):
        return None


def _text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _payload(result):
    if isinstance(result, dict):
        source_metrics, source_artifacts = result, {}
    elif hasattr(result, "metrics"):
        source_metrics = result.metrics or {}
        source_artifacts = getattr(result, "artifacts", None) or {}
    else:
        return {"status": "error", "kind": "harness",
                "message": "returned %s instead of a dict or an EvaluationResult" % type(result).__name__,
                "trace": ""}
    metrics, artifacts = {}, {}
    for key, value in source_metrics.items():
        number = _number(value)
        if number is None:
            artifacts[str(key)] = _text(value)
        elif math.isfinite(number):
            metrics[str(key)] = number
        else:
            metrics[str(key)] = str(number)
    for key, value in source_artifacts.items():
        artifacts[str(key)] = _text(value)
    return {"status": "ok", "metrics": metrics, "artifacts": artifacts}


def _error(kind, exc):
    trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)[-25:])
    return {"status": "error", "kind": kind, "message": "%s: %s" % (type(exc).__name__, exc), "trace": trace}


def main():
    evaluator_path, program_path, function, nonce = sys.argv[1:5]
    real_stdout = sys.stdout
    sys.stdout = sys.stderr
    sys.path.insert(0, os.path.dirname(os.path.abspath(evaluator_path)))
    try:
        spec = importlib.util.spec_from_file_location("evaluator", evaluator_path)
        module = importlib.util.module_from_spec(spec)
        sys.modules["evaluator"] = module
        spec.loader.exec_module(module)
        entry = getattr(module, function, None)
        if entry is None:
            payload = {"status": "error", "kind": "harness",
                       "message": "%s defines no function %s(program_path)" % (evaluator_path, function), "trace": ""}
        else:
            payload = None
    except Exception as exc:  # the evaluator file itself is broken
        payload = _error("harness", exc)
        entry = None
    if payload is None:
        try:
            payload = _payload(entry(program_path))
        except MemoryError as exc:
            payload = _error("oom", exc)
        except RecursionError as exc:
            payload = _error("stack_overflow", exc)
        except BaseException as exc:  # the candidate failed; SystemExit included
            payload = _error("exception", exc)
    line = "%s %s %s\n" % (MARKER, nonce, json.dumps(payload))
    real_stdout.write(line)
    real_stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
