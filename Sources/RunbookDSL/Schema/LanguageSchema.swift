public import RunbookCore

/// The JSON Schema (draft-07) of the runbook language, for editors (`runbook schema`): the YAML
/// language server uses it for completion, hover text (the descriptions) and squiggles.
///
/// It describes the file's shape only; `runbook validate` checks what a schema cannot
/// (references, expressions, provider payloads). A test keeps its keys equal to the decoder's.
public enum LanguageSchema {
    /// The schema's `$id`.
    public static let id = "https://github.com/runbook/runbook/schema/runbook-v1.json"

    /// The schema; `actions` gives the schema of each action key's payload (from its provider),
    /// the others get a generic description.
    public static func document(actions: [String: JSONValue] = [:]) -> JSONValue {
        var stepProperties = JSONObject([
            (
                "id",
                describe(
                    ["type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"],
                    "Unique step id, an identifier: later steps read `steps.<id>.<capture>`.")
            ),
            ("title", describe(["type": "string"], "What the step does, for people (plans, reports).")),
            ("why", describe(["type": "string"], "Why the step is there; shown in plans and reports.")),
        ])
        for name in Action.providerNames {
            stepProperties[name] = actions[name] ?? defaultAction(name)
        }
        stepProperties["capture"] = describe(
            [
                "type": "object", "propertyNames": ["pattern": "^[A-Za-z_][A-Za-z0-9_]*$"],
                "additionalProperties": ref("expression"),
            ],
            "Named JMESPath expressions over the step's result (`@` is the result), read later as `steps.<id>.<name>`.")
        stepProperties["check"] = describe(
            ["type": "array", "items": ref("check")],
            "Assertions over the step scope; a failed one raises its named finding.")
        stepProperties["when"] = describe(
            ref("expression"), "Run the step only if this expression (over the run context) is truthy.")
        stepProperties["fixes"] = describe(
            ["type": "string"],
            "Makes this a fix step: it runs only if this finding was raised, needs approval, and is never sent by a dry run."
        )
        stepProperties["verify"] = describe(
            ["type": "array", "items": ref("check")],
            "Checks run after a fix to prove it worked; the fix is `fixed` only if they hold.")
        stepProperties["wait"] = ref("wait")
        stepProperties["retries"] = describe(
            [
                "anyOf": [
                    ["type": "integer", "minimum": 0],
                    [
                        "type": "object", "additionalProperties": false,
                        "properties": [
                            "count": ["type": "integer", "minimum": 0], "delay": ref("duration"),
                            "backoff": ["type": "number", "minimum": 1],
                        ],
                    ],
                ]
            ], "Attempts after a failure: a count, or {count, delay, backoff}.")
        stepProperties["timeout"] = describe(
            ref("duration"), "The longest one attempt may take (the process group is killed).")
        stepProperties["on-failure"] = describe(
            ["enum": ["stop", "continue"]],
            "stop (default): a failure ends the run with exit 3; continue: record it and go on.")
        stepProperties["finish-if"] = describe(
            ref("expression"), "End the run early as healthy when this holds after the step.")
        var undoProperties = JSONObject([("title", describe(["type": "string"], "What undoing does, for people."))])
        var probeProperties = JSONObject([
            ("that", describe(ref("expression"), "Holds when the step's change is already in place."))
        ])
        for name in Action.providerNames {
            undoProperties[name] = actions[name] ?? defaultAction(name)
            probeProperties[name] = actions[name] ?? defaultAction(name)
        }
        stepProperties["undo"] = describe(
            ["type": "object", "additionalProperties": false, "properties": .object(undoProperties)],
            "How `runbook undo RUN_ID` reverts this step: a title and one action (approval and dry-run rules apply).")
        stepProperties["already-applied"] = describe(
            [
                "anyOf": [
                    ref("expression"),
                    [
                        "type": "object", "required": ["that"], "additionalProperties": false,
                        "properties": .object(probeProperties),
                    ],
                ]
            ],
            "How `runbook resume` tells whether an interrupted run of this step already took effect: a condition, or {that, <read-only action>}."
        )
        let step: JSONValue = [
            "type": "object", "required": ["id"], "additionalProperties": false, "properties": .object(stepProperties),
            "oneOf": .array(Action.providerNames.map { ["required": [.string($0)]] }),
            "description": "A step: one action (shell, aws, kubectl or plugin) and what to do around it.",
        ]
        let param: JSONValue = [
            "type": "object", "additionalProperties": false,
            "properties": [
                "type": describe(
                    ["enum": ["string", "integer", "boolean", "list"]], "The parameter's type (default string)."),
                "default": ["description": "The value when neither -p nor the environment gives one."],
                "env": describe(["type": "string"], "An environment variable whose value is used when -p gives none."),
                "required": describe(["type": "boolean"], "The run refuses to start without a value."),
                "allowed": describe(["type": "array"], "The only values accepted."),
                "pattern": describe(
                    ["type": "string", "format": "regex"], "A regular expression the whole value must match."),
                "description": describe(["type": "string"], "Shown by `runbook show` and in errors."),
                "secret": describe(
                    ["type": "boolean"], "Redacted (***) from output, reports, journals and recorded tests."),
            ],
        ]
        let check: JSONValue = [
            "type": "object", "required": ["that"], "additionalProperties": false,
            "properties": [
                "that": describe(
                    ref("expression"),
                    "The condition that must hold, over the step scope (`result`, the step's captures, the run context)."
                ),
                "finding": describe(
                    ["type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$"],
                    "The finding raised when the condition fails (required in `check`)."),
                "message": describe(
                    ["type": "string"], "Text shown with the finding; `${{ evidence.<name> }}` reads the evidence."),
                "evidence": describe(
                    ["type": "object", "additionalProperties": ref("expression")],
                    "Named values shown with the finding; by default the captures the condition reads."),
            ],
        ]
        let wait: JSONValue = [
            "type": "object", "required": ["until"], "additionalProperties": false,
            "description": "Repeat the action until `until` holds; the step fails after `timeout`.",
            "properties": [
                "until": describe(ref("expression"), "The condition over the step's result and captures."),
                "timeout": describe(ref("duration"), "Give up after this long (default 5m)."),
                "interval": describe(ref("duration"), "First pause between attempts (default 5s)."),
                "backoff": describe(
                    ["type": "number", "minimum": 1], "Multiply the interval by this after each attempt (1 = constant)."
                ),
                "max-interval": describe(ref("duration"), "The interval never grows beyond this."),
            ],
        ]
        return [
            "$schema": "http://json-schema.org/draft-07/schema#",
            "$id": .string(id),
            "title": "runbook/v1",
            "description":
                "A runbook: diagnose and repair an incident step by step (https://github.com/runbook/runbook/blob/main/docs/dsl.md).",
            "type": "object", "required": ["apiVersion", "name", "steps"], "additionalProperties": false,
            "properties": [
                "apiVersion": describe(
                    ["const": .string(Runbook.apiVersion)], "The language version: always runbook/v1."),
                "name": describe(
                    ["type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$"],
                    "The runbook's name: `runbook run <name>` finds it."),
                "title": describe(["type": "string"], "A one-line human title."),
                "description": describe(
                    ["type": "string"], "What the runbook is for; shown by `runbook show` and in reports."),
                "context": describe(
                    ["type": "string"],
                    "The kubeconfig context for kubectl steps that name none (`runbook run --context` overrides it)."),
                "params": describe(
                    [
                        "type": "object", "propertyNames": ["pattern": "^[A-Za-z_][A-Za-z0-9_]*$"],
                        "additionalProperties": ref("param"),
                    ],
                    "Typed parameters, read as `params.<name>`; set with `-p name=value`, an environment variable or a default."
                ),
                "steps": describe(["type": "array", "minItems": 1, "items": ref("step")], "The steps, run in order."),
            ],
            "definitions": [
                "step": step, "param": param, "check": check, "wait": wait,
                "expression": [
                    "type": ["string", "boolean"],
                    "description": "A JMESPath expression (https://jmespath.org), bare or as one `${{ }}`.",
                ],
                "duration": [
                    "anyOf": [
                        ["type": "string", "pattern": "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$"],
                        ["type": "number", "minimum": 0],
                    ],
                    "description": "A duration: 250ms, 30s, 5m, 1h30m, or a number of seconds.",
                ],
            ],
        ]
    }

    /// The generic schema of an action whose provider gives none.
    static func defaultAction(_ name: String) -> JSONValue {
        switch name {
        case "shell":
            let run: JSONValue = [
                "type": "string", "description": "The command, run with /bin/sh -c; `${{ }}` templates allowed.",
            ]
            return [
                "description": "Run a shell command. Mutating unless `read-only: true`.",
                "anyOf": [
                    run,
                    [
                        "type": "object", "required": ["run"], "additionalProperties": false,
                        "properties": [
                            "run": run,
                            "read-only": [
                                "type": "boolean",
                                "description": "The command only reads: it runs in dry runs and without approval.",
                            ],
                            "env": [
                                "type": "object", "additionalProperties": ["type": "string"],
                                "description": "Extra environment variables.",
                            ],
                            "expect-exit": [
                                "anyOf": [["type": "integer"], ["type": "array", "items": ["type": "integer"]]],
                                "description": "Exit codes that are not a failure (default [0]).",
                            ],
                            "workdir": ["type": "string", "description": "The folder to run in."],
                            "stdin": ["description": "Text (or a value, written as JSON) given on standard input."],
                        ],
                    ],
                ],
            ]
        case "plugin":
            return [
                "description": "Run a plugin (see `runbook plugins`).",
                "anyOf": [["type": "string"], ["type": "object"]],
            ]
        default:
            return ["description": .string("A `\(name)` action, checked by its provider (`runbook validate`).")]
        }
    }

    /// Keys the decoder accepts that the schema does not describe, or the reverse, by construct
    /// (empty when they agree; a test asserts it).
    public static var mismatchedKeys: [String] {
        let doc = document()
        func keys(_ v: JSONValue?) -> Set<String> { Set(v?["properties"]?.objectValue?.keys ?? []) }
        let pairs: [(String, Set<String>, [String])] = [
            ("runbook", keys(doc), RunbookDecoder.topKeys),
            ("step", keys(doc["definitions"]?["step"]), RunbookDecoder.stepKeys),
            ("param", keys(doc["definitions"]?["param"]), RunbookDecoder.paramKeys),
            ("check", keys(doc["definitions"]?["check"]), RunbookDecoder.checkKeys),
            ("wait", keys(doc["definitions"]?["wait"]), RunbookDecoder.waitKeys),
        ]
        return pairs.flatMap { construct, schema, decoder in
            schema.symmetricDifference(decoder).sorted().map { "\(construct).\($0)" }
        }
    }

    private static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/definitions/\(name)")] }

    private static func describe(_ schema: JSONValue, _ description: String) -> JSONValue {
        guard var o = schema.objectValue else { return schema }
        if o["$ref"] != nil { return ["allOf": [schema], "description": .string(description)] }
        o["description"] = .string(description)
        return .object(o)
    }
}
