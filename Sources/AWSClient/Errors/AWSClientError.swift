package import RunbookCore

/// A failure on the client side: a bad name or value, missing credentials, a network failure, a
/// refused mutating call. Service answers that are errors are ``AWSServiceError`` instead.
///
/// Messages say what went wrong and how to fix it; they never contain secrets.
package struct AWSClientError: CodedError, Sendable, Equatable {
    /// The kind of failure, stable enough to be a metrics label.
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Storage: String, Sendable, Hashable {
            case model, unknownService, unknownOperation, unknownParameter, invalidParameter, missingParameter
            case credentials, configuration, endpoint, transport, timeout, readOnly, waiter, response, usage
        }
        private let storage: Storage
        private init(_ storage: Storage) { self.storage = storage }

        /// A model file is missing or malformed.
        package static let model = Code(.model)
        /// No model for the service name.
        package static let unknownService = Code(.unknownService)
        /// The service has no such operation (or waiter).
        package static let unknownOperation = Code(.unknownOperation)
        /// The operation has no such parameter.
        package static let unknownParameter = Code(.unknownParameter)
        /// A parameter value has the wrong type or syntax.
        package static let invalidParameter = Code(.invalidParameter)
        /// A required parameter is absent.
        package static let missingParameter = Code(.missingParameter)
        /// No credentials could be found or obtained.
        package static let credentials = Code(.credentials)
        /// A configuration file or variable is invalid.
        package static let configuration = Code(.configuration)
        /// No endpoint or region could be resolved.
        package static let endpoint = Code(.endpoint)
        /// The request could not be sent or the connection failed.
        package static let transport = Code(.transport)
        /// The call took longer than its timeout.
        package static let timeout = Code(.timeout)
        /// A mutating operation was refused by a read-only client or transport.
        package static let readOnly = Code(.readOnly)
        /// A waiter reached a failure state or ran out of attempts.
        package static let waiter = Code(.waiter)
        /// The answer could not be parsed.
        package static let response = Code(.response)
        /// The command line is malformed.
        package static let usage = Code(.usage)

        /// The code's name.
        package var description: String { storage.rawValue }
    }

    /// The kind of failure.
    package var code: Code
    /// What went wrong and how to fix it.
    package var message: String
    /// A lower-level error, described (never a value that may hold secrets).
    package var cause: String?

    /// Creates an error.
    package init(_ code: Code, _ message: String, cause: String? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }
}

/// An error answer from an AWS service, as the aws CLI reports it.
package struct AWSServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The error code (`ResourceNotFoundException`, `InvalidInstanceID.NotFound`, ...).
    package var code: String
    /// The service's message.
    package var message: String
    /// The HTTP status.
    package var httpStatus: Int
    /// The request id, for AWS support.
    package var requestID: String?
    /// The operation that failed (`DescribeNodegroup`).
    package var operation: String
    /// The modelled error members (e.g. `resourceName`), shaped like the CLI's JSON.
    package var details: JSONValue
    /// How many retries were made before this error surfaced.
    package var retryAttempts = 0

    /// Creates an error.
    package init(
        code: String, message: String, httpStatus: Int, requestID: String?, operation: String,
        details: JSONValue = .null
    ) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.requestID = requestID
        self.operation = operation
        self.details = details
    }

    /// `An error occurred (Code) when calling the Operation operation: message`, like the aws CLI
    /// (which adds ` (reached max retries: N)` after retries).
    package var description: String {
        let retries = retryAttempts > 0 ? " (reached max retries: \(retryAttempts))" : ""
        return "An error occurred (\(code)) when calling the \(operation) operation\(retries): \(message)"
    }

    /// Whether the error is a throttling error (retried by the standard retry mode).
    package var isThrottling: Bool { RetryClassifier.throttlingCodes.contains(code) || httpStatus == 429 }
}
