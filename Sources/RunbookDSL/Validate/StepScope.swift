/// The names expressions can read, documented in one place.
///
/// - Run context (every expression, every template): `params`, `steps`, `env`, `aws`, `run`.
/// - Step scope (a step's `check`, `verify`, `wait.until`, `finish-if` and check messages): the run
///   context plus `result` (the step's raw result) and the step's own captures by name.
/// - `capture` expressions are evaluated with the step's result as the current node (`@`).
/// - A check's `message` also sees `evidence`.
public enum StepScope {
    /// The top-level names of the run context.
    public static let contextNames = ["params", "steps", "env", "aws", "run"]
    /// Names a capture may not take, because the step scope already uses them.
    public static let reservedNames: Set<String> = ["params", "steps", "env", "aws", "run", "result", "evidence", "state"]
}
