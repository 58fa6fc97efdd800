#if canImport(FoundationEssentials)
import FoundationEssentials
#else
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#endif
import CDataAPISystem
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a child process to its end and collects what it wrote: the one process runner of the
/// package (a `credential_process`, the throwaway database servers' set-up tools, the tests'
/// `aws`, `python3` and `data-api` runs). It blocks its thread: call it from
/// ``BlockingIO/run(name:_:)`` or ``runDetached(_:_:input:environment:standardError:timeout:)``.
///
/// Built on `posix_spawn` and one `poll` loop that feeds the child's standard input and drains
/// its output on the calling thread: no helper threads, no Foundation `Process` (whose module
/// would load with every client).
package enum ChildProcess {
    /// Where the child's standard error goes.
    package enum StandardError: Sendable {
        /// To this process's standard error.
        case inherit
        /// Into ``Outcome/standardError``.
        case capture
        /// Into ``Outcome/standardOutput``, interleaved as written (a compiler's diagnostics).
        case mergeIntoOutput
    }

    /// How the child ended and what it wrote.
    package struct Outcome: Sendable {
        /// The exit status, or the number of the signal that ended the child.
        package var status: Int32
        package var standardOutput: Data
        package var standardError: Data
        /// Whether the child was still running at the timeout and was killed.
        package var timedOut = false

        package var output: String { String(decoding: standardOutput, as: UTF8.self) }
        package var errorOutput: String { String(decoding: standardError, as: UTF8.self) }

        /// The outcome, or a ``Failure`` when the child exited with a status other than 0.
        package func checked() throws(Failure) -> Outcome {
            guard status == 0 else { throw Failure(status: status, stderr: errorOutput) }
            return self
        }
    }

    /// A child that exited with a status other than 0.
    package struct Failure: Error, CustomStringConvertible {
        package let status: Int32
        /// Its standard error (empty unless captured).
        package let stderr: String
        package var description: String { "exit \(status): \(stderr)" }
    }

    /// A child that could not be started (no such executable, not executable, no pipes left).
    package struct SpawnError: Error, CustomStringConvertible {
        package let executable: String
        /// The `errno` of the failed call.
        package let errno: Int32
        package var description: String { "cannot run \(executable): \(String(cString: strerror(errno)))" }
    }

    /// Runs `executable` with `arguments` and waits for it; `input` is its standard input
    /// (`/dev/null` when nil), `environment` replaces this process's when given. A child still
    /// running after `timeout` is killed with SIGKILL, which ends its output; its output is
    /// read for at most a second more (a process it started may still hold the pipes open) and
    /// the outcome says ``Outcome/timedOut``.
    package static func run(
        _ executable: String, _ arguments: [String], input: Data? = nil, environment: [String: String]? = nil,
        standardError: StandardError = .capture, timeout: Duration? = nil
    ) throws -> Outcome {
        let output = try ChildPipe(executable)
        defer { output.closeBoth() }
        let errors = standardError == .capture ? try ChildPipe(executable) : nil
        defer { errors?.closeBoth() }
        // Input goes through a socket pair, so that writing to a child that stopped reading
        // fails with EPIPE (`MSG_NOSIGNAL`) instead of raising SIGPIPE in this process.
        let inputChannel = input == nil ? nil : try ChildPipe(executable, socket: true)
        defer { inputChannel?.closeBoth() }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let inputChannel {
            posix_spawn_file_actions_adddup2(&actions, inputChannel.read, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, output.write, 1)
        switch standardError {
        case .inherit: break
        case .capture: posix_spawn_file_actions_adddup2(&actions, errors!.write, 2)
        case .mergeIntoOutput: posix_spawn_file_actions_adddup2(&actions, output.write, 2)
        }
        #if canImport(Glibc)
        // Nothing else of this process's reaches the child, whether or not it was opened with
        // close-on-exec.
        posix_spawn_file_actions_addclosefrom_np(&actions, 3)
        #endif

        // The child starts with every signal at its default and none blocked, whatever this
        // process ignores (a server ignores SIGPIPE) or blocks.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var signals = sigset_t()
        sigfillset(&signals)
        posix_spawnattr_setsigdefault(&attributes, &signals)
        sigemptyset(&signals)
        posix_spawnattr_setsigmask(&attributes, &signals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var pid = pid_t()
        let spawned = withCStrings([executable] + arguments) { argv in
            if let environment {
                return withCStrings(environment.map { "\($0.key)=\($0.value)" }) { envp in
                    posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
                }
            }
            return posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        }
        guard spawned == 0 else { throw SpawnError(executable: executable, errno: spawned) }
        // The child's ends belong to the child now.
        output.closeWrite()
        errors?.closeWrite()
        inputChannel?.closeRead()

        let collected = Exchange(
            output: output.read, errors: errors?.read, input: inputChannel, bytes: input ?? Data()
        ).run(pid: pid, deadline: timeout.map { ContinuousClock.now + $0 })
        return Outcome(status: waitForExit(pid), standardOutput: collected.output, standardError: collected.errors,
                       timedOut: collected.killed)
    }

    /// ``run(_:_:input:environment:standardError:timeout:)`` on a thread of its own; the
    /// caller's task waits without holding a thread of the cooperative pool.
    package static func runDetached(
        _ executable: String, _ arguments: [String], input: Data? = nil, environment: [String: String]? = nil,
        standardError: StandardError = .capture, timeout: Duration? = nil
    ) async throws -> Outcome {
        try await BlockingIO.run(name: "data-api.child") {
            try run(
                executable, arguments, input: input, environment: environment, standardError: standardError,
                timeout: timeout)
        }
    }

    /// The child's exit status, or the signal that ended it.
    private static func waitForExit(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let code = (status >> 8) & 0xff
        let signal = status & 0x7f
        return signal == 0 ? code : signal
    }

    /// `strings` as a NULL-terminated C array for the duration of `body`.
    private static func withCStrings<R>(
        _ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R
    ) -> R {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { for p in pointers { free(p) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

/// Two connected descriptors, each closed once.
private final class ChildPipe {
    var read: Int32
    var write: Int32

    init(_ executable: String, socket: Bool = false) throws {
        var fds: [Int32] = [-1, -1]
        #if canImport(Darwin)
        let rc = socket ? socketpair(AF_UNIX, SOCK_STREAM, 0, &fds) : pipe(&fds)
        for fd in fds where rc == 0 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        #else
        let rc =
            socket
            ? socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds)
            : pipe2(&fds, O_CLOEXEC)
        #endif
        guard rc == 0 else { throw ChildProcess.SpawnError(executable: executable, errno: errno) }
        read = fds[0]
        write = fds[1]
    }

    func closeRead() {
        if read >= 0 { close(read) }
        read = -1
    }

    func closeWrite() {
        if write >= 0 { close(write) }
        write = -1
    }

    func closeBoth() {
        closeRead()
        closeWrite()
    }
}

/// Feeds the child's input and drains its output and error streams with one `poll` loop,
/// until both streams end; kills the child at the deadline.
private struct Exchange {
    let output: Int32
    let errors: Int32?
    /// The input channel, whose write end the loop closes once all bytes are written or the
    /// child stopped reading (the child then sees its input end).
    let input: ChildPipe?
    let bytes: Data

    func run(pid: pid_t, deadline: ContinuousClock.Instant?) -> (output: Data, errors: Data, killed: Bool) {
        var collected = [Data(), Data()]
        var open: [Int32] = [output] + (errors.map { [$0] } ?? [])
        var written = 0
        var killed = false
        // After the kill, how long the streams may still take to end: a grandchild (a shell's
        // command) can hold them open, and must not hold this thread too.
        var drainUntil: ContinuousClock.Instant?
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 65_536, alignment: 1)
        defer { buffer.deallocate() }
        if bytes.isEmpty { input?.closeWrite() }
        while !open.isEmpty {
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if let fd = input?.write, fd >= 0 { fds.append(pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)) }
            var wait: Int32 = -1
            if let deadline, !killed, ContinuousClock.now >= deadline {
                kill(pid, SIGKILL)
                killed = true
                drainUntil = ContinuousClock.now + .seconds(1)
            }
            if let until = killed ? drainUntil : deadline {
                let left = ContinuousClock.now.duration(to: until)
                if killed && left <= .zero { break }
                let (s, a) = max(left, .zero).components
                wait = Int32(clamping: s * 1000 + a / 1_000_000_000_000_000 + 1)
            }
            let ready = poll(&fds, nfds_t(fds.count), wait)
            if ready < 0 && errno != EINTR { break }
            if ready <= 0 { continue }
            for p in fds where p.revents != 0 {
                if p.fd == input?.write {
                    written = write(to: p.fd, from: written)
                    if written < 0 || written == bytes.count { input?.closeWrite() }
                    continue
                }
                let n = read(p.fd, buffer.baseAddress, buffer.count)
                if n > 0 {
                    let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
                    collected[p.fd == output ? 0 : 1].append(contentsOf: bytes)
                } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                    open.removeAll { $0 == p.fd }
                }
            }
        }
        input?.closeWrite()
        return (collected[0], collected[1], killed)
    }

    /// Writes what the socket takes from `offset` on; the new offset, or -1 once the child
    /// no longer reads (its input then ends, as a closed pipe would).
    private func write(to fd: Int32, from offset: Int) -> Int {
        let n = bytes.withUnsafeBytes { raw in
            send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
        }
        if n >= 0 { return offset + n }
        return errno == EAGAIN || errno == EINTR ? offset : -1
    }
}
