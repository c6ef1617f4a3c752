"""homelog: a safety journal for at-home microneedling.

Software safeguards only: homelog controls no device and is not medical advice.
"""

__version__ = "0.1.0"
