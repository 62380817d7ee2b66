import pandas as pd

from churn.features import charges_per_month


def test_charges_per_month_never_divides_by_zero():
    frame = pd.DataFrame({"total_charges": [100.0, 50.0], "tenure_months": [10, 0]})
    assert charges_per_month(frame).tolist() == [10.0, 50.0]
