"""Model explorers: thin ipywidgets controls over a model (helpers.models) and its chart.

The logic lives in the models and chart builders; a module here only wires controls to them.
A lesson shows the model's default state as an ordinary output (stored, checked by nbval,
visible without a kernel); the controls update it through a display handle. Callbacks build
chart specs without validation (each spec is validated once in the tests).
"""
