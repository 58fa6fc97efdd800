import Synchronization

extension Mutex {
    /// The value stored under `key`, made by `make` and stored the first time the key is asked
    /// for; one lock, so two callers never make two values for one key.
    package func value<Key: Hashable & Sendable, Memo: Sendable>(
        for key: Key, orMake make: () -> Memo
    ) -> Memo where Value == [Key: Memo] {
        withLock { map in
            if let hit = map[key] { return hit }
            let made = make()
            map[key] = made
            return made
        }
    }
}
