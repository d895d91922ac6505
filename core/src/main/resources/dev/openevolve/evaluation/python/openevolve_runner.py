"""Runs one function of an OpenEvolve-style evaluator file in a sandboxed process and prints the outcome as one
line "OPENEVOLVE-RESULT <nonce> <json>" on stdout. Shipped by OpenEvolve for Java; standard library only.

usage: openevolve_runner.py <evaluator.py> <program_path> <function> <nonce>
       openevolve_runner.py --serve <evaluator.py>

In serve mode the evaluator file is imported once; the runner prints READY and then answers each stdin line
"<nonce>\t<program_path>\t<function>[\t<continue>\t<keep>]" with one result line. Each candidate runs in a child
forked from this warm interpreter, in the evaluator's folder, so nothing a candidate does reaches the next one.
With keep "1" the child stays after its answer, waiting for a later cascade stage of the same candidate: a request
with continue "1" and the same program path runs in it (as OpenEvolve runs every stage in one process); any other
request, or keep "0", ends it first. The reply of a kept child names its pid ("kept").
"""
import gc
import importlib.util
import json
import math
import os
import signal
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


def _child(module, evaluator_path, program_path, function, results, control):
    """In the forked child: run stages of one candidate, each payload one line on the results pipe, the next
    function's name read from the control pipe; its end (or a kill) ends the child."""
    try:
        # the candidate neither reads the parent's requests nor writes on its reply channel
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(2, 1)
        os.chdir(os.path.dirname(os.path.abspath(evaluator_path)))
        out = os.fdopen(results, "wb")
        commands = os.fdopen(control, "rb")
        while function:
            try:
                data = json.dumps(_run(module, evaluator_path, program_path, function))
            except BaseException as exc:  # the payload itself could not be made
                data = json.dumps(_error("harness", exc))
            sys.stderr.flush()
            out.write(data.encode("utf-8") + b"\n")
            out.flush()
            function = commands.readline().decode("utf-8").strip()
    finally:
        os._exit(0)


class _Kept:
    """A forked child serving the stages of one candidate."""

    def __init__(self, module, evaluator_path, program_path, function):
        sys.stderr.flush()
        results_r, results_w = os.pipe()
        control_r, control_w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(results_r)
            os.close(control_w)
            _child(module, evaluator_path, program_path, function, results_w, control_r)
        os.close(results_w)
        os.close(control_r)
        self.program_path = program_path
        self.results = os.fdopen(results_r, "rb")
        self.control = os.fdopen(control_w, "wb")

    def send(self, function):
        """Asks the child for another stage; False when it is gone."""
        try:
            self.control.write(function.encode("utf-8") + b"\n")
            self.control.flush()
            return True
        except OSError:
            return False

    def answer(self):
        """The payload of the stage running; after the child died, why (and the child is reaped)."""
        line = self.results.readline()
        if line:
            try:
                return json.loads(line.decode("utf-8")), True
            except ValueError:
                pass
        return _died(self.end()), False

    def end(self):
        """Kills and reaps the child; its wait status."""
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _, status = os.waitpid(self.pid, 0)
        for f in (self.results, self.control):
            try:
                f.close()
            except OSError:
                pass
        return status


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
    if hasattr(gc, "freeze"):
        gc.freeze()  # a collection in a child then leaves the warm objects' pages shared instead of copying them
    real_stdout.write("READY\n")
    real_stdout.flush()
    kept = None
    for line in sys.stdin:
        parts = line.rstrip("\n").split("\t")
        if len(parts) == 3:
            parts += ["0", "0"]
        if len(parts) != 5:
            _reply(real_stdout, "-", {"status": "error", "kind": "protocol", "message": "bad request line",
                                      "trace": ""})
            continue
        nonce, program_path, function, resume, keep = parts
        if broken is not None:
            _reply(real_stdout, nonce, broken)
            continue
        if kept is not None and not (resume == "1" and kept.program_path == program_path and kept.send(function)):
            kept.end()
            kept = None
        if kept is None:
            kept = _Kept(module, evaluator_path, program_path, function)
        payload, alive = kept.answer()
        if not alive:
            kept = None
        elif keep != "1":
            kept.end()
            kept = None
        else:
            payload["kept"] = kept.pid
        _reply(real_stdout, nonce, payload)
    if kept is not None:
        kept.end()
    os._exit(0)


if __name__ == "__main__":
    main()
