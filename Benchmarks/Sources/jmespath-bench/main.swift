// The Swift side of the JMESPath and JSON benchmarks. `Benchmarks/run-jmespath.sh` runs it beside
// Python's jmespath on the same inputs and prints the ratios.
//
//   jmespath-bench run DATA_DIR SUITE.json [SCALE]   workloads of issue 2, as JSON lines (SCALE
//                                                     multiplies each workload's minimum time)
//   jmespath-bench serve DATA_DIR SUITE.json         the same workloads one at a time, on request
//                                                     (for python/interleave.py)
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

/// A duration in seconds.
func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

/// Seconds per evaluation of `expression` over the JSON file at `path`, for each of `batches`
/// batches of ten evaluations (the comparison aids `best` and `spread`).
func batchTimes(file path: String, expression: String, batches: Int) throws -> [Double] {
    let doc = try JSONFile.read(path: path)
    let expr = try Expression.compile(expression)
    let clock = ContinuousClock()
    return try (0..<batches).map { _ in
        let start = clock.now
        for _ in 0..<10 { consume(try expr.search(doc)) }
        return seconds(start.duration(to: clock.now)) / 10
    }
}

func emit(_ name: String, _ result: (Double, Int)) {
    let line: JSONValue = ["name": .string(name), "seconds": .double(result.0), "iterations": .integer(result.1)]
    // Written at once, unbuffered: a driver reading a pipe waits for each line (`serve`).
    FileHandle.standardOutput.write(Data((JSONSerializer.serialize(line, style: .compact) + "\n").utf8))
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

/// One timed workload: its name (as the Python side names it), its minimum time at scale 1, and
/// one call of the work.
struct Workload {
    let name: String
    let minSeconds: Double
    let body: () throws -> Void
}

/// The workloads of issue 2, in the order the Python side lists them.
func workloads(dataDir: String, suite: String) throws -> [Workload] {
    var list: [Workload] = []
    let expressions = try String(contentsOfFile: "\(dataDir)/expressions.txt", encoding: .utf8)
        .split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    list.append(
        Workload(name: "compile 10,000 expressions", minSeconds: 2) {
            for e in expressions { _ = try Expression.compile(e, dialect: .strict) }
        })

    let doc = try JSONFile.read(path: "\(dataDir)/ec2-10mb.json")
    for (name, text) in evalWorkloads {
        let expr = try Expression.compile(text, dialect: .strict)
        list.append(Workload(name: "eval \(name) (10 MB)", minSeconds: 2) { consume(try expr.search(doc)) })
    }

    let groups = try JSONFile.read(path: suite)
    for group in groups.arrayValue ?? [] {
        let given = group["given"] ?? .null
        for c in group["cases"]?.arrayValue ?? [] {
            guard let kind = c["bench"]?.stringValue, let text = c["expression"]?.stringValue else { continue }
            let label = "bench \(kind): \(String(text.prefix(50)))"
            switch kind {
            case "parse":
                list.append(
                    Workload(name: label, minSeconds: 0.3) { _ = try Expression.compile(text, dialect: .strict) })
            case "interpret":
                let expr = try Expression.compile(text, dialect: .strict)
                list.append(Workload(name: label, minSeconds: 0.3) { consume(try expr.search(given)) })
            default:
                // A "full" case times both phases together, then each phase alone (the targets are
                // per phase: compilation and evaluation).
                list.append(
                    Workload(name: label, minSeconds: 0.3) {
                        consume(try Expression.compile(text, dialect: .strict).search(given))
                    })
                list.append(
                    Workload(name: "bench full, compile: \(String(text.prefix(50)))", minSeconds: 0.3) {
                        _ = try Expression.compile(text, dialect: .strict)
                    })
                let expr = try Expression.compile(text, dialect: .strict)
                list.append(
                    Workload(name: "bench full, evaluate: \(String(text.prefix(50)))", minSeconds: 0.3) {
                        consume(try expr.search(given))
                    })
            }
        }
    }
    return list
}

/// Every workload once, each for its minimum time times `scale`.
func run(dataDir: String, suite: String, scale: Double) throws {
    for w in try workloads(dataDir: dataDir, suite: suite) {
        emit(w.name, try timed(minSeconds: w.minSeconds * scale, w.body))
    }
}

/// The workloads on request, for a driver that pairs each measurement with the Python side's
/// (`python/interleave.py`): prints the number of workloads, then for each line "INDEX SCALE" read
/// from standard input times that workload and prints its result line; stops at end of input.
func serve(dataDir: String, suite: String) throws {
    let list = try workloads(dataDir: dataDir, suite: suite)
    FileHandle.standardOutput.write(Data("\(list.count)\n".utf8))
    while let line = readLine() {
        let fields = line.split(separator: " ")
        guard fields.count == 2, let index = Int(fields[0]), list.indices.contains(index), let scale = Double(fields[1])
        else {
            FileHandle.standardError.write(Data("jmespath-bench serve: bad request '\(line)'\n".utf8))
            exit(2)
        }
        emit(list[index].name, try timed(minSeconds: list[index].minSeconds * scale, list[index].body))
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
case "serve" where args.count == 4:
    try serve(dataDir: args[2], suite: args[3])
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
    let times = try batchTimes(file: args[2], expression: args[3], batches: 200)
    emit("best \(args[3])", (times.min()!, 2000))
case "spread" where args.count == 4:
    // Noise aid: 400 batches of 10 evaluations; the fastest batch, the quartiles, the 95th
    // percentile, the slowest and the mean, in µs per evaluation (how much one run's figure can vary).
    let times = try batchTimes(file: args[2], expression: args[3], batches: 400).map { $0 * 1e6 }
    let sorted = times.sorted()
    let cells = [
        ("min", sorted[0]), ("p25", sorted[100]), ("p50", sorted[200]), ("p75", sorted[300]),
        ("p95", sorted[380]), ("max", sorted[399]), ("mean", times.reduce(0, +) / 400),
    ]
    print(cells.map { "\($0.0) \(String(format: "%.1f", $0.1))" }.joined(separator: "  ") + "  (µs)")
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
