"""Turns model probabilities into the retention team's call list."""


def call_list(customer_ids, probabilities, threshold):
    return [c for c, p in zip(customer_ids, probabilities) if p >= threshold]
