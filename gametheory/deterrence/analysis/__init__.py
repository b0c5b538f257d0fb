"""The analyses of the deterrence models: one module per model, each returning a Report.

Every module here has ``analyse(values, ...) -> Report`` (its findings and the tables the
report prints), ``render(report) -> str`` (the text report, every sentence rendered from a
finding or a table) and ``plot(report, path, values)``; ``models/<model>.py`` is the command
line over them (:func:`gametheory.cli.run_model_script`).
"""
