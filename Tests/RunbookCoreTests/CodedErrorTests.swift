@testable import RunbookCore
import Testing

/// The description every module's coded error (AWS client, kubectl) shares.
@Suite("Coded errors")
struct CodedErrorTests {
    struct SampleError: CodedError {
        enum Code: String, CustomStringConvertible {
            case notInstalled
            var description: String { rawValue }
        }
        var code: Code
        var message: String
        var cause: String?
    }

    @Test("the message, with the cause in parentheses when there is one; the short form is type and code")
    func descriptions() {
        let bare = SampleError(code: .notInstalled, message: "kubectl is not installed; install it", cause: nil)
        #expect(bare.description == "kubectl is not installed; install it")
        let caused = SampleError(code: .notInstalled, message: "cannot start kubectl", cause: "permission denied")
        #expect(caused.description == "cannot start kubectl (permission denied)")
        #expect(caused.shortDescription == "SampleError.notInstalled")
    }
}
