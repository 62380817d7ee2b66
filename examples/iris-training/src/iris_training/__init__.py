"""iris_training: code extracted from notebooks."""
