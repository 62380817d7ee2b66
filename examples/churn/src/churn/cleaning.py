"""cleaning: extracted from churn_model.ipynb by nb2prod."""


def cleaning(df):
    """Extracted from churn_model.ipynb by nb2prod."""
    df = df.dropna()
    df["tenure_years"] = df["tenure_months"] / 12
    return df
