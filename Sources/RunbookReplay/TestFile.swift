package import Engine
package import RunbookCore

/// A test file (`*.test.yaml`): offline cases for one runbook.
///
/// Each case gives parameters, the answers to the calls the runbook makes, and the expected
/// outcome. See `docs/authoring.md`.
package struct TestFile: Sendable {
    /// The test file's path, as given.
    package var path: String
    /// The runbook's path (resolved against the test file's folder).
    package var runbookPath: String
    /// The cases, in file order.
    package var cases: [TestCase]
}

/// One offline run of the runbook and what it must do.
package struct TestCase: Sendable {
    /// Which fix steps may run.
    package enum Approval: Sendable, Equatable {
        /// Every mutating step is approved (`--yes`).
        case all
        /// None is (as without a terminal and without `--yes`).
        case none
        /// Only these steps.
        case steps([String])
    }

    /// The case's name.
    package var name: String
    /// Where the case starts.
    package var location: SourceLocation
    /// `params`: values by name, as `-p` would give them.
    package var params: [(String, JSONValue)]
    /// `env`: the run's environment (nothing else from the machine leaks in).
    package var environment: [String: String]
    /// `aws`: `{account, region}` in expressions.
    package var aws: JSONValue
    /// `approve`.
    package var approval: Approval
    /// `dry-run`.
    package var dryRun: Bool
    /// `calls`: the answers.
    package var calls: [CallEntry]
    /// `expect`.
    package var expect: Expectation
}

/// One answered call in a test file.
package struct CallEntry: Sendable {
    /// The action key (`shell`, `aws`, `kubectl`, `plugin`).
    package var kind: String
    /// What the call must look like: selector members (strings are globs) and the parameters
    /// member (`params`, `inputs`: matched partially).
    package var criteria: JSONObject
    /// `step`: only calls made by this step.
    package var step: String?
    /// The answers, used in order; the last repeats.
    package var answers: [RecordedAnswer]
    /// Where the entry starts.
    package var location: SourceLocation

    /// Creates an entry.
    package init(
        kind: String, criteria: JSONObject, step: String? = nil, answers: [RecordedAnswer], location: SourceLocation
    ) {
        self.kind = kind
        self.criteria = criteria
        self.step = step
        self.answers = answers
        self.location = location
    }
}

/// `expect`: what the run must end with.
///
/// Only what is given is checked.
package struct Expectation: Sendable {
    /// `status`: the exit status.
    package var status: ExitStatus?
    /// `findings`: every finding raised (as a set).
    package var findings: [String]?
    /// `open`: the findings still open at the end (as a set).
    package var open: [String]?
    /// `fixed`: the fix steps that ran and were verified (as a set).
    package var fixed: [String]?
    /// `steps`: the final state of these steps.
    package var steps: [(id: String, state: StepState, location: SourceLocation)]
    /// `captures`: `step.name` → value.
    package var captures: [(path: String, value: JSONValue, location: SourceLocation)]
    /// `messages`: finding → text its message must contain.
    package var messages: [(finding: String, text: String, location: SourceLocation)]

    /// Nothing expected.
    package init() {
        steps = []
        captures = []
        messages = []
    }
}
