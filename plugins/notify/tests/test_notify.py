"""Tests of the notify plugin (a shell script): `python3 -m unittest discover -s plugins/notify/tests`."""

import http.server
import json
import os
import subprocess
import tempfile
import threading
import unittest

SCRIPT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "notify.sh")
FINDINGS = [{"name": "key-policy-gap", "step": "key", "message": 'says "no"', "fixed_by": "allow_role"},
            {"name": "role-missing", "step": "role", "message": "m", "fixed_by": None}]


def run(inputs, mode="live"):
    env = {"PATH": os.environ["PATH"], "RUNBOOK_RUN_ID": "r-1", "RUNBOOK_STEP": "notify", "RUNBOOK_MODE": mode}
    for k, v in inputs.items():
        env["RUNBOOK_INPUT_" + k.upper()] = v if isinstance(v, str) else json.dumps(v, separators=(",", ":"))
    request = json.dumps({"protocol": 1, "plugin": "notify", "action": "send", "inputs": inputs})
    p = subprocess.run(["sh", SCRIPT], input=request, capture_output=True, text=True, env=env, timeout=30)
    return p.returncode, json.loads(p.stdout), p.stderr


class Hook(http.server.BaseHTTPRequestHandler):
    bodies = []
    status = 200

    def do_POST(self):
        Hook.bodies.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(Hook.status)
        self.end_headers()

    def log_message(self, *args):
        pass


class Notify(unittest.TestCase):
    def test_appends_the_summary_to_a_file(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "incidents.md")
            for _ in range(2):
                code, answer, _ = run({"file": path, "title": "eks-workshop", "text": "repaired\nin 2 steps", "findings": FINDINGS})
                self.assertEqual(code, 0)
            self.assertEqual(answer["result"]["delivered"], ["file"])
            self.assertEqual((answer["result"]["findings"], answer["result"]["open"]), (2, 1))
            text = open(path).read()
            self.assertEqual(text.count("## eks-workshop ("), 2)
            self.assertIn("repaired\nin 2 steps\nfindings: 2 raised, 1 open\n- key-policy-gap (fixed by allow_role)\n- role-missing (open)\n", text)

    def test_marks_dry_runs(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "out.md")
            run({"file": path}, mode="read-only")
            self.assertIn("(dry run)", open(path).read())

    def test_posts_json_to_a_webhook(self):
        server = http.server.HTTPServer(("127.0.0.1", 0), Hook)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            Hook.bodies, Hook.status = [], 200
            url = "http://127.0.0.1:%d/hook" % server.server_port
            code, answer, _ = run({"webhook": url, "title": 'a "quoted" title', "findings": FINDINGS})
            self.assertEqual(answer["result"], {"delivered": ["webhook"], "file": "", "http_status": "200", "findings": 2, "open": 1})
            self.assertEqual(Hook.bodies[0]["title"], 'a "quoted" title')
            self.assertEqual(Hook.bodies[0]["findings"], FINDINGS)
            Hook.status = 500
            _, answer, _ = run({"webhook": url})
            self.assertIn("HTTP 500", answer["error"])
        finally:
            server.shutdown()

    def test_errors_are_answers(self):
        self.assertIn("give 'file' or 'webhook'", run({})[1]["error"])
        self.assertIn("cannot append", run({"file": "/nonexistent/dir/x.md"})[1]["error"])
        self.assertIn("posting to the webhook failed", run({"webhook": "http://127.0.0.1:9/"})[1]["error"])


if __name__ == "__main__":
    unittest.main()
