"""The app's translation catalogues: ``visualnet_ko.ts`` (Qt Linguist's source format, the Korean text)
and the compiled ``visualnet_ko.qm`` that the app loads; ``visualnet_en`` holds only English plural forms
("1 input", "2 inputs"). Both ``.qm`` files are committed and kept fresh by a test;
``python -m visualnet.translations.update`` regenerates everything (see the README).
"""
