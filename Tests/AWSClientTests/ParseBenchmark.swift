import Foundation
import RunbookCore
import Testing

@testable import AWSClient

/// Client-side cost of parsing a large DescribeInstances answer, run by `Benchmarks/aws-bench.sh`
/// (which sets `RUNBOOK_BENCH_XML`); skipped otherwise.
@Suite("AWSParseBenchmark", .enabled(if: ProcessInfo.processInfo.environment["RUNBOOK_BENCH_XML"] != nil, "RUNBOOK_BENCH_XML is not set"))
struct AWSParseBenchmark {
    @Test("parse DescribeInstances")
    func parse() throws {
        let env = ProcessInfo.processInfo.environment
        let path = try #require(env["RUNBOOK_BENCH_XML"])
        let iterations = Int(env["RUNBOOK_BENCH_ITERATIONS"] ?? "") ?? 20
        let body = try #require(FileManager.default.contents(atPath: path))
        let operation = try ModelLoader(dataFolder: nil).load("ec2").operation(named: "DescribeInstances")
        let response = HTTPResponse(status: 200, body: [UInt8](body))
        var instances = 0
        var best = Double.infinity
        var total = 0.0
        for _ in 0..<iterations {
            let start = DispatchTime.now().uptimeNanoseconds
            let result = try ResponseParser.parse(response, operation: operation)
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            best = min(best, elapsed)
            total += elapsed
            instances = result["Reservations"]?.arrayValue?.reduce(0) { $0 + ($1["Instances"]?.arrayValue?.count ?? 0) } ?? 0
        }
        print("RUNBOOK_PARSE instances=\(instances) bytes=\(body.count) mean_ms=\(total / Double(iterations)) best_ms=\(best)")
        #expect(instances > 0)
    }
}
