import Foundation
import JMESPath
import RunbookCore
import TestSupport
import Testing

/// The official JMESPath compliance suite, read in place from `../shared/jmespath-compliance`.
@Suite("JMESPath compliance")
struct ComplianceTests {
    static let cases: [ComplianceCase] = {
        guard let dir = SharedSuites.jmespathCompliance else { return [] }
        return (try? ComplianceCase.load(from: dir)) ?? []
    }()

    /// Runs one case in a dialect and returns a failure description, or nil when it passes.
    static func check(_ c: ComplianceCase, dialect: Dialect) -> String? {
        do {
            let expression = try Expression.compile(c.expression, dialect: dialect)
            let value = try expression.search(c.given)
            if let error = c.error { return "\(c): expected error \(error), got \(value)" }
            if let expected = c.result, expected != value {
                return "\(c): expected \(expected), got \(value)"
            }
            return nil
        } catch {
            if let expected = c.error {
                return expected == error.kind.rawValue
                    ? nil : "\(c): expected error \(expected), got \(error.kind.rawValue): \(error.message)"
            }
            if c.bench != nil { return "\(c): benchmark case failed: \(error.message)" }
            return "\(c): unexpected error \(error.kind.rawValue): \(error.message)"
        }
    }

    static let suitePresent = SharedSuites.jmespathCompliance != nil

    @Test(
        "every case passes in the strict dialect",
        .enabled(
            if: suitePresent,
            "skipped: ../shared/jmespath-compliance is absent (put the shared folder beside the repository)"))
    func strict() throws {
        let failures = Self.cases.compactMap { Self.check($0, dialect: .strict) }
        #expect(
            failures.isEmpty,
            "\(failures.count) of \(Self.cases.count) cases fail:\n\(failures.joined(separator: "\n"))")
        #expect(Self.cases.count >= 900, "the suite should hold 908 cases, found \(Self.cases.count)")
    }

    @Test(
        "every case passes in the extended dialect too (extensions do not change standard behaviour)",
        .enabled(if: suitePresent, "skipped: ../shared/jmespath-compliance is absent"))
    func extended() {
        let failures = Self.cases.compactMap { Self.check($0, dialect: .extended) }
        #expect(
            failures.isEmpty,
            "\(failures.count) of \(Self.cases.count) cases fail:\n\(failures.joined(separator: "\n"))")
    }
}
