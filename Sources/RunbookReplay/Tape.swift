package import Engine
package import RunbookCore
import Synchronization

/// The answers of one test case, consumed as the run makes its calls.
///
/// The first entry (in file order) that matches a call answers it; an entry with several
/// `answers` gives them in order and then repeats its last. A call no entry matches is recorded
/// as unanswered and fails its step, with the entry to add.
package final class Tape: Sendable {
    /// A call the run made and how it was answered.
    package struct Use: Sendable {
        /// The step that made it.
        package var stepID: String
        /// The call.
        package var call: RecordedCall
        /// The entry that answered, by index, or nil when none did.
        package var entry: Int?
        /// The skeleton answer to suggest when unanswered.
        package var template: RecordedAnswer
    }

    private let entries: [CallEntry]
    private let state: Mutex<(used: [Int], log: [Use])>

    /// A tape over a case's entries.
    package init(_ entries: [CallEntry]) {
        self.entries = entries
        state = Mutex((Array(repeating: 0, count: entries.count), []))
    }

    /// The answer to `call`, or nil when no entry matches.
    package func answer(_ call: RecordedCall, stepID: String, template: RecordedAnswer) -> RecordedAnswer? {
        state.withLock { s in
            guard let index = entries.indices.first(where: { CallMatcher.matches(entries[$0], call, stepID: stepID) })
            else {
                s.log.append(Use(stepID: stepID, call: call, entry: nil, template: template))
                return nil
            }
            let answers = entries[index].answers
            let answer = answers[min(s.used[index], answers.count - 1)]
            s.used[index] += 1
            s.log.append(Use(stepID: stepID, call: call, entry: index, template: template))
            return answer
        }
    }

    /// Every call made, in order.
    package var log: [Use] { state.withLock { $0.log } }

    /// Calls no entry answered.
    package var unanswered: [Use] { log.filter { $0.entry == nil } }

    /// Entries never used (a stale test, or a call the runbook no longer makes).
    package var unused: [CallEntry] {
        state.withLock { s in entries.indices.filter { s.used[$0] == 0 }.map { entries[$0] } }
    }
}
