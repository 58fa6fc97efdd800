extension Select {
    /// Locks the selected rows until the transaction ends; `wait` says what to do about rows
    /// another transaction holds.
    ///
    /// ```swift
    /// Job.select().where(Job.done.eq(false)).limit(1).forUpdate(.skipLocked)
    /// // SELECT … FROM "jobs" WHERE ("jobs"."done" = :p1) LIMIT 1 FOR UPDATE SKIP LOCKED
    /// ```
    public func forUpdate(_ wait: SQLLock.Wait = .wait) -> Self {
        with { $0.lock = SQLLock(strength: .update, wait: wait) }
    }

    /// A shared lock: PostgreSQL `FOR SHARE [NOWAIT | SKIP LOCKED]`; MySQL `LOCK IN SHARE MODE`
    /// (what both MySQL 8 and MariaDB accept), where `NOWAIT` and `SKIP LOCKED` throw `unsupported`.
    ///
    /// ```swift
    /// Account.select().where(Account.id.eq(1)).forShare()
    /// // SELECT … FROM "accounts" WHERE ("accounts"."id" = :p1) FOR SHARE
    /// ```
    public func forShare(_ wait: SQLLock.Wait = .wait) -> Self {
        with { $0.lock = SQLLock(strength: .share, wait: wait) }
    }
}
