import Foundation
import TestSupport
import Testing

/// `runbook lab`: finds the lab in this checkout and drives it (up, env, state, log, down).
@Suite("runbook lab", .serialized)
struct LabCommandTests {
    /// Whether the lab's Python packages are importable (scripts/test installs them).
    static let labAvailable: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import moto, flask, flask_cors"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    @Test("lists the scenarios from the checkout's lab")
    func scenarios() throws {
        let result = try CLI.run(["lab", "scenarios"], in: CLI.repository)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("missing-worker-nodes"))
        #expect(result.stdout.contains("key-disabled"))
    }

    @Test(
        "up, env, state, log and down: the lab starts on loopback and leaves no process behind",
        .enabled(if: labAvailable, "skipped: the lab's Python packages are missing (scripts/test installs them)"))
    func lifecycle() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("lab-cli-\(UUID().uuidString)").path
        defer {
            _ = try? CLI.run(["lab", "down", "--state-dir", state], in: CLI.repository)
            try? FileManager.default.removeItem(atPath: state)
        }
        let up = try CLI.run(["lab", "up", "healthy", "--state-dir", state, "--owner-pid", "\(getpid())"], in: CLI.repository)
        #expect(up.status == 0, "\(up.stdout)\(up.stderr)")
        let env = try CLI.run(["lab", "env", "--state-dir", state], in: CLI.repository)
        #expect(env.status == 0)
        #expect(env.stdout.contains("export AWS_ENDPOINT_URL=http://127.0.0.1:"))
        #expect(env.stdout.contains("export KUBECONFIG="))
        #expect(env.stdout.contains("export EKS_CLUSTER_NAME=eks-workshop"))
        let state1 = try CLI.run(["lab", "state", "--state-dir", state], in: CLI.repository)
        #expect(state1.status == 0 && state1.stdout.contains("healthy"))
        let pidText = try String(contentsOfFile: state + "/state.json", encoding: .utf8)
        let down = try CLI.run(["lab", "down", "--state-dir", state], in: CLI.repository)
        #expect(down.status == 0, "\(down.stderr)")
        if let range = pidText.range(of: #""pid": *(\d+)"#, options: .regularExpression) {
            let pid = Int32(pidText[range].split(separator: ":").last!.trimmingCharacters(in: .whitespaces))!
            // Gone, or a zombie waiting for an init that does not reap (the lab daemonizes itself).
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            let running = !stat.isEmpty && !stat.contains(") Z ")
            #expect(!running, "the lab process \(pid) is still running: \(stat)")
        }
    }
}
