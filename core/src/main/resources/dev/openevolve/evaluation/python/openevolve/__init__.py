"""Minimal stand-in for the openevolve package, shipped by OpenEvolve for Java so that evaluators written for
OpenEvolve import unchanged. Only the parts an evaluator uses are provided."""
