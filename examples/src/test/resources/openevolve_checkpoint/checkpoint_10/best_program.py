"""Local search for the minimum of a bumpy one-dimensional function (an OpenEvolve-style example)."""
import math
import random


# EVOLVE-BLOCK-START
def search_algorithm(iterations=300, bounds=(-5.0, 5.0), seed=42):
    """Random local search: try a step around the best point found so far."""
    rng = random.Random(seed)
    best_x = rng.uniform(*bounds)
    best_value = evaluate_function(best_x)
    step = 1.2
    for _ in range(iterations):
        x = min(max(best_x + rng.uniform(-step, step), bounds[0]), bounds[1])
        value = evaluate_function(x)
        if value < best_value:
            best_x, best_value = x, value
    return best_x, best_value
# EVOLVE-BLOCK-END


def evaluate_function(x):
    """The function to minimise; it has several local minima."""
    return math.sin(3.0 * x) + 0.1 * (x - 1.2) ** 2


def run_search(seed=42):
    return search_algorithm(seed=seed)


if __name__ == "__main__":
    print(run_search())
