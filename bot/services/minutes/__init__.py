"""Minutes and the methodical year.

- ``rules``: the academic year, the default meeting plans, the year's documents, the limits.
- ``year``: the meeting plan, the deadlines the year sets, the heads of the year, the
  methodical topics.
- ``service``: minutes as a head submits and corrects them; the protocol it gets back.
- ``protocol``: the DOCX from the replaceable template, and the check of an uploaded one.
- ``registry``: what the methodologist (a coordinator: its school) sees, with exports.
- ``archive``: local copies of attachments and the year's ZIP.
"""
