// The Swift side of the JMESPath and JSON benchmarks. `Benchmarks/run-jmespath.sh` runs it beside
// Python's jmespath on the same inputs and prints the ratios.
//
//   jmespath-bench run DATA_DIR SUITE.json [SCALE]   workloads of issue 2, as JSON lines (SCALE
//                                                     multiplies each workload's minimum time)
//   jmespath-bench parse FILE                our JSON parser against Foundation's, in the same run
//   jmespath-bench heap FILE                 malloc_stats before and after parsing FILE
//
// Set JMESPATH_BENCH_DEFAULT_MALLOC=1 to measure with glibc's default trim settings (see AllocatorTuning).
import Foundation
import JMESPath
import RunbookCore

/// Runs `body` for at least `minSeconds` (and `minIterations` times); returns seconds per call.
/// Calls run in batches between clock reads (a batch grows until it takes a millisecond), so
/// reading the clock does not count as part of calls that take tens of nanoseconds.
func timed(minSeconds: Double, minIterations: Int = 3, _ body: () throws -> Void) rethrows -> (Double, Int) {
    let clock = ContinuousClock()
    func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
    var iterations = 0
    var batch = 1
    var total = 0.0
    while true {
        let start = clock.now
        for _ in 0..<batch { try body() }
        let elapsed = seconds(start.duration(to: clock.now))
        total += elapsed
        iterations += batch
        if total >= minSeconds && iterations >= minIterations { return (total / Double(iterations), iterations) }
        if elapsed < 1e-3 { batch *= 2 }
    }
}

func emit(_ name: String, _ result: (Double, Int)) {
    let line: JSONValue = ["name": .string(name), "seconds": .double(result.0), "iterations": .integer(result.1)]
    print(JSONSerializer.serialize(line, style: .compact))
}

/// Keeps results alive so the optimizer cannot drop the work.
nonisolated(unsafe) var sink = 0

func consume(_ v: JSONValue) {
    if case .array(let a) = v { sink &+= a.count } else { sink &+= 1 }
}

let evalWorkloads: [(String, String)] = [
    ("filter+projection", "Reservations[].Instances[?State.Name == 'running'].InstanceId"),
    ("sort_by", "sort_by(Reservations[].Instances[], &LaunchTime)[].InstanceId"),
    (
        "multi-select",
        "Reservations[].Instances[].{id: InstanceId, type: InstanceType, az: Placement.AvailabilityZone, ip: PrivateIpAddress, name: Tags[?Key == 'Name'].Value | [0]}"
    ),
]

func run(dataDir: String, suite: String, scale: Double) throws {
    func timed(minSeconds: Double, _ body: () throws -> Void) rethrows -> (Double, Int) {
        try jmespath_bench.timed(minSeconds: minSeconds * scale, body)
    }
    let expressions = try String(contentsOfFile: "\(dataDir)/expressions.txt", encoding: .utf8)
        .split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    emit(
        "compile 10,000 expressions",
        try timed(minSeconds: 2) {
            for e in expressions { _ = try Expression.compile(e, dialect: .strict) }
        })

    do {
        let doc = try JSONFile.read(path: "\(dataDir)/ec2-10mb.json")
        for (name, text) in evalWorkloads {
            let expr = try Expression.compile(text, dialect: .strict)
            emit("eval \(name) (10 MB)", try timed(minSeconds: 2) { consume(try expr.search(doc)) })
        }
    }

    let groups = try JSONFile.read(path: suite)
    for group in groups.arrayValue ?? [] {
        let given = group["given"] ?? .null
        for c in group["cases"]?.arrayValue ?? [] {
            guard let kind = c["bench"]?.stringValue, let text = c["expression"]?.stringValue else { continue }
            let label = "bench \(kind): \(String(text.prefix(50)))"
            switch kind {
            case "parse":
                emit(label, try timed(minSeconds: 0.3) { _ = try Expression.compile(text, dialect: .strict) })
            case "interpret":
                let expr = try Expression.compile(text, dialect: .strict)
                emit(label, try timed(minSeconds: 0.3) { consume(try expr.search(given)) })
            default:
                // A "full" case times both phases together, then each phase alone (the targets are
                // per phase: compilation and evaluation).
                emit(
                    label,
                    try timed(minSeconds: 0.3) { consume(try Expression.compile(text, dialect: .strict).search(given)) }
                )
                emit(
                    "bench full, compile: \(String(text.prefix(50)))",
                    try timed(minSeconds: 0.3) { _ = try Expression.compile(text, dialect: .strict) })
                let expr = try Expression.compile(text, dialect: .strict)
                emit(
                    "bench full, evaluate: \(String(text.prefix(50)))",
                    try timed(minSeconds: 0.3) { consume(try expr.search(given)) })
            }
        }
    }
}

func parse(file: String) throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: file))
    let bytes = [UInt8](data)
    emit("parse JSON: runbook", try timed(minSeconds: 3) { consume(try JSONParser.parse(bytes: bytes)) })
    emit(
        "parse JSON: Foundation JSONSerialization",
        try timed(minSeconds: 3) {
            let o = try JSONSerialization.jsonObject(with: data)
            sink &+= (o as? [String: Any])?.count ?? 0
        })
    emit(
        "serialize JSON (pretty): runbook",
        try timed(minSeconds: 2) {
            sink &+= JSONSerializer.serialize(try JSONParser.parse(bytes: bytes)).utf8.count
        })
}

// The allocator setting the `runbook` executable makes at start (AllocatorTuning), so the benchmark
// measures the engine as the product runs it. JMESPATH_BENCH_DEFAULT_MALLOC=1 leaves glibc's defaults.
if ProcessInfo.processInfo.environment["JMESPATH_BENCH_DEFAULT_MALLOC"] == nil { AllocatorTuning.keepFreedMemory() }

let args = CommandLine.arguments
switch args.count > 1 ? args[1] : "" {
case "run" where args.count == 4 || args.count == 5:
    try run(dataDir: args[2], suite: args[3], scale: args.count == 5 ? Double(args[4]) ?? 1 : 1)
case "parse" where args.count == 3: try parse(file: args[2])
case "compile" where args.count == 3:
    // Profiling aid: compile every expression of a file, repeatedly.
    let lines = try String(contentsOfFile: args[2], encoding: .utf8).split(separator: "\n").map(String.init)
    emit("compile", try timed(minSeconds: 3) { for e in lines { _ = try Expression.compile(e, dialect: .strict) } })
case "compilen" where args.count == 4:
    // Instruction counting aid (valgrind): compile every expression of a file N times.
    let lines = try String(contentsOfFile: args[2], encoding: .utf8).split(separator: "\n").map(String.init)
    for _ in 0..<(Int(args[3]) ?? 1) { for e in lines { _ = try Expression.compile(e, dialect: .strict) } }
case "query" where args.count == 4:
    // What `runbook query EXPR FILE` does, for memory measurements without the whole CLI.
    let doc = try JSONFile.read(path: args[2])
    print(JSONSerializer.serialize(try Expression.compile(args[3]).search(doc), style: .compact))
case "heap" where args.count == 3:
    // Memory aid: glibc's malloc_stats (bytes in use, to standard error) after parsing a file.
    typealias MallocStats = @convention(c) () -> Void
    let stats = unsafeBitCast(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_stats"), to: MallocStats.self)
    stats()
    let doc = try JSONFile.read(path: args[2])
    stats()
    withExtendedLifetime(doc) {}
case "evaln" where args.count == 5:
    // Instruction counting aid (valgrind): a fixed number of evaluations.
    let doc = try JSONFile.read(path: args[2])
    let expr = try Expression.compile(args[3])
    for _ in 0..<(Int(args[4]) ?? 1) { consume(try expr.search(doc)) }
case "best" where args.count == 4:
    // Comparison aid: the fastest of 200 batches of 10 evaluations (seconds per evaluation), so two
    // builds can be compared on a noisy machine by their undisturbed speed.
    let doc = try JSONFile.read(path: args[2])
    let expr = try Expression.compile(args[3])
    let clock = ContinuousClock()
    var best = Duration.seconds(1000)
    for _ in 0..<200 {
        let start = clock.now
        for _ in 0..<10 { consume(try expr.search(doc)) }
        best = min(best, start.duration(to: clock.now))
    }
    emit("best \(args[3])", (Double(best.components.attoseconds) / 1e19 + Double(best.components.seconds) / 10, 2000))
case "full" where args.count == 4:
    // Profiling aid: compile and evaluate once, repeatedly (a compliance "full" case).
    let doc = try JSONFile.read(path: args[2])
    emit("full \(args[3])", try timed(minSeconds: 3) { consume(try Expression.compile(args[3]).search(doc)) })
case "eval" where args.count == 4:
    // Profiling aid: evaluate one expression over one file for a few seconds.
    let doc = try JSONFile.read(path: args[2])
    let expr = try Expression.compile(args[3])
    emit("eval \(args[3])", try timed(minSeconds: 3) { consume(try expr.search(doc)) })
default:
    FileHandle.standardError.write(Data("usage: jmespath-bench run DATA_DIR SUITE.json | parse FILE\n".utf8))
    exit(2)
}
