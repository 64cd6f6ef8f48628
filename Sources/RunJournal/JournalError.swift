/// A problem with a run's folder, journal or lock, saying what went wrong and what to do.
package struct JournalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem it is (stable, for tests and metrics).
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable, Hashable {
            case io, notAJournal, locked, noSuchRun, noRuns, badRecord, changed, notResumable, undecided, secretMissing
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// A file operation failed (permissions, disk full).
        package static let io = Code(.io)
        /// The file is not a journal.
        package static let notAJournal = Code(.notAJournal)
        /// Another process holds the run's lock.
        package static let locked = Code(.locked)
        /// No run has that id.
        package static let noSuchRun = Code(.noSuchRun)
        /// No run to resume or list.
        package static let noRuns = Code(.noRuns)
        /// A record could not be understood.
        package static let badRecord = Code(.badRecord)
        /// The runbook changed since the run started.
        package static let changed = Code(.changed)
        /// The run cannot be resumed (it finished).
        package static let notResumable = Code(.notResumable)
        /// An interrupted mutating step needs a decision nobody could make.
        package static let undecided = Code(.undecided)
        /// A secret parameter must be given again.
        package static let secretMissing = Code(.secretMissing)

        /// The code's name.
        package var description: String { value.rawValue }
    }

    /// The kind of problem.
    package var code: Code
    /// What went wrong and how to fix it.
    package var message: String
    /// The file concerned, when there is one.
    package var path: String?

    /// Creates an error.
    package init(_ code: Code, _ message: String, path: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
    }

    /// `message` (and the path when it is not already in the message).
    package var description: String {
        guard let path, !message.contains(path) else { return message }
        return "\(path): \(message)"
    }

    /// A bounded label for metrics: the code only.
    package var shortDescription: String { code.description }
}
