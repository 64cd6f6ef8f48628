// swift-tools-version: 6.1
import PackageDescription

/// Settings every target shares: Swift 6 language mode plus the upcoming features the house style asks for.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "runbook",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "runbook", targets: ["runbook"]),
        // The JSON value and JMESPath engine, for the benchmarks package and embedders.
        .library(name: "RunbookJMESPath", targets: ["RunbookCore", "JMESPath"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // RunbookCore: JSON value, source locations, diagnostics. Imports Foundation only.
        .target(name: "RunbookCore", swiftSettings: strictSettings),
        // JMESPath: lexer, parser, AST, interpreter, functions. Imports RunbookCore only.
        .target(name: "JMESPath", dependencies: ["RunbookCore"], swiftSettings: strictSettings),
        // RunbookDSL: YAML (through Yams nodes, marks kept) -> runbook AST, validation. Imports RunbookCore, JMESPath, Yams.
        .target(
            name: "RunbookDSL",
            dependencies: ["RunbookCore", "JMESPath", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        // Engine: step provider protocol and registry, run state machine, driver, planner. Never AWS or kubectl.
        .target(name: "Engine", dependencies: ["RunbookCore", "RunbookDSL", "JMESPath"], swiftSettings: strictSettings),
        // ShellSteps: the `shell` step provider and the process runner it uses.
        .target(name: "ShellSteps", dependencies: ["RunbookCore", "RunbookDSL", "Engine"], swiftSettings: strictSettings),
        // RunJournal: run folders, the durable journal, locks, resume and undo planning. Imports Engine, never a provider.
        .target(name: "RunJournal", dependencies: ["RunbookCore", "RunbookDSL", "Engine"], swiftSettings: strictSettings),
        // RunbookTesting: test clock, in-memory providers and approvers, marked text, snapshots. Tests only.
        .target(
            name: "RunbookTesting",
            dependencies: ["RunbookCore", "RunbookDSL", "Engine", "RunJournal"],
            swiftSettings: strictSettings
        ),
        // COpenSSL: the system OpenSSL (libssl-dev) for SHA-256, HMAC and MD5.
        .systemLibrary(
            name: "COpenSSL", pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"]), .brew(["openssl"])]
        ),
        // AWSSigV4: pure Signature Version 4 signer (date is a parameter). Imports COpenSSL, Foundation.
        .target(
            name: "AWSSigV4",
            dependencies: ["COpenSSL"],
            swiftSettings: strictSettings
        ),
        // AWSClient: botocore models, the five protocols, credentials, retries, pagination, waiters.
        .target(
            name: "AWSClient",
            dependencies: [
                "AWSSigV4", "RunbookCore", "JMESPath", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // Kubernetes: KubectlRunner (the real kubectl over the ProcessRunner seam), verbs, results.
        .target(name: "Kubernetes", dependencies: ["RunbookCore", "ShellSteps"], swiftSettings: strictSettings),
        // KubernetesSteps: the `kubectl` step provider.
        .target(
            name: "KubernetesSteps", dependencies: ["RunbookCore", "RunbookDSL", "Engine", "Kubernetes", "ShellSteps"],
            swiftSettings: strictSettings),
        // AWSSteps: the `aws` step provider (CLI and structured forms, waiters, plan diffs, aws.account).
        .target(
            name: "AWSSteps", dependencies: ["RunbookCore", "RunbookDSL", "Engine", "JMESPath", "AWSClient"],
            swiftSettings: strictSettings),
        // PluginSteps: the `plugin` step provider (plugins/ folders: a manifest and any executable, JSON on stdin/stdout).
        .target(
            name: "PluginSteps",
            dependencies: ["RunbookCore", "RunbookDSL", "Engine", "ShellSteps", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings),
        // RunbookReplay: offline tests (`runbook test`): test files, replay and recording providers, the runner.
        .target(
            name: "RunbookReplay",
            dependencies: ["RunbookCore", "RunbookDSL", "Engine", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings),
        // The command-line front end: thin, one subcommand per file.
        .executableTarget(
            name: "runbook",
            dependencies: [
                "RunbookCore",
                "JMESPath",
                "RunbookDSL",
                "Engine",
                "ShellSteps",
                "RunJournal",
                "AWSClient",
                "AWSSteps",
                "KubernetesSteps",
                "PluginSteps",
                "RunbookReplay",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // TestSupport: locating ../shared suites, the Python oracle, a seeded generator, running programs under test. Tests only.
        .target(name: "TestSupport", dependencies: ["RunbookCore"], swiftSettings: strictSettings),
        .testTarget(name: "RunbookCoreTests", dependencies: ["RunbookCore", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "JMESPathTests", dependencies: ["JMESPath", "RunbookCore", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "AWSSigV4Tests", dependencies: ["AWSSigV4"], swiftSettings: strictSettings),
        .testTarget(
            name: "AWSClientTests",
            dependencies: ["AWSClient", "AWSSigV4", "RunbookCore", "JMESPath"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RunbookDSLTests",
            dependencies: ["RunbookDSL", "RunbookCore", "JMESPath", "RunbookTesting"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EngineTests",
            dependencies: ["Engine", "RunbookDSL", "RunbookCore", "ShellSteps", "RunbookTesting"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "JournalTests",
            dependencies: [
                "RunJournal", "Engine", "RunbookDSL", "RunbookCore", "ShellSteps", "RunbookTesting", "TestSupport", "runbook",
            ],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["runbook", "RunbookTesting", "RunbookCore", "TestSupport"],
            exclude: ["Snapshots", "Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "KubernetesStepsTests",
            dependencies: ["Kubernetes", "KubernetesSteps", "Engine", "RunbookDSL", "RunbookCore", "ShellSteps", "RunbookTesting"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AWSStepsTests",
            dependencies: ["AWSSteps", "AWSClient", "Engine", "RunbookDSL", "RunbookCore", "RunbookTesting"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PluginStepsTests",
            dependencies: ["PluginSteps", "Engine", "RunbookDSL", "RunbookCore", "ShellSteps", "RunbookTesting"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RunbookReplayTests",
            dependencies: ["RunbookReplay", "Engine", "RunbookDSL", "RunbookCore", "ShellSteps", "RunbookTesting"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        // End-to-end: the built `runbook` binary against the lab (skipped without Python/moto/kubectl).
        .testTarget(
            name: "FlagshipTests",
            dependencies: ["RunbookCore", "RunbookDSL", "Engine", "AWSSteps", "KubernetesSteps", "RunbookTesting"],
            swiftSettings: strictSettings),
    ]
)
