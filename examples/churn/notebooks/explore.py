# %% [markdown]
# # Quick look at churn by contract length
# A percent-format script: VS Code and Jupytext run each `# %%` block as a cell.

# %%
import pandas as pd

customers = pd.read_csv("../data/customers.csv")

# %%
summary = by_tenure.mean()
summary

# %%
by_tenure = customers.groupby(pd.cut(customers["tenure_months"], bins=[0, 12, 24, 72]))["churned"]
