"""The integrity report: code in a submission that could forge its marks is sent for review by hand.

Two looks at each submission:

- a **static scan** of the code the student wrote (answer cells and cells they added), for
  anything an honest answer to these questions never needs: comparisons or other special
  methods of its own, the built-ins, IPython's hooks, input transformers, exception handlers,
  sys.modules, the grading helpers, stopping the kernel, SQLite, /proc, files outside its
  folder, code built at run time;
- a **dynamic check**: a cell the grader puts first records the kernel's state (built-ins,
  modules, IPython hooks, the grading helper) and installs an audit hook that notes files
  opened outside the kernel's own folder and the packages, processes started, sockets and
  SQLite; a cell the grader puts last compares and reports. If that last cell does not report,
  something changed how cells run, and that is a finding too.

A finding never changes a mark by itself: the grade table says "review by hand" and why.
"""
from __future__ import annotations

import ast
import builtins
import json
import re
import secrets

MARK = "SUCCESSION-INTEGRITY"
START, END = "succession-integrity-start", "succession-integrity-end"

SPECIAL = {"__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__hash__", "__bool__", "__len__",
           "__contains__", "__instancecheck__", "__subclasscheck__", "__class__", "__getattr__",
           "__getattribute__", "__index__", "__int__", "__str__", "__iter__", "__del__", "__init_subclass__",
           "__set_name__", "__prepare__", "__new__", "__mro_entries__"}
MODULES = {
    "builtins": "touches Python's built-ins", "importlib": "imports modules in an unusual way",
    "IPython": "touches IPython itself", "ipykernel": "touches the kernel itself",
    "sqlite3": "uses SQLite (the gradebook is an SQLite file)", "ctypes": "reaches into the interpreter (ctypes)",
    "gc": "inspects the interpreter's objects (gc)", "inspect": "inspects the running code (inspect)",
    "signal": "changes how the kernel answers signals (signal)", "subprocess": "starts other programs",
    "socket": "uses the network", "urllib": "uses the network", "http": "uses the network",
    "requests": "uses the network", "shutil": "copies or deletes files", "glob": "lists files",
    "pickle": "loads stored Python objects", "marshal": "loads compiled code", "base64": "decodes hidden text",
    "codecs": "decodes hidden text", "zlib": "decodes hidden text", "threading": "starts threads",
    "multiprocessing": "starts processes", "atexit": "runs code when the kernel stops",
    "traceback": "rewrites error reports", "unittest": "replaces test tools (unittest.mock)",
    "nbgrader": "touches nbgrader", "jupyter_client": "talks to kernels",
}
NAMES = {
    "__builtins__": "touches Python's built-ins", "__import__": "imports modules in an unusual way",
    "get_ipython": "touches IPython's hooks (get_ipython)", "exec": "runs code built at run time (exec)",
    "eval": "runs code built at run time (eval)", "compile": "compiles code at run time",
    "globals": "rewrites the notebook's variables (globals)", "locals": "reads the notebook's variables (locals)",
    "vars": "reads objects' insides (vars)", "setattr": "changes attributes by name (setattr)",
    "delattr": "deletes attributes by name (delattr)", "exit": "stops the kernel (exit)",
    "quit": "stops the kernel (quit)", "breakpoint": "starts the debugger",
}
ATTRIBUTES = {
    "modules": "changes sys.modules", "meta_path": "changes how modules are imported",
    "path_hooks": "changes how modules are imported", "excepthook": "replaces the error handler",
    "displayhook": "replaces the display hook", "stderr": "redirects stderr", "stdout": "redirects stdout",
    "settrace": "traces the code as it runs", "setprofile": "traces the code as it runs",
    "addaudithook": "adds an audit hook", "_exit": "stops the kernel at once (os._exit)",
    "kill": "sends signals to processes", "killpg": "sends signals to processes", "abort": "stops the kernel",
    "system": "runs shell commands", "popen": "runs shell commands", "execv": "replaces the kernel",
    "execve": "replaces the kernel", "fork": "starts processes", "chdir": "changes its working folder",
    "listdir": "lists folders", "scandir": "lists folders", "walk": "lists folders", "remove": "deletes files",
    "unlink": "deletes files", "rmtree": "deletes files", "input_transformers_cleanup": "adds an input transformer",
    "input_transformers_post": "adds an input transformer", "input_transformer_manager": "adds an input transformer",
    "ast_transformers": "changes code before it runs (ast_transformers)",
    "set_custom_exc": "installs a custom exception handler", "custom_exceptions": "installs a custom exception handler",
    "CustomTB": "installs a custom exception handler", "showtraceback": "replaces the error report",
    "events": "registers IPython event hooks", "register": "registers hooks",
    "run_cell": "replaces how cells run", "run_code": "replaces how cells run", "user_ns": "rewrites the notebook's variables",
    "__dict__": "changes objects' insides (__dict__)", "__class__": "changes an object's class",
    "__globals__": "reaches into functions' variables", "__code__": "rewrites functions' code",
    "__subclasses__": "walks Python's class tree", "__bases__": "changes classes' bases",
    "quiet": "touches the grading helper quiet()", "grading": "touches the grading helpers",
}
WHEN_REPLACED = {"stderr", "stdout", "excepthook", "displayhook"}
BUILTIN_NAMES = {n for n in dir(builtins) if not n.startswith("_")} - {"exit", "quit", "copyright", "credits",
                                                                       "license", "help"}
ALLOWED_MAGICS = {"matplotlib", "time", "timeit", "who", "whos", "pprint", "precision"}
TEXTS = {"/proc": "reads /proc (the processes' information)", "gradebook": "mentions the gradebook",
         "solutions": "mentions the instructor's solutions folder", "autograded": "mentions nbgrader's folders",
         "submitted": "mentions nbgrader's folders", "../": "reaches outside its own folder",
         "hidden-check": "mentions the hidden tests", "HIDDEN TESTS": "mentions the hidden tests"}


def _python(source: str) -> tuple[str, list[str]]:
    """A cell as plain Python (IPython magics made into calls), and findings about its magics."""
    findings = []
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith("!") or stripped.startswith("%%") and not stripped.startswith("%%time"):
            findings.append("runs shell commands or cell magics")
        elif stripped.startswith("%"):
            name = re.match(r"%+(\w*)", stripped).group(1)
            if name not in ALLOWED_MAGICS:
                findings.append(f"uses the IPython magic %{name}")
    plain = "\n".join("" if re.match(r"\s*%+(\w*)", line) and re.match(r"\s*%+(\w*)", line).group(1)
                      in ALLOWED_MAGICS else line for line in source.splitlines())
    try:
        from IPython.core.inputtransformer2 import TransformerManager
        return TransformerManager().transform_cell(plain), findings
    except Exception:   # noqa: BLE001 - an odd cell is the student's: scan it as it is
        return source, findings


def scan_code(source: str) -> list[str]:
    """Reasons (plain words) to review this cell's code by hand; [] for an ordinary answer."""
    code, found = _python(source)
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return found
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                names = [item.name] if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) else [
                    t.id for t in getattr(item, "targets", []) if isinstance(t, ast.Name)]
                for name in names:
                    if name in SPECIAL:
                        kind = "comparisons" if name in {"__eq__", "__ne__", "__lt__", "__le__", "__gt__",
                                                         "__ge__", "__hash__"} else "special methods"
                        found.append(f"defines its own {kind} ({name} in class {node.name})")
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for module in modules:
                top = module.split(".")[0]
                if module.startswith("succession.grading") or (top == "succession" and any(
                        a.name == "grading" for a in node.names)):
                    found.append("imports the grading helpers")
                elif top in MODULES:
                    found.append(f"{MODULES[top]} (import {module})")
                if top == "os" and isinstance(node, ast.ImportFrom):
                    found += [f"{ATTRIBUTES[a.name]} (from os import {a.name})" for a in node.names
                              if a.name in ATTRIBUTES]
            for alias in node.names:
                bound = (alias.asname or alias.name).split(".")[0]
                if bound in BUILTIN_NAMES:
                    found.append(f"hides Python's built-in {bound}() with an import")
        elif isinstance(node, ast.Name):
            if node.id in NAMES:
                found.append(NAMES[node.id])
            if isinstance(node.ctx, (ast.Store, ast.Del)) and node.id in BUILTIN_NAMES:
                found.append(f"hides Python's built-in {node.id}() (assigns the name {node.id})")
        elif isinstance(node, ast.Attribute) and node.attr in ATTRIBUTES:
            # print(..., file=sys.stderr) only reads it: replacing it is what matters
            if node.attr not in WHEN_REPLACED or isinstance(node.ctx, (ast.Store, ast.Del)):
                found.append(f"{ATTRIBUTES[node.attr]} (.{node.attr})")
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if node.name in BUILTIN_NAMES:
                found.append(f"hides Python's built-in {node.name}() (defines {node.name})")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if node.value in SPECIAL or node.value in ATTRIBUTES and node.value.startswith("_"):
                found.append(f"names a special method in a string ({node.value!r})")
            for text, why in TEXTS.items():
                if text in node.value:
                    found.append(why)
            if node.value.startswith("/") and not node.value.startswith("/tmp"):
                found.append(f"names a file outside its folder ({node.value[:40]!r})")
        elif isinstance(node, ast.Global):
            found += [f"hides Python's built-in {n}() (global {n})" for n in node.names if n in BUILTIN_NAMES]
    return list(dict.fromkeys(found))


def secret_findings(text: str, secrets_lines: set[str]) -> list[str]:
    """The submission holds lines of the hidden tests, mark schemes or exemplars (copied from solutions/)."""
    hits = [line for line in secrets_lines if line in text]
    return [f"holds {len(hits)} line(s) of the hidden tests, mark schemes or exemplars "
            f"(e.g. {hits[0][:60]!r}): copied from solutions/?"] if hits else []


# --- the cells the grader adds around the student's --------------------------------------------

_START = r'''
def _succession_integrity(token):
    import builtins, os, sys
    import succession.grading
    shell = get_ipython()
    roots = tuple(ROOTS) + (os.getcwd(), os.path.expanduser("~"), "/dev/null", "/dev/urandom", "/usr/",
                            "/etc/ld.so.cache", "/etc/localtime", "/etc/fonts", "/etc/mime.types")
    def state():
        return {"builtins": dict(vars(builtins)), "modules": dict(sys.modules),
                "sys": {k: getattr(sys, k, None) for k in ("excepthook", "displayhook", "stdout", "stderr",
                        "meta_path", "path_hooks", "breakpointhook")},
                "meta_path": list(sys.meta_path), "trace": (sys.gettrace(), sys.getprofile()),
                "shell": {"input_transformers_cleanup": list(shell.input_transformers_cleanup),
                          "input_transformers_post": list(shell.input_transformers_post),
                          "ast_transformers": list(shell.ast_transformers),
                          "custom_exceptions": shell.custom_exceptions, "CustomTB": shell.CustomTB,
                          "showtraceback": shell.showtraceback, "run_cell": shell.run_cell,
                          "run_code": shell.run_code, "transform_cell": shell.transform_cell},
                "events": {k: list(v) for k, v in shell.events.callbacks.items()},
                "exit": os._exit, "kill": os.kill, "quiet": succession.grading.quiet,
                "grading": sys.modules.get("succession.grading")}
    before = state()
    seen = []
    watched = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.fork", "os.kill", "os.killpg",
               "socket.connect", "socket.bind", "sqlite3.connect", "ctypes.dlopen", "ctypes.cdata",
               "sys.setprofile", "sys.settrace", "os.chdir", "os.remove", "os.rename", "shutil.rmtree"}
    def audit(event, args):
        if event == "open":
            path = args[0]
            if isinstance(path, bytes):
                path = path.decode("utf-8", "replace")
            if isinstance(path, str):
                full = path if path.startswith("/") else os.path.join(os.getcwd(), path)
                if "/proc" in full or not full.startswith(roots) or ".." in full:
                    seen.append("opened " + path[:80])
        elif event in watched:
            seen.append(event)
    sys.addaudithook(audit)
    def report():
        now, found = state(), []
        for name in set(before["builtins"]) | set(now["builtins"]):
            if name not in ("_", "__", "___", "__IPYTHON__", "display", "get_ipython", "input") and \
                    before["builtins"].get(name) is not now["builtins"].get(name):
                found.append("changed the built-in " + name)
        for name, module in before["modules"].items():
            if now["modules"].get(name) is not module:
                found.append("replaced or removed the module " + name + " in sys.modules")
        for name, module in now["modules"].items():
            if name not in before["modules"] and not isinstance(module, type(sys)):
                found.append("put a non-module into sys.modules as " + name)
        for group in ("sys", "shell"):
            for name, value in before[group].items():
                if now[group][name] is not value and now[group][name] != value:
                    found.append("changed " + ("sys." if group == "sys" else "IPython's ") + name)
        if now["meta_path"] != before["meta_path"] or now["trace"] != before["trace"]:
            found.append("changed how modules are imported or traced")
        for kind, hooks in now["events"].items():
            for hook in hooks:
                if hook not in before["events"].get(kind, []) and not getattr(hook, "__module__", "").startswith(
                        ("matplotlib", "ipykernel", "IPython", "ipywidgets")):
                    found.append("registered an IPython " + kind + " hook")
        for key in ("exit", "kill", "quiet", "grading"):
            if now[key] is not before[key]:
                found.append("replaced " + {"exit": "os._exit", "kill": "os.kill", "quiet": "the grading helper quiet()",
                                            "grading": "the module succession.grading"}[key])
        if now["grading"] is not None and getattr(now["grading"], "quiet", None) is not before["quiet"]:
            found.append("replaced the grading helper quiet()")
        odd = {}
        for name, value in list(shell.user_ns.items()):
            if name in vars(builtins) and not name.startswith("_") and \
                    name not in ("exit", "quit", "open", "get_ipython", "display", "input") \
                    and value is not vars(builtins)[name]:
                found.append("hides the built-in " + name)
            cls = value if isinstance(value, type) else type(value)
            if any(getattr(k, "__module__", "") == "__main__" for k in getattr(cls, "__mro__", ())) and \
                    any(m in vars(k) for k in cls.__mro__ if getattr(k, "__module__", "") == "__main__"
                        for m in ("__eq__", "__ne__", "__hash__", "__lt__", "__le__", "__gt__", "__ge__",
                                  "__len__", "__bool__", "__contains__", "__iter__", "__instancecheck__")):
                odd.setdefault(cls.__name__, []).append(name)
        for cls_name, names in odd.items():
            found.append("the notebook's own class " + cls_name + " redefines comparisons or other special "
                         "methods, and these are made with it: " + ", ".join(sorted(names)))
        import json
        sys.stdout.write(" ".join([MARK, token, json.dumps(sorted(set(found + seen)))]) + "\n")
        sys.stdout.flush()
    return report
'''


def start_cell(token: str, roots: list[str]):
    import nbformat
    source = _START.replace("ROOTS", repr(roots)).replace("MARK, token", f"{MARK!r}, token")
    source += f"\n_succession_report = _succession_integrity({token!r})\ndel _succession_integrity\n"
    cell = nbformat.v4.new_code_cell(source)
    cell.id = START
    return cell


def end_cell():
    import nbformat
    cell = nbformat.v4.new_code_cell("_succession_report()")
    cell.id = END
    return cell


def new_token() -> str:
    return secrets.token_hex(8)


def read_report(nb, token: str) -> tuple[list[str] | None, list]:
    """(findings, or None if the closing check did not report; the notebook's cells without the grader's)."""
    findings = None
    for cell in nb.cells:
        if cell.get("id") == END:     # stdout may come in pieces, with stderr between them
            text = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == "stdout")
            for line in text.splitlines():
                if line.startswith(f"{MARK} {token} "):
                    try:
                        findings = json.loads(line.split(" ", 2)[2])
                    except ValueError:
                        findings = None
    return findings, [c for c in nb.cells if c.get("id") not in (START, END)]
