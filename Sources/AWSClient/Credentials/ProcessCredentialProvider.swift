package import AWSSigV4
import Foundation

/// Credentials printed as JSON by the profile's `credential_process` command (run by `/bin/sh`).
package struct ProcessCredentialProvider: CredentialProvider {
    /// The command line.
    package let command: String
    let environment: AWSEnvironment

    /// Runs `command` with `environment`.
    package init(command: String, environment: AWSEnvironment) {
        self.command = command
        self.environment = environment
    }

    package func credentials() async throws -> AWSCredentials {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.environment = environment.variables
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do {
            try process.run()
        } catch {
            throw AWSClientError(.credentials, "credential_process could not be started.", cause: "\(error)")
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        _ = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw AWSClientError(.credentials, "credential_process exited with status \(process.terminationStatus).")
        }
        let credentials = try CredentialDocument.parse([UInt8](data), source: "credential_process")
        return credentials
    }
}
