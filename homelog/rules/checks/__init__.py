"""One module per safety rule; ``homelog.rules.registry`` lists them in order."""
