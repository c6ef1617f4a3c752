"""File formats and file handling for export, import and backup.

Pure-ish helpers with no SQLAlchemy: ``csv_format`` and ``json_format`` turn
rows into text and text into cells, ``atomic`` writes files so that an
interrupted export never leaves a partial file, ``progress`` draws a progress
bar on a terminal. The use cases are in ``homelog.service.transfer``.
"""
