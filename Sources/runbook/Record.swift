import Engine
import Foundation
import RunbookCore
import RunbookDSL
import RunbookReplay

/// `runbook run --record FILE`: writes the recorded calls as a test file beside nothing else.
enum RecordFile {
    static func write(
        _ recorder: Recorder, to path: String, runbook: RunbookDSL.Runbook, params: JSONObject, aws: JSONValue,
        dryRun: Bool,
        summary: RunSummary
    ) throws {
        let folder = (absolute(path) as NSString).deletingLastPathComponent
        let text = recorder.testFile(
            runbook: runbook, runbookPath: relative(absolute(runbook.file), from: folder), params: params,
            secrets: ParamResolver.secrets(runbook, values: params), aws: aws, dryRun: dryRun, summary: summary)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        printError(
            "recorded \(recorder.count) call\(recorder.count == 1 ? "" : "s") to \(path) (credentials and secrets redacted); test it with: runbook test \(path)"
        )
    }

    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return (full as NSString).standardizingPath
    }

    /// `path` relative to the folder `base` (both absolute).
    static func relative(_ path: String, from base: String) -> String {
        let p = path.split(separator: "/"), b = base.split(separator: "/")
        var common = 0
        while common < p.count, common < b.count, p[common] == b[common] { common += 1 }
        let up = Array(repeating: "..", count: b.count - common)
        return (up + p[common...].map(String.init)).joined(separator: "/")
    }
}
