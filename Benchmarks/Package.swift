// swift-tools-version: 6.1
import PackageDescription

// Benchmarks live in their own package so the main build and tests never pay for them.
let package = Package(
    name: "runbook-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "runbook", path: "..")],
    targets: [
        .executableTarget(
            name: "jmespath-bench",
            dependencies: [
                .product(name: "RunbookJMESPath", package: "runbook"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
    ]
)
