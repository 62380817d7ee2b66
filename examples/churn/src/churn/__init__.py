"""Churn model: features and scoring extracted from notebooks/churn_model.ipynb."""
