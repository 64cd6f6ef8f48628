/// An error from a module's own list of kinds: a `code` (stable, for tests and metrics labels),
/// a message saying what went wrong and what to do, and the lower-level cause, described, when
/// there is one. Conforming types get their description and short description from here.
package protocol CodedError: Error, CustomStringConvertible {
    /// The kind of failure.
    associatedtype Code: CustomStringConvertible
    /// The kind of failure.
    var code: Code { get }
    /// What went wrong and how to fix it.
    var message: String { get }
    /// A lower-level error, described (never a value that may hold secrets).
    var cause: String? { get }
}

extension CodedError {
    /// The message, and the cause when there is one.
    package var description: String { cause.map { "\(message) (\($0))" } ?? message }

    /// The type and the code only, bounded for metrics labels (`KubectlError.notInstalled`).
    package var shortDescription: String { "\(Self.self).\(code)" }
}
