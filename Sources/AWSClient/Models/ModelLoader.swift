package import Foundation
package import RunbookCore

/// Finds a service's models: first in `RUNBOOK_AWS_MODELS` (a botocore `data` folder, plain or
/// gzipped JSON, newest API version, `sdk-extras` merged like botocore), then in the models
/// compiled into the binary.
package struct ModelLoader: Sendable {
    /// The botocore `data` folder from `RUNBOOK_AWS_MODELS`, if set.
    package var dataFolder: String?

    /// CLI command names that differ from botocore folder names.
    package static let aliases: [String: String] = [
        "s3api": "s3", "monitoring": "cloudwatch", "elasticloadbalancingv2": "elbv2",
        "elasticloadbalancing-v2": "elbv2", "configservice": "config",
    ]

    /// A loader reading `RUNBOOK_AWS_MODELS` from `environment`.
    package init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        dataFolder = environment["RUNBOOK_AWS_MODELS"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A loader with an explicit folder (nil: bundled models only).
    package init(dataFolder: String?) { self.dataFolder = dataFolder }

    /// The botocore folder name for a CLI service name.
    package static func folderName(_ service: String) -> String { aliases[service] ?? service }

    /// Every service name that can be loaded.
    package func availableServices() -> [String] {
        var names = Set(BundledModels.all.keys)
        if let dataFolder, let entries = try? FileManager.default.contentsOfDirectory(atPath: dataFolder) {
            for e in entries where !e.hasPrefix(".") && !e.hasSuffix(".json") { names.insert(e) }
        }
        return names.sorted()
    }

    /// Loads the models of `service`, or throws an error naming the closest known service.
    package func load(_ service: String) throws(AWSClientError) -> ServiceModel {
        let folder = Self.folderName(service)
        if let dataFolder, let model = try loadFromFolder(dataFolder, name: folder) {
            return model
        }
        if let bundled = BundledModels.all[folder] {
            return try ServiceModel(
                name: service, serviceBytes: Array(bundled.service.utf8),
                paginators: try parse(bundled.paginators, "\(folder)/paginators-1"),
                waiters: try parse(bundled.waiters, "\(folder)/waiters-2"))
        }
        let hint = Suggestion.closest(to: service, in: availableServices()).map { " Did you mean '\($0)'?" } ?? ""
        let more = dataFolder == nil ? " Set RUNBOOK_AWS_MODELS to a botocore data folder for other services." : ""
        throw AWSClientError(.unknownService, "No model for the service '\(service)'.\(hint)\(more)")
    }

    private func parse(_ text: String, _ what: String) throws(AWSClientError) -> JSONValue {
        do {
            return try JSONParser.parse(text)
        } catch {
            throw AWSClientError(.model, "The model \(what) is not valid JSON: \(error)")
        }
    }

    private func loadFromFolder(_ root: String, name: String) throws(AWSClientError) -> ServiceModel? {
        let serviceFolder = (root as NSString).appendingPathComponent(name)
        guard let versions = try? FileManager.default.contentsOfDirectory(atPath: serviceFolder) else { return nil }
        guard let newest = versions.filter({ !$0.hasPrefix(".") }).sorted().last else { return nil }
        let folder = (serviceFolder as NSString).appendingPathComponent(newest)
        guard let service = try readDocument(folder, "service-2") else { return nil }
        return try ServiceModel(
            name: name, service: service, paginators: try readDocument(folder, "paginators-1"),
            waiters: try readDocument(folder, "waiters-2"))
    }

    /// Reads `name.json` or `name.json.gz` from `folder`, merging `name.sdk-extras.json`.
    private func readDocument(_ folder: String, _ name: String) throws(AWSClientError) -> JSONValue? {
        let base = (folder as NSString).appendingPathComponent(name)
        var bytes: [UInt8]
        if let data = FileManager.default.contents(atPath: base + ".json") {
            bytes = [UInt8](data)
        } else if let data = FileManager.default.contents(atPath: base + ".json.gz") {
            do {
                bytes = try Gzip.decompress([UInt8](data))
            } catch {
                throw AWSClientError(.model, "Cannot decompress \(base).json.gz: \(error)")
            }
        } else {
            return nil
        }
        var document: JSONValue
        do {
            document = try JSONParser.parse(bytes: bytes)
        } catch {
            throw AWSClientError(.model, "\(base).json is not valid JSON: \(error)")
        }
        if let extras = FileManager.default.contents(atPath: base + ".sdk-extras.json"),
            let extra = try? JSONParser.parse(bytes: [UInt8](extras)), let merge = extra["merge"]
        {
            document = Self.deepMerge(document, merge)
        }
        return document
    }

    /// `extra` merged into `base` like botocore's `deep_merge`.
    static func deepMerge(_ base: JSONValue, _ extra: JSONValue) -> JSONValue {
        guard case .object(var b) = base, case .object(let e) = extra else { return extra }
        for m in e {
            if let existing = b[m.key], existing.objectValue != nil, m.value.objectValue != nil {
                b[m.key] = deepMerge(existing, m.value)
            } else {
                b[m.key] = m.value
            }
        }
        return .object(b)
    }
}
