package import RunbookCore

/// The JSON Schema (draft-07) of test files (`runbook schema --test`), for editors.
package enum TestFileSchema {
    /// The schema; `kinds` are the action keys a call may name.
    package static func document(kinds: [String]) -> JSONValue {
        let answer: JSONValue = [
            "description":
                "What the call returned: for shell {stdout | json, stderr, exit}; for plugins the result; for aws the operation's output as the aws CLI prints it; for kubectl its -o json output."
        ]
        var callProperties: JSONObject = [
            "answer": answer,
            "answers": [
                "type": "array", "minItems": 1, "items": answer,
                "description": "One answer per call, in order; the last repeats (waits, a fix then its re-check).",
            ],
            "error": [
                "anyOf": [
                    ["type": "string"],
                    ["type": "object", "properties": ["code": ["type": "string"], "message": ["type": "string"]]],
                ],
                "description": "The call failed with this message (and e.g. an AWS error code).",
            ],
            "step": ["type": "string", "description": "Only answer calls made by this step."],
            "action": ["type": "string", "description": "plugin: the plugin's action."],
            "inputs": [
                "type": "object",
                "description": "plugin: the inputs the call must have (only the keys given are compared).",
            ],
            "params": [
                "type": "object",
                "description": "aws: the parameters the call must have (only the keys given are compared).",
            ],
        ]
        for kind in kinds {
            callProperties[kind] = [
                "description": .string(
                    "A \(kind) call: \(describe(kind)). Strings may use * and ? wildcards; white space runs count as one space."
                )
            ]
        }
        let statuses: JSONValue = [
            "anyOf": [
                ["enum": [0, 1, 2, 3, 130]],
                ["enum": ["healthy", "repaired", "findings", "usage", "failed", "step-failed", "interrupted"]],
            ]
        ]
        let names: JSONValue = ["type": "array", "items": ["type": "string"]]
        return [
            "$schema": "http://json-schema.org/draft-07/schema#",
            "title": "runbook test file",
            "description":
                "Offline tests of one runbook (`runbook test`): params, answers to its calls, expected outcome.",
            "type": "object", "required": ["cases"], "additionalProperties": false,
            "properties": [
                "runbook": [
                    "type": "string",
                    "description": "The runbook, relative to this file (default: this file's name without .test).",
                ],
                "description": ["type": "string"],
                "cases": [
                    "type": "array", "minItems": 1,
                    "items": [
                        "type": "object", "required": ["name"], "additionalProperties": false,
                        "properties": [
                            "name": [
                                "type": "string",
                                "description": "What the case shows, e.g. 'policy detached: attaches it and verifies'.",
                            ],
                            "description": ["type": "string"],
                            "params": ["type": "object", "description": "Parameter values, as -p would give them."],
                            "env": [
                                "type": "object", "additionalProperties": ["type": "string"],
                                "description": "The run's environment (nothing else from this machine is visible).",
                            ],
                            "aws": [
                                "type": "object",
                                "properties": ["account": ["type": "string"], "region": ["type": "string"]],
                                "description": "`aws` in expressions (default account 123456789012, region us-west-2).",
                            ],
                            "approve": [
                                "anyOf": [["enum": ["all", "none"]], names],
                                "description":
                                    "Which mutating steps are approved: all (default), none, or a list of step ids.",
                            ],
                            "dry-run": [
                                "type": "boolean",
                                "description": "Run as --dry-run: mutating steps are planned, never sent.",
                            ],
                            "calls": [
                                "type": "array", "items": ["type": "object", "properties": .object(callProperties)],
                                "description":
                                    "Answers to the calls the runbook makes; the first entry that matches answers.",
                            ],
                            "expect": [
                                "type": "object", "additionalProperties": false,
                                "description": "The outcome; only what is given is checked.",
                                "properties": [
                                    "status": statuses,
                                    "findings": names, "open": names, "fixed": names,
                                    "steps": [
                                        "type": "object",
                                        "additionalProperties": [
                                            "enum": ["passed", "finding", "fixed", "skipped", "failed"]
                                        ],
                                    ],
                                    "captures": ["type": "object", "description": "step.capture: value"],
                                    "messages": [
                                        "type": "object", "additionalProperties": ["type": "string"],
                                        "description": "finding: text its message contains",
                                    ],
                                ],
                            ],
                        ],
                    ],
                ],
            ],
        ]
    }

    static func describe(_ kind: String) -> String {
        switch kind {
        case "shell": return "the command as run, after templates"
        case "plugin": return "the plugin's name"
        case "aws": return "{service, operation}"
        case "kubectl": return "its arguments"
        default: return "as the provider names it"
        }
    }
}
