class RetryLater(Exception):
    """DeepL is busy or away for now (429, 5xx, no connection): the task retries with backoff."""
