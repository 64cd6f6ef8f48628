/// A unified diff of two texts, line by line (longest common subsequence), for plans that
/// replace a document: reviewers see the current and the proposed document side by side.
package enum UnifiedDiff {
    /// The diff of `old` and `new` with `context` unchanged lines around each change, headed by
    /// `--- oldLabel` / `+++ newLabel`; nil when the texts are equal.
    package static func diff(_ old: String, _ new: String, oldLabel: String, newLabel: String, context: Int = 3) -> String? {
        let a = lines(old)
        let b = lines(new)
        guard a != b else { return nil }
        let ops = edits(a, b)
        var out = ["--- \(oldLabel)", "+++ \(newLabel)"]
        // Each change with `context` lines around it; overlapping ranges merge into one hunk.
        var ranges: [Range<Int>] = []
        for (index, op) in ops.enumerated() where op.kind != " " {
            let r = max(0, index - context)..<min(ops.count, index + context + 1)
            if let last = ranges.last, r.lowerBound <= last.upperBound {
                ranges[ranges.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                ranges.append(r)
            }
        }
        for r in ranges {
            let hunk = ops[r]
            let oldStart = (hunk.first?.oldLine ?? 0) + 1
            let newStart = (hunk.first?.newLine ?? 0) + 1
            let oldCount = hunk.filter { $0.kind != "+" }.count
            let newCount = hunk.filter { $0.kind != "-" }.count
            out.append("@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@")
            for op in hunk { out.append("\(op.kind)\(op.text)") }
        }
        return out.joined(separator: "\n")
    }

    struct Edit {
        var kind: Character
        var text: String
        var oldLine: Int
        var newLine: Int
    }

    static func lines(_ text: String) -> [String] {
        var l = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if l.last == "" { l.removeLast() }
        return l
    }

    /// The edit script turning `a` into `b` (LCS; documents here are small).
    static func edits(_ a: [String], _ b: [String]) -> [Edit] {
        let n = a.count
        let m = b.count
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var out: [Edit] = []
        var i = 0
        var j = 0
        while i < n || j < m {
            if i < n, j < m, a[i] == b[j] {
                out.append(Edit(kind: " ", text: a[i], oldLine: i, newLine: j))
                i += 1
                j += 1
            } else if i < n, j == m || lcs[i + 1][j] >= lcs[i][j + 1] {
                out.append(Edit(kind: "-", text: a[i], oldLine: i, newLine: j))
                i += 1
            } else {
                out.append(Edit(kind: "+", text: b[j], oldLine: i, newLine: j))
                j += 1
            }
        }
        return out
    }
}
