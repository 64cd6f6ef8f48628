package import Engine
package import RunbookCore
package import RunbookDSL

/// The checks `runbook resume` (and `undo`) make before touching anything, each failing with a
/// message that says what to do.
package enum ResumeCheck {
    /// Refuses a run that ended (resume is for interrupted runs).
    package static func resumable(_ history: RunHistory) throws(JournalError) {
        if case .finished(let status) = history.state {
            let what: String
            switch status {
            case .healthy: what = "healthy or repaired"
            case .findings: what = "with findings left open"
            case .stepFailed: what = "with a failed step"
            case .usage: what = "with a usage error"
            case .interrupted: what = "interrupted"
            }
            throw JournalError(
                .notResumable,
                "run \(history.header.runID) already finished (\(what)); nothing to resume. Start a new run with 'runbook run \(history.header.runbook)'")
        }
    }

    /// Refuses a runbook whose steps changed since the run started, unless `force`.
    package static func unchanged(_ history: RunHistory, runbook: Runbook, force: Bool, verb: String) throws(JournalError) {
        let changes = history.header.fingerprint.changes(comparedTo: RunbookFingerprint(runbook))
        guard !changes.isEmpty, !force else { return }
        throw JournalError(
            .changed,
            "the runbook \(runbook.file) changed since run \(history.header.runID) started: "
                + changes.joined(separator: ", ")
                + ". Re-run with --force to \(verb) with the runbook as it is now, or start a new run")
    }

    /// The run's parameters: as recorded, with every secret one (recorded as `***`) given again
    /// through `-p` or its environment variable.
    package static func params(
        _ history: RunHistory, runbook: Runbook, arguments: [(String, String)], environment: [String: String]
    ) throws(JournalError) -> JSONObject {
        var values = history.header.params
        guard !history.header.secretParams.isEmpty else { return values }
        let (fresh, _) = ParamResolver.resolve(runbook, arguments: arguments, environment: environment)
        for name in history.header.secretParams {
            guard let value = fresh[name], !value.isNull else {
                let env = runbook.params.first { $0.name == name }?.env.map { " or set $\($0)" } ?? ""
                throw JournalError(
                    .secretMissing,
                    "parameter '\(name)' is secret, so the journal does not keep it; pass -p \(name)=VALUE\(env) to resume")
            }
            values[name] = value
        }
        return values
    }
}

extension RunStateMachine.Checkpoint {
    /// Marks the in-flight step at `index` as done without running it again (resume found its
    /// change already in place): `fixed` for a fix (its finding repaired), otherwise `passed`.
    /// Returns the record and the finding fixed, for the journal and the printer.
    package mutating func markApplied(_ step: Step, index: Int, message: String) -> (record: StepRecord, fixed: String?) {
        var record = StepRecord(id: step.id, index: index)
        record.state = step.isFix ? .fixed : .passed
        record.message = message
        record.isMutating = true
        steps.append(record)
        guard let finding = step.fixes else { return (record, nil) }
        for i in findings.indices where findings[i].name == finding && findings[i].isOpen { findings[i].fixedBy = step.id }
        return (record, finding)
    }
}
