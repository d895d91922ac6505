"""OpenEvolve-style evaluator for initial_program.py, standard library only, with a two-stage cascade."""
import importlib.util
import math
import time

from openevolve.evaluation_result import EvaluationResult

BOUNDS = (-5.0, 5.0)


def _function(x):
    return math.sin(3.0 * x) + 0.1 * (x - 1.2) ** 2


def _global_minimum():
    steps = 20000
    width = BOUNDS[1] - BOUNDS[0]
    return min(_function(BOUNDS[0] + width * i / steps) for i in range(steps + 1))


GLOBAL_MINIMUM = _global_minimum()  # once per interpreter, not once per score


def _load(program_path):
    spec = importlib.util.spec_from_file_location("program", program_path)
    program = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(program)
    return program


def _score(x):
    if not isinstance(x, (int, float)) or not math.isfinite(x) or not BOUNDS[0] <= x <= BOUNDS[1]:
        return 0.0
    return 1.0 / (1.0 + (_function(x) - GLOBAL_MINIMUM))


def evaluate_stage1(program_path):
    """Cheap check: the program runs once and returns a point."""
    program = _load(program_path)
    x, _ = program.run_search(seed=1)
    return {"runs_successfully": 1.0, "combined_score": _score(x)}


def evaluate_stage2(program_path):
    """Full check: several seeds, mean score, timing as an artifact."""
    program = _load(program_path)
    started = time.perf_counter()
    scores = [_score(program.run_search(seed=seed)[0]) for seed in range(5)]
    elapsed = time.perf_counter() - started
    mean = sum(scores) / len(scores)
    return EvaluationResult(
        metrics={"runs_successfully": 1.0, "reliability": min(scores), "combined_score": mean},
        artifacts={"timing": "5 runs in %.3f s" % elapsed, "scores": ", ".join("%.4f" % s for s in scores)},
    )


def evaluate(program_path):
    """Without cascade: the full check."""
    return evaluate_stage2(program_path)
