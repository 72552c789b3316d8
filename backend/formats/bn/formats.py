"""Bangla dates in full: day, Bangla month name, year, and a time with পূর্বাহ্ন/অপরাহ্ন.
Django's bn formats leave the datetime formats to the English default ("Dec. 3, 2026, 5 p.m.");
the month and AM/PM words come from the catalog, the digits from backend/panel/digits.py."""

DATE_FORMAT = "j F, Y"
TIME_FORMAT = "g:i A"
DATETIME_FORMAT = "j F, Y, g:i A"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j M, Y"
SHORT_DATETIME_FORMAT = "j M, Y, g:i A"
FIRST_DAY_OF_WEEK = 6  # Saturday
