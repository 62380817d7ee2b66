"""Feature engineering for the churn model."""
import pandas as pd
import yaml

FEATURE_COLUMNS = ["tenure_months", "monthly_charges", "total_charges"]


def charges_per_month(frame: pd.DataFrame) -> pd.Series:
    """Total charges spread over the months a customer stayed (at least one)."""
    return frame["total_charges"] / frame["tenure_months"].clip(lower=1)


def build_features(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[FEATURE_COLUMNS].copy()
    out["charges_per_month"] = charges_per_month(frame)
    return out


def load_feature_spec(path: str) -> dict:
    with open(path) as fh:
        return yaml.safe_load(fh)
