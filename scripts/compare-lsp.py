#!/usr/bin/env python3
"""Do two contentlint language servers publish the same diagnostics after the same edits?

    scripts/compare-lsp.py OLD_BIN NEW_BIN EDITS FILE...

For each file: opens it in each server, sends the same EDITS incremental changes (claims,
years, capitals, repeated words and blank lines inserted at line starts, some text deleted;
chosen by a generator seeded with the path) and compares every version's diagnostics. The
counterpart of scripts/compare-findings.sh for what only the server does: reuse of the last
lint and the memos of `text::memo`. Exits 1 if any file differs."""
import json, random, subprocess, sys

INSERTS = ["Studies show that 45% of teams in 2019 will grow. ", "As of 2018, experts agree. ",
           "THE BEST tool ever. ", "It was done by the team. ", "x", "\n\n", "The the the. "]

def start(binary):
    p = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    return p

def send(p, msg):
    body = json.dumps(msg).encode()
    p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    p.stdin.flush()

def recv(p):
    length = None
    while True:
        line = p.stdout.readline()
        if not line:
            return None
        line = line.strip()
        if not line:
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(p.stdout.read(length))

def wait(p, version):
    while True:
        m = recv(p)
        if m is None:
            raise SystemExit("server ended")
        if m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == version:
            return m["params"]["diagnostics"]

def run(binary, path, edits):
    text = open(path, encoding="utf-8").read()
    uri = "file://" + path
    p = start(binary)
    send(p, {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    while recv(p).get("id") != 1:
        pass
    send(p, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
    send(p, {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
    out = [wait(p, 1)]
    for version, (line, insert, delete) in enumerate(edits, start=2):
        lines = text.split("\n")
        line = line % len(lines)
        width = len(lines[line].encode("utf-16-le")) // 2
        end = min(delete, width)
        change = {"range": {"start": {"line": line, "character": 0},
                            "end": {"line": line, "character": end}}, "text": insert}
        # Apply the same edit here, to know the line lengths of the next one.
        at = sum(len(l) + 1 for l in lines[:line])
        cut = lines[line].encode("utf-16-le")[: end * 2].decode("utf-16-le", errors="ignore")
        text = text[:at] + insert + text[at + len(cut):]
        send(p, {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}})
        out.append(wait(p, version))
    send(p, {"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    send(p, {"jsonrpc": "2.0", "method": "exit"})
    p.wait()
    return out

old, new, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
bad = 0
for path in sys.argv[4:]:
    rng = random.Random(path)
    edits = [(rng.randrange(10**6), rng.choice(INSERTS), rng.choice([0, 0, 3, 12, 80])) for _ in range(n)]
    a, b = run(old, path, edits), run(new, path, edits)
    same = a == b
    bad += not same
    print(f"{'same' if same else 'DIFFERENT'} {path}: {len(a)} versions, {sum(map(len, a))} diagnostics")
sys.exit(1 if bad else 0)
