//! Facts derived from the AWS service models by `scripts/derive-model-facts.py`.
