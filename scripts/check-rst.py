#!/usr/bin/env python3
"""Parse reStructuredText files with docutils, as Sphinx would, minus
Sphinx: its roles (:doc:, :ref:, :c:func:, ...) and directives (toctree,
kernel-doc, ...) are accepted as opaque. Prints every docutils message at
level WARNING or above; exit status 1 if there was one."""
import sys
import warnings

import docutils.core
import docutils.utils
from docutils.parsers.rst import Directive, directives, roles
from docutils import nodes


def opaque_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    return [nodes.literal(rawtext, text)], []


class Opaque(Directive):
    has_content = True
    optional_arguments = 8
    final_argument_whitespace = True
    option_spec = None

    def run(self):
        return []


Opaque.option_spec = type("AnyOpts", (dict,), {"__missing__": lambda s, k: directives.unchanged,
                                               "__contains__": lambda s, k: True})()
for r in ("doc", "ref", "c:func", "c:type", "c:macro", "c:member", "c:data", "manpage",
          "kbd", "file", "envvar", "option", "abbr"):
    roles.register_local_role(r, opaque_role)
for d in ("toctree", "kernel-doc", "c:function", "c:type", "c:macro", "only", "flat-table",
          "kernel-abi", "kernel-feat", "kernel-include", "code-block", "highlight"):
    directives.register_directive(d, Opaque)

warnings.simplefilter("ignore", DeprecationWarning)
bad = 0
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        src = f.read()
    msgs = []

    def observer(msg, path=path):
        if msg["level"] >= docutils.utils.Reporter.WARNING_LEVEL:
            msgs.append("%s:%s: %s" % (path, msg.get("line", "?"), msg.astext().splitlines()[0]))

    from docutils.frontend import OptionParser
    from docutils.parsers.rst import Parser
    settings = OptionParser(components=(Parser,)).get_default_values()
    settings.report_level = 5
    settings.halt_level = 5
    settings.file_insertion_enabled = False
    doc = docutils.utils.new_document(path, settings)
    doc.reporter.attach_observer(observer)
    Parser().parse(src, doc)
    for m in msgs:
        print("   " + m)
    bad |= bool(msgs)
    if not msgs:
        print("rst ok:          " + path)
sys.exit(bad)
