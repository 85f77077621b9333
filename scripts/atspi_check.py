#!/usr/bin/python3
"""Drive the real byok-wizard window from outside through AT-SPI, as a screen reader does.

Run by scripts/atspi-check.sh (Xvfb, a D-Bus session, the AT-SPI bus, accessibility on). Uses only
Debian's pyatspi. Checks, exiting 1 on the first failure:
  1. the application's frame has a name ("BYOK wizard");
  2. every interactive widget it exposes (buttons, toggle and radio buttons, check boxes, combo
     boxes, text fields, scroll bars, list items) has a name;
  3. the Key spec combo box exposes its current value;
  4. pressing Next (the accessibility action), typing the path of expired import parameters into
     the wrapping-key field and pressing "Load the wrapping key" shows the expired-parameters reason;
  5. Browse with no XDG desktop portal on the bus opens the window's own file chooser, whose
     widgets all have names, and Cancel closes it.
Usage: atspi_check.py EXPIRED_PARAMETERS_JSON
"""

import sys
import time

import pyatspi

INTERACTIVE = {
    "push button", "toggle button", "radio button", "check box", "combo box", "text",
    "entry", "password text", "scroll bar", "list item", "menu item", "slider", "spin button",
}


def fail(msg):
    print(f"atspi-check: FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def walk(acc, out=None, depth=0):
    out = [] if out is None else out
    out.append((depth, acc))
    for i in range(acc.childCount):
        child = acc.getChildAtIndex(i)
        if child is not None:
            walk(child, out, depth + 1)
    return out


def the_app():
    desk = pyatspi.Registry.getDesktop(0)
    for _ in range(100):
        for i in range(desk.childCount):
            app = desk.getChildAtIndex(i)
            if app is None:
                continue
            for _, acc in walk(app):
                if acc.getRoleName() == "frame":
                    return app, acc
        time.sleep(0.2)
    fail("no application with a frame appeared on the accessibility bus")


def find(app, role, name=None, contains=None):
    for _, acc in walk(app):
        if acc.getRoleName() != role:
            continue
        if name is not None and acc.name != name:
            continue
        if contains is not None and contains not in (acc.name or ""):
            continue
        return acc
    return None


def press(acc):
    act = acc.queryAction()
    act.doAction(0)
    time.sleep(0.6)


def all_named(app, where):
    """Fail when an interactive widget in the tree has no name; say how many there are."""
    nameless = [
        (d, acc.getRoleName()) for d, acc in walk(app)
        if acc.getRoleName() in INTERACTIVE and not (acc.name or "").strip()
    ]
    if nameless:
        fail(f"interactive widgets without a name {where}: {nameless}")
    return sum(1 for _, acc in walk(app) if acc.getRoleName() in INTERACTIVE)


def main():
    expired = sys.argv[1]
    app, frame = the_app()
    time.sleep(1.0)
    # 1. The window's name.
    if frame.name != "BYOK wizard":
        fail(f"the frame is named {frame.name!r}, not 'BYOK wizard'")
    print(f"ok    the frame is named {frame.name!r}")
    # 2. Every interactive widget named.
    count = all_named(app, "on step 1")
    print(f"ok    all {count} interactive widgets on step 1 have a name")
    # 3. The combo box's value.
    combo = find(app, "combo box", "Key spec")
    if combo is None:
        fail("no combo box named 'Key spec'")
    value = None
    try:
        value = combo.queryText().getText(0, -1)
    except NotImplementedError:
        pass
    if not value:
        value = combo.description
    if not value:
        try:
            value = combo.queryValue().currentValue
        except NotImplementedError:
            pass
    texts = [acc.name for _, acc in walk(combo)]
    if not value and not any("AES_256" in (t or "") for t in texts):
        fail(f"the Key spec combo box exposes no value (children: {texts})")
    print(f"ok    the Key spec combo box says {value or texts!r}")
    # 4. Expired parameters: the reason beside Next.
    nxt = find(app, "push button", "Next")
    if nxt is None:
        fail("no Next button")
    press(nxt)
    field = find(app, "text", "Wrapping public key") or find(app, "entry", "Wrapping public key")
    if field is None:
        fail("no text field named 'Wrapping public key' on step 2")
    field.queryEditableText().setTextContents(expired)
    time.sleep(0.4)
    load = find(app, "push button", "Load the wrapping key")
    if load is None:
        fail("no 'Load the wrapping key' button")
    press(load)
    reason = "The import parameters have expired; download new ones from the console."
    if find(app, "label", reason) is None:
        labels = [acc.name for _, acc in walk(app) if acc.getRoleName() == "label"]
        fail(f"the expired-parameters reason is not shown; labels: {labels}")
    print("ok    the expired-parameters reason is shown beside Next")
    all_named(app, "on step 2")
    print("ok    every interactive widget on step 2 has a name")
    # 5. Browse with no desktop portal (this session bus has none): the window's own chooser.
    browse = find(app, "push button", "Browse for the wrapping key")
    if browse is None:
        fail("no 'Browse for the wrapping key' button")
    press(browse)
    note = "The desktop's file dialog is not available here, so the window shows its own."
    if find(app, "label", note) is None:
        fail("Browse with no portal did not open the window's own file chooser")
    for role, name in (("push button", "Up"), ("push button", "Home"), ("push button", "Cancel")):
        if find(app, role, name) is None:
            fail(f"the file chooser has no {role} named {name!r}")
    if find(app, "text", "Folder") is None and find(app, "entry", "Folder") is None:
        fail("the file chooser's folder field has no name")
    all_named(app, "in the file chooser")
    press(find(app, "push button", "Cancel"))
    if find(app, "label", note) is not None:
        fail("Cancel did not close the file chooser")
    print("ok    Browse without a portal opens the window's own chooser, every widget named")


if __name__ == "__main__":
    main()
