"""Shell blocks without the evaluator: reading bash (:mod:`.words`), the destructive-command
lint (:mod:`.policy`) and running a script with its failing line named (:mod:`.script`).

Nothing here imports from the evaluators; the shell evaluator and the page worker build on it.
"""
