import RunbookCore

/// Why kubectl could not be run at all. A command that ran and failed is not an error: it is a
/// ``KubectlResult`` with a non-zero exit status.
package struct KubectlError: CodedError, Sendable, Equatable {
    /// The kind of failure, stable enough to be a metrics label.
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Storage: String, Sendable, Hashable { case notInstalled, launchFailed, badCommand }
        private let storage: Storage
        private init(_ storage: Storage) { self.storage = storage }

        /// No kubectl executable could be found.
        package static let notInstalled = Code(.notInstalled)
        /// The process could not be started for another reason.
        package static let launchFailed = Code(.launchFailed)
        /// The command line cannot be split into words.
        package static let badCommand = Code(.badCommand)

        /// The code's name.
        package var description: String { storage.rawValue }
    }

    /// The kind of failure.
    package var code: Code
    /// What went wrong and how to fix it.
    package var message: String
    /// The lower-level error, described.
    package var cause: String?

    /// Creates an error.
    package init(_ code: Code, _ message: String, cause: String? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }
}
