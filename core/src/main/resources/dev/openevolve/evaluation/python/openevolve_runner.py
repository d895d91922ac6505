"""Runs one function of an OpenEvolve-style evaluator file in a sandboxed process and prints the outcome as one
line "OPENEVOLVE-RESULT <nonce> <json>" on stdout. Shipped by OpenEvolve for Java; standard library only.

usage: openevolve_runner.py <evaluator.py> <program_path> <function> <nonce>
       openevolve_runner.py --serve <evaluator.py>

In serve mode the evaluator file is imported once; the runner prints READY and then answers each stdin line
"<nonce>\t<program_path>\t<function>" with one result line. Each candidate runs in a child forked from this warm
interpreter, in the evaluator's folder, so nothing a candidate does reaches the next one.
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


def _load(evaluator_path):
    """The evaluator module and None, or None and an error payload."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(evaluator_path)))
    try:
        spec = importlib.util.spec_from_file_location("evaluator", evaluator_path)
        module = importlib.util.module_from_spec(spec)
        sys.modules["evaluator"] = module
        spec.loader.exec_module(module)
        return module, None
    except Exception as exc:  # the evaluator file itself is broken
        return None, _error("harness", exc)


def _run(module, evaluator_path, program_path, function):
    entry = getattr(module, function, None)
    if entry is None:
        return {"status": "error", "kind": "harness",
                "message": "%s defines no function %s(program_path)" % (evaluator_path, function), "trace": ""}
    try:
        return _payload(entry(program_path))
    except MemoryError as exc:
        return _error("oom", exc)
    except RecursionError as exc:
        return _error("stack_overflow", exc)
    except BaseException as exc:  # the candidate failed; SystemExit included
        return _error("exception", exc)


def _reply(out, nonce, payload):
    out.write("%s %s %s\n" % (MARKER, nonce, json.dumps(payload)))
    out.flush()


def main():
    if sys.argv[1] == "--serve":
        serve(sys.argv[2])
        return
    evaluator_path, program_path, function, nonce = sys.argv[1:5]
    real_stdout = sys.stdout
    sys.stdout = sys.stderr
    module, payload = _load(evaluator_path)
    if payload is None:
        payload = _run(module, evaluator_path, program_path, function)
    _reply(real_stdout, nonce, payload)
    sys.stderr.flush()
    os._exit(0)


def _child(module, evaluator_path, program_path, function, write_end):
    """In the forked child: run one candidate and hand its payload to the parent through a pipe."""
    try:
        # the candidate neither reads the parent's requests nor writes on its reply channel
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(2, 1)
        os.chdir(os.path.dirname(os.path.abspath(evaluator_path)))
        payload = _run(module, evaluator_path, program_path, function)
        data = json.dumps(payload).encode("utf-8")
    except BaseException as exc:  # the payload itself could not be made
        data = json.dumps(_error("harness", exc)).encode("utf-8")
    try:
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(data)
        sys.stderr.flush()
    finally:
        os._exit(0)


def _died(status):
    if os.WIFSIGNALED(status):
        return {"status": "error", "kind": "ended",
                "message": "the candidate's process was killed by signal %d" % os.WTERMSIG(status), "trace": ""}
    return {"status": "error", "kind": "ended",
            "message": "the candidate ended its process with exit code %d before the evaluator returned"
                       % os.WEXITSTATUS(status), "trace": ""}


def serve(evaluator_path):
    real_stdout = sys.stdout
    sys.stdout = sys.stderr
    module, broken = _load(evaluator_path)
    real_stdout.write("READY\n")
    real_stdout.flush()
    for line in sys.stdin:
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 3:
            _reply(real_stdout, "-", {"status": "error", "kind": "protocol", "message": "bad request line",
                                      "trace": ""})
            continue
        nonce, program_path, function = parts
        if broken is not None:
            _reply(real_stdout, nonce, broken)
            continue
        sys.stderr.flush()
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            _child(module, evaluator_path, program_path, function, write_end)
        os.close(write_end)
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        try:
            payload = json.loads(data.decode("utf-8")) if data else _died(status)
        except ValueError:
            payload = _died(status)
        _reply(real_stdout, nonce, payload)
    os._exit(0)


if __name__ == "__main__":
    main()
