"""Domain signals of execution control; notifications listen. They carry facts, never logic."""

from django.dispatch import Signal

report_returned = Signal()  # report
extension_decided = Signal()  # request (granted or rejected)
