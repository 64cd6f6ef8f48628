import Foundation
import RunbookCore
import Testing

@Suite("Allocator tuning")
struct AllocatorTuningTests {
    @Test("glibc takes the settings that keep freed memory for the next query")
    func glibcTakesTheSettings() {
        #if canImport(Glibc)
            #expect(AllocatorTuning.keepFreedMemory())
            #expect(AllocatorTuning.keepFreedMemory(), "setting it twice is harmless")
        #else
            #expect(!AllocatorTuning.keepFreedMemory(), "only glibc is tuned")
        #endif
    }

    #if canImport(Glibc)
        /// Page faults this thread has taken so far (other tests' threads do not count).
        private func threadPageFaults() -> Int {
            var usage = rusage()
            getrusage(__rusage_who_t(1), &usage)  // RUSAGE_THREAD (a GNU extension Swift does not import)
            return usage.ru_minflt
        }

        /// Allocates `count` blocks of 4 KiB, writes to each, then frees them all; returns the faults taken.
        private func allocateTouchAndFree(count: Int) -> Int {
            let before = threadPageFaults()
            var blocks: [UnsafeMutableRawPointer] = []
            blocks.reserveCapacity(count)
            for index in 0..<count {
                let block = UnsafeMutableRawPointer.allocate(byteCount: 4096, alignment: 16)
                block.storeBytes(of: UInt8(truncatingIfNeeded: index), as: UInt8.self)
                blocks.append(block)
            }
            for block in blocks { block.deallocate() }
            return threadPageFaults() - before
        }

        @Test("memory freed by one query serves the next without new page faults")
        func freedMemoryServesTheNextQuery() {
            AllocatorTuning.keepFreedMemory()
            let pages = 4096  // 16 MiB in 4 KiB blocks: glibc alone would hand the heap top back when freed
            _ = allocateTouchAndFree(count: pages)
            let again = allocateTouchAndFree(count: pages)
            #expect(again < pages / 8, "the second round took \(again) page faults for \(pages) pages")
        }
    #endif
}
