package import RunbookCore

/// The first record of every journal: what the run is, so it can be listed, resumed and undone.
///
/// It holds parameters with secret values already redacted, never the environment or any
/// credential. Secret parameters are named so resume can ask for them again.
package struct RunHeader: Sendable, Equatable {
    /// The run's id.
    package var runID: String
    /// The runbook's `name`.
    package var runbook: String
    /// The runbook's `title`.
    package var title: String?
    /// The runbook file's absolute path.
    package var file: String
    /// The folder the run started in (shell steps' default working directory).
    package var workingDirectory: String
    /// The runbook's fingerprint (file hash and a hash per step).
    package var fingerprint: RunbookFingerprint
    /// Resolved parameters, secret values replaced with `***`.
    package var params: JSONObject
    /// Names of the parameters marked `secret`.
    package var secretParams: [String]
    /// Whether it is a dry run.
    package var dryRun: Bool
    /// When it started (seconds since 1970).
    package var startedAt: Double
    /// The machine it started on.
    package var host: String
    /// The process that started it.
    package var pid: Int32
    /// `aws` in expressions (`{account, region}`), so a resume sees the same account and region.
    package var aws: JSONValue = .null

    /// Creates a header.
    package init(
        runID: String, runbook: String, title: String?, file: String, workingDirectory: String,
        fingerprint: RunbookFingerprint, params: JSONObject, secretParams: [String], dryRun: Bool, startedAt: Double,
        host: String, pid: Int32
    ) {
        self.runID = runID
        self.runbook = runbook
        self.title = title
        self.file = file
        self.workingDirectory = workingDirectory
        self.fingerprint = fingerprint
        self.params = params
        self.secretParams = secretParams
        self.dryRun = dryRun
        self.startedAt = startedAt
        self.host = host
        self.pid = pid
    }

    /// The header's fields in a record.
    package var json: JSONObject {
        var o = JSONObject(capacity: 12)
        o["run_id"] = .string(runID)
        o["runbook"] = .string(runbook)
        if let title { o["title"] = .string(title) }
        o["file"] = .string(file)
        o["cwd"] = .string(workingDirectory)
        o["runbook_hash"] = .string(fingerprint.runbookHash)
        o["steps"] = .array(fingerprint.steps.map { ["id": .string($0.id), "hash": .string($0.hash)] })
        o["params"] = .object(params)
        o["secret_params"] = .array(secretParams.map(JSONValue.string))
        o["dry_run"] = .bool(dryRun)
        o["started"] = .double(startedAt)
        o["host"] = .string(host)
        o["pid"] = .integer(Int(pid))
        if !aws.isNull { o["aws"] = aws }
        return o
    }

    /// A header from a record's fields.
    package init(json v: JSONValue) throws(JournalError) {
        guard let runID = v["run_id"]?.stringValue, let runbook = v["runbook"]?.stringValue, let file = v["file"]?.stringValue
        else { throw JournalError(.badRecord, "the journal's first record does not describe a run") }
        let steps = (v["steps"]?.arrayValue ?? []).compactMap { s -> RunbookFingerprint.Step? in
            guard let id = s["id"]?.stringValue, let hash = s["hash"]?.stringValue else { return nil }
            return RunbookFingerprint.Step(id: id, hash: hash)
        }
        var pid: Int32 = 0
        if case .integer(let p)? = v["pid"] { pid = Int32(truncatingIfNeeded: p) }
        self.init(
            runID: runID, runbook: runbook, title: v["title"]?.stringValue, file: file,
            workingDirectory: v["cwd"]?.stringValue ?? "",
            fingerprint: RunbookFingerprint(runbookHash: v["runbook_hash"]?.stringValue ?? "", steps: steps),
            params: v["params"]?.objectValue ?? JSONObject(),
            secretParams: v["secret_params"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            dryRun: v["dry_run"]?.boolValue ?? false, startedAt: v["started"]?.doubleValue ?? 0,
            host: v["host"]?.stringValue ?? "", pid: pid)
        aws = v["aws"] ?? .null
    }
}
