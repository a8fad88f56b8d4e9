"""Pure simulations the lessons play with (no pandas display, no charts, no widgets).

Each model is a set of typed functions that take their parameters and an explicit
``numpy.random.Generator`` (or a seed) and return plain data, so a lesson's output is
reproducible and the models can be unit-tested against hand-computed cases. Modules:
one per model, named for what it simulates.
"""
