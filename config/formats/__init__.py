"""Salkku's date and number formats per language (settings.FORMAT_MODULE_PATH), over Django's own.

Finnish keeps Django's (31.12.2029, 1 234,50). Swedish follows the Finland-Swedish convention that the
Finnish public sector uses in its Swedish texts (Institutet för de inhemska språken: 31.12.2029), not
Sweden's ISO form that Django's sv locale gives; numbers 1 234,50. English is one format everywhere:
31 Dec 2029 in tables, 31 December 2029 in text, 24-hour times; numbers 1,234.50.
"""
