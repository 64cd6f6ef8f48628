#if canImport(Glibc)
    import Glibc
#endif

/// Tuning of the C allocator for a process that evaluates many queries over large answers.
public enum AllocatorTuning {
    /// How much freed memory at the top of the heap the process keeps for its next allocations.
    public static let keptBytes = 64 << 20

    /// Keeps freed memory in the process instead of handing it back to the system after each query.
    ///
    /// glibc returns the top of its heap to the system whenever more than 128 KiB of it is free, so
    /// a query that builds a large answer and frees it pays again, on the next query, for the
    /// system to map and zero those pages (in a multi-select over a 10 MB describe-instances answer,
    /// 81 page faults and about half the evaluation time). This keeps up to ``keptBytes`` and, since
    /// setting it turns off glibc's self-adjusting threshold for memory-mapped blocks, puts blocks
    /// under 32 MiB on the heap as that threshold would have. Peak memory is unchanged: kept memory
    /// is reused, not added. Call it once, at the start of an executable; a library must not.
    ///
    /// - Returns: whether the allocator took the settings (false on platforms without glibc).
    @discardableResult
    public static func keepFreedMemory() -> Bool {
        #if canImport(Glibc)
            // Swift's Glibc module leaves <malloc.h> out: find mallopt by name, and use its constants
            // M_TRIM_THRESHOLD and M_MMAP_THRESHOLD.
            typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
            let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
            let trimThreshold: Int32 = -1
            let mmapThreshold: Int32 = -3
            return mallopt(trimThreshold, Int32(keptBytes)) == 1 && mallopt(mmapThreshold, 32 << 20) == 1
        #else
            return false
        #endif
    }
}
