import Foundation

/// Compares text with a golden file; `RECORD_SNAPSHOTS=1` writes it again.
///
/// A missing golden file is written and reported as a failure once, so a new baseline is never
/// committed without someone looking at it (argument-parser's `assertSnapshot`).
package enum Snapshot {
    /// Nil when `actual` matches the file at `path`, else what is wrong.
    package static func check(_ actual: String, path: String) -> String? {
        let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil
        let fm = FileManager.default
        if record || !fm.fileExists(atPath: path) {
            try? fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try? actual.write(toFile: path, atomically: true, encoding: .utf8)
            return record ? nil : "recorded a new snapshot at \(path); check it and run again"
        }
        let expected = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        guard expected != actual else { return nil }
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(e.count, a.count) {
            let el = i < e.count ? String(e[i]) : "<end>"
            let al = i < a.count ? String(a[i]) : "<end>"
            if el != al {
                return "snapshot \(path) differs at line \(i + 1):\n  expected: \(el)\n  actual:   \(al)\n(RECORD_SNAPSHOTS=1 re-records)\n--- actual ---\n\(actual)"
            }
        }
        return "snapshot \(path) differs"
    }
}
