import ArgumentParser
import Foundation
import RunbookCore
import RunbookDSL

/// `runbook new NAME`: a commented starter runbook and its test file.
struct New: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a commented starter runbook NAME.yaml and its test file NAME.test.yaml.",
        discussion: """
            The starter diagnoses a Kubernetes deployment with unavailable replicas and repairs it with \
            a rollout restart, approved, then verified; its test file runs offline at once: \
            runbook test NAME.test.yaml. Edit both from there (docs/authoring.md walks through it). \
            Unless --no-schema, the editor schemas are written to .runbook/ when missing and the \
            files point to them.
            """)

    @Argument(help: "The runbook's name: lowercase letters, digits and '-'.") var name: String
    @Option(help: "Folder to write to (default ./runbooks when it exists, else the current folder).") var dir: String?
    @Flag(help: "Overwrite existing files.") var force = false
    @Flag(help: "Do not write the editor schemas to .runbook/.") var noSchema = false

    mutating func run() async throws {
        guard RunbookDecoderNames.isRunbookName(name) else {
            printError(
                "error: '\(name)' is not a valid runbook name\n  hint: use lowercase letters, digits and '-', e.g. '\(RunbookDecoderNames.suggest(name))'"
            )
            throw ExitCode(2)
        }
        let fm = FileManager.default
        let folder = dir ?? (fm.fileExists(atPath: "runbooks") ? "runbooks" : ".")
        try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let runbookPath = "\(folder)/\(name).yaml"
        let testPath = "\(folder)/\(name).test.yaml"
        for path in [runbookPath, testPath] where fm.fileExists(atPath: path) && !force {
            printError("error: \(path) already exists\n  hint: pick another name, or pass --force to overwrite it")
            throw ExitCode(2)
        }
        var runbookHeader = ""
        var testHeader = ""
        if !noSchema {
            try fm.createDirectory(atPath: ".runbook", withIntermediateDirectories: true)
            for (file, test) in [(".runbook/runbook.schema.json", false), (".runbook/runbook-test.schema.json", true)]
            where !fm.fileExists(atPath: file) {
                try (JSONSerializer.serialize(Schema.document(test: test), style: .pretty(indent: 2)) + "\n").write(
                    toFile: file, atomically: true, encoding: .utf8)
                printOut("wrote \(file) (editor schema)")
            }
            let up = RecordFile.relative(RecordFile.absolute(".runbook"), from: RecordFile.absolute(folder))
            runbookHeader = "# yaml-language-server: $schema=\(up)/runbook.schema.json\n"
            testHeader = "# yaml-language-server: $schema=\(up)/runbook-test.schema.json\n"
        }
        try (runbookHeader + StarterTemplates.runbook(name)).write(
            toFile: runbookPath, atomically: true, encoding: .utf8)
        try (testHeader + StarterTemplates.test(name)).write(toFile: testPath, atomically: true, encoding: .utf8)
        printOut("wrote \(runbookPath) and \(testPath)")
        printOut("next: runbook validate \(runbookPath) && runbook test \(testPath)")
    }
}

/// Name rules shared with the decoder.
enum RunbookDecoderNames {
    static func isRunbookName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, ("a"..."z").contains(first) || ("0"..."9").contains(first) else {
            return false
        }
        return s.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
    }

    static func suggest(_ s: String) -> String {
        String(s.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }
}
