"""Segmenters: the only code that touches lxml, bs4 or jusText. They turn input into a Page."""
