"""The Rasa 3.6.21 NLU project of complaintdesk: config, generated training data, its own venv.

Rasa runs in a separate Python 3.10 virtual environment and process; nothing here imports Rasa.
"""
